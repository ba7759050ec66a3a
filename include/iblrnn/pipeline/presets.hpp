// The presets: one table (src/pipeline/presets.cpp) of named starting configurations, each
// the defaults of every section with the fields it names changed. `--preset NAME` applies one
// before any --config or --set; `task.preset` and `train.preset` record which one a section
// started from, so the labels they may hold are those the table writes there.
//   paper2020  the paper's task and network, and the 2020 code's trainer (SGD, batch 1,
//              100 001 steps)
//   iblrig     the IBL rig's task (truncated exponential blocks, a 90-trial unbiased first
//              block, contrasts 0–100 %)
//   fast       every default (Adam, cosine schedule, batch 8: minutes, not hours)
//   two_unit   the 2-unit task-trained baseline of SPEC §6
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "iblrnn/pipeline/study_config.hpp"

namespace iblrnn::pipeline {

/// One preset: its name, a one-line description, and what it changes from the defaults.
struct Preset {
  std::string name;
  std::string meaning;
  std::function<void(StudyConfig&)> set;
};

/// Every preset, in the order shown in help and errors.
const std::vector<Preset>& presets();

/// The defaults with preset `name` applied. Throws InvalidInput("--preset: unknown preset
/// \"NAME\"; valid presets: …") for an unknown name.
StudyConfig preset_config(const std::string& name);

/// Resets every section of `config` to preset `name` (preset_config(name)).
void apply_preset(StudyConfig& config, const std::string& name);

/// The labels `field` ("task.preset" or "train.preset") may hold: its value under each preset.
std::vector<std::string> preset_labels(const std::string& field);

}  // namespace iblrnn::pipeline
