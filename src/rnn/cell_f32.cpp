#include "iblrnn/rnn/cell_f32.hpp"

#include <string>

#include "iblrnn/core/error.hpp"
#include "iblrnn/rnn/cell.hpp"
#include "kernel_table.hpp"
#include "probabilities.hpp"

using namespace iblrnn::core;

namespace iblrnn::rnn {
namespace {

// The three inputs, or the two logit gradients, rounded to float.
template <int N>
struct InF32 {
  explicit InF32(const double* a) {
    for (int i = 0; i < N; ++i) v[i] = static_cast<float>(a[i]);
  }
  float v[N];
};

void write_p(float d, double b_diff, double* p) {
  detail::write_probabilities(static_cast<double>(d) + b_diff, Eigen::Map<Eigen::Vector2d>(p));
}

}  // namespace

bool float32_supported(Arch arch, int n_hidden) {
  const auto& K = detail::kernels();
  if (K.f32.vanilla_step == nullptr) return false;
  return arch != Arch::rnn || (n_hidden >= 1 && n_hidden <= K.vanilla_max_hidden);
}

bool float32_supported(const Network& net) { return float32_supported(net.arch, net.n_hidden); }

long float32_padded(int n_hidden) { return detail::padded_rows_f32(n_hidden); }

void CellKernelF32::prepare(const Network& net) {
  require(float32_supported(net), "CellKernelF32", "network",
          "float32 steps need the avx512 kernel set (and n_hidden <= 512 for arch = rnn)",
          std::string(choice_name(net.arch)) + " with n_hidden = " + std::to_string(net.n_hidden));
  const Eigen::Index H = net.n_hidden, GH = net.W_hh.rows();
  const Eigen::Index P = float32_padded(net.n_hidden), PG = detail::padded_rows_f32(GH);
  w_hh_.setZero(PG, H);
  w_hh_.topRows(GH) = net.W_hh.cast<float>();
  w_hh_t_.setZero(P, GH);
  w_hh_t_.topRows(H) = net.W_hh.transpose().cast<float>();
  w_ih_.setZero(PG, 3);
  w_ih_.topRows(GH) = net.W_ih.cast<float>();
  b_sum_.setZero(PG);
  b_sum_.head(GH) = (net.b_ih + net.b_hh).cast<float>();
  b_ih_ = net.b_ih.cast<float>();
  b_hh_ = net.b_hh.cast<float>();
  w_diff_.setZero(P);
  w_diff_.head(H) = (net.W_out.row(1) - net.W_out.row(0)).transpose().cast<float>();
  w_out_t_.setZero(P, 2);
  w_out_t_.topRows(H) = net.W_out.transpose().cast<float>();
  b_diff_ = net.b_out(1) - net.b_out(0);
  a_.setZero(PG, 2);
  direct_.setZero(P, 2);
  prepared_ = &net;
}

void CellKernelF32::check_prepared(const Network& net) const {
  check_internal(prepared_ == &net && w_hh_.cols() == net.n_hidden && w_hh_t_.cols() == net.W_hh.rows(),
                 "CellKernelF32: prepare(net) not called for this network");
}

void CellKernelF32::forward(const Network& net, const double* x, const float* s_prev, float* cache,
                            double* p) {
  check_prepared(net);
  const InF32<3> xf(x);
  const auto& K = detail::kernels().f32;
  const long H = net.n_hidden;
  float d = 0;
  switch (net.arch) {
    case Arch::rnn:
      d = K.vanilla_step(w_hh_.data(), H, s_prev, w_ih_.data(), xf.v, b_sum_.data(), w_diff_.data(), cache);
      break;
    case Arch::gru:
      d = K.gru_forward(w_hh_.data(), w_hh_.rows(), H, s_prev, a_.data(), w_ih_.data(), w_ih_.rows(),
                        xf.v, b_ih_.data(), b_hh_.data(), w_diff_.data(), cache);
      break;
    case Arch::lstm:
      d = K.lstm_forward(w_hh_.data(), w_hh_.rows(), H, s_prev, a_.data(), w_ih_.data(), w_ih_.rows(),
                         xf.v, b_sum_.data(), w_diff_.data(), cache);
      break;
  }
  write_p(d, b_diff_, p);
}

void CellKernelF32::forward_pair(const Network& net, const double* const x[2],
                                 const float* const s_prev[2], float* const cache[2],
                                 double* const p[2]) {
  check_prepared(net);
  const InF32<3> x0(x[0]), x1(x[1]);
  const float* xf[2] = {x0.v, x1.v};
  const auto& K = detail::kernels().f32;
  const long H = net.n_hidden;
  float* a_h[2] = {a_.col(0).data(), a_.col(1).data()};
  float d[2];
  switch (net.arch) {
    case Arch::rnn:
      K.vanilla_step2(w_hh_.data(), H, s_prev, w_ih_.data(), xf, b_sum_.data(), w_diff_.data(), cache, d);
      break;
    case Arch::gru:
      K.gru_forward2(w_hh_.data(), w_hh_.rows(), H, s_prev, a_h, w_ih_.data(), w_ih_.rows(), xf,
                     b_ih_.data(), b_hh_.data(), w_diff_.data(), cache, d);
      break;
    case Arch::lstm:
      K.lstm_forward2(w_hh_.data(), w_hh_.rows(), H, s_prev, a_h, w_ih_.data(), w_ih_.rows(), xf,
                      b_sum_.data(), w_diff_.data(), cache, d);
      break;
  }
  for (int s = 0; s < 2; ++s) write_p(d[s], b_diff_, p[s]);
}

bool CellKernelF32::backward_vanilla(const Network& net, const float* h, const double* g, float* dh,
                                     float* da, float* o0, float* o1) const {
  if (net.arch != Arch::rnn) return false;
  check_prepared(net);
  const InF32<2> gf(g);
  detail::kernels().f32.vanilla_backward(w_hh_t_.data(), net.n_hidden, h, gf.v[0], gf.v[1],
                                         w_out_t_.col(0).data(), w_out_t_.col(1).data(), dh, da, o0, o1);
  return true;
}

void CellKernelF32::backward_vanilla_pair(const Network& net, const float* const h[2],
                                          const double* const g[2], float* const dh[2],
                                          float* const da[2], float* o0, float* o1) const {
  check_prepared(net);
  check_internal(net.arch == Arch::rnn, "CellKernelF32::backward_vanilla_pair: the vanilla cell's step");
  const InF32<2> g0(g[0]), g1(g[1]);
  const float* gf[2] = {g0.v, g1.v};
  detail::kernels().f32.vanilla_backward2(w_hh_t_.data(), net.n_hidden, h, gf,
                                          w_out_t_.col(0).data(), w_out_t_.col(1).data(), dh, da, o0, o1);
}

bool CellKernelF32::backward_gated(const Network& net, const float* cache, const float* s_prev,
                                   const double* g, float* dh, float* dc, float* o0, float* o1,
                                   float* d_ah, float* d_ai) {
  if (net.arch == Arch::rnn) return false;
  check_prepared(net);
  const InF32<2> gf(g);
  const auto& K = detail::kernels().f32;
  const long H = net.n_hidden;
  if (net.arch == Arch::gru) {
    K.gru_backward(w_hh_t_.data(), w_hh_t_.rows(), H, cache, s_prev, gf.v[0], gf.v[1],
                   w_out_t_.col(0).data(), w_out_t_.col(1).data(), dh, o0, o1, d_ah, d_ai, direct_.data());
  } else {
    K.lstm_backward(w_hh_t_.data(), w_hh_t_.rows(), H, cache, s_prev + H, gf.v[0], gf.v[1],
                    w_out_t_.col(0).data(), w_out_t_.col(1).data(), dh, dc, o0, o1, d_ah);
  }
  return true;
}

void CellKernelF32::backward_gated_pair(const Network& net, const float* const cache[2],
                                        const float* const s_prev[2], const double* const g[2],
                                        float* const dh[2], float* const dc[2], float* o0,
                                        float* o1, float* const d_ah[2], float* const d_ai[2]) {
  check_prepared(net);
  const InF32<2> g0(g[0]), g1(g[1]);
  const float* gf[2] = {g0.v, g1.v};
  const auto& K = detail::kernels().f32;
  const long H = net.n_hidden;
  if (net.arch == Arch::gru) {
    float* direct[2] = {direct_.col(0).data(), direct_.col(1).data()};
    K.gru_backward2(w_hh_t_.data(), w_hh_t_.rows(), H, cache, s_prev, gf, w_out_t_.col(0).data(),
                    w_out_t_.col(1).data(), dh, o0, o1, d_ah, d_ai, direct);
  } else {
    check_internal(net.arch == Arch::lstm, "CellKernelF32::backward_gated_pair: a gated cell's step");
    const float* c_prev[2] = {s_prev[0] + H, s_prev[1] + H};
    K.lstm_backward2(w_hh_t_.data(), w_hh_t_.rows(), H, cache, c_prev, gf, w_out_t_.col(0).data(),
                     w_out_t_.col(1).data(), dh, dc, o0, o1, d_ah);
  }
}

}  // namespace iblrnn::rnn
