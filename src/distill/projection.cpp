#include "iblrnn/distill/projection.hpp"

#include <string>

#include "iblrnn/analysis/logistic.hpp"
#include "iblrnn/analysis/pca.hpp"
#include "iblrnn/analysis/readout.hpp"
#include "iblrnn/core/error.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::core;

namespace iblrnn::distill {

Eigen::MatrixXd principal_axes(const Eigen::Ref<const Eigen::MatrixXd>& hidden, int n_components) {
  require(n_components >= 1 && n_components <= hidden.rows(), "principal_axes", "n_components",
          "must be in [1, n_units] = [1, " + std::to_string(hidden.rows()) + "]", n_components);
  const Pca pca = fit_pca(hidden);
  return pca.components.leftCols(n_components).transpose();
}

Eigen::MatrixXd readout_projection(const Eigen::Ref<const Eigen::MatrixXd>& hidden,
                                   const Eigen::Ref<const Eigen::MatrixXd>& W_out,
                                   const std::vector<std::int8_t>& block_side,
                                   const ReadoutProjectionOptions& options) {
  const char* w = "readout_projection";
  require(hidden.rows() >= 2, w, "hidden", "must have at least 2 units", hidden.rows());
  require(static_cast<Eigen::Index>(block_side.size()) == hidden.cols(), w, "block_side",
          "must have one entry per step (" + std::to_string(hidden.cols()) + ")",
          block_side.size());
  const Pca pca = fit_pca(hidden);
  const Eigen::MatrixXd P2 = pca.components.leftCols(2);
  const Eigen::Vector2d stim = P2.transpose() * stimulus_readout(W_out, options.readout);
  // The block decoder on plane coordinates of the steps of biased blocks (right = 1).
  std::vector<Eigen::Index> used;
  for (Eigen::Index t = 0; t < hidden.cols(); ++t)
    if (block_side[t] != 0) used.push_back(t);
  require(used.size() >= 10, w, "steps in biased blocks", "must be >= 10", used.size());
  Eigen::VectorXd y(static_cast<Eigen::Index>(used.size()));
  for (std::size_t i = 0; i < used.size(); ++i) y(Eigen::Index(i)) = block_side[used[i]] > 0;
  const HeldOutSplit split = split_held_out(static_cast<Eigen::Index>(used.size()),
                                            options.train_fraction, options.split_seed);
  std::vector<Eigen::Index> train_steps;
  for (auto i : split.train) train_steps.push_back(used[i]);
  Eigen::MatrixXd plane = P2.transpose() * hidden;  // plane coordinates, P₂ᵀ(h − m)
  plane.colwise() -= P2.transpose() * pca.mean;
  const Eigen::MatrixXd Z = take_columns(plane, train_steps);
  LogisticOptions lopt;
  lopt.ridge = options.ridge;
  const LogisticFit decoder = fit_logistic(Z, take_entries(y, split.train), lopt);
  const Eigen::Vector2d u_s = unit_in_plane(stim, "in-plane stimulus readout");
  const Eigen::Vector2d u_b = unit_in_plane(decoder.w, "2-D block decoder weights");
  Eigen::MatrixXd P(2, hidden.rows());
  P.row(0) = (P2 * u_s).transpose();
  P.row(1) = (P2 * u_b).transpose();
  return P;
}

}  // namespace iblrnn::distill
