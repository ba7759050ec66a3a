#include "iblrnn/pipeline/presets.hpp"

#include <algorithm>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;
using namespace iblrnn::task;
using namespace iblrnn::train;

namespace iblrnn::pipeline {

const std::vector<Preset>& presets() {
  static const std::vector<Preset> table = {
      {"paper2020", "the paper's task and network, and the 2020 code's trainer",
       [](StudyConfig& c) {
         TrainConfig& t = c.train;
         t.preset = "paper2020";
         t.loss = LossKind::neg_prob;
         t.optimizer = OptimizerKind::sgd;
         t.lr = 1e-3;
         t.lr_schedule = LrSchedule::constant;
         t.momentum = 0.1;
         t.batch_size = 1;
         t.n_steps = 100001;
         t.seed = 1;
         t.clip_norm = 0;
         t.truncate_steps = 0;
         t.checkpoint_every = 10000;
         t.log_every = 100;
       }},
      {"iblrig", "the IBL rig's task",
       [](StudyConfig& c) {
         TaskConfig& k = c.task;
         k.preset = "iblrig";
         k.block_length = BlockLength::truncated_exponential;
         k.block_len_mean = 60.0;
         k.first_block_len = 90;
         k.signals = {0.0, 0.0625, 0.125, 0.25, 1.0};
         k.contrast_gain = 2.5;
       }},
      {"fast", "every default: Adam, cosine schedule, batch 8", [](StudyConfig&) {}},
      {"two_unit", "the 2-unit task-trained baseline (SPEC §6): fast's trainer, learning rate "
                   "and steps chosen by measurement (docs/train.md)",
       [](StudyConfig& c) {
         c.network.n_hidden = 2;
         c.train.preset = "two_unit";
         c.train.lr = kTwoUnitLr;
         c.train.n_steps = kTwoUnitSteps;
       }},
  };
  return table;
}

StudyConfig preset_config(const std::string& name) {
  for (const Preset& p : presets()) {
    if (p.name != name) continue;
    StudyConfig c;
    p.set(c);
    return c;
  }
  std::string names;
  for (const Preset& p : presets()) names += (names.empty() ? "" : ", ") + p.name;
  throw InvalidInput("--preset: unknown preset \"" + name + "\"; valid presets: " + names);
}

void apply_preset(StudyConfig& config, const std::string& name) { config = preset_config(name); }

std::vector<std::string> preset_labels(const std::string& field) {
  std::vector<std::string> labels;
  for (const Preset& p : presets()) {
    StudyConfig c = preset_config(p.name);
    const std::string label = field == "task.preset" ? c.task.preset : c.train.preset;
    if (std::find(labels.begin(), labels.end(), label) == labels.end()) labels.push_back(label);
  }
  return labels;
}

}  // namespace iblrnn::pipeline
