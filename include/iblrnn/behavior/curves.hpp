// The behavioural curves of SPEC §4 (docs/behavior.md eq. H1–H9), each computed over a
// subset of a BehaviorTable's rows (one subject, or all of them pooled). Every point holds
// mean ± SEM and n; points are ordered by group (in the order listed) then by x.
// Block analyses (chronometric, concordance, trial in block, bias) use biased blocks only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "iblrnn/behavior/behavior_config.hpp"
#include "iblrnn/behavior/behavior_table.hpp"
#include "iblrnn/behavior/psychometric.hpp"
#include "iblrnn/behavior/stats.hpp"

namespace iblrnn::behavior {

/// One point of a curve: the group it belongs to, its x, and mean ± SEM over n trials.
struct CurvePoint {
  std::string group;
  double x = 0;
  MeanSem value;
};

/// A curve: its name (the output file stem), axis names and points.
struct Curve {
  std::string name;
  std::string x_name;
  std::string y_name;
  std::vector<std::string> groups;  // group names in output order
  std::vector<CurvePoint> points;
  /// The point of `group` at x, or nullptr.
  const CurvePoint* find(const std::string& group, double x) const;
};

/// Median reaction time at one |signal| (H9).
struct MedianPoint {
  double x = 0;
  double median = 0;
  std::int64_t n = 0;
};

/// Row indices 0..size−1.
std::vector<std::size_t> all_rows(const BehaviorTable& t);

/// Row indices of subject s.
std::vector<std::size_t> rows_of_subject(const BehaviorTable& t, int s);

/// Whether timeouts count as wrong in accuracy: config.timeouts, or the table's own default
/// for "auto" (agents: wrong; mice: excluded).
bool timeouts_count_as_wrong(const BehaviorTable& t, const BehaviorConfig& config);

/// Fractions correct / wrong / timeout by signed signal, all blocks (H2); n = all trials at x.
Curve outcome_fractions(const BehaviorTable& t, const std::vector<std::size_t>& rows);

/// Mean RT by signed signal for correct/wrong × concordant/discordant responses (timeouts and
/// missing RTs left out), biased blocks (H1).
Curve chronometric(const BehaviorTable& t, const std::vector<std::size_t>& rows);

/// Accuracy by signed signal, concordant vs discordant trials, biased blocks (H2, H4).
Curve accuracy_by_concordance(const BehaviorTable& t, const std::vector<std::size_t>& rows,
                              bool timeouts_wrong);

/// Accuracy by |signal|, biased blocks (H2, H4).
Curve accuracy_by_abs_signal(const BehaviorTable& t, const std::vector<std::size_t>& rows,
                             bool timeouts_wrong);

/// Accuracy by trial index within the block (0 = first trial after a change, up to
/// max_trial), all signals ("all") and zero signal ("zero_signal"), biased blocks (H2, H4).
Curve accuracy_by_trial_in_block(const BehaviorTable& t, const std::vector<std::size_t>& rows,
                                 bool timeouts_wrong, int max_trial);

/// P(choose right) by signed signal for block_left (P(left) > 0.5), block_right and
/// unbiased blocks; trials with a response only (H2).
Curve psychometric_curve(const BehaviorTable& t, const std::vector<std::size_t>& rows);

/// Fits eq. H5 to one group of a psychometric_curve (H6–H7).
/// P(right) on IBL's terms (brainbox compute_performance, prob_right): x = signed contrast in
/// % (100 · contrast_per_signal · signed signal), every trial counted, a no-go as not right;
/// side-unknown trials left out. Groups as psychometric_curve.
Curve psychometric_curve_ibl(const BehaviorTable& t, const std::vector<std::size_t>& rows);

PsychometricFit fit_psychometric_group(const Curve& psychometric, const std::string& group,
                                       const PsychometricFitOptions& options);

/// Accuracy of responses by reaction time: one point per step count (rt_unit "steps"), or
/// per equal-count quantile bin with x = the bin's median RT (seconds), all blocks (H2).
Curve accuracy_by_rt(const BehaviorTable& t, const std::vector<std::size_t>& rows, int rt_bins);

/// Median RT of responses (missing RTs left out) by |signal|, biased blocks (H9).
std::vector<MedianPoint> median_rt_by_abs_signal(const BehaviorTable& t,
                                                 const std::vector<std::size_t>& rows);

/// Reward rate (H8): correct per trial (timeouts wrong) and correct per unit of reaction
/// time (Σ correct / Σ RT over trials with an RT, delta-method SEM), all blocks.
struct RewardRate {
  MeanSem per_trial;
  MeanSem per_rt_unit;
};
RewardRate reward_rate(const BehaviorTable& t, const std::vector<std::size_t>& rows);

}  // namespace iblrnn::behavior
