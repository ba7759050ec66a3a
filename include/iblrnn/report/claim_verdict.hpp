// The verdict of a reproduction-table row judged on many seeds and on the paper's claim
// (docs/report.md rules K2): 
//   reproduced     every entry of the paper's number lies inside the seeds' range [min, max]
//                  of our values under the paper's definition, or within the row's tolerance
//                  of their mean;
//   qualitatively  the number differs, but the paper's claim behind it holds on a majority of
//                  the seeds where it was tested;
//   differs        the number differs and the claim fails on most seeds, or no claim was
//                  tested: a tolerance alone never yields "qualitatively".
#pragma once

#include <vector>

#include "iblrnn/report/claims.hpp"
#include "iblrnn/report/verdict.hpp"

namespace iblrnn::report {

/// Judges `per_seed` (one vector of entries per seed, NaN = not run) against `paper` (the
/// entries) with per-entry tolerances `tol` (one value for all entries, or one per entry) and
/// the claim's count under the paper's definition (nullptr: no claim). Seeds with any NaN
/// entry are left out. Throws InvalidInput if the sizes differ or a tolerance is negative.
Judgement judge_on_seeds(const std::vector<double>& paper,
                         const std::vector<std::vector<double>>& per_seed,
                         const std::vector<double>& tol, const ClaimCount* claim);

}  // namespace iblrnn::report
