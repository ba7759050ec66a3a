// analyze_behavior: every curve of SPEC §4 for several labelled trial tables side by side —
// agents' runs and mice — pooled per input and per subject, plus the headline summary
// (docs/behavior.md, "Outputs"; the bias shift is eq. H10). Pure computation: the JSON and
// CSV texts are returned, pipeline/behavior.hpp writes them.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "iblrnn/behavior/behavior_config.hpp"
#include "iblrnn/behavior/behavior_table.hpp"
#include "iblrnn/behavior/curves.hpp"
#include "iblrnn/behavior/psychometric.hpp"

namespace iblrnn::behavior {

/// A trial table with the label it is shown under (a run name, "mice", a mouse name, ...).
struct LabeledTable {
  std::string label;
  BehaviorTable table;
};

/// Every curve and fit of one set of rows (one subject, or all of an input pooled).
struct BehaviorCurves {
  std::string subject;                       // subject name, or "" for pooled
  std::int64_t n_trials = 0;
  std::vector<Curve> curves;                 // in the order of behavior_curve_names()
  std::vector<std::string> fit_groups;       // psychometric groups fitted
  std::vector<PsychometricFit> fits;         // one per fit_groups entry
  FitRanges fit_kind = FitRanges::iblrnn;    // BehaviorConfig::fit the fits were made with
  double pct_per_x = 100;                    // % contrast per unit of the fits' x
  std::vector<MedianPoint> median_rt;        // by |signal|, biased blocks
  RewardRate reward;
  nlohmann::json summary;                    // headline numbers (see behavior_summary)
};

/// One input: pooled curves and, when it has several subjects, per-subject curves.
struct InputBehavior {
  std::string label;
  std::string rt_unit;
  bool timeouts_wrong = true;
  std::int64_t n_sessions = 0;
  std::int64_t n_rt_missing = 0;
  BehaviorCurves pooled;
  std::vector<BehaviorCurves> subjects;
};

/// The result of analyze_behavior: one entry per input, in order.
struct BehaviorAnalysis {
  std::vector<InputBehavior> inputs;
};

/// Names of the curves (output file stems), in output order.
const std::vector<std::string>& behavior_curve_names();

/// Computes every curve, fit and summary of `rows` of `t` (rows empty → no trials).
BehaviorCurves analyze_rows(const BehaviorTable& t, const std::vector<std::size_t>& rows,
                            const BehaviorConfig& config, const std::string& subject);

/// Analyses every input. Throws InvalidInput on an invalid config, an empty or duplicate
/// label.
BehaviorAnalysis analyze_behavior(const std::vector<LabeledTable>& inputs,
                                  const BehaviorConfig& config);

/// {"inputs": [{label, rt_unit, n_trials, ..., pooled summary, "subjects": {name: summary}}]}.
nlohmann::json behavior_summary_json(const BehaviorAnalysis& analysis);

/// One curve of every input: {"name", "x", "y", "groups", "inputs": [{label, rt_unit,
/// "pooled": {points[, fits]}, "subjects": {name: {points[, fits]}}}]}. Throws InvalidInput
/// for an unknown curve name.
nlohmann::json curve_json(const BehaviorAnalysis& analysis, const std::string& name);

/// The same curve as CSV: input,subject,group,x,mean,sem,n (subject empty = pooled).
std::string curve_csv(const BehaviorAnalysis& analysis, const std::string& name);

/// Psychometric fits as CSV: input,subject,group,fit,m,m_se,w,w_se,gamma1,gamma1_se,gamma2,
/// gamma2_se,nll,n_trials,n_levels,status,bias_pct,bias_pct_se,threshold_pct,threshold_pct_se
/// (m and w in % contrast).
std::string psychometric_fits_csv(const BehaviorAnalysis& analysis);

/// One row per input and subject: the psychometric parameters with SEs, bias and threshold in
/// % contrast per biased block, lapses, and the bias shift m(block_left) − m(block_right) in %
/// contrast: input,subject,fit,n_trials,bias_left_pct,bias_left_pct_se,bias_right_pct,
/// bias_right_pct_se,bias_shift_pct,bias_shift_pct_se,threshold_left_pct,threshold_left_pct_se,
/// threshold_right_pct,threshold_right_pct_se,lapse_low_left,lapse_low_left_se,lapse_high_left,
/// lapse_high_left_se,lapse_low_right,lapse_low_right_se,lapse_high_right,lapse_high_right_se.
std::string psychometric_table_csv(const BehaviorAnalysis& analysis);

/// Reads one input of `iblrnn behavior`, detecting its kind: a run folder (trials.csv), a
/// run trials.csv or mouse CSV file, a folder of mouse CSVs, or an ALF trials folder
/// (dir or dir/alf). Throws IoError if missing, InvalidInput if unrecognised or malformed.
BehaviorTable load_behavior_input(const std::string& path, const std::string& subject,
                                  const BehaviorConfig& config);

/// The kind load_behavior_input would read: "run", "mouse_csv", "mouse_folder", "alf".
/// Throws IoError if the path does not exist, InvalidInput if unrecognised.
std::string detect_behavior_input(const std::string& path);

}  // namespace iblrnn::behavior
