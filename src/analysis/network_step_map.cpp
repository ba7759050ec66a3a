#include "iblrnn/analysis/network_step_map.hpp"

#include "iblrnn/rnn/dynamics.hpp"

using namespace iblrnn::rnn;

namespace iblrnn::analysis {

Eigen::VectorXd NetworkStepMap::step(const Eigen::VectorXd& s, const Eigen::Vector3d& x) const {
  return step_map(net_, s, x);
}

Eigen::MatrixXd NetworkStepMap::jacobian(const Eigen::VectorXd& s, const Eigen::Vector3d& x) const {
  return step_jacobian(net_, s, x);
}

Eigen::MatrixXd recurrent_matrix(const Network& net) {
  const int h = net.n_hidden;
  switch (net.arch) {
    case Arch::rnn:
      return net.W_hh;
    case Arch::gru:   // gates r, z, n: the candidate n carries the recurrent drive
    case Arch::lstm:  // gates i, f, g, o: the cell input g carries it
      return net.W_hh.middleRows(2 * h, h);
  }
  return net.W_hh.topRows(h);
}

}  // namespace iblrnn::analysis
