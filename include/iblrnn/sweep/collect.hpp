// collect_sweep: gathers every point of a sweep folder into DIR/summary.csv and
// DIR/summary.json (docs/sweep.md, "Summary"). One row per point: index, name, state, seed,
// the axes' field names (network.n_hidden, ...) with the point's values, then the scalar
// results of its stages — `accuracy` (the network's accuracy on the evaluation session,
// eval/summary.json) and every number, boolean and label (a string under a key "label", such as
// analysis/summary.json's dynamics.equal.label) of train/, eval/, analysis/ and distill/
// summary.json, named STAGE.dotted.path with STAGE train, eval, analyze or distill (train.last_log.loss,
// analyze.pca_variance_explained_pc12, distill.radd.r2, …).
// Wall-clock times (keys matching *seconds*, *_per_s, elapsed*, timing_s) are left out, so
// the summary of a sweep depends only on its points, not on where or how fast they ran.
// Columns: the fixed ones, then the union of result names in the order first met.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace iblrnn::sweep {

/// Writes DIR/summary.csv and DIR/summary.json (atomically) and returns the JSON:
///   "columns": [...], "points": [{"index", "name", "state", "seed", AXES..., RESULTS...}],
///   "overall" and "by_axis": {FIELD: [{"value", ...}, ...]}: over the complete points (all of
///   them, or those with one axis value): "n", "mean" and "sd" (n − 1 denominator; with n ≥ 2)
///   of every numeric result, "fraction_true" of every boolean result (e.g. the share of seeds
///   with a line attractor), "label_fraction" of each value of every label result.
/// Points not complete get their state and empty results. Throws InvalidInput if DIR is not
/// a sweep folder, IoError on files.
nlohmann::json collect_sweep(const std::string& dir);

}  // namespace iblrnn::sweep
