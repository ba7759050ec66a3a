// A constructed teacher whose RADD reduction is known exactly (docs/distill.md eq. D1–D8):
// two decoupled tanh units recorded in four mirrored sessions so that the PCA axes are the
// units, the mean is 0 and the shared scale is the recording's own factor λ.
#pragma once

#include <Eigen/Core>
#include <cmath>

#include "iblrnn/analysis/network_analysis.hpp"
#include "iblrnn/core/random.hpp"
#include "iblrnn/distill/tanh_map.hpp"
#include "iblrnn/rnn/network.hpp"

namespace iblrnn::constructed {

// Decoupled units (A diagonal, c = 0): the map is odd (inputs −x give states −u) and unit 1's
// sign flips alone under the inputs x' = x + δ with B₀δ = 0, B₁δ = −2B₁x.
inline distill::TanhMap known_map() {
  distill::TanhMap map;
  map.A = (Eigen::Matrix2d() << 0.6, 0.0, 0.0, 0.9).finished();
  map.B = (Eigen::Matrix<double, 2, 3>() << -0.5, 0.5, 0.02, -0.1, 0.1, 0.05).finished();
  map.c = Eigen::Vector2d::Zero();
  return map;
}

// δ of the comment above for input x: the component of −2B₁x along the direction of ℝ³
// orthogonal to B₀ that B₁ sees.
inline Eigen::Vector3d flip_unit1(const distill::TanhMap& map, const Eigen::Vector3d& x) {
  const Eigen::Vector3d b0 = map.B.row(0).transpose(), b1 = map.B.row(1).transpose();
  const Eigen::Vector3d w = b1 - b0 * (b0.dot(b1) / b0.dot(b0));  // ⟂ B₀, B₁w = |w|²
  return x + w * (-2.0 * b1.dot(x) / w.dot(w));
}

// A recording of four sessions of T steps: (u0, u1), (−u0, −u1), (u0, −u1), (−u0, u1), so the
// states have mean 0 and uncorrelated coordinates (PCA axes e₀, e₁ when var u0 > var u1). At
// step t_peak unit 0 reaches 1/1.01 exactly, the peak of |u|: the shared scale is then λ.
// hidden = λ u + h0; each session is one trial.
inline analysis::NetworkRecording known_recording(const distill::TanhMap& map, double lambda, const Eigen::Vector2d& h0,
                                 Eigen::Index T, Eigen::Index t_peak) {
  core::Rng rng(11, core::Stream::fit);
  Eigen::MatrixXd x(3, T), u(2, T), x_flip(3, T), u_flip(2, T);
  Eigen::Vector2d prev = Eigen::Vector2d::Zero(), prev_flip = Eigen::Vector2d::Zero();
  for (Eigen::Index t = 0; t < T; ++t) {
    x.col(t) << 0.4 * rng.normal(), 0.4 * rng.normal(), 0.1 * rng.normal();
    if (t == t_peak) {
      const double target = std::atanh(1.0 / 1.01);
      const double rest = map.A(0, 0) * prev(0) + map.B(0, 0) * x(0, t) + map.B(0, 2) * x(2, t);
      x(1, t) = (target - rest) / map.B(0, 1);
    }
    x_flip.col(t) = flip_unit1(map, x.col(t));
    prev = map.step(prev, x.col(t));
    prev_flip = map.step(prev_flip, x_flip.col(t));
    u.col(t) = prev;
    u_flip.col(t) = prev_flip;
  }
  analysis::NetworkRecording rec;
  rec.inputs.resize(3, 4 * T);
  rec.inputs << x, -x, x_flip, -x_flip;
  Eigen::MatrixXd U(2, 4 * T);
  U << u, -u, u_flip, -u_flip;
  rec.hidden = lambda * U;
  rec.hidden.colwise() += h0;
  for (int s = 0; s < 4; ++s) {
    rec.session.push_back(s);
    rec.block_side.push_back(s % 2 == 0 ? 1 : -1);
    for (Eigen::Index t = 0; t < T; ++t) rec.step_trial.push_back(s);
  }
  return rec;
}

inline rnn::Network two_unit_teacher() {
  rnn::NetworkConfig nc;
  nc.arch = rnn::Arch::rnn;
  nc.n_hidden = 2;
  return rnn::Network::zeros(nc);
}

// The teacher's probabilities (2 × N): P(right) = σ(g u0) with u0 = hidden row 0 / λ (eq. D8).
inline Eigen::MatrixXd unit0_probs(const analysis::NetworkRecording& rec, double lambda, double g) {
  Eigen::MatrixXd probs(2, rec.hidden.cols());
  for (Eigen::Index t = 0; t < rec.hidden.cols(); ++t) {
    probs(1, t) = 1.0 / (1.0 + std::exp(-g * rec.hidden(0, t) / lambda));
    probs(0, t) = 1.0 - probs(1, t);
  }
  return probs;
}

}  // namespace iblrnn::constructed
