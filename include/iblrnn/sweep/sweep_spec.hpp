// SweepSpec: a sweep over seeds and configuration fields (docs/sweep.md). A sweep names a
// base configuration (preset → config file → sets, as every command resolves it), the seeds
// (train.seed), axes (a configuration field and its values) and the stages each point runs.
// Its points are the product of the axes and the seeds: point k sets each axis field to one
// of its values and train.seed to one seed, in the order axes (first outermost), then seeds.
// The same sweep is a TOML file (load_sweep_file) or flags (parse_seeds, parse_axis,
// parse_stages); to_sweep_toml writes it back in the file form.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "iblrnn/pipeline/study_config.hpp"

namespace iblrnn::sweep {

/// The stages a point may run, in the order they run: the `iblrnn` command of the same name.
enum class SweepStage { train, eval, analyze, distill };

/// "train" | "eval" | "analyze" | "distill".
const char* stage_name(SweepStage stage);

/// One axis: a configuration field ("section.field") and its values as TOML literals
/// (canonical: as the resolved config.toml writes them, e.g. 5, "gru", 0.001).
struct SweepAxis {
  std::string field;
  std::vector<std::string> values;
};

struct SweepSpec {
  pipeline::ConfigSources base;                 // the base configuration of every point
  std::vector<std::int64_t> seeds;    // train.seed of the points, in order, distinct
  std::string seeds_text;             // seeds as written ("1-20", "1,3,5")
  std::vector<SweepAxis> axes;        // distinct fields, none of them train.seed
  std::vector<SweepStage> stages = {SweepStage::train, SweepStage::eval, SweepStage::analyze,
                                    SweepStage::distill};  // in run order, distinct
  int eval_blocks = 1000;             // `iblrnn eval --blocks` of each point
  std::string keep_hidden = "first_seed";  // which points keep eval/hidden.npy (and cell.npy)
                                      // once all their stages are done: all | first_seed | none
  std::string layout = "points";      // where the points' folders are (sweep_folder.hpp):
                                      // points (DIR/points/NAME) | study (the seeds of
                                      // `iblrnn reproduce`: seeds only, no axes)

  /// Checks seeds, axes (known fields, values valid for their section), stages and the
  /// number of points; canonicalises axis values. Throws InvalidInput naming the bad item.
  void validate();
};

/// Points at most in one sweep.
inline constexpr std::int64_t kMaxSweepPoints = 100000;

/// "1-20", "1,3,5", "1-4,10": distinct non-negative seeds in the order written.
/// Throws InvalidInput("sweep: seeds must be ..., got \"text\"").
std::vector<std::int64_t> parse_seeds(const std::string& text);

/// "network.n_hidden=5,10" → {field network.n_hidden, values 5, 10}. Values are checked by
/// SweepSpec::validate. Throws InvalidInput on a missing '=' or an empty value.
SweepAxis parse_axis(const std::string& text);

/// "train,eval" → the stages in run order. Throws InvalidInput on an unknown or repeated stage.
std::vector<SweepStage> parse_stages(const std::string& text);

/// Reads a sweep file: top-level keys preset, config (relative to the file), seeds, stages,
/// eval_blocks, keep_hidden, layout; section tables ([network], [train], ...) whose values are arrays are axes and
/// whose values are single values are fixed settings of the base. Not yet validated.
/// Throws IoError if unreadable, InvalidInput naming the file, line and key if malformed.
SweepSpec load_sweep_file(const std::string& path);

/// The validated spec as a sweep file (load_sweep_file reads it back to the same spec).
std::string to_sweep_toml(const SweepSpec& spec);

/// One point of a sweep.
struct SweepPoint {
  std::int64_t index = 0;       // position in points(): the Slurm array index
  std::int64_t seed = 0;        // train.seed
  std::vector<std::string> values;  // one TOML literal per axis, in axis order
  std::string name;             // folder name: seed-S_FIELD-VALUE_... (filesystem-safe);
                                // layout study: seed-K, K = index + 1 (the K-th seed)
};

/// Every point of a validated spec, in order (axes outermost, seeds innermost).
/// Throws InvalidInput when two points would get the same folder name.
std::vector<SweepPoint> points(const SweepSpec& spec);

/// True when the point keeps its hidden states under spec.keep_hidden (first_seed: the
/// points of the first seed of the list).
bool keeps_hidden(const SweepSpec& spec, const SweepPoint& point);

/// The `--set` assignments a point adds to the base: each axis, then train.seed.
std::vector<std::string> point_sets(const SweepSpec& spec, const SweepPoint& point);

}  // namespace iblrnn::sweep
