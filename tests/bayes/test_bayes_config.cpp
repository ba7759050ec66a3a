#include <gtest/gtest.h>

#include "iblrnn/bayes/bayes_config.hpp"
#include "iblrnn/core/error.hpp"

using namespace iblrnn::bayes;
using namespace iblrnn::core;

namespace iblrnn {
namespace {

std::string message_of(const BayesConfig& c) {
  try {
    c.validate();
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "";
}

TEST(BayesConfig, DefaultsAreValid) { EXPECT_EQ(message_of(BayesConfig{}), ""); }

TEST(BayesConfig, ValidateMessagesNameFieldConstraintAndValue) {
  BayesConfig c;
  c.switch_prob = 1.0;
  EXPECT_EQ(message_of(c), "BayesConfig: switch_prob must be in (0, 1), got 1");
  c = {};
  c.dp_n_grid = 3;
  EXPECT_EQ(message_of(c), "BayesConfig: dp_n_grid must be in [5, 1001], got 3");
  c = {};
  c.dp_n_prior = 1;
  EXPECT_EQ(message_of(c), "BayesConfig: dp_n_prior must be in [2, 1001], got 1");
  c = {};
  c.dp_width = 0.5;
  EXPECT_EQ(message_of(c), "BayesConfig: dp_width must be in [1, 20], got 0.5");
}

TEST(BayesConfig, FieldsListEveryMemberOnce) {
  BayesConfig c;
  const auto fields = c.fields();
  ASSERT_EQ(fields.size(), 7u);
  EXPECT_EQ(fields[0].name, "filter");
  EXPECT_EQ(fields[1].name, "switch_prob");
}

}  // namespace
}  // namespace iblrnn
