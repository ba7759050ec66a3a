#include "iblrnn/rnn/bptt.hpp"

#include <algorithm>
#include <numeric>

#include "iblrnn/core/error.hpp"
#include "iblrnn/rnn/vector_math.hpp"
#include "aligned_pairs.hpp"
#include "kernel_table.hpp"

using namespace iblrnn::core;

namespace iblrnn::rnn {
namespace {

// eq. N6 at one step, g = dL/d(logit_L, logit_R): dh += W_outᵀ g (w0, w1 the columns of
// W_outᵀ) and dL/dW_outᵀ += h gᵀ (o0, o1 its columns). Distinct arrays, so it vectorises.
void readout_backward(int H, const double* __restrict h, double g0, double g1,
                      const double* __restrict w0, const double* __restrict w1,
                      double* __restrict dh, double* __restrict o0, double* __restrict o1) {
  for (int i = 0; i < H; ++i) {
    dh[i] += w0[i] * g0 + w1[i] * g1;
    o0[i] += h[i] * g0;
    o1[i] += h[i] * g1;
  }
}

}  // namespace

void forward_sequence(const Network& net, const Eigen::Ref<const Eigen::MatrixXd>& x,
                      Eigen::MatrixXd& cache, Eigen::MatrixXd& p) {
  require(x.rows() == 3, "forward_sequence", "x", "must have 3 rows (o^L, o^R, r)", x.rows());
  const Eigen::Index T = x.cols();
  const int C = cache_rows(net.arch, net.n_hidden), S = net.state_size();
  cache.resize(C, T);
  p.resize(2, T);
  CellKernel kernel(net, 1);
  const Eigen::VectorXd zero = Eigen::VectorXd::Zero(S);
  for (Eigen::Index t = 0; t < T; ++t) {
    if (t == 0) {
      kernel.forward(net, x.col(t), zero, cache.col(t), p.col(t));
    } else {
      kernel.forward(net, x.col(t), cache.col(t - 1).head(S), cache.col(t), p.col(t));
    }
  }
}

void Backprop::accumulate(const Network& net, const std::vector<SequenceRef>& seqs, Network& grad,
                          int truncate) {
  const int n_seq = static_cast<int>(seqs.size());
  if (n_seq == 0) return;
  if (std::any_of(seqs.begin(), seqs.end(), [](const SequenceRef& s) { return s.cache_f32 != nullptr; })) {
    accumulate_f32(net, seqs, grad, truncate);
    return;
  }
  const int H = net.n_hidden, S = net.state_size(), C = cache_rows(net.arch, H);
  const Eigen::Index GH = net.W_hh.rows(), P = detail::padded_rows(GH);
  const bool gru = net.arch == Arch::gru;
  int T_max = 0;
  for (const auto& s : seqs) {
    require(s.n_steps >= 0, "Backprop", "n_steps", "must be >= 0", s.n_steps);
    require(s.n_steps == 0 || (s.x && s.cache && s.d_logits), "Backprop", "sequence",
            "must give x, cache and d_logits", s.n_steps);
    T_max = std::max(T_max, s.n_steps);
  }
  kernel_.reserve(net, n_seq);
  CellKernel& kernel = kernel_;
  kernel.prepare(net);
  auto ensure = [](Eigen::MatrixXd& m, Eigen::Index rows, Eigen::Index cols) {
    if (m.rows() != rows || m.cols() < cols) m.resize(rows, std::max<Eigen::Index>(cols, m.cols()));
  };
  // Gate gradients per sequence: rows padded to P (outer_product_sum's storage contract); the
  // padding rows are zeroed once and never written.
  auto ensure_padded = [&](Eigen::MatrixXd& m, Eigen::Index cols) {
    if (m.rows() != P || m.cols() < cols) m.setZero(P, std::max<Eigen::Index>(cols, m.cols()));
  };
  ensure(cache_, C, n_seq);
  ensure(s_prev_, S, n_seq);
  ensure(dh_, H, n_seq);
  ensure(dc_, H, n_seq);
  ensure(d_ah_, GH, n_seq);
  ensure(d_ai_, GH, n_seq);
  if (static_cast<int>(d_ah_seq_.size()) < n_seq) {
    d_ah_seq_.resize(n_seq);
    d_ai_seq_.resize(n_seq);
  }
  for (int k = 0; k < n_seq; ++k) {
    ensure_padded(d_ah_seq_[k], seqs[k].n_steps);
    if (gru) ensure_padded(d_ai_seq_[k], seqs[k].n_steps);
  }
  w_out_t_ = net.W_out.transpose();
  g_out_t_.setZero(detail::padded_rows(H), 2);
  dh_.leftCols(n_seq).setZero();
  dc_.leftCols(n_seq).setZero();

  // eq. N6: dL/dh_t from the readout; its weight gradient W_outᵀ part accumulates in g_out_t_.
  auto readout = [&](const double* h, const double* g, Eigen::Ref<Eigen::VectorXd> dh) {
    readout_backward(H, h, g[0], g[1], w_out_t_.col(0).data(), w_out_t_.col(1).data(), dh.data(),
                     g_out_t_.col(0).data(), g_out_t_.col(1).data());
  };

  // eq. N10: the weight gradients of steps [t_lo, t_hi) of sequence k, sums over time of
  // outer products (h_prev of step 0 is the zero state, so the W_hh sum starts at step 1).
  auto add_weight_gradients = [&](int k, int t_lo, int t_hi) {
    if (t_hi <= t_lo) return;
    const SequenceRef& s = seqs[k];
    const Eigen::MatrixXd& d_ah = d_ah_seq_[k];
    const Eigen::MatrixXd& d_ai = gru ? d_ai_seq_[k] : d_ah_seq_[k];
    const int t1 = std::max(t_lo, 1);
    if (t_hi > t1)
      detail::kernels().outer_product_sum(d_ah.data() + P * t1, P, GH, s.cache + static_cast<Eigen::Index>(C) * (t1 - 1),
                                C, H, t_hi - t1, grad.W_hh.data(), grad.W_hh.rows());
    detail::kernels().outer_product_sum(d_ai.data() + P * t_lo, P, GH, s.x + 3 * static_cast<Eigen::Index>(t_lo), 3,
                              3, t_hi - t_lo, grad.W_ih.data(), grad.W_ih.rows());
    row_sums_add(d_ah.data() + P * t_lo, P, GH, t_hi - t_lo, grad.b_hh.data());
    row_sums_add(d_ai.data() + P * t_lo, P, GH, t_hi - t_lo, grad.b_ih.data());
  };
  bool flushed_whole = false;

  if (n_seq <= 2 && (fused_single_sequence(net) || fused_gated_sequence(net))) {
    // One or two sequences through the fused steps (kernels/vanilla_step.hpp,
    // kernels/gated_step.hpp), which write the gate gradients in place; two are aligned at
    // their ends and advance as a pair while both run (one pass over W_hhᵀ for both). The
    // weight gradients are added every kFlushSteps steps (aligned_pairs.hpp).
    const bool vanilla = fused_single_sequence(net);
    // dL/dh (and dL/dc) of the two sequences: P-vectors with zero padding for the vanilla
    // steps, H values for the gated ones.
    Eigen::MatrixXd& dh = vanilla ? dh_pad_ : dh_;
    if (vanilla) dh_pad_.setZero(detail::padded_rows(H), 2);
    s_prev_.col(0).setZero();
    auto cache_at = [&](const SequenceRef& s, int t) { return s.cache + static_cast<Eigen::Index>(C) * t; };
    auto prev_of = [&](const SequenceRef& s, int t) {
      return t > 0 ? cache_at(s, t - 1) : static_cast<const double*>(s_prev_.col(0).data());
    };
    // d_ai is written for the gru only (cell.hpp); otherwise a scratch column.
    auto d_ai_at = [&](int k, int t, int col) {
      return gru ? d_ai_seq_[k].col(t).data() : d_ai_.col(col).data();
    };
    detail::backward_aligned_pair(net, kernel, seqs, 0, truncate, cache_at, prev_of, d_ah_seq_, d_ai_at,
                                  dh, dc_, g_out_t_.col(0).data(), g_out_t_.col(1).data(),
                                  add_weight_gradients);
    flushed_whole = true;
  } else if (n_seq == 1) {
    // One sequence: the kernels read and write its columns in place.
    const SequenceRef& s = seqs[0];
    Eigen::Map<const Eigen::MatrixXd> cache(s.cache, C, s.n_steps);
    s_prev_.col(0).setZero();
    for (int t = s.n_steps - 1; t >= 0; --t) {
      readout(s.cache + static_cast<Eigen::Index>(C) * t, s.d_logits + 2 * static_cast<Eigen::Index>(t), dh_.col(0));
      Eigen::Ref<Eigen::VectorXd> d_ah = d_ah_seq_[0].col(t).head(GH);
      // d_ai is written for the gru only (cell.hpp); otherwise a scratch column.
      Eigen::Ref<Eigen::VectorXd> d_ai = gru ? Eigen::Ref<Eigen::VectorXd>(d_ai_seq_[0].col(t).head(GH))
                                             : Eigen::Ref<Eigen::VectorXd>(d_ai_.col(0));
      if (t > 0) {
        kernel.backward(net, cache.col(t), cache.col(t - 1).head(S), dh_.col(0), dc_.col(0), d_ah, d_ai);
      } else {
        kernel.backward(net, cache.col(t), s_prev_.col(0), dh_.col(0), dc_.col(0), d_ah, d_ai);
      }
      if (truncate > 0 && t % truncate == 0) {
        dh_.col(0).setZero();
        dc_.col(0).setZero();
      }
    }
  } else {
    // Longest first: at reverse step u the running sequences are a prefix of `order_`.
    order_.resize(n_seq);
    std::iota(order_.begin(), order_.end(), 0);
    std::stable_sort(order_.begin(), order_.end(),
                     [&](int a, int b) { return seqs[a].n_steps > seqs[b].n_steps; });
    int n = n_seq;
    for (int u = 0; u < T_max; ++u) {
      while (n > 0 && seqs[order_[n - 1]].n_steps <= u) --n;
      for (int j = 0; j < n; ++j) {
        const SequenceRef& s = seqs[order_[j]];
        const int t = s.n_steps - 1 - u;
        Eigen::Map<const Eigen::MatrixXd> cache(s.cache, C, s.n_steps);
        cache_.col(j) = cache.col(t);
        if (t > 0) {
          s_prev_.col(j) = cache.col(t - 1).head(S);
        } else {
          s_prev_.col(j).setZero();
        }
        readout(s.cache + static_cast<Eigen::Index>(C) * t, s.d_logits + 2 * static_cast<Eigen::Index>(t), dh_.col(j));
      }
      kernel.backward(net, cache_.leftCols(n), s_prev_.leftCols(n), dh_.leftCols(n),
                      dc_.leftCols(n), d_ah_.leftCols(n), d_ai_.leftCols(n));
      for (int j = 0; j < n; ++j) {
        const int k = order_[j];
        const int t = seqs[k].n_steps - 1 - u;
        d_ah_seq_[k].col(t).head(GH) = d_ah_.col(j);
        if (gru) d_ai_seq_[k].col(t).head(GH) = d_ai_.col(j);
        if (truncate > 0 && t % truncate == 0) {
          dh_.col(j).setZero();
          dc_.col(j).setZero();
        }
      }
    }
  }

  for (int k = 0; k < n_seq; ++k) {
    if (!flushed_whole) add_weight_gradients(k, 0, seqs[k].n_steps);
    grad.b_out += Eigen::Map<const Eigen::MatrixXd>(seqs[k].d_logits, 2, seqs[k].n_steps).rowwise().sum();
  }
  grad.W_out += g_out_t_.topRows(H).transpose();
}

}  // namespace iblrnn::rnn
