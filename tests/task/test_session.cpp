// Statistical tests of the session generator (SPEC §1.1–1.2), with tolerances of 4 standard
// errors from fixed seeds, against closed-form expectations of each law.
#include <gtest/gtest.h>

#include "iblrnn/pipeline/presets.hpp"

#include <cmath>
#include <map>

#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"
#include "iblrnn/task/engine.hpp"
#include "iblrnn/task/session.hpp"

using namespace iblrnn::bayes;
using namespace iblrnn::core;
using namespace iblrnn::pipeline;
using namespace iblrnn::task;


namespace {

// Exact mean and variance of a pmf given on {lo..hi} by unnormalised weights.
std::pair<double, double> moments(const std::map<int, double>& w) {
  double z = 0, m = 0, m2 = 0;
  for (auto [l, p] : w) z += p, m += l * p, m2 += double(l) * l * p;
  m /= z;
  return {m, m2 / z - m * m};
}

void expect_mean(const std::vector<int>& xs, double mean, double var) {
  double s = 0;
  for (int x : xs) s += x;
  const double sem = std::sqrt(var / xs.size());
  EXPECT_NEAR(s / xs.size(), mean, 4 * sem);
}

}  // namespace

TEST(BlockLength, TruncatedGeometricHasThePresetMeanWithinBounds) {
  TaskConfig c;
  std::map<int, double> w;
  for (int l = 20; l <= 100; ++l) w[l] = 0.02 * std::pow(0.98, l - 1);
  const auto [mean, var] = moments(w);
  EXPECT_NEAR(mean, 49.4, 0.1);  // SPEC §1.1 "mean ≈ 49.4"
  Rng rng(7, Stream::blocks);
  std::vector<int> xs;
  for (int i = 0; i < 40000; ++i) {
    const int l = draw_block_length(c, rng);
    ASSERT_GE(l, 20);
    ASSERT_LE(l, 100);
    xs.push_back(l);
  }
  expect_mean(xs, mean, var);
}

TEST(BlockLength, TruncatedExponentialFlooredHasTheIblrigMean) {
  TaskConfig c;
  c = preset_config("iblrig").task;
  std::map<int, double> w;  // P(floor x = l) ∝ e^{-l/60} − e^{-(l+1)/60} for 20 ≤ l ≤ 99
  for (int l = 20; l <= 99; ++l) w[l] = std::exp(-l / 60.0) - std::exp(-(l + 1) / 60.0);
  const auto [mean, var] = moments(w);
  EXPECT_NEAR(mean, 50.9, 0.3);  // the "≈ 50.9 after flooring"
  Rng rng(8, Stream::blocks);
  std::vector<int> xs;
  for (int i = 0; i < 40000; ++i) xs.push_back(draw_block_length(c, rng));
  for (int x : xs) ASSERT_TRUE(x >= 20 && x <= 100);
  expect_mean(xs, mean, var);
}

TEST(BlockLength, HazardLawHasItsClosedFormMean) {
  TaskConfig c;
  c.block_length = BlockLength::hazard;
  std::map<int, double> w;
  for (int l = 20; l < 100; ++l) w[l] = std::pow(0.98, l - 20) * 0.02;
  w[100] = std::pow(0.98, 80);
  const auto [mean, var] = moments(w);
  Rng rng(9, Stream::blocks);
  std::vector<int> xs;
  for (int i = 0; i < 40000; ++i) xs.push_back(draw_block_length(c, rng));
  expect_mean(xs, mean, var);
}

TEST(Session, BlockSidesStrictlyAlternateAndFirstSideIsFair) {
  TaskConfig c;
  c.n_blocks = 6;
  int first_right = 0;
  const int n = 4000;
  for (int s = 0; s < n; ++s) {
    const auto plan = make_session(c, 3, s);
    ASSERT_EQ(plan.n_blocks(), 6);
    for (int b = 1; b < 6; ++b) ASSERT_EQ(plan.block_side[b], -plan.block_side[b - 1]);
    first_right += plan.block_side[0] > 0;
  }
  EXPECT_NEAR(first_right / double(n), 0.5, 4 * std::sqrt(0.25 / n));
}

TEST(Session, StimulusIsConcordantWithProbabilityPointEightAndSignalsUniform) {
  TaskConfig c;
  c.n_blocks = 200;
  const auto plan = make_session(c, 11, 0);
  const int n = plan.n_trials();
  int conc = 0;
  std::map<double, int> counts;
  for (int i = 0; i < n; ++i) {
    conc += plan.stim_side[i] == plan.block_side[plan.trial_block[i]];
    counts[plan.signal[i]]++;
  }
  EXPECT_NEAR(conc / double(n), 0.8, 4 * std::sqrt(0.16 / n));
  ASSERT_EQ(counts.size(), 6u);
  for (auto [mu, k] : counts) EXPECT_NEAR(k / double(n), 1.0 / 6, 4 * std::sqrt((1.0 / 6) * (5.0 / 6) / n)) << mu;
}

TEST(Session, ObservationChannelsHaveTheirMeansAndUnitVariance) {
  TaskConfig c;
  c.n_blocks = 100;
  const auto plan = make_session(c, 5, 2);
  // Residuals: stimulus channel minus μ, other channel; both N(0, 1).
  double s_stim = 0, s2_stim = 0, s_other = 0, s2_other = 0, cross = 0;
  long n = 0;
  for (int i = 0; i < plan.n_trials(); ++i) {
    for (int j = 0; j < c.n_obs_max; ++j) {
      double l, r;
      plan.observation(i, j, l, r);
      const double stim = (plan.stim_side[i] > 0 ? r : l) - plan.signal[i];
      const double other = plan.stim_side[i] > 0 ? l : r;
      s_stim += stim, s2_stim += stim * stim, s_other += other, s2_other += other * other;
      cross += stim * other;
      ++n;
    }
  }
  const double sem = 1.0 / std::sqrt(double(n));
  EXPECT_NEAR(s_stim / n, 0.0, 4 * sem);
  EXPECT_NEAR(s_other / n, 0.0, 4 * sem);
  EXPECT_NEAR(s2_stim / n, 1.0, 4 * std::sqrt(2.0) * sem);
  EXPECT_NEAR(s2_other / n, 1.0, 4 * std::sqrt(2.0) * sem);
  EXPECT_NEAR(cross / n, 0.0, 4 * sem);
}

TEST(Session, IblrigStartsWithANinetyTrialUnbiasedBlockThenPointTwoPointEight) {
  TaskConfig c;
  c = preset_config("iblrig").task;
  c.n_blocks = 50;
  const auto plan = make_session(c, 2, 0);
  EXPECT_EQ(plan.block_len[0], 90);
  EXPECT_EQ(plan.block_side[0], 0);
  EXPECT_DOUBLE_EQ(c.p_left_of_block(0), 0.5);
  EXPECT_DOUBLE_EQ(c.p_left_of_block(1), 0.2);
  EXPECT_DOUBLE_EQ(c.p_left_of_block(-1), 0.8);
  for (int b = 2; b < plan.n_blocks(); ++b) EXPECT_EQ(plan.block_side[b], -plan.block_side[b - 1]);
  int left = 0;
  for (int i = 0; i < 90; ++i) left += plan.stim_side[i] < 0;
  EXPECT_NEAR(left / 90.0, 0.5, 4 * std::sqrt(0.25 / 90));
  for (double s : plan.signal) {
    bool known = false;
    for (double v : c.signals) known = known || v == s;
    EXPECT_TRUE(known);
  }
  double l, r;  // observation mean is gain × contrast: 2.5 at 100 %
  EXPECT_DOUBLE_EQ(plan.obs_mean_gain, 2.5);
  plan.observation(0, 0, l, r);
}

TEST(Session, SameSeedGivesIdenticalSessionsAndOtherSeedsDiffer) {
  TaskConfig c;
  const auto a = make_session(c, 42, 3), b = make_session(c, 42, 3), d = make_session(c, 43, 3);
  EXPECT_EQ(a.block_len, b.block_len);
  EXPECT_EQ(a.stim_side, b.stim_side);
  EXPECT_EQ(a.signal, b.signal);
  EXPECT_NE(a.stim_side, d.stim_side);
  double l1, r1, l2, r2;
  a.observation(5, 3, l1, r1);
  b.observation(5, 3, l2, r2);
  EXPECT_EQ(l1, l2);
  EXPECT_EQ(r1, r2);
}

TEST(Observation, IsTheCounterDrawOfItsKeyWithOrWithoutTheSessionKey) {
  TaskConfig config;
  config.n_blocks = 2;
  const SessionPlan plan = make_session(config, 11, 4);
  const std::uint64_t session_key = plan.noise_key();
  for (int trial = 0; trial < plan.n_trials(); ++trial)
    for (int j = 0; j < config.n_obs_max; ++j) {
      double l0, r0, l1, r1;
      plan.observation(trial, j, l0, r0);
      plan.observation(session_key, trial, j, l1, r1);
      EXPECT_EQ(l0, l1);
      EXPECT_EQ(r0, r1);
      // eq. T5 from the full key: N(gain·signal, sd²) on the stimulus side, N(0, sd²) opposite.
      const std::uint64_t key = hash_key(11, static_cast<std::uint64_t>(Stream::noise), 4,
                                         (static_cast<std::uint64_t>(trial) << 8) | unsigned(j));
      double zl, zr;
      bits_to_normal_pair(mix64(key), mix64(key ^ 0x5851f42d4c957f2dULL), zl, zr);
      const double mean = plan.obs_mean_gain * plan.signal[trial];
      const bool right = plan.stim_side[trial] > 0;
      EXPECT_EQ(l0, plan.obs_noise_sd * zl + (right ? 0.0 : mean));
      EXPECT_EQ(r0, plan.obs_noise_sd * zr + (right ? mean : 0.0));
    }
}
