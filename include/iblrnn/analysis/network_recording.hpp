// What the network analysis reads (SPEC §5; docs/analysis.md): the hidden states, inputs and
// trial structure of one evaluation run, and the network's readout and recurrent matrices.
// Shapes: hidden H × N and inputs 3 × N (one column per step, steps session-major); per-trial
// arrays have n_trials entries.
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "iblrnn/analysis/step_map.hpp"
#include "iblrnn/task/run_record.hpp"

namespace iblrnn::analysis {

/// What the analysis reads. Per-step arrays have N entries, per-trial arrays n_trials.
struct NetworkRecording {
  Eigen::MatrixXd hidden;                  // H × N hidden states h_t
  Eigen::MatrixXd cell;                    // H × N LSTM cell states c_t (empty otherwise)
  Eigen::MatrixXd inputs;                  // 3 × N inputs x_t = (o^L, o^R, r)
  std::vector<std::int32_t> step_trial;    // N: trial (row of the per-trial arrays)
  std::vector<std::int8_t> step_k;         // N: step index within the trial
  int n_blank_steps = 2;                   // steps k < n_blank_steps are blank
  // Per trial:
  std::vector<std::int32_t> session;
  std::vector<std::int32_t> block;
  std::vector<std::int32_t> trial_in_block;
  std::vector<std::int8_t> block_side;     // −1, +1 (0: unbiased, left out of block analyses)
  std::vector<std::int8_t> stim_side;
  std::vector<double> signal;
  std::vector<std::int8_t> choice;         // −1, +1, 0 (timeout); may be empty
  std::vector<std::int64_t> first_step;    // first step of each trial
  std::vector<std::int32_t> n_steps;       // steps of each trial
  Eigen::VectorXd bayes_block_right;       // observer's β_n(right) after trial n (may be empty)
  // The network:
  Eigen::MatrixXd W_out;                   // 2 × H readout (rows left, right)
  Eigen::MatrixXd W_rec;                   // H × H recurrent matrix used for pools
  const StepMap* map = nullptr;            // F(s; x); null skips flow fields and fixed points

  /// Copies the per-trial columns session … choice from a trial table (task/run_record.hpp).
  void set_trials(const task::TrialTable& t);

  /// H, N and n_trials.
  Eigen::Index n_units() const { return hidden.rows(); }
  Eigen::Index n_steps_total() const { return hidden.cols(); }
  Eigen::Index n_trials() const { return static_cast<Eigen::Index>(block_side.size()); }

  /// True when step t ≥ 1 follows step t − 1 in the same session (a step of the dynamics).
  bool continues_session(Eigen::Index t) const {
    return session[step_trial[t]] == session[step_trial[t - 1]];
  }
};

/// Checks shapes and indices. Throws InvalidInput naming the first inconsistent field.
void check_recording(const NetworkRecording& r);

}  // namespace iblrnn::analysis
