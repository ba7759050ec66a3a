// The IBL ALF trials object of a run (docs/outputs.md, "ALF trials"), one .npy per attribute
// with trial as the leading axis, named <prefix>trials.<attribute>.npy (AlfConfig):
//   contrastLeft, contrastRight   (n,) float64  contrast fraction in [0, 1] on the stimulus side,
//                                               NaN on the other: c = μ / max(1, max signals)
//   probabilityLeft               (n,) float64  P(stimulus left) of the block, exactly as written
//   with an agent:
//   choice                        (n,) int64    IBL sign: +1 = the response that is correct for
//                                               a left stimulus, −1 = right, 0 = no-go (timeout)
//   feedbackType                  (n,) int64    +1 correct, −1 wrong or timeout
//   intervals                     (n,2) float64 trial start and end (s), step clock Δ = step_duration
//   stimOn_times = goCue_times    (n,) float64  start + n_blank·Δ
//   response_times = feedback_times (n,) float64 start + n_steps·Δ (so RT = n_obs·Δ)
//   our extras (namespace _iblrnn_): signal μ, stimSide, block, trialInBlock, session, nObs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "iblrnn/io/alf_config.hpp"
#include "iblrnn/task/run_record.hpp"

namespace iblrnn::io {

/// Contrast fraction in [0, 1] written for signal μ under `task`: μ / max(1, max(task.signals)).
/// Signals that are already contrasts (all ≤ 1, the iblrig preset) are kept; larger signal
/// scales (paper2020: 0–2.5) are divided by their largest level (0, 0.2, ..., 1).
double alf_contrast(const task::TaskConfig& task, double signal);

/// The ALF attributes of one table of trials. Times count from the run's first step;
/// `step_offset` steps and `session_offset` sessions precede the table in the run.
struct AlfTrialColumns {
  bool has_agent = false;
  std::vector<double> contrast_left, contrast_right, probability_left;
  std::vector<double> signal, stim_side, block, trial_in_block, session;
  std::vector<std::int64_t> choice, feedback_type;     // with an agent
  std::vector<double> n_obs, stim_on_times, response_times;
  std::vector<double> intervals;                      // (n, 2) row-major
  std::int64_t n_steps = 0;                           // steps of the table (with an agent)
};

/// Builds the columns of `trials` played under `task`. Throws InvalidInput on an invalid alf.
AlfTrialColumns alf_trial_columns(const task::TrialTable& trials, const task::TaskConfig& task,
                                  const AlfConfig& alf, std::int32_t session_offset,
                                  std::int64_t step_offset);

/// The attribute names written (without prefix and ".npy"), in file order.
std::vector<std::string> alf_attribute_names(bool has_agent);

/// The ALF trials files of a run folder, appended table by table (streamed runs).
class AlfTrialsStream {
 public:
  /// Creates alf.trials_dir(run_dir) and opens every file. Throws IoError / InvalidInput.
  AlfTrialsStream(const std::string& run_dir, bool has_agent, const AlfConfig& alf);
  ~AlfTrialsStream();
  AlfTrialsStream(const AlfTrialsStream&) = delete;
  AlfTrialsStream& operator=(const AlfTrialsStream&) = delete;

  /// Appends the trials of one chunk (played under chunk.config); sessions and steps continue
  /// from the chunks appended before. Throws IoError.
  void append(const task::RunRecord& chunk);

  /// Writes the final headers. Throws IoError. Idempotent.
  void close();

 private:
  struct Files;
  AlfConfig alf_;
  bool has_agent_;
  std::unique_ptr<Files> files_;
  std::int32_t n_sessions_ = 0;
  std::int64_t n_steps_ = 0;
};

/// Writes the ALF trials files of a whole run (played under run.config) into `run_dir`.
void write_alf_trials(const std::string& run_dir, const task::RunRecord& run, const AlfConfig& alf);

}  // namespace iblrnn::io
