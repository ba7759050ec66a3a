// BehaviorTable: one row per trial of any subject — an agent's run or a mouse's sessions —
// in the common form every behavioural curve reads (SPEC §4; docs/behavior.md, "Table").
// Sides are −1 = left, +1 = right; block_side −1 is a P(left) > 0.5 block, 0 unbiased.
// Reaction time is in seconds for mice and observation steps for agents (rt_unit).
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "iblrnn/task/run_record.hpp"

namespace iblrnn::behavior {

/// Trials of one or several subjects, structure-of-arrays, all of length size().
struct BehaviorTable {
  std::string rt_unit = "steps";         // "s" (mice) or "steps" (agents)
  bool timeouts_are_errors = true;       // default timeout policy of this source (agents)
  double contrast_per_signal = 1.0;      // contrast fraction per unit signal: 1 for mice (the
                                         // signal is the contrast), 1 / max(1, max μ) for agents
                                         // (io/alf_trials.hpp, alf_contrast)
  std::vector<std::string> subjects;     // subject names; `subject` indexes this
  std::vector<std::int32_t> subject;     // subject of the trial
  std::vector<std::int32_t> session;     // session index, unique over the whole table
  std::vector<double> p_left;            // P(stimulus left) of the block (0.5 unbiased)
  std::vector<std::int8_t> block_side;   // −1 (P(left) > 0.5), +1 (< 0.5), 0 (= 0.5)
  std::vector<std::int8_t> stim_side;    // −1 / +1; 0 = unknown (mouse no-go at 0 contrast)
  std::vector<double> signal;            // signal μ or contrast, ≥ 0; NaN = side and contrast
                                         // unknown (ALF trial with both contrasts NaN)
  std::vector<double> signed_signal;     // stim_side × signal (+0 at zero signal; NaN if unknown)
  std::vector<std::int8_t> choice;       // −1 / +1, 0 = timeout / no-go
  std::vector<std::uint8_t> correct;     // choice == stim_side
  std::vector<double> rt;                // reaction time (rt_unit); NaN = missing
  std::vector<std::int32_t> trial_in_block;  // trials since the last block change (0-based)

  std::size_t size() const { return choice.size(); }
  /// Biased block and a known stimulus side that matches it.
  bool concordant(std::size_t i) const {
    return block_side[i] != 0 && stim_side[i] != 0 && stim_side[i] == block_side[i];
  }
  /// Biased block and a known stimulus side opposite to it.
  bool discordant(std::size_t i) const {
    return block_side[i] != 0 && stim_side[i] != 0 && stim_side[i] != block_side[i];
  }
  /// Stimulus side and contrast unknown: left out of every curve that depends on them.
  bool side_unknown(std::size_t i) const { return std::isnan(signal[i]); }
  /// Number of rows whose reaction time is missing.
  std::int64_t n_rt_missing() const;
  /// Appends every row of `other`; subjects are merged by name, sessions renumbered after ours.
  void append(const BehaviorTable& other);
  /// Throws InternalError unless every column has size() entries.
  void check_shape() const;
};

/// Block side of a block with the given P(stimulus left): −1, +1 or 0 (exactly 0.5).
int block_side_of_p_left(double p_left);

/// Converts an agent's trials (has_agent) to a BehaviorTable of one subject named `subject`;
/// reaction time = n_obs steps. Throws InvalidInput if `trials` has no agent's choices.
BehaviorTable table_from_trials(const task::TrialTable& trials, const std::string& subject);

/// Reads a run folder's trials.csv (io/run_files.hpp) as one subject. Throws IoError if
/// unreadable, InvalidInput naming the file and line if malformed or without choices.
BehaviorTable read_run_trials(const std::string& path, const std::string& subject);

}  // namespace iblrnn::behavior
