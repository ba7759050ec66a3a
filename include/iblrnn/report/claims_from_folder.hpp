// The claims of SPEC §8 read from a study's output folders (docs/report.md "Claims table"):
// each seed's measurements from its own network, analysis and distillation summaries, the
// Bayesian baselines from the study folder (they play the same evaluation session as every
// seed's network), and the table as JSON for DIR/summary.json `claims`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "iblrnn/report/claims.hpp"
#include "iblrnn/report/report_folder.hpp"

namespace iblrnn::report {

/// One seed's measurements. `seed_root` holds the network's evaluation (`eval_dir`:
/// network/eval in a study, eval in a sweep point), analysis/ and distill/ (the study folder
/// for the first seed, DIR/seeds/seed-K for the others, or a sweep point's folder); `study`
/// holds bayes/<agent>/. Without bayes/actor, C1's threshold actor is read from the
/// evaluation's own `actor_accuracy` (the same agent on the same session, eval/summary.json).
/// A file or key that is missing leaves its measurement NaN / empty (the claim is then "not
/// tested" on that seed). C2 and C3 are computed from network/eval/trials.csv:
///   C2 zero-signal accuracy after a block change, mean over trials 1–5 (k < 5) and 20–40
///      (19 ≤ k < 40) of the block;
///   C3 accuracy of concordant and discordant trials with 0 < μ ≤ 0.5 (timeouts count as
///      wrong), each with its 95 % half-width 1.96 √(p(1 − p)/n).
ClaimMeasurements read_claim_measurements(ReportFolder& seed_root, ReportFolder& study,
                                          std::int64_t seed, const std::string& eval_dir = "network/eval");

/// The claims as JSON: [{id, claim, where, counts: [{definition, criterion, holds (per seed:
/// true/false/null), n_holds, n_tested, fraction}], seeds, values: [{name: value} per seed]}].
nlohmann::json claims_json(const std::vector<ClaimResult>& claims);

}  // namespace iblrnn::report
