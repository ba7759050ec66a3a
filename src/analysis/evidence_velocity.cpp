#include "iblrnn/analysis/evidence_velocity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "iblrnn/analysis/analysis_result.hpp"
#include "iblrnn/analysis/network_recording.hpp"
#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::analysis {

EvidenceVelocity evidence_velocities(const Eigen::Ref<const Eigen::MatrixXd>& Q,
                                     const Eigen::Ref<const Eigen::VectorXd>& d,
                                     const std::vector<std::uint8_t>& use) {
  const std::string w = "evidence_velocities";
  require(Q.rows() == 2, w, "Q rows", "must be 2 (stimulus, block)", Q.rows());
  require(d.size() == Q.cols(), w, "d size", "must equal the steps of Q", d.size());
  require(static_cast<Eigen::Index>(use.size()) == Q.cols(), w, "use size",
          "must equal the steps of Q", use.size());
  require(use.empty() || !use[0], w, "use[0]", "must be 0 (step 0 has no previous step)", 1);
  Eigen::Index n = 0;
  for (auto u : use) n += (u != 0);
  require(n >= 3, w, "used steps", "must be >= 3", n);
  Eigen::VectorXd x(n), ds(n), db(n);
  Eigen::Index k = 0;
  for (Eigen::Index t = 1; t < Q.cols(); ++t) {
    if (!use[t]) continue;
    x(k) = d(t);
    ds(k) = Q(0, t) - Q(0, t - 1);
    db(k) = Q(1, t) - Q(1, t - 1);
    ++k;
  }
  return {fit_linear(x, ds), fit_linear(x, db)};
}


namespace {

// Mean |ΔQ| per step kind (SPEC §8 C12): feedback steps (r ≠ 0) against observation steps.
StepDq mean_step_dq(const NetworkRecording& rec, const Eigen::Ref<const Eigen::MatrixXd>& Q) {
  double fb = 0, ob = 0;
  long nf = 0, no = 0;
  for (Eigen::Index t = 1; t < Q.cols(); ++t) {
    if (!rec.continues_session(t)) continue;
    const double dq = (Q.col(t) - Q.col(t - 1)).norm();
    if (rec.inputs(2, t) != 0.0) fb += dq, ++nf;
    else if (rec.step_k[t] >= rec.n_blank_steps) ob += dq, ++no;
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  return {nf ? fb / double(nf) : nan, no ? ob / double(no) : nan, nf, no};
}

// Binned means for the figure (Fig 5a,b): 24 bins over the central 99 % of d.
std::vector<VelocityBin> velocity_bins(const Eigen::Ref<const Eigen::MatrixXd>& Q,
                                       const Eigen::VectorXd& d,
                                       const std::vector<std::uint8_t>& use) {
  const Eigen::Index N = Q.cols();
  std::vector<double> ds;
  for (Eigen::Index t = 0; t < N; ++t)
    if (use[t]) ds.push_back(d(t));
  std::sort(ds.begin(), ds.end());
  const double lo = ds[std::size_t(0.005 * double(ds.size() - 1))];
  const double hi = ds[std::size_t(0.995 * double(ds.size() - 1))];
  const int nb = 24;
  std::vector<double> n(nb, 0), s1(nb, 0), s2(nb, 0), b1(nb, 0), b2(nb, 0);
  for (Eigen::Index t = 1; t < N; ++t) {
    if (!use[t] || d(t) < lo || d(t) > hi) continue;
    const int b = std::min(nb - 1, int((d(t) - lo) / (hi - lo) * nb));
    const double a = Q(0, t) - Q(0, t - 1), c = Q(1, t) - Q(1, t - 1);
    n[b] += 1;
    s1[b] += a;
    s2[b] += a * a;
    b1[b] += c;
    b2[b] += c * c;
  }
  std::vector<VelocityBin> bins;
  for (int b = 0; b < nb; ++b) {
    if (n[b] == 0) continue;
    const auto sem = [&](double s, double ss) {
      if (n[b] < 2) return 0.0;
      const double m = s / n[b];
      return std::sqrt(std::max(0.0, (ss - n[b] * m * m) / (n[b] - 1)) / n[b]);
    };
    bins.push_back({lo + (hi - lo) * b / nb, lo + (hi - lo) * (b + 1) / nb, n[b], s1[b] / n[b],
                    sem(s1[b], s2[b]), b1[b] / n[b], sem(b1[b], b2[b])});
  }
  return bins;
}

}  // namespace

VelocityAnalysis analyze_velocities(const NetworkRecording& rec,
                                    const Eigen::Ref<const Eigen::MatrixXd>& Q) {
  const Eigen::Index N = Q.cols();
  std::vector<std::uint8_t> use(N, 0);
  for (Eigen::Index t = 1; t < N; ++t)
    use[t] = rec.continues_session(t) && rec.step_k[t] >= rec.n_blank_steps;
  const Eigen::VectorXd d = (rec.inputs.row(1) - rec.inputs.row(0)).transpose();
  VelocityAnalysis v;
  v.fits = evidence_velocities(Q, d, use);
  v.step_dq = mean_step_dq(rec, Q);
  v.bins = velocity_bins(Q, d, use);
  return v;
}

}  // namespace iblrnn::analysis
