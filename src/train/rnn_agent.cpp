#include "iblrnn/train/rnn_agent.hpp"

#include <string>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;
using namespace iblrnn::rnn;
using namespace iblrnn::task;

namespace iblrnn::train {

RnnAgent::RnnAgent(const Network& net, Record record, Precision precision)
    : net_(net), record_(record), precision_(precision) {}

void RnnAgent::begin(int n_sessions) {
  require(n_sessions >= 1, "RnnAgent::begin", "n_sessions", "must be >= 1", n_sessions);
  const int S = net_.state_size(), C = cache_rows(net_.arch, net_.n_hidden);
  n_steps_.assign(n_sessions, 0);
  if (precision_ == Precision::float32) {
    require(record_ == Record::cache, "RnnAgent", "precision",
            "float32 is for training (the whole cache recorded)", "float32");
    kernel32_.prepare(net_);
    zero32_.setZero(S);
    records32_.resize(n_sessions);
    for (auto& r : records32_)
      if (r.rows() != C) r.resize(C, 1024);
    return;
  }
  kernel_.reserve(net_, n_sessions);
  kernel_.prepare(net_);
  state_.setZero(S, n_sessions);
  if (xc_.cols() < n_sessions) {
    xc_.resize(3, n_sessions);
    pc_.resize(2, n_sessions);
  }
  if (sc_.rows() != S || sc_.cols() < n_sessions) sc_.resize(S, n_sessions);
  if (cache_c_.rows() != C || cache_c_.cols() < n_sessions) cache_c_.resize(C, n_sessions);
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
  if (precision_ == Precision::float32) {
    step_f32(x, p);
    return;
  }
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

float* RnnAgent::next_column_f32(int b) {
  auto& r = records32_[b];
  const int t = n_steps_[b];
  if (t >= r.cols()) r.conservativeResize(Eigen::NoChange, 2 * r.cols() + 64);
  return r.col(t).data();
}

const float* RnnAgent::state_of_f32(int b) const {
  return n_steps_[b] > 0 ? records32_[b].col(n_steps_[b] - 1).data() : zero32_.data();
}

void RnnAgent::step_f32(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> p) {
  const int n = static_cast<int>(active_.size());
  int j = 0;
  for (; j + 2 <= n; j += 2) {
    const int b0 = active_[j], b1 = active_[j + 1];
    const double* xs[2] = {x.col(b0).data(), x.col(b1).data()};
    const float* sp[2] = {state_of_f32(b0), state_of_f32(b1)};
    float* cache[2] = {next_column_f32(b0), next_column_f32(b1)};
    double* ps[2] = {p.col(b0).data(), p.col(b1).data()};
    kernel32_.forward_pair(net_, xs, sp, cache, ps);
    ++n_steps_[b0];
    ++n_steps_[b1];
  }
  if (j < n) {
    const int b = active_[j];
    float* cache = next_column_f32(b);
    kernel32_.forward(net_, x.col(b).data(), state_of_f32(b), cache, p.col(b).data());
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
  const bool f32 = precision_ == Precision::float32;
  for (std::size_t b = 0; b < n_steps_.size(); ++b)
    for (int t = 0; t < n_steps_[b]; ++t)
      for (int i = 0; i < H; ++i)
        out.push_back(f32 ? static_cast<double>(records32_[b](first + i, t)) : records_[b](first + i, t));
  return out;
}

std::vector<double> RnnAgent::hidden_states() const { return state_rows(0, "hidden states"); }

std::vector<double> RnnAgent::cell_states() const {
  require(net_.arch == Arch::lstm, "RnnAgent", "arch", "must be lstm to have a cell state",
          choice_name(net_.arch));
  return state_rows(net_.n_hidden, "cell states");
}

}  // namespace iblrnn::train
