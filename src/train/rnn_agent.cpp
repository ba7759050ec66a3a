#include "iblrnn/train/rnn_agent.hpp"

#include <string>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;
using namespace iblrnn::rnn;
using namespace iblrnn::task;

namespace iblrnn::train {

RnnAgent::RnnAgent(const Network& net, Record record) : net_(net), record_(record) {}

void RnnAgent::begin(int n_sessions) {
  require(n_sessions >= 1, "RnnAgent::begin", "n_sessions", "must be >= 1", n_sessions);
  const int S = net_.state_size(), C = cache_rows(net_.arch, net_.n_hidden);
  kernel_.reserve(net_, n_sessions);
  kernel_.prepare(net_);
  state_.setZero(S, n_sessions);
  if (xc_.cols() < n_sessions) {
    xc_.resize(3, n_sessions);
    pc_.resize(2, n_sessions);
  }
  if (sc_.rows() != S || sc_.cols() < n_sessions) sc_.resize(S, n_sessions);
  if (cache_c_.rows() != C || cache_c_.cols() < n_sessions) cache_c_.resize(C, n_sessions);
  n_steps_.assign(n_sessions, 0);
  const int rows = record_ == Record::cache ? C : (record_ == Record::hidden ? S : 0);
  // Keep earlier capacity (training replays sessions of similar length every step).
  records_.resize(n_sessions);
  for (auto& r : records_)
    if (r.rows() != rows) r.resize(rows, rows > 0 ? 1024 : 0);
  active_.reserve(n_sessions);
}

void RnnAgent::step(const Eigen::Ref<const Eigen::MatrixXd>& x, const StepContext& ctx,
                    Eigen::Ref<Eigen::MatrixXd> p) {
  const int B = static_cast<int>(n_steps_.size());
  check_internal(x.cols() == B, "RnnAgent::step: batch size differs from begin()");
  const int S = net_.state_size();
  active_.clear();
  for (int b = 0; b < B; ++b)
    if (!ctx.active || ctx.active[b]) active_.push_back(b);
  const int n = static_cast<int>(active_.size());
  if (n == 0) return;
  const bool vanilla_pair = fused_single_sequence(net_);
  if (n == 2 && record_ == Record::cache && (vanilla_pair || fused_gated_sequence(net_))) {
    // Two running sessions: the paired fused step (vanilla, or gru/lstm), written straight
    // into their record columns.
    const double* xs[2];
    const double* hp[2];
    double* h[2];
    double* ps[2];
    for (int j = 0; j < 2; ++j) {
      const int b = active_[j];
      auto& r = records_[b];
      const int t = n_steps_[b];
      if (t >= r.cols()) r.conservativeResize(Eigen::NoChange, 2 * r.cols() + 64);
      xs[j] = x.col(b).data();
      hp[j] = state_of(b);
      h[j] = r.col(t).data();
      ps[j] = p.col(b).data();
    }
    if (vanilla_pair) {
      kernel_.forward_vanilla_pair(net_, xs, hp, h, ps);
    } else {
      kernel_.forward_gated_pair(net_, xs, hp, h, ps);
    }
    ++n_steps_[active_[0]];
    ++n_steps_[active_[1]];
    return;
  }
  if (n == 1 && record_ == Record::cache) {
    // One running session (batch 1, or the last of a batch): the step's cache is written
    // straight into its record column, with the previous column as the state.
    const int b = active_[0];
    auto& r = records_[b];
    const int t = n_steps_[b];
    if (t >= r.cols()) r.conservativeResize(Eigen::NoChange, 2 * r.cols() + 64);
    kernel_.forward(net_, x.col(b), Eigen::Map<const Eigen::VectorXd>(state_of(b), S), r.col(t),
                    p.col(b));
    ++n_steps_[b];
    return;
  }
  for (int j = 0; j < n; ++j) {
    const int b = active_[j];
    xc_.col(j) = x.col(b);
    sc_.col(j) = Eigen::Map<const Eigen::VectorXd>(state_of(b), S);
  }
  kernel_.forward(net_, xc_.leftCols(n), sc_.leftCols(n), cache_c_.leftCols(n), pc_.leftCols(n));
  for (int j = 0; j < n; ++j) {
    const int b = active_[j];
    if (record_ != Record::cache) state_.col(b) = cache_c_.col(j).head(S);
    p.col(b) = pc_.col(j);
    if (record_ != Record::none) {
      auto& r = records_[b];
      const int t = n_steps_[b];
      if (t >= r.cols()) r.conservativeResize(Eigen::NoChange, 2 * r.cols() + 64);
      r.col(t) = cache_c_.col(j).head(r.rows());
    }
    ++n_steps_[b];
  }
}

const double* RnnAgent::state_of(int b) const {
  // With the whole cache recorded, the state is the head of the last recorded column.
  if (record_ == Record::cache && n_steps_[b] > 0) return records_[b].col(n_steps_[b] - 1).data();
  return state_.col(b).data();
}

std::vector<double> RnnAgent::state_rows(int first, const char* what) const {
  require(record_ != Record::none, "RnnAgent", "record", std::string("must keep ") + what, "none");
  const int H = net_.n_hidden;
  std::size_t total = 0;
  for (int T : n_steps_) total += static_cast<std::size_t>(T);
  std::vector<double> out;
  out.reserve(total * H);
  for (std::size_t b = 0; b < records_.size(); ++b)
    for (int t = 0; t < n_steps_[b]; ++t)
      for (int i = 0; i < H; ++i) out.push_back(records_[b](first + i, t));
  return out;
}

std::vector<double> RnnAgent::hidden_states() const { return state_rows(0, "hidden states"); }

std::vector<double> RnnAgent::cell_states() const {
  require(net_.arch == Arch::lstm, "RnnAgent", "arch", "must be lstm to have a cell state",
          choice_name(net_.arch));
  return state_rows(net_.n_hidden, "cell states");
}

}  // namespace iblrnn::train
