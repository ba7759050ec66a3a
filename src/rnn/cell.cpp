#include "iblrnn/rnn/cell.hpp"

#include <cmath>

#include "iblrnn/core/error.hpp"
#include "iblrnn/rnn/vector_math.hpp"
#include "kernel_table.hpp"
#include "probabilities.hpp"

using namespace iblrnn::core;

namespace iblrnn::rnn {
namespace {

using detail::write_probabilities;

// out (m × n) = W (m × k) · v (k × n), W stored padded as Wp (padded_rows(m) × k, see
// kernels/small_gemv.hpp): the active kernel set's product.
void product(const Eigen::MatrixXd& Wp, Eigen::Index m, const Eigen::Ref<const Eigen::MatrixXd>& v,
             Eigen::Ref<Eigen::MatrixXd> out) {
  detail::kernels().product(Wp.data(), Wp.rows(), m, Wp.cols(), v.data(), v.outerStride(), v.cols(),
                            out.data(), out.outerStride());
}

// f in place on every column of a block (columns of a block are contiguous).
template <class Block>
void each_column(Block&& block, void (*f)(const double*, double*, long)) {
  for (Eigen::Index j = 0; j < block.cols(); ++j) f(&block.coeffRef(0, j), &block.coeffRef(0, j), block.rows());
}

}  // namespace

int cache_rows(Arch arch, int n_hidden) {
  switch (arch) {
    case Arch::rnn: return n_hidden;
    case Arch::gru: return 5 * n_hidden;
    case Arch::lstm: return 7 * n_hidden;
  }
  return n_hidden;
}

bool fused_single_sequence(const Network& net) {
  return net.arch == Arch::rnn && net.n_hidden >= 1 &&
         net.n_hidden <= detail::kernels().vanilla_max_hidden;
}

bool fused_gated_sequence(const Network& net) {
  return net.arch != Arch::rnn && detail::kernels().f64.gru_forward != nullptr;
}

CellKernel::CellKernel(const Network& net, int n_max) {
  reserve(net, n_max);
  prepare(net);
}

void CellKernel::reserve(const Network& net, int n_max) {
  const Eigen::Index GH = net.W_hh.rows(), H = net.n_hidden;
  if (a_.rows() == GH && n_max <= n_max_ && direct_.rows() == H) return;
  n_max_ = std::max(n_max, 1);
  a_.resize(GH, n_max_);
  a_i_.resize(GH, n_max_);
  direct_.resize(H, n_max_);
}

void CellKernel::prepare(const Network& net) {
  const Eigen::Index GH = net.W_hh.rows(), H = net.n_hidden;
  w_hh_.setZero(detail::padded_rows(GH), H);
  w_hh_.topRows(GH) = net.W_hh;
  w_hh_t_.setZero(detail::padded_rows(H), GH);
  w_hh_t_.topRows(H) = net.W_hh.transpose();
  w_ih_.setZero(detail::padded_rows(GH), 3);
  w_ih_.topRows(GH) = net.W_ih;
  b_sum_.setZero(detail::padded_rows(GH));
  b_sum_.head(GH) = net.b_ih + net.b_hh;
  w_out_t_.setZero(detail::padded_rows(H), 2);
  w_out_t_.topRows(H) = net.W_out.transpose();
  w_diff_.setZero(detail::padded_rows(H));
  w_diff_.head(H) = (net.W_out.row(1) - net.W_out.row(0)).transpose();
  b_diff_ = net.b_out(1) - net.b_out(0);
  prepared_ = &net;
}

void CellKernel::check_prepared(const Network& net) const {
  check_internal(prepared_ == &net && w_hh_.cols() == net.W_hh.cols() &&
                     w_hh_t_.cols() == net.W_hh.rows(),
                 "CellKernel: prepare(net) not called for this network");
}

void CellKernel::forward(const Network& net, const Eigen::Ref<const Eigen::MatrixXd>& x,
                         const Eigen::Ref<const Eigen::MatrixXd>& s_prev,
                         Eigen::Ref<Eigen::MatrixXd> cache, Eigen::Ref<Eigen::MatrixXd> p) {
  const Eigen::Index H = net.n_hidden, n = x.cols();
  check_internal(n <= n_max_, "CellKernel::forward: more columns than reserved");
  check_prepared(net);
  const Eigen::Index GH = net.W_hh.rows();
  const auto hp = s_prev.topRows(H);
  const auto& W_ih = net.W_ih;
  switch (net.arch) {
    case Arch::rnn: {
      // eq. N1: h = tanh(W_ih x + b_ih + W_hh h_prev + b_hh).
      if (n == 1 && fused_single_sequence(net)) {
        // One sequence: the fused kernel (kernels/vanilla_step.hpp) also gives the logit difference.
        const double d = detail::kernels().f64.vanilla_step(w_hh_.data(), H, s_prev.data(), w_ih_.data(),
                                                        x.data(), b_sum_.data(), w_diff_.data(),
                                                        cache.data()) +
                         b_diff_;
        write_probabilities(d, p.col(0));
        return;
      }
      auto A = a_.leftCols(n);
      product(w_hh_, GH, hp, A);
      for (Eigen::Index j = 0; j < n; ++j) {
        A.col(j) += W_ih.col(0) * x(0, j) + W_ih.col(1) * x(1, j) + W_ih.col(2) * x(2, j) + b_sum_.head(GH);
        tanh_array(&A.coeffRef(0, j), &cache.coeffRef(0, j), H);
      }
      break;
    }
    case Arch::gru: {
      // eq. N2: r, z = σ(·), n = tanh(W_in x + b_in + r ⊙ (W_hn h_prev + b_hn)),
      // h = (1 − z) ⊙ n + z ⊙ h_prev.
      if (n == 1 && fused_gated_sequence(net)) {
        // One sequence: the GEMV, then one fused pass (kernels/gated_step.hpp).
        const double d = detail::kernels().f64.gru_forward(
            w_hh_.data(), w_hh_.rows(), H, s_prev.data(), a_.data(), w_ih_.data(), w_ih_.rows(),
            x.data(), net.b_ih.data(), net.b_hh.data(), w_diff_.data(), cache.data());
        write_probabilities(d + b_diff_, p.col(0));
        return;
      }
      auto Ah = a_.leftCols(n);
      auto Ai = a_i_.leftCols(n);
      product(w_hh_, GH, hp, Ah);
      Ah.colwise() += net.b_hh;
      for (Eigen::Index j = 0; j < n; ++j)
        Ai.col(j) = W_ih.col(0) * x(0, j) + W_ih.col(1) * x(1, j) + W_ih.col(2) * x(2, j) + net.b_ih;
      auto r = cache.middleRows(H, H);
      auto z = cache.middleRows(2 * H, H);
      auto nn = cache.middleRows(3 * H, H);
      auto hn = cache.middleRows(4 * H, H);
      r = Ai.topRows(H) + Ah.topRows(H);
      each_column(r, sigmoid_array);
      z = Ai.middleRows(H, H) + Ah.middleRows(H, H);
      each_column(z, sigmoid_array);
      hn = Ah.bottomRows(H);
      nn.array() = Ai.bottomRows(H).array() + r.array() * hn.array();
      each_column(nn, tanh_array);
      cache.topRows(H).array() = nn.array() + z.array() * (hp.array() - nn.array());
      break;
    }
    case Arch::lstm: {
      // eq. N3: i, f, o = σ(·), g = tanh(·), c = f ⊙ c_prev + i ⊙ g, h = o ⊙ tanh(c).
      if (n == 1 && fused_gated_sequence(net)) {
        // One sequence: the GEMV, then one fused pass (kernels/gated_step.hpp).
        const double d = detail::kernels().f64.lstm_forward(
            w_hh_.data(), w_hh_.rows(), H, s_prev.data(), a_.data(), w_ih_.data(), w_ih_.rows(),
            x.data(), b_sum_.data(), w_diff_.data(), cache.data());
        write_probabilities(d + b_diff_, p.col(0));
        return;
      }
      auto A = a_.leftCols(n);
      product(w_hh_, GH, hp, A);
      for (Eigen::Index j = 0; j < n; ++j)
        A.col(j) += W_ih.col(0) * x(0, j) + W_ih.col(1) * x(1, j) + W_ih.col(2) * x(2, j) + b_sum_.head(GH);
      const auto cp = s_prev.middleRows(H, H);
      auto c = cache.middleRows(H, H);
      auto i = cache.middleRows(2 * H, H);
      auto f = cache.middleRows(3 * H, H);
      auto g = cache.middleRows(4 * H, H);
      auto o = cache.middleRows(5 * H, H);
      auto tc = cache.middleRows(6 * H, H);
      i = A.topRows(H);
      f = A.middleRows(H, H);
      g = A.middleRows(2 * H, H);
      o = A.bottomRows(H);
      each_column(i, sigmoid_array);
      each_column(f, sigmoid_array);
      each_column(g, tanh_array);
      each_column(o, sigmoid_array);
      c.array() = f.array() * cp.array() + i.array() * g.array();
      tc = c;
      each_column(tc, tanh_array);
      cache.topRows(H).array() = o.array() * tc.array();
      break;
    }
  }
  // eq. N4: p(right) = σ(logit_R − logit_L), p(left) = σ(logit_L − logit_R).
  for (Eigen::Index j = 0; j < n; ++j) {
    write_probabilities(w_diff_.head(H).dot(cache.col(j).head(H)) + b_diff_, p.col(j));
  }
}

bool CellKernel::backward_vanilla(const Network& net, const double* h, const double* g, double* dh,
                                  double* da, double* o0, double* o1) const {
  if (!fused_single_sequence(net)) return false;
  check_prepared(net);
  detail::kernels().f64.vanilla_backward(w_hh_t_.data(), net.n_hidden, h, g[0], g[1],
                                     w_out_t_.col(0).data(), w_out_t_.col(1).data(), dh, da, o0, o1);
  return true;
}

bool CellKernel::backward_gated(const Network& net, const double* cache, const double* s_prev,
                                const double* g, double* dh, double* dc, double* o0, double* o1,
                                double* d_ah, double* d_ai) {
  if (!fused_gated_sequence(net)) return false;
  check_prepared(net);
  const long H = net.n_hidden;
  if (net.arch == Arch::gru) {
    detail::kernels().f64.gru_backward(w_hh_t_.data(), w_hh_t_.rows(), H, cache, s_prev, g[0], g[1],
                                   w_out_t_.col(0).data(), w_out_t_.col(1).data(), dh, o0, o1,
                                   d_ah, d_ai, direct_.data());
  } else {
    detail::kernels().f64.lstm_backward(w_hh_t_.data(), w_hh_t_.rows(), H, cache, s_prev + H, g[0], g[1],
                                    w_out_t_.col(0).data(), w_out_t_.col(1).data(), dh, dc, o0, o1,
                                    d_ah);
  }
  return true;
}

void CellKernel::forward_vanilla_pair(const Network& net, const double* const x[2],
                                      const double* const h_prev[2], double* const h[2],
                                      double* const p[2]) const {
  check_internal(fused_single_sequence(net), "CellKernel: fused kernels unavailable");
  check_prepared(net);
  double d[2];
  detail::kernels().f64.vanilla_step2(w_hh_.data(), net.n_hidden, h_prev, w_ih_.data(), x, b_sum_.data(),
                                  w_diff_.data(), h, d);
  for (int s = 0; s < 2; ++s) write_probabilities(d[s] + b_diff_, Eigen::Map<Eigen::Vector2d>(p[s]));
}

void CellKernel::backward_vanilla_pair(const Network& net, const double* const h[2],
                                       const double* const g[2], double* const dh[2],
                                       double* const da[2], double* o0, double* o1) const {
  check_internal(fused_single_sequence(net), "CellKernel: fused kernels unavailable");
  check_prepared(net);
  detail::kernels().f64.vanilla_backward2(w_hh_t_.data(), net.n_hidden, h, g, w_out_t_.col(0).data(),
                                      w_out_t_.col(1).data(), dh, da, o0, o1);
}

void CellKernel::forward_gated_pair(const Network& net, const double* const x[2],
                                    const double* const s_prev[2], double* const cache[2],
                                    double* const p[2]) {
  check_internal(fused_gated_sequence(net) && n_max_ >= 2, "CellKernel: fused gated pair unavailable");
  check_prepared(net);
  const long H = net.n_hidden;
  double* a_h[2] = {a_.col(0).data(), a_.col(1).data()};
  double d[2];
  if (net.arch == Arch::gru) {
    detail::kernels().f64.gru_forward2(w_hh_.data(), w_hh_.rows(), H, s_prev, a_h, w_ih_.data(),
                                   w_ih_.rows(), x, net.b_ih.data(), net.b_hh.data(),
                                   w_diff_.data(), cache, d);
  } else {
    detail::kernels().f64.lstm_forward2(w_hh_.data(), w_hh_.rows(), H, s_prev, a_h, w_ih_.data(),
                                    w_ih_.rows(), x, b_sum_.data(), w_diff_.data(), cache, d);
  }
  for (int s = 0; s < 2; ++s) write_probabilities(d[s] + b_diff_, Eigen::Map<Eigen::Vector2d>(p[s]));
}

void CellKernel::backward_gated_pair(const Network& net, const double* const cache[2],
                                     const double* const s_prev[2], const double* const g[2],
                                     double* const dh[2], double* const dc[2], double* o0,
                                     double* o1, double* const d_ah[2], double* const d_ai[2]) {
  check_internal(fused_gated_sequence(net) && n_max_ >= 2, "CellKernel: fused gated pair unavailable");
  check_prepared(net);
  const long H = net.n_hidden;
  if (net.arch == Arch::gru) {
    double* direct[2] = {direct_.col(0).data(), direct_.col(1).data()};
    detail::kernels().f64.gru_backward2(w_hh_t_.data(), w_hh_t_.rows(), H, cache, s_prev, g,
                                    w_out_t_.col(0).data(), w_out_t_.col(1).data(), dh, o0, o1,
                                    d_ah, d_ai, direct);
  } else {
    const double* c_prev[2] = {s_prev[0] + H, s_prev[1] + H};
    detail::kernels().f64.lstm_backward2(w_hh_t_.data(), w_hh_t_.rows(), H, cache, c_prev, g,
                                     w_out_t_.col(0).data(), w_out_t_.col(1).data(), dh, dc, o0,
                                     o1, d_ah);
  }
}

void CellKernel::backward(const Network& net, const Eigen::Ref<const Eigen::MatrixXd>& cache,
                          const Eigen::Ref<const Eigen::MatrixXd>& s_prev,
                          Eigen::Ref<Eigen::MatrixXd> dh, Eigen::Ref<Eigen::MatrixXd> dc,
                          Eigen::Ref<Eigen::MatrixXd> d_ah, Eigen::Ref<Eigen::MatrixXd> d_ai) {
  const Eigen::Index H = net.n_hidden, n = dh.cols();
  check_internal(n <= n_max_, "CellKernel::backward: more columns than reserved");
  check_prepared(net);
  const auto h = cache.topRows(H);
  switch (net.arch) {
    case Arch::rnn: {
      // eq. N7: da = dh ⊙ (1 − h²); dh_prev = W_hhᵀ da.
      d_ah.array() = dh.array() * (1.0 - h.array().square());
      product(w_hh_t_, H, d_ah, dh);
      break;
    }
    case Arch::gru: {
      // eq. N8.
      const auto r = cache.middleRows(H, H).array();
      const auto z = cache.middleRows(2 * H, H).array();
      const auto nn = cache.middleRows(3 * H, H).array();
      const auto hn = cache.middleRows(4 * H, H).array();
      const auto hp = s_prev.topRows(H).array();
      const auto g = dh.array();
      auto dn_pre = d_ai.bottomRows(H).array();
      dn_pre = g * (1.0 - z) * (1.0 - nn.square());
      d_ai.middleRows(H, H).array() = g * (hp - nn) * z * (1.0 - z);
      d_ai.topRows(H).array() = dn_pre * hn * r * (1.0 - r);
      d_ah.topRows(2 * H) = d_ai.topRows(2 * H);
      d_ah.bottomRows(H).array() = dn_pre * r;
      auto direct = direct_.leftCols(n);
      direct.array() = g * z;
      product(w_hh_t_, H, d_ah, dh);
      dh += direct;
      break;
    }
    case Arch::lstm: {
      // eq. N9.
      const auto c_prev = s_prev.middleRows(H, H).array();
      const auto i = cache.middleRows(2 * H, H).array();
      const auto f = cache.middleRows(3 * H, H).array();
      const auto g = cache.middleRows(4 * H, H).array();
      const auto o = cache.middleRows(5 * H, H).array();
      const auto tc = cache.middleRows(6 * H, H).array();
      auto dc_a = dc.array();
      dc_a += dh.array() * o * (1.0 - tc.square());
      d_ah.topRows(H).array() = dc_a * g * i * (1.0 - i);
      d_ah.middleRows(H, H).array() = dc_a * c_prev * f * (1.0 - f);
      d_ah.middleRows(2 * H, H).array() = dc_a * i * (1.0 - g.square());
      d_ah.bottomRows(H).array() = dh.array() * tc * o * (1.0 - o);
      dc_a *= f;
      product(w_hh_t_, H, d_ah, dh);
      break;
    }
  }
}

}  // namespace iblrnn::rnn
