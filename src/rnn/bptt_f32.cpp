// Backprop's float32 path (bptt.hpp; docs/rnn.md, "Float32 training"): the fused backward
// steps in float (cell_f32.hpp), two sequences at a time aligned at their ends, with the
// double path's sweep (aligned_pairs.hpp). Gradients are summed in float over the call and
// added to the double gradient at the end.
#include <algorithm>

#include "iblrnn/core/error.hpp"
#include "iblrnn/rnn/bptt.hpp"
#include "aligned_pairs.hpp"
#include "kernel_table.hpp"

using namespace iblrnn::core;

namespace iblrnn::rnn {
namespace {

// Σ_t A[:, t] over len columns of A (rows × len, leading dimension lda), added to out.
void add_row_sums(const float* A, long lda, long rows, long len, Eigen::VectorXf& out) {
  out += Eigen::Map<const Eigen::MatrixXf, 0, Eigen::OuterStride<>>(A, rows, len, Eigen::OuterStride<>(lda))
             .rowwise()
             .sum();
}

}  // namespace

void Backprop::add_weight_gradients_f32(const SequenceRef& s, int k, int t_lo, int t_hi) {
  if (t_hi <= t_lo) return;
  const long GH = g_hh32_.rows(), H = g_hh32_.cols(), P = d_ah32_seq_[k].rows();
  const long C = c32_;
  const float* d_ah = d_ah32_seq_[k].data();
  const float* d_ai = gru32_ ? d_ai32_seq_[k].data() : d_ah;
  const auto& K = detail::kernels();
  // eq. N10: h_prev of step 0 is the zero state, so the W_hh sum starts at step 1.
  const int t1 = std::max(t_lo, 1);
  if (t_hi > t1)
    K.outer_product_sum_f32(d_ah + P * t1, P, GH, s.cache_f32 + C * (t1 - 1), C, H, t_hi - t1,
                            g_hh32_.data(), GH);
  const int len = t_hi - t_lo;
  x32_.leftCols(len) = Eigen::Map<const Eigen::MatrixXd>(s.x + 3 * static_cast<Eigen::Index>(t_lo), 3, len).cast<float>();
  K.outer_product_sum_f32(d_ai + P * t_lo, P, GH, x32_.data(), 3, 3, len, g_ih32_.data(), GH);
  add_row_sums(d_ah + P * t_lo, P, GH, len, g_bh32_);
  add_row_sums(d_ai + P * t_lo, P, GH, len, g_bi32_);
}

void Backprop::accumulate_f32(const Network& net, const std::vector<SequenceRef>& seqs,
                              Network& grad, int truncate) {
  const int n_seq = static_cast<int>(seqs.size());
  for (const auto& s : seqs) {
    require(s.n_steps >= 0, "Backprop", "n_steps", "must be >= 0", s.n_steps);
    require(s.n_steps == 0 || (s.x && s.cache_f32 && s.d_logits), "Backprop", "sequence",
            "must give x, cache_f32 and d_logits (float32: every sequence)", s.n_steps);
  }
  kernel32_.prepare(net);  // throws InvalidInput where float32 does not apply
  const int H = net.n_hidden, S = net.state_size();
  const Eigen::Index GH = net.W_hh.rows();
  const long P = float32_padded(H), PG = detail::padded_rows_f32(GH);
  gru32_ = net.arch == Arch::gru;
  c32_ = cache_rows(net.arch, H);
  g_hh32_.setZero(GH, H);
  g_ih32_.setZero(GH, 3);
  g_bh32_.setZero(GH);
  g_bi32_.setZero(GH);
  o32_.setZero(P, 2);
  s_prev32_.setZero(S);
  x32_.resize(3, detail::kFlushSteps);
  // Gate gradients per sequence, PG rows (outer_product_sum's storage contract): the rows
  // past G·H are zero and never written.
  auto ensure = [&](std::vector<Eigen::MatrixXf>& v, int k, int T) {
    if (v[k].rows() != PG || v[k].cols() < T) v[k].setZero(PG, std::max<Eigen::Index>(T, v[k].cols()));
  };
  if (static_cast<int>(d_ah32_seq_.size()) < n_seq) {
    d_ah32_seq_.resize(n_seq);
    d_ai32_seq_.resize(n_seq);
  }
  for (int k = 0; k < n_seq; ++k) {
    ensure(d_ah32_seq_, k, seqs[k].n_steps);
    if (gru32_) ensure(d_ai32_seq_, k, seqs[k].n_steps);
  }
  auto cache_at = [&](const SequenceRef& s, int t) { return s.cache_f32 + c32_ * static_cast<Eigen::Index>(t); };
  auto prev_of = [&](const SequenceRef& s, int t) {
    return t > 0 ? cache_at(s, t - 1) : static_cast<const float*>(s_prev32_.data());
  };
  // d_ai is written for the gru only (cell_f32.hpp).
  auto d_ai_at = [&](int k, int t, int) { return gru32_ ? d_ai32_seq_[k].col(t).data() : nullptr; };
  auto flush = [&](int k, int t_lo, int t_hi) { add_weight_gradients_f32(seqs[k], k, t_lo, t_hi); };
  // The pairs (first, first + 1), the last sequence alone when n_seq is odd (aligned_pairs.hpp).
  for (int first = 0; first < n_seq; first += 2) {
    dh32_.setZero(P, 2);
    dc32_.setZero(P, 2);
    detail::backward_aligned_pair(net, kernel32_, seqs, first, truncate, cache_at, prev_of, d_ah32_seq_,
                                  d_ai_at, dh32_, dc32_, o32_.col(0).data(), o32_.col(1).data(), flush);
  }

  grad.W_hh += g_hh32_.cast<double>();
  grad.W_ih += g_ih32_.cast<double>();
  grad.b_hh += g_bh32_.cast<double>();
  grad.b_ih += g_bi32_.cast<double>();
  grad.W_out += o32_.topRows(H).transpose().cast<double>();
  for (const auto& s : seqs)
    grad.b_out += Eigen::Map<const Eigen::MatrixXd>(s.d_logits, 2, s.n_steps).rowwise().sum();
}

}  // namespace iblrnn::rnn
