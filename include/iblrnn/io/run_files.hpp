// Writers (and readers) of a run folder's task files (docs/outputs.md):
//   trials.csv        one row per trial (generative columns; choice, correct, n_obs with an agent)
//   alf/trials.*.npy  IBL ALF trials object (contrastLeft/Right, probabilityLeft, choice with
//                     IBL's sign: +1 = leftward response, −1 = rightward, 0 = no-go;
//                     feedbackType; our extras under the _iblrnn_ namespace)
//   steps/*.npy       per-step inputs (n_steps, 3), probs (n_steps, 2), outcome, trial, k
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "iblrnn/task/run_record.hpp"

namespace iblrnn {

/// One column of trials.csv: its name and the TrialTable member that holds it.
struct TrialColumn {
  const char* name;
  std::variant<const std::vector<std::int32_t>*, const std::vector<std::int8_t>*,
               const std::vector<std::uint8_t>*, const std::vector<double>*>
      values;
};

/// The columns of trials.csv in file order: session, block, trial_in_block, block_side,
/// p_left, stim_side, signal, concordant and, when t.has_agent, choice, correct, n_obs.
std::vector<TrialColumn> trial_columns(const TrialTable& t);

/// Writes trials.csv into `dir`.
void write_trials_csv(const std::string& dir, const TrialTable& trials);

/// Reads a trials.csv written by write_trials_csv (has_agent if it has choice columns).
/// Throws IoError if unreadable, InvalidInput naming the file and line if malformed.
TrialTable read_trials_csv(const std::string& path);

/// Writes dir/alf/trials.*.npy.
void write_alf_trials(const std::string& dir, const TrialTable& trials);

/// Writes per-step arrays: inputs.npy (n,3), probs.npy (n,2), outcome.npy (n),
/// step_trial.npy (n) and step_k.npy (n), plus trial_first_step.npy / trial_n_steps.npy.
void write_step_arrays(const std::string& dir, const RunRecord& run);

/// The summary of a run: n_trials, n_blocks, and with an agent accuracy, timeout_rate,
/// mean_n_obs, mean_outcome, accuracy_by_signal (signed signal → accuracy),
/// accuracy_concordant, accuracy_discordant.
nlohmann::json run_summary(const RunRecord& run);

/// Writes JSON with 2-space indentation, atomically.
void write_json(const std::string& path, const nlohmann::json& value);

}  // namespace iblrnn
