// Tests of the summary statistics (eq. H1–H3) against hand-computed values.
#include <gtest/gtest.h>

#include <cmath>

#include "iblrnn/behavior/stats.hpp"
#include "iblrnn/core/error.hpp"

using namespace iblrnn::behavior;
using namespace iblrnn::core;

namespace iblrnn {
namespace {

TEST(MeanSem, MatchesHandComputedValues) {
  // 1, 2, 4, 5: mean 3, sample variance (4 + 1 + 1 + 4)/3 = 10/3, sem = sqrt(10/3/4).
  const MeanSem m = mean_sem({1, 2, 4, 5});
  EXPECT_DOUBLE_EQ(m.mean, 3.0);
  EXPECT_NEAR(m.sem, std::sqrt(10.0 / 12.0), 1e-15);
  EXPECT_EQ(m.n, 4);
}

TEST(MeanSem, BinaryOutcomesGiveSqrtPQOverNMinusOne) {
  // 3 of 4 correct: p = 0.75, sem = sqrt(p (1 − p) / (n − 1)) = sqrt(0.1875 / 3) = 0.25.
  const MeanSem m = mean_sem({1, 1, 0, 1});
  EXPECT_DOUBLE_EQ(m.mean, 0.75);
  EXPECT_NEAR(m.sem, 0.25, 1e-15);
}

TEST(MeanSem, UndefinedPartsAreNaN) {
  EXPECT_TRUE(std::isnan(mean_sem({}).mean));
  EXPECT_EQ(mean_sem({}).n, 0);
  const MeanSem one = mean_sem({2.5});
  EXPECT_DOUBLE_EQ(one.mean, 2.5);
  EXPECT_TRUE(std::isnan(one.sem));
}

TEST(Median, OddEvenAndEmpty) {
  EXPECT_DOUBLE_EQ(median({5, 1, 3}), 3.0);
  EXPECT_DOUBLE_EQ(median({4, 1, 3, 2}), 2.5);
  EXPECT_TRUE(std::isnan(median({})));
}

TEST(RatioOfMeans, MatchesDeltaMethodByHand) {
  // y = (1, 0, 1), x = (2, 4, 3): ȳ = 2/3, x̄ = 3, R = 2/9; s_y² = 1/3, s_x² = 1,
  // s_xy = ((1/3)(−1) + (−2/3)(1) + (1/3)(0)) / 2 = −1/2.
  // Var = (1/3 − 2 (2/9)(−1/2) + (4/81)(1)) / (3 · 9) = (27/81 + 18/81 + 4/81) / 27 = 49/2187.
  const MeanSem r = ratio_of_means({1, 0, 1}, {2, 4, 3});
  EXPECT_NEAR(r.mean, 2.0 / 9.0, 1e-15);
  EXPECT_NEAR(r.sem, std::sqrt(49.0 / 2187.0), 1e-15);
  EXPECT_EQ(r.n, 3);
}

TEST(RatioOfMeans, RejectsUnpairedSamples) {
  try {
    ratio_of_means({1, 2}, {1});
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "ratio_of_means: y must have as many values as x, got 2");
  }
}

}  // namespace
}  // namespace iblrnn
