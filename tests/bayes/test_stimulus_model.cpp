#include <gtest/gtest.h>

#include "iblrnn/pipeline/presets.hpp"

#include <cmath>

#include "brute_force.hpp"
#include "iblrnn/bayes/stimulus_model.hpp"
#include "iblrnn/core/random.hpp"

using namespace iblrnn::bayes;
using namespace iblrnn::core;
using namespace iblrnn::pipeline;
using namespace iblrnn::task;

namespace iblrnn {
namespace {

TaskConfig odd_task() {
  TaskConfig task;
  task.signals = {0.0, 0.4, 1.1, 2.0};
  task.contrast_gain = 1.3;
  task.obs_noise_sd = 0.8;
  return task;
}

TaskConfig rig_task() {
  TaskConfig task;
  task = preset_config("iblrig").task;
  return task;
}

// Three signal sets: irregular (log-sum-exp path), paper2020 and iblrig (lattice fast path).
TEST(StimulusModel, PosteriorEqualsEnumerationOverMuBothChannelsAndDOnly) {
  for (const TaskConfig& task : {odd_task(), TaskConfig{}, rig_task()})
  for (const std::string evidence : {"both", "d_only"}) {
    BayesConfig bayes;
    bayes.evidence = parse_choice<Evidence>(evidence, "test", "evidence");
    const StimulusModel model(task, bayes);
    Rng rng(5, Stream::fit);
    for (int rep = 0; rep < 20; ++rep) {
      const double prior = rng.uniform(0.05, 0.95);
      const int side = rng.bernoulli(0.5) ? 1 : -1;
      const double m = task.contrast_gain * task.signals[rng.below(task.signals.size())];
      TrialEvidence e;
      std::vector<double> ol, orr;
      for (int t = 0; t < 6; ++t) {
        ol.push_back(task.obs_noise_sd * rng.normal() + (side < 0 ? m : 0.0));
        orr.push_back(task.obs_noise_sd * rng.normal() + (side > 0 ? m : 0.0));
        model.add(e, ol.back(), orr.back());
        const bool d_only = evidence == "d_only";
        const double lr = prior * test::obs_likelihood(task, ol, orr, 1, d_only);
        const double ll = (1 - prior) * test::obs_likelihood(task, ol, orr, -1, d_only);
        EXPECT_NEAR(model.posterior_right(prior, e), lr / (lr + ll), 1e-12)
            << evidence << " rep " << rep << " t " << t;
        double a, b;
        model.log_likelihoods(e, a, b);
        EXPECT_NEAR(b - a,
                    std::log(test::obs_likelihood(task, ol, orr, 1, d_only)) -
                        std::log(test::obs_likelihood(task, ol, orr, -1, d_only)),
                    1e-10);
      }
    }
  }
}

TEST(StimulusModel, JointPosteriorSumsToOneAndMarginalisesToPosterior) {
  const TaskConfig task = odd_task();
  const StimulusModel model(task, BayesConfig{});
  TrialEvidence e;
  model.add(e, 0.3, 1.7);
  model.add(e, -0.2, 0.9);
  std::vector<double> joint;
  model.joint_posterior(0.3, e, joint);
  ASSERT_EQ(joint.size(), 2 * task.signals.size());
  double total = 0, right = 0;
  for (std::size_t i = 0; i < joint.size(); ++i) {
    total += joint[i];
    if (i >= task.signals.size()) right += joint[i];
  }
  EXPECT_NEAR(total, 1.0, 1e-14);
  EXPECT_NEAR(right, model.posterior_right(0.3, e), 1e-14);
}

TEST(StimulusModel, CompatReMarginalisesMuAtEveryStep) {
  const TaskConfig task = odd_task();
  BayesConfig bayes;
  bayes.compat = Compat::paper2020;
  const StimulusModel model(task, bayes);
  TrialEvidence e;
  const std::vector<double> ol = {0.1, -0.4, 0.8}, orr = {1.2, 0.3, 0.5};
  double expect_odds = std::log(0.6 / 0.4);
  for (int t = 0; t < 3; ++t) {
    model.add(e, ol[t], orr[t]);
    // Per-step mixture: Σ_μ P(μ) N(o_t | s, μ), multiplied over steps.
    expect_odds += std::log(test::obs_likelihood(task, {ol[t]}, {orr[t]}, 1, false)) -
                   std::log(test::obs_likelihood(task, {ol[t]}, {orr[t]}, -1, false));
    const double p = model.posterior_right(0.6, e);
    EXPECT_NEAR(std::log(p / (1 - p)), expect_odds, 1e-10);
  }
}

TEST(StimulusModel, ExtremePriorsStayCertain) {
  const StimulusModel model(TaskConfig{}, BayesConfig{});
  TrialEvidence e;
  model.add(e, 3.0, -1.0);
  EXPECT_EQ(model.posterior_right(1.0, e), 1.0);
  EXPECT_EQ(model.posterior_right(0.0, e), 0.0);
  EXPECT_EQ(model.posterior_right(0.5, TrialEvidence{}), 0.5);
}

}  // namespace
}  // namespace iblrnn
