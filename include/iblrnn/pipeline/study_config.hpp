// StudyConfig: the whole resolved configuration of a run, one section per module.
// Resolution order: preset (presets.hpp) → config file (TOML) → --set overrides → validate().
#pragma once

#include <string>
#include <vector>

#include "iblrnn/core/fields.hpp"
#include "iblrnn/analysis/analysis_config.hpp"
#include "iblrnn/bayes/bayes_config.hpp"
#include "iblrnn/distill/distill_config.hpp"
#include "iblrnn/io/alf_config.hpp"
#include "iblrnn/pipeline/eval_config.hpp"
#include "iblrnn/behavior/behavior_config.hpp"
#include "iblrnn/rnn/network_config.hpp"
#include "iblrnn/train/train_config.hpp"
#include "iblrnn/task/task_config.hpp"

namespace iblrnn::pipeline {

/// Every module's config; each section is a TOML table of the same name.
struct StudyConfig {
  task::TaskConfig task;
  bayes::BayesConfig bayes;
  behavior::BehaviorConfig behavior;
  analysis::AnalysisConfig analysis;
  rnn::NetworkConfig network;
  train::TrainConfig train;
  distill::DistillConfig distill;
  io::AlfConfig alf;
  EvalConfig eval;

  /// Sections with pointers into *this (valid while *this lives and is not moved).
  std::vector<core::ConfigSection> sections();
};

/// Where a resolved configuration comes from (front ends fill this from flags or kwargs).
struct ConfigSources {
  std::string preset;               // empty: each section's default
  std::string config_file;          // empty: none
  std::vector<std::string> sets;    // "field=value" or "section.field=value"
};

/// Reads a TOML file into config (unknown tables or keys are errors naming the file and key).
/// Throws IoError if unreadable, InvalidInput if malformed.
void load_config_file(StudyConfig& config, const std::string& path);

/// The field at `path` ("section.field", or "field" when only one section has it; '-' read as
/// '_'), pointing into `config`; its section's name in *section. Throws InvalidInput, naming
/// `where`, for an unknown or ambiguous field.
core::FieldRef find_field(StudyConfig& config, const std::string& path, const std::string& where,
                    std::string* section = nullptr);

/// Applies one "field=value" or "section.field=value"; a bare field must be unique.
/// Throws InvalidInput naming the field if unknown or the value malformed.
void apply_set(StudyConfig& config, const std::string& assignment);

/// preset → file → sets → validate(); returns the resolved config.
StudyConfig resolve_config(const ConfigSources& sources);

/// The resolved configuration as TOML (feeds back through load_config_file).
std::string to_toml(StudyConfig& config);

}  // namespace iblrnn::pipeline
