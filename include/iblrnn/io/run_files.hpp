// Writers (and readers) of a run folder's task files (docs/outputs.md):
//   trials.csv        one row per trial (generative columns; response_side, correct, n_obs
//                     with an agent)
//   (the ALF trials object is io/alf_trials.hpp)
//   steps/*.npy       per-step inputs (n_steps, 3), probs (n_steps, 2), outcome, trial, k
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "iblrnn/task/run_record.hpp"

namespace iblrnn::io {

/// One column of trials.csv: its name and the TrialTable member that holds it.
struct TrialColumn {
  const char* name;
  std::variant<const std::vector<std::int32_t>*, const std::vector<std::int8_t>*,
               const std::vector<std::uint8_t>*, const std::vector<double>*>
      values;
};

/// The columns of trials.csv in file order: session, block, trial_in_block, block_side,
/// p_left, stim_side, signal, concordant and, when t.has_agent, response_side (−1 left,
/// +1 right, 0 timeout), correct, n_obs.
std::vector<TrialColumn> trial_columns(const task::TrialTable& t);

/// Writes trials.csv into `dir`.
void write_trials_csv(const std::string& dir, const task::TrialTable& trials);

/// The header line of trials.csv (with the agent's columns if has_agent), '\n'-terminated.
std::string trials_csv_header(bool has_agent);

/// Appends the rows of `trials` to `out` in trials.csv's format, session + session_offset.
void append_trials_csv_rows(std::string& out, const task::TrialTable& trials,
                            std::int32_t session_offset);

/// Reads a trials.csv written by write_trials_csv (has_agent if it has the agent's columns;
/// a response column named choice, as older files have, is read as response_side).
/// Throws IoError if unreadable, InvalidInput naming the file and line if malformed.
task::TrialTable read_trials_csv(const std::string& path);

/// Writes per-step arrays: inputs.npy (n,3), probs.npy (n,2), outcome.npy (n),
/// step_trial.npy (n) and step_k.npy (n), plus trial_first_step.npy / trial_n_steps.npy.
void write_step_arrays(const std::string& dir, const task::RunRecord& run);

/// The summary of a run: n_trials, n_blocks, n_sessions, seed, and with an agent accuracy,
/// timeout_rate, mean_n_obs, mean_outcome, accuracy_by_signal (signed signal → accuracy),
/// accuracy_concordant, accuracy_discordant.
nlohmann::json run_summary(const task::RunRecord& run);

/// The same from the running sums of a run streamed in chunks.
nlohmann::json run_summary(const task::RunTally& tally, int n_sessions, std::uint64_t seed);

/// Writes JSON with 2-space indentation, atomically.
void write_json(const std::string& path, const nlohmann::json& value);

}  // namespace iblrnn::io
