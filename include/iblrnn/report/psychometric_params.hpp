// The report's table of fitted psychometric parameters (docs/report.md "Psychometric
// parameters"): per agent and per mouse, the bias m, threshold w and lapses γ₁, γ₂ of the erf
// psychometric (docs/behavior.md H5–H7) in each biased block and the bias shift between blocks
// (H10), each with its SE. Read from the behaviour outputs, never recomputed:
// behavior/psychometric_table.csv (% contrast and lapses), psychometric_fits.csv (m, w in the
// fit's own x units) and summary.json (the shift in those units, rt_unit telling the mice).
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "iblrnn/report/figure.hpp"
#include "iblrnn/report/report_folder.hpp"

namespace iblrnn::report {

/// A fitted value with its standard error (NaN: absent, at a bound or not identified).
struct Estimate {
  double value = std::nan("");
  double se = std::nan("");
};

/// One row of behavior/psychometric_table.csv: an input pooled (subject "") or one subject.
struct PsychometricParamsRow {
  std::string input;    // the behaviour input's label ("RNN", "actor", "mice", ...)
  std::string subject;  // "" = the input pooled, else a subject (a mouse) of the input
  std::string fit;      // "iblrnn" or "ibl" (docs/behavior.md H6, H6b)
  std::int64_t n_trials = 0;
  bool mice = false;    // the input's rt_unit is "s" (behavior/summary.json): x is a contrast
  // In % contrast (psychometric_table.csv): m and w per biased block, Δm = m_left − m_right.
  Estimate bias_left_pct, bias_right_pct, bias_shift_pct, threshold_left_pct, threshold_right_pct;
  // Lapses (fractions): low = γ₁ = P(right) as x → −∞, high = γ₂ = 1 − P(right) as x → +∞.
  Estimate lapse_low_left, lapse_high_left, lapse_low_right, lapse_high_right;
  // The fits' status per block (psychometric_fits.csv: "ok", "not_converged",
  // "too_few_levels"); "" when the file lacks the row.
  std::string status_left, status_right;
  // In the fit's x units when they are not % contrast (an agent's `iblrnn` fit: the signal μ):
  // m, w from psychometric_fits.csv, Δm from summary.json bias_shift.fit_m; NaN otherwise.
  Estimate bias_left_x, bias_right_x, bias_shift_x, threshold_left_x, threshold_right_x;
};

/// The rows of DIR/behavior/psychometric_table.csv in file order, completed from
/// psychometric_fits.csv and summary.json. Empty when the table is missing or unreadable;
/// `why` then says which. Throws nothing.
std::vector<PsychometricParamsRow> read_psychometric_params(ReportFolder& folder, std::string& why);

/// A value ± SE as the table prints it with `decimals` digits after the point, e.g.
/// "5.05 ± 0.08"; "—" for a NaN value, "5.05 ± n/a" for a NaN SE.
std::string format_estimate(const Estimate& e, int decimals);

/// The report card "psychometric_params": the rows above as a table (pooled inputs first, the
/// subjects of an input folded below), bias and threshold in % contrast with an agent's signal
/// units beside them, the caption naming the fit(s) that produced them.
Figure psychometric_params_figure(ReportFolder& folder);

}  // namespace iblrnn::report
