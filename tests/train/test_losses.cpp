#include <cmath>

#include <gtest/gtest.h>

#include "iblrnn/core/error.hpp"
#include "iblrnn/task/engine.hpp"
#include "iblrnn/task/simple_agents.hpp"
#include "iblrnn/train/losses.hpp"
#include "../support/small_task.hpp"

using namespace iblrnn::core;
using namespace iblrnn::task;
using namespace iblrnn::train;

namespace iblrnn {
namespace {

// Probabilities of a two-logit softmax.
void probs(double zl, double zr, double& pl, double& pr) {
  pl = 1 / (1 + std::exp(zr - zl));
  pr = 1 / (1 + std::exp(zl - zr));
}

TEST(Losses, StepLossDerivativesMatchCentralDifferencesInLogits) {
  for (LossKind kind : {LossKind::xent, LossKind::neg_prob}) {
    for (int y : {-1, 1}) {
      for (double zl : {-1.3, 0.2, 2.0}) {
        const double zr = 0.7, w = 0.37;
        double pl, pr, d[2], scratch[2];
        probs(zl, zr, pl, pr);
        step_loss(kind, pl, pr, y, w, d);
        const double eps = 1e-6;
        auto L = [&](double a, double b) {
          double ql, qr;
          probs(a, b, ql, qr);
          return step_loss(kind, ql, qr, y, w, scratch);
        };
        const double fd0 = (L(zl + eps, zr) - L(zl - eps, zr)) / (2 * eps);
        const double fd1 = (L(zl, zr + eps) - L(zl, zr - eps)) / (2 * eps);
        EXPECT_NEAR(d[0], fd0, 1e-8);
        EXPECT_NEAR(d[1], fd1, 1e-8);
      }
    }
  }
}

TEST(Losses, ValuesAreMinusLogAndMinusProbabilityOfTheTarget) {
  double d[2];
  EXPECT_NEAR(step_loss(LossKind::xent, 0.3, 0.7, 1, 2.0, d), -2.0 * std::log(0.7), 1e-15);
  EXPECT_NEAR(step_loss(LossKind::neg_prob, 0.3, 0.7, -1, 2.0, d), -0.6, 1e-15);
}

TEST(Losses, SoftCrossEntropyDerivativeMatchesCentralDifferences) {
  const double ql = 0.8, qr = 0.2, w = 1.5, eps = 1e-6;
  double pl, pr, d[2], s[2];
  probs(0.3, -0.4, pl, pr);
  soft_xent_step(pl, pr, ql, qr, w, d);
  auto L = [&](double a, double b) {
    double al, ar;
    probs(a, b, al, ar);
    return soft_xent_step(al, ar, ql, qr, w, s);
  };
  EXPECT_NEAR(d[0], (L(0.3 + eps, -0.4) - L(0.3 - eps, -0.4)) / (2 * eps), 1e-8);
  EXPECT_NEAR(d[1], (L(0.3, -0.4 + eps) - L(0.3, -0.4 - eps)) / (2 * eps), 1e-8);
}

// SPEC §2: sum over observation steps / all steps of the session (blank steps count).
TEST(Losses, SessionLossIsNormalisedByAllStepsOfTheSession) {
  const TaskConfig task = testing::small_task(1, 5, 5);
  const auto plans = make_sessions(task, 3, 1);
  OracleAgent oracle(plans);
  const RunRecord run = play(task, plans, oracle);
  // The oracle acts on its first observation with p(correct) = 1: each trial = 2 blank + 1 step.
  const int T = static_cast<int>(run.steps.size());
  ASSERT_EQ(T, 15);
  std::vector<double> d(2 * T);
  const double L = session_loss(LossKind::neg_prob, run, 0, T, 1.0, d.data());
  EXPECT_NEAR(L, -5.0 / 15.0, 1e-15);
  EXPECT_EQ(d[0], 0.0);  // blank step
  EXPECT_THROW(session_loss(LossKind::xent, run, 1, T, 1.0, d.data()), InvalidInput);
}

}  // namespace
}  // namespace iblrnn
