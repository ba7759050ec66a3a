// Adapters from the rnn module's Network to the analyses (docs/analysis.md eq. A10, A16):
// the one-step map F(s; x) and its Jacobian as a StepMap (state h for rnn and gru, h stacked
// over c for lstm), and the H × H recurrent matrix used for unit pools (rnn: W_hh; gru: the
// candidate block W_hn; lstm: the cell-input block W_hg — the gates that carry the state).
#pragma once

#include <Eigen/Core>

#include "iblrnn/analysis/step_map.hpp"
#include "iblrnn/rnn/network.hpp"

namespace iblrnn::analysis {

/// A Network (held by reference; it must outlive the map) seen as a StepMap.
class NetworkStepMap : public StepMap {
 public:
  explicit NetworkStepMap(const rnn::Network& net) : net_(net) {}
  int n_state() const override { return net_.state_size(); }
  Eigen::VectorXd step(const Eigen::VectorXd& s, const Eigen::Vector3d& x) const override;
  Eigen::MatrixXd jacobian(const Eigen::VectorXd& s, const Eigen::Vector3d& x) const override;

 private:
  const rnn::Network& net_;
};

/// The H × H recurrent matrix of the pools analysis (see above).
Eigen::MatrixXd recurrent_matrix(const rnn::Network& net);

}  // namespace iblrnn::analysis
