// pipeline::run_distill: the `iblrnn distill` job (SPEC §6; docs/distill.md): from a trained
// network's run folder and its evaluation (RUN/eval, made first if missing) it builds the
// three 2-unit models — RADD (closed form, eq. D1–D11), conventional distillation (eq. D15)
// and a 2-unit network trained on the task (eq. D16) — lets the teacher and all three play
// the same evaluation session (common random numbers), draws their phase portraits and fixed
// points (eq. D12–D14), and writes DIR (default RUN/distill) atomically: summary.json, arrays
// for every figure, and each reduced model as a network folder that `iblrnn eval` accepts.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "iblrnn/core/progress.hpp"
#include "iblrnn/pipeline/study_config.hpp"

namespace iblrnn {

struct DistillOptions {
  std::string run;     // run folder of the trained teacher (config.toml + weights)
  std::string out;     // output folder; empty: RUN/distill (replaced atomically)
  StudyConfig config;  // resolved configuration: its [distill] and [analysis] sections are
                       // used; task, network and train come from RUN/config.toml
  ProgressFn progress;

  /// Throws InvalidInput naming the bad option.
  void validate() const;
};

/// Runs the distillation study and writes the output folder; returns summary.json's content.
/// Throws IoError if RUN lacks config.toml or weights, InvalidInput on bad options or data.
nlohmann::json run_distill(DistillOptions options);

}  // namespace iblrnn
