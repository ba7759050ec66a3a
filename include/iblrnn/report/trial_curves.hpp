// Behavioural curves of SPEC §4 computed directly from agents' trials tables, for the report
// when the behaviour module's own curve files are absent (docs/report.md "Fallbacks"). Each
// returns records (JSON objects) with the point's mean, its standard error of the mean
// (sample sd / √n; 0 when n < 2) and n. Timeouts count as wrong in accuracy; they are left out
// of P(choose right) and of reaction times. Block analyses skip unbiased blocks and, "after a
// block change", each session's first block.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "iblrnn/report/report_folder.hpp"
#include "iblrnn/task/run_record.hpp"

namespace iblrnn::report {

/// An agent's run inside the output folder.
struct AgentRun {
  std::string agent;  // agent id ("rnn", "actor", ...) or the run folder's name
  std::string dir;    // folder relative to the output folder ("" = the folder itself)
};

/// Runs with a trials.csv holding choices: the folder itself, network/eval, network_*/eval,
/// bayes/*[/eval], distill/*[/eval] (docs/report.md). The agent id comes from the run's
/// summary.json "agent" when present, else from the folder name.
std::vector<AgentRun> find_agent_runs(ReportFolder& folder);

/// Fractions of correct / wrong / timeout by signed signal s·μ (Fig 2a): records
/// {agent, signed_signal, outcome, fraction, sem, n}.
nlohmann::json outcome_fractions(const task::TrialTable& t, const std::string& agent);

/// Mean observation steps to act by signed signal, split correct/wrong × concordant/discordant
/// (Fig 2b,c): records {agent, signed_signal, outcome, congruence, n_obs, sem, n}.
nlohmann::json chronometric(const task::TrialTable& t, const std::string& agent);

/// Accuracy by signed signal, concordant vs discordant (Fig 3a): records
/// {agent, signed_signal, congruence, accuracy, sem, n}.
nlohmann::json accuracy_by_congruence(const task::TrialTable& t, const std::string& agent);

/// Accuracy by trial index within the block after a block change, trial_in_block < max_trial
/// (Fig 3b; zero_signal_only → μ = 0 trials, Fig 3c): records {agent, trial_in_block,
/// accuracy, sem, n}.
nlohmann::json accuracy_after_switch(const task::TrialTable& t, const std::string& agent,
                                     bool zero_signal_only, int max_trial);

/// P(choose right) by signed signal for each block side (psychometric, Fig 3 / SPEC §4.5):
/// records {agent, block, signed_signal, p_right, sem, n} with block "left"/"right".
nlohmann::json psychometric_points(const task::TrialTable& t, const std::string& agent);

/// IBL's erf psychometric with two lapse rates (docs/behavior.md H5):
/// γ₁ + (1 − γ₁ − γ₂)(erf((x − m)/w) + 1)/2.
double psychometric_p(double x, double m, double w, double gamma1, double gamma2);

/// Converts the pooled rows {input, subject (empty = pooled), group, x, mean, sem, n} of the
/// behaviour module's `<curve>.csv` (docs/behavior.md "Curves") to the records above:
/// outcome_fractions, chronometric, accuracy_concordance, psychometric (block_left/right
/// only), accuracy_trial_in_block (group "all") and accuracy_trial_in_block_zero (group
/// "zero_signal"). Inputs listed in `mice` get "mice": true. Unknown curves give [].
nlohmann::json records_from_behavior(const nlohmann::json& rows, const std::string& curve,
                                     const std::vector<std::string>& mice);

/// Start and end of the μ = 0 accuracy after a block change (SPEC §7, Fig 3c) from records
/// {trial_in_block, accuracy, n}: start = accuracy at trial 0, end = the n-weighted mean over
/// trials end_from ≤ k < end_to. NaN where no point falls in a range.
std::pair<double, double> zero_signal_rise(const nlohmann::json& records, int end_from, int end_to);

}  // namespace iblrnn::report
