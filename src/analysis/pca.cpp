#include "iblrnn/analysis/pca.hpp"

#include <Eigen/Eigenvalues>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::analysis {

Pca fit_pca(const Eigen::Ref<const Eigen::MatrixXd>& X) {
  require(X.rows() >= 1, "fit_pca", "X rows (units)", "must be >= 1", X.rows());
  require(X.cols() >= 2, "fit_pca", "X columns (steps)", "must be >= 2", X.cols());
  require(X.allFinite(), "fit_pca", "X", "must be finite", "non-finite entry");
  const Eigen::Index h = X.rows();
  Pca pca;
  pca.mean = X.rowwise().mean();
  // Centre in slabs so that a 50 × 170 000 matrix needs no full centred copy.
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(h, h);
  const Eigen::Index slab = 8192;
  for (Eigen::Index c0 = 0; c0 < X.cols(); c0 += slab) {
    const Eigen::Index nc = std::min(slab, X.cols() - c0);
    const Eigen::MatrixXd centred = X.middleCols(c0, nc).colwise() - pca.mean;
    cov.selfadjointView<Eigen::Lower>().rankUpdate(centred);
  }
  cov = cov.selfadjointView<Eigen::Lower>();
  cov /= double(X.cols() - 1);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(cov);
  check_internal(solver.info() == Eigen::Success, "fit_pca: eigen-decomposition failed");
  // Eigen returns ascending eigenvalues; reverse to descending.
  pca.components.resize(h, h);
  pca.variance.resize(h);
  for (Eigen::Index i = 0; i < h; ++i) {
    pca.variance(i) = std::max(0.0, solver.eigenvalues()(h - 1 - i));
    Eigen::VectorXd v = solver.eigenvectors().col(h - 1 - i);
    Eigen::Index imax = 0;
    v.cwiseAbs().maxCoeff(&imax);
    if (v(imax) < 0) v = -v;
    pca.components.col(i) = v;
  }
  const double total = pca.variance.sum();
  pca.explained = total > 0 ? Eigen::VectorXd(pca.variance / total) : Eigen::VectorXd::Zero(h);
  pca.cumulative.resize(h);
  double running = 0;
  for (Eigen::Index i = 0; i < h; ++i) pca.cumulative(i) = (running += pca.explained(i));
  return pca;
}

Eigen::MatrixXd Pca::project_states(const Eigen::Ref<const Eigen::MatrixXd>& X, int n) const {
  require(X.rows() == mean.size(), "Pca::project_states", "X rows", "must equal the PCA's units",
          X.rows());
  require(n >= 1 && n <= components.cols(), "Pca::project_states", "n", "must be in [1, H]", n);
  Eigen::MatrixXd out = components.leftCols(n).transpose() * X;
  out.colwise() -= components.leftCols(n).transpose() * mean;
  return out;
}

Eigen::VectorXd Pca::project_direction(const Eigen::Ref<const Eigen::VectorXd>& v, int n) const {
  require(v.size() == mean.size(), "Pca::project_direction", "v size",
          "must equal the PCA's units", v.size());
  require(n >= 1 && n <= components.cols(), "Pca::project_direction", "n", "must be in [1, H]", n);
  return components.leftCols(n).transpose() * v;
}

Eigen::VectorXd Pca::lift_state(const Eigen::Ref<const Eigen::VectorXd>& z) const {
  require(z.size() >= 1 && z.size() <= components.cols(), "Pca::lift_state", "z size",
          "must be in [1, H]", z.size());
  return mean + components.leftCols(z.size()) * z;
}

void Pca::flip(int i) {
  require(i >= 0 && i < components.cols(), "Pca::flip", "i", "must be in [0, H)", i);
  components.col(i) *= -1.0;
}

}  // namespace iblrnn::analysis
