#include "iblrnn/analysis/readout.hpp"

#include <algorithm>
#include <cmath>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::analysis {

Eigen::VectorXd stimulus_readout(const Eigen::Ref<const Eigen::MatrixXd>& W_out, Readout mode) {
  require(W_out.rows() == 2, "stimulus_readout", "W_out rows", "must be 2 (left, right)",
          W_out.rows());
  require(W_out.cols() >= 1, "stimulus_readout", "W_out columns", "must be >= 1", W_out.cols());
  const Eigen::VectorXd w = mode == Readout::difference ? Eigen::VectorXd((W_out.row(1) - W_out.row(0)).transpose())
                                                         : Eigen::VectorXd(W_out.row(1).transpose());
  const double norm = w.norm();
  require(norm > 0.0 && std::isfinite(norm), "stimulus_readout", "readout norm",
          "must be finite and > 0", norm);
  return w / norm;
}

double in_plane_fraction(const Eigen::Ref<const Eigen::VectorXd>& v,
                         const Eigen::Ref<const Eigen::MatrixXd>& plane) {
  require(plane.rows() == v.size(), "in_plane_fraction", "plane rows", "must equal size of v",
          plane.rows());
  const double norm = v.norm();
  require(norm > 0.0, "in_plane_fraction", "v", "must be non-zero", norm);
  return std::min(1.0, (plane.transpose() * v).norm() / norm);
}

double angle_deg(const Eigen::Ref<const Eigen::VectorXd>& a,
                 const Eigen::Ref<const Eigen::VectorXd>& b) {
  require(a.size() == b.size(), "angle_deg", "b size", "must equal size of a", b.size());
  const double na = a.norm(), nb = b.norm();
  require(na > 0.0 && nb > 0.0, "angle_deg", "directions", "must be non-zero", std::min(na, nb));
  const double c = std::clamp(a.dot(b) / (na * nb), -1.0, 1.0);
  return std::acos(c) * 180.0 / 3.14159265358979323846;
}

int orient_plane(Pca& pca, const Eigen::Ref<const Eigen::VectorXd>& stimulus,
                 const Eigen::Ref<const Eigen::VectorXd>& block) {
  require(pca.components.cols() >= 2, "orient_plane", "H", "must be >= 2", pca.components.cols());
  int flipped = 0;
  if (pca.components.col(0).dot(stimulus) < 0) {
    pca.flip(0);
    flipped |= 1;
  }
  if (pca.components.col(1).dot(block) < 0) {
    pca.flip(1);
    flipped |= 2;
  }
  return flipped;
}

Eigen::Vector2d unit_in_plane(const Eigen::Vector2d& v, const std::string& what) {
  const double n = v.norm();
  require(n > 0.0 && std::isfinite(n), "unit_in_plane", what, "must have a non-zero in-plane part",
          n);
  return v / n;
}

Eigen::MatrixXd task_coordinates(const TaskAxes& axes,
                                 const Eigen::Ref<const Eigen::MatrixXd>& z) {
  require(z.rows() == 2, "task_coordinates", "z rows", "must be 2 (PC1, PC2)", z.rows());
  Eigen::Matrix2d u;
  u.row(0) = axes.stimulus.transpose();
  u.row(1) = axes.block.transpose();
  return u * z;
}

}  // namespace iblrnn::analysis
