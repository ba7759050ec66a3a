#include "iblrnn/analysis/evidence_velocity.hpp"

#include "iblrnn/core/error.hpp"

namespace iblrnn {

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

}  // namespace iblrnn
