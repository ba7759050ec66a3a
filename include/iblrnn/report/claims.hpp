// The paper's claims (SPEC §8; docs/report.md "Claims table", rules K1–K2) tested on every
// seed: each claim has a measurable criterion evaluated on one seed's numbers; the table counts
// the seeds on which it holds, under the paper's definitions and ours where they differ, and
// keeps each seed's values. Pure functions of typed per-seed measurements (NaN, or an empty
// optional, = not measured on that seed: the claim is then "not tested" there, never false).
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace iblrnn::report {

/// One seed's numbers that the claims read. Fractions in [0, 1], angles in degrees.
struct ClaimMeasurements {
  std::int64_t seed = 0;
  // Whether the seed's network trained: the share of evaluation trials it timed out on.
  double rnn_timeout_rate = NAN;
  // C1 accuracies: the RNN, the threshold Bayesian actor, the commit-at-once actor.
  double rnn_accuracy = NAN, bayes_actor_accuracy = NAN, actor_commit_accuracy = NAN;
  // C2 zero-signal accuracy after a block change: mean of trials 1–5 and of trials 20–40.
  double zero_signal_early = NAN, zero_signal_late = NAN;
  // C3 accuracy at |μ| ≤ 0.5 with 95 % confidence half-widths.
  double concordant_low = NAN, concordant_low_ci = NAN;
  double discordant_low = NAN, discordant_low_ci = NAN;
  double pc12_variance = NAN;                       // C4
  double stimulus_in_plane = NAN;                   // C5
  double block_decoder_full = NAN, block_decoder_2d = NAN;  // C6
  double angle_full_paper2020 = NAN, angle_full_ours = NAN;  // C7 (full space)
  double angle_plane_paper2020 = NAN, angle_plane_ours = NAN;  // C7 (plane, reported)
  double slope_stimulus = NAN, slope_block = NAN;   // C8 evidence slopes and their p-values
  double slope_stimulus_p = NAN, slope_block_p = NAN;
  double block_bayes_correlation = NAN;             // C9 (trial ends)
  std::optional<bool> left_concordant_attractor;    // C10: a stable point in the left/left quadrant
  std::optional<bool> right_concordant_attractor;   //      under the left (right) input
  std::string no_stimulus_label;                    // C11 dynamics label ("" = not run)
  bool no_stimulus_slow_channel = false;
  double no_stimulus_angle_block_plane = NAN;       // C11 manifold ∠ in-plane block axis
  double feedback_dq = NAN, observation_dq = NAN;   // C12 mean |ΔQ| per step kind
  double pool_between_correlation = NAN;            // C13
  double pool_within_weight_a = NAN, pool_within_weight_b = NAN;
  double pool_between_weight_ab = NAN, pool_between_weight_ba = NAN;
  double radd_accuracy = NAN, teacher_accuracy = NAN;  // C14 (same evaluation session)
  std::optional<bool> radd_keeps_portrait;           // C15
  std::optional<bool> conventional_keeps_portrait;
  std::optional<bool> task_trained_keeps_portrait;
  double radd_input_drive_ratio = NAN;               // C16, shared scaling
  double radd_tau_stimulus = NAN, radd_tau_block = NAN;  // +inf = none (A_ii ≥ 1)
};

/// How often one criterion held: one count per definition (or one for a single definition).
struct ClaimCount {
  std::string definition;                // "paper2020", "ours", "" (one definition), or a
                                         // named alternative finding (e.g. "bistable_slow_channel")
  std::string criterion;                 // in words, with the thresholds
  std::vector<std::optional<bool>> holds;  // per seed (empty = not tested on that seed)
  int n_holds = 0;
  int n_tested = 0;
  bool majority() const { return n_tested > 0 && 2 * n_holds > n_tested; }
  std::string fraction() const;          // e.g. "4/5" ("0/0" when never tested)
};

/// One claim of SPEC §8 over all seeds.
struct ClaimResult {
  std::string id;                        // "C1" … "C16"
  std::string claim;                     // the paper's claim in words
  std::string where;                     // paper section or figure
  std::vector<ClaimCount> counts;        // the claim's criterion first; then variants
  std::vector<std::int64_t> seeds;       // seed of each per-seed entry
  std::vector<std::vector<std::pair<std::string, double>>> values;  // per seed: named numbers
};

/// Timeout share above which a network counts as not trained (it rarely reaches the action
/// threshold): its numbers are a failure to report, not evidence for or against a claim.
inline constexpr double kFailedTrainingTimeoutRate = 0.5;

/// Why a seed's network counts as not trained ("times out on 99.9 % of evaluation trials"), or
/// empty when it trained (or its timeout share was not measured).
std::string training_failure(const ClaimMeasurements& m);

/// The 16 claims of SPEC §8 evaluated on each seed's measurements (one entry per claim, in
/// order). A seed whose network did not train (training_failure) is "not tested" for every
/// claim. Thresholds are those of claim_thresholds.
std::vector<ClaimResult> build_claims(const std::vector<ClaimMeasurements>& seeds);

/// A claim's criterion on one seed: holds, fails, or not tested (any input not measured).
/// Exposed for tests; `id` is "C1" … "C16", `definition` as in ClaimCount. Throws
/// InvalidInput for an unknown id or definition.
std::optional<bool> claim_holds(const std::string& id, const std::string& definition,
                                const ClaimMeasurements& m);

}  // namespace iblrnn::report
