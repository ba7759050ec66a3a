// Test support: central finite differences of a scalar loss over every parameter of a network,
// compared with an analytic gradient: max |fd − g| / max |fd| (ggml-style relative error).
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>

#include <Eigen/Core>

#include "iblrnn/rnn/network.hpp"

namespace iblrnn::testing {

/// Relative error of `grad` against central differences (step 1e-6) of `loss` at `net`.
inline double fd_relative_error(const rnn::Network& net, const rnn::Network& grad,
                                const std::function<double(const rnn::Network&)>& loss) {
  Eigen::VectorXd theta, g;
  net.pack(theta);
  grad.pack(g);
  rnn::Network probe = net;
  double max_err = 0, max_fd = 0;
  const double eps = 1e-6;
  for (Eigen::Index i = 0; i < theta.size(); ++i) {
    Eigen::VectorXd tp = theta, tm = theta;
    tp(i) += eps;
    tm(i) -= eps;
    probe.unpack(tp);
    const double lp = loss(probe);
    probe.unpack(tm);
    const double lm = loss(probe);
    const double fd = (lp - lm) / (2 * eps);
    max_err = std::max(max_err, std::abs(fd - g(i)));
    max_fd = std::max(max_fd, std::abs(fd));
  }
  return max_err / max_fd;
}

}  // namespace iblrnn::testing
