// The action reach of a readout (docs/distill.md eq. D18): the bound σ(Σ|ΔW| + |Δb|) by hand
// and against a brute-force search over the corners of the state box, and the never_acts flag.
#include <gtest/gtest.h>

#include <cmath>

#include "iblrnn/core/error.hpp"
#include "iblrnn/distill/action_reach.hpp"

using namespace iblrnn::core;
using namespace iblrnn::distill;

namespace iblrnn {

TEST(ActionReach, BoundByHandAndFlags) {
  Eigen::MatrixXd W(2, 2);
  W << -0.3, 0.2,  //
      0.4, -0.3;   // ΔW = (0.7, −0.5)
  const Eigen::Vector2d b(0.1, 0.2);  // Δb = 0.1
  Eigen::MatrixXd probs(2, 3);
  probs << 0.5, 0.3, 0.75,  //
      0.5, 0.7, 0.25;
  const ActionReach r = action_reach(W, b, 0.9, probs);
  EXPECT_NEAR(r.max_p_bound, 1 / (1 + std::exp(-1.3)), 1e-15);  // 0.786
  EXPECT_TRUE(r.cannot_act);
  EXPECT_TRUE(r.never_acts);
  EXPECT_DOUBLE_EQ(r.max_p_observed, 0.75);
  // A stronger readout can act; whether it did is read from the steps.
  const ActionReach s = action_reach(4 * W, b, 0.9, probs);
  EXPECT_FALSE(s.cannot_act);
  EXPECT_TRUE(s.never_acts);  // it never exceeded 0.9 on these steps
  probs(1, 1) = 0.95;
  probs(0, 1) = 0.05;
  EXPECT_FALSE(action_reach(4 * W, b, 0.9, probs).never_acts);
  // No steps: only the bound decides.
  const ActionReach e = action_reach(4 * W, b, 0.9, Eigen::MatrixXd(2, 0));
  EXPECT_TRUE(std::isnan(e.max_p_observed));
  EXPECT_FALSE(e.never_acts);
}

TEST(ActionReach, BoundEqualsTheBestCornerOfTheStateBox) {
  Eigen::MatrixXd W(2, 3);
  W << 0.5, -1.0, 0.25,  //
      -0.5, 0.5, 0.75;
  const Eigen::Vector2d b(0.3, -0.1);
  double best = 0;
  for (int k = 0; k < 8; ++k) {
    const Eigen::Vector3d h((k & 1) ? 1 : -1, (k & 2) ? 1 : -1, (k & 4) ? 1 : -1);
    const Eigen::Vector2d z = W * h + b;
    const double p = 1 / (1 + std::exp(-std::abs(z(1) - z(0))));
    best = std::max(best, p);
  }
  EXPECT_NEAR(action_reach(W, b, 0.9, Eigen::MatrixXd(2, 0)).max_p_bound, best, 1e-15);
}

TEST(ActionReach, RejectsBadInput) {
  EXPECT_THROW(action_reach(Eigen::MatrixXd::Ones(3, 2), Eigen::Vector2d::Zero(), 0.9,
                            Eigen::MatrixXd(2, 0)),
               InvalidInput);
  EXPECT_THROW(action_reach(Eigen::MatrixXd::Ones(2, 2), Eigen::Vector2d::Zero(), 0.5,
                            Eigen::MatrixXd(2, 0)),
               InvalidInput);
  EXPECT_THROW(action_reach(Eigen::MatrixXd::Ones(2, 2), Eigen::Vector3d::Zero(), 0.9,
                            Eigen::MatrixXd(2, 0)),
               InvalidInput);
}

}  // namespace iblrnn
