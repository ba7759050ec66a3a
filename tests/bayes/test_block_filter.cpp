#include <gtest/gtest.h>

#include "iblrnn/pipeline/presets.hpp"

#include <cmath>

#include "brute_force.hpp"
#include "iblrnn/bayes/block_filter.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"
#include "iblrnn/task/session.hpp"

using namespace iblrnn::bayes;
using namespace iblrnn::core;
using namespace iblrnn::pipeline;
using namespace iblrnn::task;

namespace iblrnn {
namespace {

struct TrialData {
  int side = 0;                 // known side, or 0 when only evidence is known
  double lik_left = 1.0, lik_right = 1.0;  // P(obs | s) for an unknown side
};

std::vector<TrialData> random_data(int n, std::uint64_t seed) {
  Rng rng(seed, Stream::fit);
  std::vector<TrialData> data(n);
  for (auto& d : data) {
    if (rng.bernoulli(0.3)) {
      d.lik_left = std::exp(rng.normal());
      d.lik_right = std::exp(rng.normal());
    } else {
      d.side = rng.bernoulli(0.5) ? 1 : -1;
    }
  }
  return data;
}

double trial_lik(const TaskConfig& task, const TrialData& d, int b) {
  if (d.side != 0) return test::emission(task, d.side, b);
  return test::emission(task, -1, b) * d.lik_left + test::emission(task, 1, b) * d.lik_right;
}

// Enumerates every block path: P(b_n = b | data of trials < n (+ n if `after`)).
test::BlockBeliefRef enumerate(const TaskConfig& task, const std::vector<TrialData>& data, int n,
                               bool after, const std::function<double(const std::vector<int>&)>& prior) {
  const int len = static_cast<int>(data.size());
  double z = 0, left = 0, right = 0, stim_right = 0;
  for (const auto& path : test::all_paths(len, task.first_block_len)) {
    double w = prior(path);
    if (w == 0.0) continue;
    for (int m = 0; m < n + (after ? 1 : 0); ++m) w *= trial_lik(task, data[m], path[m]);
    z += w;
    if (path[n] < 0) left += w;
    if (path[n] > 0) right += w;
    stim_right += w * test::emission(task, 1, path[n]);
  }
  return {left / z, right / z, stim_right / z};
}

void expect_filter_equals_enumeration(const TaskConfig& task, BlockFilter filter,
                                      const std::function<double(const std::vector<int>&)>& prior,
                                      std::uint64_t seed) {
  const auto data = random_data(10, seed);
  filter.reset();
  for (int n = 0; n < 10; ++n) {
    if (n > 0) filter.advance();
    const auto before = enumerate(task, data, n, false, prior);
    EXPECT_NEAR(filter.prior().left, before.left, 1e-12) << "trial " << n;
    EXPECT_NEAR(filter.prior().right, before.right, 1e-12) << "trial " << n;
    EXPECT_NEAR(filter.stim_prior_right(), before.stim_right, 1e-12) << "trial " << n;
    if (data[n].side != 0) filter.update_side(data[n].side);
    else filter.update_evidence(std::log(data[n].lik_left), std::log(data[n].lik_right));
    const auto after = enumerate(task, data, n, true, prior);
    EXPECT_NEAR(filter.posterior().left, after.left, 1e-12) << "trial " << n;
    EXPECT_NEAR(filter.posterior().right, after.right, 1e-12) << "trial " << n;
  }
}

TaskConfig short_blocks(const std::string& law, int lo, int hi, int first_len) {
  TaskConfig task;
  task.block_length = parse_choice<BlockLength>(law, "test", "block_length");
  task.block_len_min = lo;
  task.block_len_max = hi;
  task.block_len_p = 0.3;
  task.block_len_mean = 3.0;
  task.first_block_len = first_len;
  return task;
}

TEST(BlockFilter, SemiMarkovEqualsEnumerationTruncatedGeometric) {
  const TaskConfig task = short_blocks("truncated_geometric", 2, 4, 0);
  BayesConfig bayes;
  bayes.filter = FilterModel::semi_markov;
  const auto pmf = block_length_pmf(task);
  for (std::uint64_t seed : {1, 2, 3})
    expect_filter_equals_enumeration(
        task, BlockFilter(task, bayes),
        [&](const std::vector<int>& p) { return test::path_probability(p, 0, pmf); }, seed);
}

TEST(BlockFilter, SemiMarkovEqualsEnumerationTruncatedExponentialWithUnbiasedFirstBlock) {
  const TaskConfig task = short_blocks("truncated_exponential", 2, 5, 3);
  BayesConfig bayes;
  bayes.filter = FilterModel::semi_markov;
  const auto pmf = block_length_pmf(task);
  for (std::uint64_t seed : {4, 5})
    expect_filter_equals_enumeration(
        task, BlockFilter(task, bayes),
        [&](const std::vector<int>& p) { return test::path_probability(p, 3, pmf); }, seed);
}

TEST(BlockFilter, SemiMarkovEqualsEnumerationHazardLaw) {
  TaskConfig task = short_blocks("hazard", 1, 3, 0);
  task.block_len_p = 0.4;
  BayesConfig bayes;
  bayes.filter = FilterModel::semi_markov;
  const auto pmf = block_length_pmf(task);
  for (std::uint64_t seed : {6, 7})
    expect_filter_equals_enumeration(
        task, BlockFilter(task, bayes),
        [&](const std::vector<int>& p) { return test::path_probability(p, 0, pmf); }, seed);
}

TEST(BlockFilter, MarkovEqualsEnumeration) {
  TaskConfig task;
  task.p_stim_concordant = 0.7;
  BayesConfig bayes;
  bayes.switch_prob = 0.15;
  for (int first_len : {0, 2}) {
    task.first_block_len = first_len;
    for (std::uint64_t seed : {8, 9})
      expect_filter_equals_enumeration(
          task, BlockFilter(task, bayes),
          [&](const std::vector<int>& p) {
            const std::vector<int> biased(p.begin() + std::min<int>(first_len, p.size()), p.end());
            for (int i = 0; i < first_len; ++i)
              if (p[i] != 0) return 0.0;
            return biased.empty() ? 1.0 : test::markov_path_probability(biased, 0.15);
          },
          seed);
  }
}

TEST(BlockFilter, MarkovEqualsSemiMarkovWithGeometricLawWithoutBounds) {
  TaskConfig task;
  BayesConfig bayes;
  bayes.switch_prob = 0.07;
  BlockFilter markov(task, bayes);
  // A constant hazard over any number of run-length states (the last repeats) is a geometric
  // law on {1, 2, ...}: the semi-Markov filter must reproduce the Markov one.
  BlockFilter semi(task, std::vector<double>(13, 0.07));
  const auto data = random_data(300, 11);
  for (int n = 0; n < 300; ++n) {
    if (n > 0) {
      markov.advance();
      semi.advance();
    }
    ASSERT_NEAR(markov.prior().right, semi.prior().right, 1e-12) << n;
    if (data[n].side != 0) {
      markov.update_side(data[n].side);
      semi.update_side(data[n].side);
    } else {
      markov.update_evidence(std::log(data[n].lik_left), std::log(data[n].lik_right));
      semi.update_evidence(std::log(data[n].lik_left), std::log(data[n].lik_right));
    }
    ASSERT_NEAR(markov.posterior().left, semi.posterior().left, 1e-12) << n;
  }
}

TEST(BlockFilter, BeliefsSumToOneOnPaperPresetOverManyTrials) {
  TaskConfig task;
  BayesConfig bayes;
  bayes.filter = FilterModel::semi_markov;
  BlockFilter semi(task, bayes);
  const auto plan = make_session(task, 3, 0);
  for (int n = 0; n < plan.n_trials(); ++n) {
    if (n > 0) semi.advance();
    EXPECT_NEAR(semi.prior().left + semi.prior().right, 1.0, 1e-12);
    semi.update_side(plan.stim_side[n]);
  }
  // After a long block the belief in its side must be high.
  EXPECT_GT(plan.block_side.back() > 0 ? semi.posterior().right : semi.posterior().left, 0.5);
}

void expect_pmf_matches_draws(const TaskConfig& task) {
  const auto pmf = block_length_pmf(task);
  ASSERT_EQ(static_cast<int>(pmf.size()), task.block_len_max);
  double total = 0.0;
  for (double v : pmf) total += v;
  EXPECT_NEAR(total, 1.0, 1e-12);
  const int n = 200000;
  std::vector<double> counts(pmf.size(), 0.0);
  Rng rng(42, Stream::blocks, 7);
  for (int i = 0; i < n; ++i) counts[draw_block_length(task, rng) - 1] += 1.0;
  double chi2 = 0.0;
  int dof = 0;
  for (std::size_t l = 0; l < pmf.size(); ++l) {
    const double f = counts[l] / n;
    const double se = std::sqrt(pmf[l] * (1.0 - pmf[l]) / n);
    EXPECT_LE(std::abs(f - pmf[l]), 5.0 * se + 1e-9) << choice_name(task.block_length) << " L=" << l + 1;
    if (pmf[l] > 0) {
      chi2 += (counts[l] - n * pmf[l]) * (counts[l] - n * pmf[l]) / (n * pmf[l]);
      ++dof;
    }
  }
  // χ² with dof − 1 degrees of freedom: mean dof − 1, sd sqrt(2 dof); 5 sd bound.
  EXPECT_LT(chi2, dof - 1 + 5.0 * std::sqrt(2.0 * dof)) << choice_name(task.block_length);
}

TEST(BlockLengthPmf, MatchesMonteCarloOfDrawBlockLength) {
  TaskConfig paper;  // truncated geometric 20..100
  expect_pmf_matches_draws(paper);
  TaskConfig rig;
  rig = preset_config("iblrig").task;  // truncated exponential (floor) 20..100, mean 60
  expect_pmf_matches_draws(rig);
  TaskConfig hazard;
  hazard.block_length = BlockLength::hazard;
  expect_pmf_matches_draws(hazard);
}

TEST(BlockLengthPmf, TruncatedExponentialNeverReachesTheMaximum) {
  TaskConfig rig;
  rig = preset_config("iblrig").task;
  const auto pmf = block_length_pmf(rig);
  EXPECT_EQ(pmf[rig.block_len_max - 1], 0.0);
  EXPECT_EQ(pmf[rig.block_len_min - 2], 0.0);
  EXPECT_GT(pmf[rig.block_len_min - 1], 0.0);
}

TEST(HazardFromPmf, MatchesDefinition) {
  const std::vector<double> pmf = {0.0, 0.5, 0.25, 0.25};
  const auto h = hazard_from_pmf(pmf);
  EXPECT_DOUBLE_EQ(h[0], 0.0);
  EXPECT_DOUBLE_EQ(h[1], 0.5);
  EXPECT_DOUBLE_EQ(h[2], 0.5);
  EXPECT_DOUBLE_EQ(h[3], 1.0);
}

TEST(BlockFilter, RejectsBadHazard) {
  TaskConfig task;
  try {
    BlockFilter f(task, std::vector<double>{0.2, 1.5});
    FAIL() << "no throw";
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "BlockFilter: hazard values must be in [0, 1], got 1.5");
  }
}

}  // namespace
}  // namespace iblrnn
