#include "iblrnn/analysis/readout_definitions.hpp"

#include <string>

#include "iblrnn/analysis/readout.hpp"
#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::analysis {
namespace {

Eigen::MatrixXd plane_of(const Pca& pca, const char* where) {
  require(pca.components.cols() >= 2, where, "PCA components", "must number >= 2",
          pca.components.cols());
  return pca.components.leftCols(2);
}

}  // namespace

Eigen::VectorXd lift_plane_direction(const Pca& pca, const Eigen::Vector2d& b) {
  return plane_of(pca, "lift_plane_direction") * b;
}

Eigen::VectorXd lift_plane_direction_with_mean(const Pca& pca, const Eigen::Vector2d& b) {
  return plane_of(pca, "lift_plane_direction_with_mean") * b + pca.mean;
}

Eigen::Vector2d project_direction_with_mean(const Pca& pca,
                                            const Eigen::Ref<const Eigen::VectorXd>& v) {
  const Eigen::MatrixXd V = plane_of(pca, "project_direction_with_mean");
  require(v.size() == V.rows(), "project_direction_with_mean", "v size",
          "must equal the PCA's units", v.size());
  return V.transpose() * (v - pca.mean);
}

ReadoutDefinitions compare_readout_definitions(const Pca& pca,
                                               const Eigen::Ref<const Eigen::MatrixXd>& W_out,
                                               Readout readout_mode,
                                               const Eigen::Ref<const Eigen::VectorXd>& w_full,
                                               const Eigen::Vector2d& b) {
  const char* w = "compare_readout_definitions";
  const Eigen::MatrixXd V = plane_of(pca, w);
  const Eigen::Index h = V.rows();
  require(W_out.rows() == 2 && W_out.cols() == h, w, "W_out", "must be 2 x H with H = " +
          std::to_string(h), std::to_string(W_out.rows()) + "x" + std::to_string(W_out.cols()));
  require(w_full.size() == h && w_full.norm() > 0, w, "w_full",
          "must be a non-zero H-vector", w_full.size());
  require(b.norm() > 0, w, "b (2-D decoder weights)", "must be non-zero", b.norm());
  ReadoutDefinitions d;
  // ours: nothing but normalised directions and their plane images.
  auto& o = d.ours;
  o.stimulus_full = stimulus_readout(W_out, readout_mode);
  o.block_full = w_full.normalized();
  o.stimulus_plane = unit_in_plane(V.transpose() * o.stimulus_full, "ours in-plane stimulus axis");
  o.block_plane = b.normalized();
  o.angle_full_deg = angle_deg(o.stimulus_full, o.block_full);
  o.angle_plane_deg = angle_deg(o.stimulus_plane, o.block_plane);
  o.block_in_plane_fraction = in_plane_fraction(o.block_full, V);
  // paper2020: the raw right row; the 2-D decoder lifted; the plane image after the mean.
  auto& p = d.paper2020;
  const Eigen::VectorXd right = W_out.row(1).transpose();
  p.stimulus_full = stimulus_readout(W_out, Readout::right);
  const Eigen::VectorXd lifted = lift_plane_direction(pca, b);
  p.block_full = lifted.normalized();
  p.stimulus_plane = unit_in_plane(project_direction_with_mean(pca, right),
                                   "paper2020 in-plane stimulus axis");
  p.block_plane = o.block_plane;
  p.angle_full_deg = angle_deg(right, lifted);
  p.angle_plane_deg = angle_deg(p.stimulus_plane, p.block_plane);
  p.block_in_plane_fraction = in_plane_fraction(p.block_full, V);
  d.angle_full_paper2020_difference_deg = angle_deg(stimulus_readout(W_out, Readout::difference), lifted);
  d.angle_full_paper2020_with_mean_deg = angle_deg(right, lift_plane_direction_with_mean(pca, b));
  d.angle_plane_paper2020_no_mean_deg = angle_deg(V.transpose() * right, b);
  return d;
}

}  // namespace iblrnn::analysis
