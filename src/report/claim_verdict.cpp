#include "iblrnn/report/claim_verdict.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "iblrnn/core/error.hpp"
#include "iblrnn/core/format.hpp"

using namespace iblrnn::core;

namespace iblrnn::report {

Judgement judge_on_seeds(const std::vector<double>& paper,
                         const std::vector<std::vector<double>>& per_seed,
                         const std::vector<double>& tol, const ClaimCount* claim) {
  const char* w = "judge_on_seeds";
  require(!paper.empty(), w, "paper", "must hold at least one value", paper.size());
  require(tol.size() == 1 || tol.size() == paper.size(), w, "tol",
          "must hold one value or one per entry (" + std::to_string(paper.size()) + ")",
          tol.size());
  for (double t : tol) require(t >= 0.0, w, "tol", "must be >= 0", t);
  std::vector<const std::vector<double>*> run;
  for (const auto& s : per_seed) {
    require(s.size() == paper.size(), w, "per-seed values", "must have one entry per paper value",
            s.size());
    if (std::none_of(s.begin(), s.end(), [](double v) { return std::isnan(v); })) run.push_back(&s);
  }
  Judgement j;
  if (run.empty()) {
    j.reason = "no seed was run";
    return j;
  }
  const std::string n_seeds = std::to_string(run.size()) + (run.size() == 1 ? " seed" : " seeds");
  // K2a: each entry inside the seeds' range or within tolerance of their mean.
  bool all_in = true;
  std::string first_out;
  for (std::size_t i = 0; i < paper.size(); ++i) {
    double lo = 1e300, hi = -1e300, mean = 0.0;
    for (const auto* s : run) {
      lo = std::min(lo, (*s)[i]);
      hi = std::max(hi, (*s)[i]);
      mean += (*s)[i] / double(run.size());
    }
    const double t = tol.size() == 1 ? tol[0] : tol[i];
    const bool in = (paper[i] >= lo && paper[i] <= hi) || std::abs(mean - paper[i]) <= t;
    if (!in && all_in)
      first_out = "paper " + format_3g(paper[i]) + " outside the seeds' range [" + format_3g(lo) + ", " +
                  format_3g(hi) + "] and " + format_3g(std::abs(mean - paper[i])) + " from their mean (> " +
                  format_3g(t) + ")";
    all_in = all_in && in;
  }
  if (all_in) return {Verdict::reproduced, "the paper's value lies within the " + n_seeds +
                                               "' range or tolerance"};
  // K2b: only the claim can make a differing number "qualitatively".
  if (!claim || claim->n_tested == 0)
    return {Verdict::differs, first_out + "; no claim tested on it (" + n_seeds + ")"};
  if (claim->majority())
    return {Verdict::qualitatively,
            first_out + "; the claim holds on " + claim->fraction() + " seeds"};
  return {Verdict::differs, first_out + "; the claim holds on only " + claim->fraction() + " seeds"};
}

}  // namespace iblrnn::report
