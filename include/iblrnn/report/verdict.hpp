// Verdict rules of the reproduction table (docs/report.md, rules V1–V5): each row compares our
// value(s) — the mean over seeds, with the seeds' standard deviation when several were run —
// with the paper's, and says in words whether it reproduced. Values are plain numbers in the
// row's stored unit (fractions for percentages, degrees, seconds); NaN marks a value not run.
#pragma once

#include <string>
#include <vector>

namespace iblrnn::report {

/// The verdict of one table row.
enum class Verdict { reproduced, qualitatively, differs, not_run };

/// "reproduced", "qualitatively", "differs" or "not run".
std::string verdict_name(Verdict verdict);

/// How a row is judged (docs/report.md V1–V5).
enum class RuleKind {
  band,             // V1: every |ours − paper| ≤ max(tol, 2 sd) → reproduced; ≤ qual_tol → qualitatively
  signs,            // V2: as band; else same sign on every entry with |paper| ≥ sign_floor → qualitatively
  signs_and_order,  // V3: as band; else same signs and ours[0] > ours[1] iff paper[0] > paper[1]
  rise,             // V4: ours = (start, end); start, end inside the paper's ranges ± tol → reproduced;
                    //     end − start ≥ min_rise → qualitatively
  speed,            // V5: ours = (fast s, slow s); fast < limit and slow ≥ ratio · fast → reproduced;
                    //     fast < slow → qualitatively
};

/// Parameters of a row's rule (fields unused by its kind are ignored).
struct VerdictRule {
  RuleKind kind = RuleKind::band;
  double tol = 0;         // band/signs/signs_and_order: reproduced tolerance; rise: range margin
  double qual_tol = 0;    // band: qualitatively tolerance
  double sign_floor = 0;  // signs: entries with |paper| below this are not sign-checked
  double min_rise = 0;    // rise: smallest end − start counted as a rise
  double limit = 0;       // speed: the fast value must stay below this (seconds)
  double ratio = 0;       // speed: slow / fast must reach this
  // rise: the row's paper values are the ranges {start_lo, start_hi, end_lo, end_hi}.
  double scale = 1;       // reasons print values × scale (100 for fractions shown in %)
  std::string unit;       // and this unit after them ("pp", "°", "s", or empty)

  /// Throws InvalidInput naming the field if a parameter is negative or NaN.
  void validate() const;
};

/// A verdict with a one-line reason in words (the numbers that decided it).
struct Judgement {
  Verdict verdict = Verdict::not_run;
  std::string reason;
};

/// Judges `ours` (means, NaN = not run) with spread `sd` (empty or same size; NaN = one seed)
/// against `paper` under `rule`. Throws InvalidInput if the sizes do not fit the rule.
Judgement judge(const VerdictRule& rule, const std::vector<double>& paper,
                const std::vector<double>& ours, const std::vector<double>& sd);

}  // namespace iblrnn::report
