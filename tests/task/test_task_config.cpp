// Every TaskConfig validation rule, with its message.
#include <gtest/gtest.h>

#include "iblrnn/pipeline/presets.hpp"

#include <functional>

#include "../support/validation.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/task/task_config.hpp"

using namespace iblrnn::core;
using namespace iblrnn::pipeline;
using namespace iblrnn::task;


namespace {
std::string message_of(const std::function<void(TaskConfig&)>& change) {
  return iblrnn::testing::validation_message<TaskConfig>(change);
}
}  // namespace

TEST(TaskConfig, DefaultsAndPresetsAreValid) {
  TaskConfig c;
  EXPECT_NO_THROW(c.validate());
  c = preset_config("iblrig").task;
  EXPECT_NO_THROW(c.validate());
  EXPECT_EQ(c.preset, "iblrig");
  EXPECT_EQ(c.first_block_len, 90);
  EXPECT_THROW(preset_config("nonsense"), InvalidInput);
}

TEST(TaskConfig, EveryRuleNamesFieldConstraintAndValue) {
  struct Case {
    std::function<void(TaskConfig&)> change;
    std::string message;
  };
  const std::vector<Case> cases = {
      {[](TaskConfig& c) { c.n_blocks = 0; }, "TaskConfig: n_blocks must be in [1, 1000000], got 0"},
      {[](TaskConfig& c) { c.block_len_p = 0; }, "TaskConfig: block_len_p must be in (0, 1], got 0"},
      {[](TaskConfig& c) { c.block_len_mean = -1; }, "TaskConfig: block_len_mean must be > 0, got -1"},
      {[](TaskConfig& c) { c.block_len_min = 0; }, "TaskConfig: block_len_min must be in [1, 100000], got 0"},
      {[](TaskConfig& c) { c.block_len_max = 10; }, "TaskConfig: block_len_max must be in [block_len_min, 100000] = [20, 100000], got 10"},
      {[](TaskConfig& c) { c.first_block_len = -1; }, "TaskConfig: first_block_len must be in [0, 100000], got -1"},
      {[](TaskConfig& c) { c.p_stim_concordant = 1.2; }, "TaskConfig: p_stim_concordant must be in (0.5, 1], got 1.2"},
      {[](TaskConfig& c) { c.signals = {}; }, "TaskConfig: signals must hold at least one value, got \"[]\""},
      {[](TaskConfig& c) { c.signals = {0, -1}; }, "TaskConfig: signals values must be finite and >= 0, got -1"},
      {[](TaskConfig& c) { c.contrast_gain = 0; }, "TaskConfig: contrast_gain must be finite and > 0, got 0"},
      {[](TaskConfig& c) { c.obs_noise_sd = 0; }, "TaskConfig: obs_noise_sd must be finite and > 0, got 0"},
      {[](TaskConfig& c) { c.n_blank_steps = -1; }, "TaskConfig: n_blank_steps must be in [0, 100], got -1"},
      {[](TaskConfig& c) { c.n_obs_max = 0; }, "TaskConfig: n_obs_max must be in [1, 100], got 0"},
      {[](TaskConfig& c) { c.act_threshold = 1; }, "TaskConfig: act_threshold must be in [0.5, 1), got 1"},
      {[](TaskConfig& c) { c.reward_wait = 1.0 / 0.0; }, "TaskConfig: reward_wait must be finite, got inf"},
  };
  for (const auto& k : cases) EXPECT_EQ(message_of(k.change), k.message);
}
