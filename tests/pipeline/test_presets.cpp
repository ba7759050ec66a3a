// The preset table (pipeline/presets.hpp): each preset is the defaults with its own fields
// changed, and the labels a section may record are those the table writes.
#include <gtest/gtest.h>

#include "iblrnn/core/error.hpp"
#include "iblrnn/pipeline/presets.hpp"

using namespace iblrnn::core;
using namespace iblrnn::pipeline;
using namespace iblrnn::task;
using namespace iblrnn::train;


namespace {

std::string resolve_error(const std::string& set) {
  ConfigSources sources;
  sources.sets = {set};
  try {
    resolve_config(sources);
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Presets, EachIsTheDefaultsWithItsOwnFieldsChanged) {
  StudyConfig defaults;
  StudyConfig c = preset_config("iblrig");
  EXPECT_EQ(c.task.block_length, BlockLength::truncated_exponential);
  EXPECT_EQ(c.task.signals, (std::vector<double>{0.0, 0.0625, 0.125, 0.25, 1.0}));
  c.task = defaults.task;  // every other section is the default
  EXPECT_EQ(to_toml(c), to_toml(defaults));
  StudyConfig p = preset_config("paper2020");
  EXPECT_EQ(p.train.optimizer, OptimizerKind::sgd);
  p.train = defaults.train;
  EXPECT_EQ(to_toml(p), to_toml(defaults));
  StudyConfig f = preset_config("fast");
  EXPECT_EQ(to_toml(f), to_toml(defaults));
  // --preset replaces everything: a later preset leaves nothing of an earlier one.
  StudyConfig both = preset_config("iblrig");
  apply_preset(both, "two_unit");
  EXPECT_EQ(both.task.preset, "paper2020");
  EXPECT_EQ(both.network.n_hidden, 2);
}

TEST(Presets, UnknownNamesAndLabelsAreRefusedWithTheTablesNames) {
  try {
    preset_config("mars");
    ADD_FAILURE() << "no error";
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "--preset: unknown preset \"mars\"; valid presets: paper2020, iblrig, fast, two_unit");
  }
  EXPECT_EQ(resolve_error("task.preset=x"), "TaskConfig: preset must be paper2020 or iblrig, got \"x\"");
  EXPECT_EQ(resolve_error("train.preset=iblrig"),
            "TrainConfig: preset must be paper2020, fast or two_unit, got \"iblrig\"");
  EXPECT_EQ(resolve_error("distill.task_trained_preset=iblrig"),
            "DistillConfig: task_trained_preset must be paper2020, fast or two_unit, got \"iblrig\"");
  EXPECT_EQ(resolve_error("train.preset=two_unit"), "");
}
