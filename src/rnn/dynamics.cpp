#include "iblrnn/rnn/dynamics.hpp"

#include "iblrnn/core/error.hpp"
#include "iblrnn/rnn/cell.hpp"

using namespace iblrnn::core;

namespace iblrnn::rnn {
namespace {

void check_sizes(const Network& net, Eigen::Index s_rows, Eigen::Index x_size) {
  require(s_rows == net.state_size(), "step_map", "state",
          "must have state_size() = " + std::to_string(net.state_size()) + " rows", s_rows);
  require(x_size == 3, "step_map", "x", "must have 3 entries (o^L, o^R, r)", x_size);
}

}  // namespace

Eigen::MatrixXd step_map_batch(const Network& net, const Eigen::Ref<const Eigen::MatrixXd>& s,
                               const Eigen::Ref<const Eigen::VectorXd>& x) {
  check_sizes(net, s.rows(), x.size());
  const Eigen::Index n = s.cols();
  CellKernel kernel(net, static_cast<int>(std::max<Eigen::Index>(n, 1)));
  Eigen::MatrixXd xs = x.replicate(1, n);
  Eigen::MatrixXd cache(cache_rows(net.arch, net.n_hidden), n), p(2, n);
  kernel.forward(net, xs, s, cache, p);
  return cache.topRows(net.state_size());
}

Eigen::VectorXd step_map(const Network& net, const Eigen::Ref<const Eigen::VectorXd>& s,
                         const Eigen::Ref<const Eigen::VectorXd>& x) {
  return step_map_batch(net, s, x).col(0);
}

Eigen::MatrixXd step_jacobian(const Network& net, const Eigen::Ref<const Eigen::VectorXd>& s,
                              const Eigen::Ref<const Eigen::VectorXd>& x) {
  check_sizes(net, s.size(), x.size());
  const Eigen::Index H = net.n_hidden;
  CellKernel kernel(net, 1);
  Eigen::MatrixXd cache(cache_rows(net.arch, net.n_hidden), 1), p(2, 1);
  kernel.forward(net, x, s, cache, p);
  const Eigen::VectorXd c = cache.col(0);
  const auto hp = s.head(H);
  switch (net.arch) {
    case Arch::rnn: {
      // J = diag(1 − h'²) W_hh.
      return (1.0 - c.head(H).array().square()).matrix().asDiagonal() * net.W_hh;
    }
    case Arch::gru: {
      const Eigen::ArrayXd r = c.segment(H, H), z = c.segment(2 * H, H), nn = c.segment(3 * H, H),
                           hn = c.segment(4 * H, H);
      const Eigen::MatrixXd dr = (r * (1 - r)).matrix().asDiagonal() * net.W_hh.topRows(H);
      const Eigen::MatrixXd dz = (z * (1 - z)).matrix().asDiagonal() * net.W_hh.middleRows(H, H);
      const Eigen::MatrixXd dn =
          (1 - nn.square()).matrix().asDiagonal() *
          (r.matrix().asDiagonal() * net.W_hh.bottomRows(H) + hn.matrix().asDiagonal() * dr);
      Eigen::MatrixXd J = (1 - z).matrix().asDiagonal() * dn +
                          (hp.array() - nn).matrix().asDiagonal() * dz;
      J.diagonal() += z.matrix();
      return J;
    }
    case Arch::lstm: {
      const Eigen::ArrayXd cn = c.segment(H, H), i = c.segment(2 * H, H), f = c.segment(3 * H, H),
                           g = c.segment(4 * H, H), o = c.segment(5 * H, H), tc = c.segment(6 * H, H);
      const auto cp = s.segment(H, H);
      const Eigen::MatrixXd di = (i * (1 - i)).matrix().asDiagonal() * net.W_hh.topRows(H);
      const Eigen::MatrixXd df = (f * (1 - f)).matrix().asDiagonal() * net.W_hh.middleRows(H, H);
      const Eigen::MatrixXd dg = (1 - g.square()).matrix().asDiagonal() * net.W_hh.middleRows(2 * H, H);
      const Eigen::MatrixXd dO = (o * (1 - o)).matrix().asDiagonal() * net.W_hh.bottomRows(H);
      const Eigen::MatrixXd dc_dh = cp.asDiagonal() * df + g.matrix().asDiagonal() * di +
                                    i.matrix().asDiagonal() * dg;
      const Eigen::ArrayXd k = o * (1 - tc.square());
      Eigen::MatrixXd J(2 * H, 2 * H);
      J.topLeftCorner(H, H) = tc.matrix().asDiagonal() * dO + k.matrix().asDiagonal() * dc_dh;
      J.topRightCorner(H, H) = (k * f).matrix().asDiagonal();
      J.bottomLeftCorner(H, H) = dc_dh;
      J.bottomRightCorner(H, H) = f.matrix().asDiagonal();
      (void)cn;
      return J;
    }
  }
  return {};
}

Eigen::MatrixXd readout_probs(const Network& net, const Eigen::Ref<const Eigen::MatrixXd>& h) {
  require(h.rows() == net.n_hidden, "readout_probs", "h", "must have n_hidden rows", h.rows());
  const Eigen::RowVectorXd d = (net.W_out.row(1) - net.W_out.row(0)) * h +
                               Eigen::RowVectorXd::Constant(h.cols(), net.b_out(1) - net.b_out(0));
  Eigen::MatrixXd p(2, h.cols());
  p.row(1) = (1.0 / (1.0 + (-d.array()).exp())).matrix();
  p.row(0) = (1.0 / (1.0 + d.array().exp())).matrix();
  return p;
}

}  // namespace iblrnn::rnn
