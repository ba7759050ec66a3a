// RnnAgent: a frozen network playing the task through the Agent interface (task/agent.hpp),
// many sessions in lock-step; running sessions are gathered into compact columns so ended
// sessions cost nothing. Records, per session, either nothing, the recurrent state (S × T_b:
// h, or h over c for an LSTM) or the whole per-step cache (C × T_b, see cell.hpp) that
// Backprop needs; in both, h is rows 0..H and an LSTM's c rows H..2H.
// Sessions are stored session-major like StepTable: session b's steps are columns 0..T_b−1.
// With Precision::float32 (training only: Record::cache, where float32_supported()) the steps
// run in float (cell_f32.hpp), two sessions at a time, and the records are float
// (record_f32()); probabilities stay double.
#pragma once

#include <vector>

#include <Eigen/Core>

#include "iblrnn/rnn/cell.hpp"
#include "iblrnn/rnn/cell_f32.hpp"
#include "iblrnn/rnn/network.hpp"
#include "iblrnn/rnn/precision.hpp"
#include "iblrnn/task/agent.hpp"

namespace iblrnn::train {

class RnnAgent : public task::Agent {
 public:
  /// What is kept of each step.
  enum class Record { none, hidden, cache };

  /// Plays with `net` (held by reference: it must outlive the agent; changes between
  /// sessions are allowed, e.g. during training). Precision::float32 needs Record::cache and
  /// float32_supported(net); begin() throws InvalidInput otherwise.
  explicit RnnAgent(const rnn::Network& net, Record record = Record::hidden,
                    rnn::Precision precision = rnn::Precision::float64);

  void begin(int n_sessions) override;
  void step(const Eigen::Ref<const Eigen::MatrixXd>& x, const task::StepContext& ctx,
            Eigen::Ref<Eigen::MatrixXd> p) override;

  /// Sessions of the current run.
  int n_sessions() const { return static_cast<int>(n_steps_.size()); }
  /// Steps played so far by session b.
  int n_steps(int b) const { return n_steps_[b]; }
  /// Recorded columns of session b: (S × ·) state or (C × ·) cache; the first n_steps(b)
  /// columns are valid. Empty with Record::none.
  const Eigen::MatrixXd& record(int b) const { return records_[b]; }
  /// The float32 records (C × ·) of session b (Precision::float32; empty otherwise).
  const Eigen::MatrixXf& record_f32(int b) const { return records32_[b]; }
  /// Hidden states of all sessions concatenated session-major: (Σ T_b × H) in C order
  /// (ready for a .npy file). Throws InvalidInput with Record::none.
  std::vector<double> hidden_states() const;
  /// An LSTM's cell states c, laid out like hidden_states(). Throws InvalidInput for other
  /// cells or with Record::none.
  std::vector<double> cell_states() const;

 private:
  std::vector<double> state_rows(int first, const char* what) const;
  /// Current state of session b (S values): the last recorded column with Record::cache,
  /// else state_.
  const double* state_of(int b) const;
  /// The float32 step of the running sessions, two at a time (the last one alone).
  void step_f32(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> p);
  /// The float32 record column of session b's next step (grown as needed), and its state.
  float* next_column_f32(int b);
  const float* state_of_f32(int b) const;

  const rnn::Network& net_;
  Record record_;
  rnn::Precision precision_;
  rnn::CellKernel kernel_;
  rnn::CellKernelF32 kernel32_;
  Eigen::VectorXf zero32_;  // (S) the initial state in float
  std::vector<Eigen::MatrixXf> records32_;
  Eigen::MatrixXd state_;  // (S × B) state of every session (only the initial one with Record::cache)
  Eigen::MatrixXd xc_, sc_, cache_c_, pc_;
  std::vector<int> active_;
  std::vector<int> n_steps_;
  std::vector<Eigen::MatrixXd> records_;
};

}  // namespace iblrnn::train
