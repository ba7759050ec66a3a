#include "iblrnn/rnn/bptt.hpp"

#include <algorithm>
#include <numeric>

#include "iblrnn/core/error.hpp"

namespace iblrnn {

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
  const int H = net.n_hidden, S = net.state_size(), C = cache_rows(net.arch, H);
  const Eigen::Index GH = net.W_hh.rows();
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
    ensure(d_ah_seq_[k], GH, seqs[k].n_steps);
    if (gru) ensure(d_ai_seq_[k], GH, seqs[k].n_steps);
  }
  w_out_t_ = net.W_out.transpose();

  // Longest first: at reverse step u the running sequences are a prefix of `order_`.
  order_.resize(n_seq);
  std::iota(order_.begin(), order_.end(), 0);
  std::stable_sort(order_.begin(), order_.end(),
                   [&](int a, int b) { return seqs[a].n_steps > seqs[b].n_steps; });
  dh_.leftCols(n_seq).setZero();
  dc_.leftCols(n_seq).setZero();
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
      const double* g = s.d_logits + 2 * static_cast<Eigen::Index>(t);
      dh_.col(j) += w_out_t_.col(0) * g[0] + w_out_t_.col(1) * g[1];
    }
    kernel.backward(net, cache_.leftCols(n), s_prev_.leftCols(n), dh_.leftCols(n),
                    dc_.leftCols(n), d_ah_.leftCols(n), d_ai_.leftCols(n));
    for (int j = 0; j < n; ++j) {
      const int k = order_[j];
      const int t = seqs[k].n_steps - 1 - u;
      d_ah_seq_[k].col(t) = d_ah_.col(j);
      if (gru) d_ai_seq_[k].col(t) = d_ai_.col(j);
      if (truncate > 0 && t % truncate == 0) {
        dh_.col(j).setZero();
        dc_.col(j).setZero();
      }
    }
  }

  // eq. N10: weight gradients, one GEMM per sequence (h_prev of step 0 is the zero state).
  for (int k = 0; k < n_seq; ++k) {
    const SequenceRef& s = seqs[k];
    const int T = s.n_steps;
    if (T == 0) continue;
    Eigen::Map<const Eigen::MatrixXd> cache(s.cache, C, T);
    Eigen::Map<const Eigen::MatrixXd> x(s.x, 3, T);
    Eigen::Map<const Eigen::MatrixXd> dl(s.d_logits, 2, T);
    const auto d_ah = d_ah_seq_[k].leftCols(T);
    const auto d_ai = gru ? d_ai_seq_[k].leftCols(T) : d_ah_seq_[k].leftCols(T);
    const auto h = cache.topRows(H);
    if (T > 1) grad.W_hh.noalias() += d_ah.rightCols(T - 1) * h.leftCols(T - 1).transpose();
    grad.b_hh += d_ah.rowwise().sum();
    grad.W_ih.noalias() += d_ai * x.transpose();
    grad.b_ih += d_ai.rowwise().sum();
    grad.W_out.noalias() += dl * h.transpose();
    grad.b_out += dl.rowwise().sum();
  }
}

}  // namespace iblrnn
