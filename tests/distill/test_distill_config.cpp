// DistillConfig: defaults are valid and every validate() message names the field.
#include <gtest/gtest.h>

#include <functional>

#include "iblrnn/core/error.hpp"
#include "iblrnn/distill/distill_config.hpp"
#include "../support/validation.hpp"

using namespace iblrnn::distill;
using namespace iblrnn::train;

namespace iblrnn {
namespace {

std::string message_of(const std::function<void(DistillConfig&)>& change) {
  return iblrnn::testing::validation_message<DistillConfig>(change);
}

TEST(DistillConfig, DefaultsAreValidAndFollowThePaper) {
  DistillConfig c;
  EXPECT_NO_THROW(c.validate());
  EXPECT_EQ(c.conventional_steps, kConventionalSteps);
  EXPECT_EQ(c.conventional_optimizer, OptimizerKind::adam);
  EXPECT_DOUBLE_EQ(c.conventional_lr, 1e-2);
  EXPECT_DOUBLE_EQ(c.conventional_momentum, 0.1);
  EXPECT_EQ(c.task_trained_preset, "two_unit");
  EXPECT_EQ(c.fields().size(), 22u);
}

TEST(DistillConfig, ValidateNamesEachBadField) {
  EXPECT_EQ(message_of([](auto& c) { c.n_components = 0; }),
            "DistillConfig: n_components must be in [1, 1000], got 0");
  EXPECT_EQ(message_of([](auto& c) { c.scale_max = 1.0; }),
            "DistillConfig: scale_max must be in (0, 1), got 1");
  EXPECT_EQ(message_of([](auto& c) { c.clip = 0.0; }),
            "DistillConfig: clip must be in (0, 1), got 0");
  EXPECT_EQ(message_of([](auto& c) { c.heldout_fraction = 1.0; }),
            "DistillConfig: heldout_fraction must be in [0, 1), got 1");
  EXPECT_EQ(message_of([](auto& c) { c.split_seed = -1; }),
            "DistillConfig: split_seed must be >= 0, got -1");
  EXPECT_EQ(message_of([](auto& c) { c.gain_p_floor = 0.5; }),
            "DistillConfig: gain_p_floor must be in (0, 0.5), got 0.5");
  EXPECT_EQ(message_of([](auto& c) { c.refine_steps = -2; }),
            "DistillConfig: refine_steps must be in [0, 10000000], got -2");
  EXPECT_EQ(message_of([](auto& c) { c.refine_step_size = 0.0; }),
            "DistillConfig: refine_step_size must be finite and > 0, got 0");
  EXPECT_EQ(message_of([](auto& c) { c.conventional_steps = -1; }),
            "DistillConfig: conventional_steps must be in [0, 100000000], got -1");
  EXPECT_EQ(message_of([](auto& c) { c.conventional_lr = -1e-3; }),
            "DistillConfig: conventional_lr must be finite and > 0, got -0.001");
  EXPECT_EQ(message_of([](auto& c) { c.conventional_momentum = 1.0; }),
            "DistillConfig: conventional_momentum must be in [0, 1), got 1");
  EXPECT_EQ(message_of([](auto& c) { c.conventional_hidden = 0; }),
            "DistillConfig: conventional_hidden must be in [1, 10000], got 0");
  EXPECT_EQ(message_of([](auto& c) { c.conventional_seed = -3; }),
            "DistillConfig: conventional_seed must be >= 0, got -3");
  EXPECT_EQ(message_of([](auto& c) { c.task_trained_steps = -1; }),
            "DistillConfig: task_trained_steps must be >= 0, got -1");
  EXPECT_EQ(message_of([](auto& c) { c.flow_grid = 1; }),
            "DistillConfig: flow_grid must be in [2, 1000], got 1");
  EXPECT_EQ(message_of([](auto& c) { c.fixed_point_grid = 0; }),
            "DistillConfig: fixed_point_grid must be in [1, 101], got 0");
}

}  // namespace
}  // namespace iblrnn
