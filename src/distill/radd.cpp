#include "iblrnn/distill/radd.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"

using namespace iblrnn::core;

namespace iblrnn::distill {
namespace {

void check_sequence(const char* where, Eigen::Index m, const Eigen::Ref<const Eigen::MatrixXd>& Z,
                    const Eigen::Ref<const Eigen::MatrixXd>& X,
                    const std::vector<std::uint8_t>& session_start) {
  require(Z.rows() == m, where, "Z", "must have one row per reduced unit", Z.rows());
  require(X.cols() == Z.cols(), where, "X", "must have as many columns (steps) as Z", X.cols());
  require(static_cast<Eigen::Index>(session_start.size()) == Z.cols(), where, "session_start",
          "must have one flag per step", session_start.size());
  require(Z.cols() == 0 || session_start[0] != 0, where, "session_start[0]",
          "must be 1 (the first step starts a session)", 0);
  require(Z.allFinite() && X.allFinite(), where, "Z, X", "must be finite", "non-finite entries");
}

// Pooled R² over coordinates and per coordinate, of predictions `pred` for targets `y`
// (both n × M, rows are samples).
void r_squared(const Eigen::MatrixXd& y, const Eigen::MatrixXd& pred, double& pooled,
               Eigen::VectorXd& per_unit) {
  const Eigen::RowVectorXd mean = y.colwise().mean();
  const Eigen::RowVectorXd sse = (y - pred).colwise().squaredNorm();
  const Eigen::RowVectorXd sst = (y.rowwise() - mean).colwise().squaredNorm();
  per_unit = (1.0 - (sse.array() / sst.array())).matrix().transpose();
  pooled = 1.0 - sse.sum() / sst.sum();
}

}  // namespace

Eigen::MatrixXd RaddProjection::apply(const Eigen::Ref<const Eigen::MatrixXd>& H) const {
  require(H.rows() == P.cols(), "RaddProjection", "H", "must have one row per network unit",
          H.rows());
  // P h − P m per column: no centred copy of the (large) state matrix.
  Eigen::MatrixXd Z = P * H;
  Z.colwise() -= P * mean;
  return scale.cwiseInverse().asDiagonal() * Z;
}

Eigen::VectorXd RaddProjection::initial_state() const { return -(P * mean).cwiseQuotient(scale); }

RaddProjection make_radd_projection(const Eigen::Ref<const Eigen::MatrixXd>& P,
                                    const Eigen::Ref<const Eigen::MatrixXd>& H, double scale_max) {
  const char* w = "make_radd_projection";
  require(P.rows() >= 1 && P.cols() == H.rows(), w, "P",
          "must be M x n_units with n_units = rows of H = " + std::to_string(H.rows()),
          std::to_string(P.rows()) + "x" + std::to_string(P.cols()));
  require(H.cols() >= 1, w, "H", "must hold at least one step", H.cols());
  require(scale_max > 0.0 && scale_max < 1.0, w, "scale_max", "must be in (0, 1)", scale_max);
  require(P.allFinite() && H.allFinite(), w, "P, H", "must be finite", "non-finite entries");
  RaddProjection proj;
  proj.P = P;
  proj.mean = H.rowwise().mean();
  proj.scale = Eigen::VectorXd::Ones(P.rows());
  const Eigen::MatrixXd Z = proj.apply(H);
  for (Eigen::Index i = 0; i < P.rows(); ++i) {
    const double peak = Z.row(i).cwiseAbs().maxCoeff();
    require(peak > 0.0, w, "P row " + std::to_string(i), "must not be orthogonal to every state",
            peak);
    proj.scale(i) = peak / scale_max;
  }
  return proj;
}

RaddFit fit_radd_dynamics(const Eigen::Ref<const Eigen::MatrixXd>& Z,
                          const Eigen::Ref<const Eigen::MatrixXd>& X,
                          const std::vector<std::uint8_t>& session_start,
                          const RaddFitOptions& options) {
  const char* w = "fit_radd_dynamics";
  const Eigen::Index m = Z.rows();
  require(m >= 1, w, "Z", "must have at least one row", m);
  check_sequence(w, m, Z, X, session_start);
  require(options.clip > 0.0 && options.clip < 1.0, w, "clip", "must be in (0, 1)", options.clip);
  require(options.heldout_fraction >= 0.0 && options.heldout_fraction < 1.0, w, "heldout_fraction",
          "must be in [0, 1)", options.heldout_fraction);
  const Eigen::Index n_in = X.rows();
  const Eigen::Index k = m + n_in + 1;

  // Seeded split of the transitions (steps that do not start a session).
  Rng rng(options.seed, Stream::split, 0x5add);
  std::vector<Eigen::Index> train, held;
  for (Eigen::Index t = 0; t < Z.cols(); ++t) {
    if (session_start[t]) continue;
    (rng.uniform() < options.heldout_fraction ? held : train).push_back(t);
  }
  require(static_cast<Eigen::Index>(train.size()) >= k, w, "transitions",
          "must number at least M + n_in + 1 = " + std::to_string(k) + " in the fitted split",
          train.size());

  RaddFit fit;
  auto design = [&](const std::vector<Eigen::Index>& steps, Eigen::MatrixXd& D, Eigen::MatrixXd& Y,
                    Eigen::MatrixXd& Zt, std::int64_t& n_clipped) {
    const Eigen::Index n = static_cast<Eigen::Index>(steps.size());
    D.resize(n, k);
    Y.resize(n, m);
    Zt.resize(n, m);
    for (Eigen::Index r = 0; r < n; ++r) {
      const Eigen::Index t = steps[r];
      D.row(r).head(m) = Z.col(t - 1).transpose();
      D.row(r).segment(m, n_in) = X.col(t).transpose();
      D(r, k - 1) = 1.0;
      for (Eigen::Index i = 0; i < m; ++i) {
        double z = Z(i, t);
        if (std::abs(z) > options.clip) {
          z = std::copysign(options.clip, z);
          ++n_clipped;
        }
        Y(r, i) = std::atanh(z);
        Zt(r, i) = Z(i, t);
      }
    }
  };

  Eigen::MatrixXd D, Y, Zt;
  std::int64_t n_clipped = 0;
  design(train, D, Y, Zt, n_clipped);
  // eq. D4: W (k × M) minimises ‖D W − Y‖²; a rank-revealing QR keeps it exact on exact data.
  const Eigen::MatrixXd W = D.colPivHouseholderQr().solve(Y);
  fit.map.A = W.topRows(m).transpose();
  fit.map.B = W.middleRows(m, n_in).transpose();
  fit.map.c = W.row(k - 1).transpose();
  fit.n_train = static_cast<std::int64_t>(train.size());
  fit.n_heldout = static_cast<std::int64_t>(held.size());

  // eq. D5: one-step R² in z (not arctanh) units.
  Eigen::VectorXd per_unit;
  r_squared(Zt, (D * W).array().tanh().matrix(), fit.r2_train, per_unit);
  if (!held.empty()) {
    Eigen::MatrixXd Dh, Yh, Zh;
    design(held, Dh, Yh, Zh, n_clipped);
    r_squared(Zh, (Dh * W).array().tanh().matrix(), fit.r2_heldout, fit.r2_heldout_unit);
  } else {
    fit.r2_heldout = std::numeric_limits<double>::quiet_NaN();
    fit.r2_heldout_unit = Eigen::VectorXd::Constant(m, fit.r2_heldout);
  }
  fit.n_clipped = n_clipped;
  return fit;
}

FreeRunError free_run_error(const Eigen::Ref<const Eigen::MatrixXd>& Z_free,
                            const Eigen::Ref<const Eigen::MatrixXd>& Z) {
  require(Z_free.rows() == Z.rows() && Z_free.cols() == Z.cols() && Z.size() > 0, "free_run_error",
          "Z_free", "must have the (non-empty) shape of Z",
          std::to_string(Z_free.rows()) + "x" + std::to_string(Z_free.cols()));
  FreeRunError e;
  const Eigen::MatrixXd diff = Z_free - Z;
  e.error = diff.colwise().norm().transpose();
  const double sse = diff.squaredNorm();
  e.rmse = std::sqrt(sse / double(Z.size()));
  const double sst = (Z.colwise() - Z.rowwise().mean()).squaredNorm();
  e.r2 = 1.0 - sse / sst;
  return e;
}

double fit_readout_gain(const Eigen::Ref<const Eigen::MatrixXd>& probs,
                        const Eigen::Ref<const Eigen::VectorXd>& z_stim, double p_floor) {
  const char* w = "fit_readout_gain";
  require(probs.rows() == 2 && probs.cols() == z_stim.size(), w, "probs",
          "must be 2 x T with T = length of z_stim = " + std::to_string(z_stim.size()),
          std::to_string(probs.rows()) + "x" + std::to_string(probs.cols()));
  require(p_floor > 0.0 && p_floor < 0.5, w, "p_floor", "must be in (0, 0.5)", p_floor);
  double num = 0.0, den = 0.0;
  for (Eigen::Index t = 0; t < z_stim.size(); ++t) {
    const double pl = std::clamp(probs(0, t), p_floor, 1.0 - p_floor);
    const double pr = std::clamp(probs(1, t), p_floor, 1.0 - p_floor);
    const double logit = std::log(pr) - std::log(pl);
    num += logit * z_stim(t);
    den += z_stim(t) * z_stim(t);
  }
  require(den > 0.0, w, "z_stim", "must not be all zero", den);
  return num / den;
}

double free_run_loss(const TanhMap& map, const Eigen::Ref<const Eigen::VectorXd>& z_init,
                     const Eigen::Ref<const Eigen::MatrixXd>& Z,
                     const Eigen::Ref<const Eigen::MatrixXd>& X,
                     const std::vector<std::uint8_t>& session_start, TanhMap* grad) {
  const char* w = "free_run_loss";
  check_sequence(w, map.n_units(), Z, X, session_start);
  require(Z.cols() >= 1, w, "Z", "must hold at least one step", Z.cols());
  const Eigen::MatrixXd Zf = run_free(map, z_init, X, session_start);
  const double inv_t = 1.0 / double(Z.cols());
  const double loss = (Zf - Z).squaredNorm() * inv_t;
  if (!grad) return loss;
  // Backpropagation through the free run: a_t = A ẑ_{t−1} + B x_t + c, ẑ_t = tanh(a_t);
  // δz_t = 2(ẑ_t − z_t)/T + Aᵀ δa_{t+1} (no carry into a session start), δa_t = δz_t ⊙ (1 − ẑ_t²).
  const Eigen::Index m = map.n_units();
  grad->A = Eigen::MatrixXd::Zero(m, m);
  grad->B = Eigen::MatrixXd::Zero(m, map.n_inputs());
  grad->c = Eigen::VectorXd::Zero(m);
  Eigen::VectorXd carry = Eigen::VectorXd::Zero(m);  // Aᵀ δa_{t+1}
  for (Eigen::Index t = Z.cols() - 1; t >= 0; --t) {
    const Eigen::VectorXd dz = 2.0 * inv_t * (Zf.col(t) - Z.col(t)) + carry;
    const Eigen::VectorXd da = dz.cwiseProduct((1.0 - Zf.col(t).array().square()).matrix());
    if (session_start[t]) {
      grad->A.noalias() += da * z_init.transpose();
      carry.setZero();
    } else {
      grad->A.noalias() += da * Zf.col(t - 1).transpose();
      carry.noalias() = map.A.transpose() * da;
    }
    grad->B.noalias() += da * X.col(t).transpose();
    grad->c += da;
  }
  return loss;
}

RaddRefineResult refine_radd(const TanhMap& start, const Eigen::Ref<const Eigen::VectorXd>& z_init,
                             const Eigen::Ref<const Eigen::MatrixXd>& Z,
                             const Eigen::Ref<const Eigen::MatrixXd>& X,
                             const std::vector<std::uint8_t>& session_start,
                             const RaddRefineOptions& options) {
  const char* w = "refine_radd";
  require(options.n_steps >= 0, w, "n_steps", "must be >= 0", options.n_steps);
  require(options.step_size > 0.0 && std::isfinite(options.step_size), w, "step_size",
          "must be finite and > 0", options.step_size);
  RaddRefineResult out;
  out.map = start;
  TanhMap grad;
  double loss = free_run_loss(out.map, z_init, Z, X, session_start, &grad);
  out.loss_start = loss;
  double step = options.step_size;
  for (int s = 0; s < options.n_steps; ++s) {
    const double g2 = grad.A.squaredNorm() + grad.B.squaredNorm() + grad.c.squaredNorm();
    if (g2 == 0.0) break;
    bool accepted = false;
    for (int tries = 0; tries < 40 && !accepted; ++tries) {
      TanhMap trial{out.map.A - step * grad.A, out.map.B - step * grad.B,
                    out.map.c - step * grad.c};
      const double trial_loss = free_run_loss(trial, z_init, Z, X, session_start);
      // Armijo: sufficient decrease, else halve the step.
      if (std::isfinite(trial_loss) && trial_loss <= loss - 1e-4 * step * g2) {
        const double previous = loss;
        out.map = std::move(trial);
        loss = free_run_loss(out.map, z_init, Z, X, session_start, &grad);
        accepted = true;
        step *= 1.5;
        ++out.n_steps_taken;
        if (previous - loss <= options.tolerance * previous) s = options.n_steps;
      } else {
        step *= 0.5;
      }
    }
    if (!accepted) break;
  }
  out.loss_end = loss;
  return out;
}

Eigen::VectorXd effective_time_constants(const Eigen::Ref<const Eigen::MatrixXd>& A) {
  require(A.rows() == A.cols(), "effective_time_constants", "A", "must be square", A.rows());
  Eigen::VectorXd tau(A.rows());
  for (Eigen::Index i = 0; i < A.rows(); ++i)
    tau(i) = A(i, i) < 1.0 ? 1.0 / (1.0 - A(i, i)) : std::numeric_limits<double>::infinity();
  return tau;
}

double input_drive_ratio(const Eigen::Ref<const Eigen::MatrixXd>& B, int a, int b) {
  const char* w = "input_drive_ratio";
  require(B.cols() >= 2, w, "B", "must have the two observation columns", B.cols());
  require(a >= 0 && a < B.rows() && b >= 0 && b < B.rows(), w, "units", "must index rows of B",
          std::to_string(a) + "," + std::to_string(b));
  const double den = std::abs(B(b, 0)) + std::abs(B(b, 1));
  const double num = std::abs(B(a, 0)) + std::abs(B(a, 1));
  return den > 0.0 ? num / den : std::numeric_limits<double>::infinity();
}

}  // namespace iblrnn::distill
