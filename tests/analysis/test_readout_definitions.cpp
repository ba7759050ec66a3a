// The two readout definitions (SPEC §5.3–5.4) on a hand-computed 3-unit case: PCA plane
// V = [e0, (0, 0.6, 0.8)], mean m = (0.5, 0, 1), 2-D decoder b = (1, 2), output rows
// left (0, 0.8, −0.6) and right (2, 0.8, −0.6), full-state decoder weights e2.
#include <gtest/gtest.h>

#include <cmath>

#include "iblrnn/analysis/readout_definitions.hpp"
#include "iblrnn/core/error.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::core;


namespace {

constexpr double kDeg = 180.0 / 3.14159265358979323846;

Pca hand_pca() {
  Pca pca;
  pca.mean = Eigen::Vector3d(0.5, 0, 1);
  pca.components.resize(3, 3);
  pca.components << 1, 0, 0,  //
      0, 0.6, 0.8,            //
      0, 0.8, -0.6;
  return pca;
}

Eigen::MatrixXd hand_W_out() {
  Eigen::MatrixXd W(2, 3);
  W << 0, 0.8, -0.6,  //
      2, 0.8, -0.6;
  return W;
}

}  // namespace

TEST(ReadoutDefinitions, LiftAndProjectByHand) {
  const Pca pca = hand_pca();
  // V b = 1·e0 + 2·(0, 0.6, 0.8) = (1, 1.2, 1.6); with the mean (1.5, 1.2, 2.6).
  EXPECT_TRUE(lift_plane_direction(pca, {1, 2}).isApprox(Eigen::Vector3d(1, 1.2, 1.6), 1e-15));
  EXPECT_TRUE(lift_plane_direction_with_mean(pca, {1, 2})
                  .isApprox(Eigen::Vector3d(1.5, 1.2, 2.6), 1e-15));
  // Vᵀ(r − m) for r = (2, 0.8, −0.6): r − m = (1.5, 0.8, −1.6) → (1.5, 0.48 − 1.28).
  EXPECT_TRUE(project_direction_with_mean(pca, Eigen::Vector3d(2, 0.8, -0.6))
                  .isApprox(Eigen::Vector2d(1.5, -0.8), 1e-15));
  EXPECT_THROW(project_direction_with_mean(pca, Eigen::Vector2d(1, 0)), InvalidInput);
}

TEST(ReadoutDefinitions, AnglesOfBothDefinitionsByHand) {
  const ReadoutDefinitions d =
      compare_readout_definitions(hand_pca(), hand_W_out(), Readout::difference, Eigen::Vector3d(0, 0, 3),
                                  Eigen::Vector2d(1, 2));
  // ours: ŵ = e0 (the difference row is (2, 0, 0)), block = e2: orthogonal in full space.
  EXPECT_NEAR(d.ours.angle_full_deg, 90.0, 1e-12);
  EXPECT_NEAR(d.ours.angle_plane_deg, std::acos(1 / std::sqrt(5.0)) * kDeg, 1e-12);
  EXPECT_NEAR(d.ours.block_in_plane_fraction, 0.8, 1e-15);
  // paper2020: right row r (‖r‖ = √5) against V b (‖V b‖ = √5), r·V b = 2 + 0.96 − 0.96 = 2.
  EXPECT_NEAR(d.paper2020.angle_full_deg, std::acos(0.4) * kDeg, 1e-12);
  EXPECT_NEAR(d.paper2020.block_in_plane_fraction, 1.0, 1e-15);
  // In the plane: Vᵀ(r − m) = (1.5, −0.8) against b = (1, 2): cos = −0.1 / (1.7 √5).
  EXPECT_NEAR(d.paper2020.angle_plane_deg, std::acos(-0.1 / (1.7 * std::sqrt(5.0))) * kDeg, 1e-12);
  // Variants: without the mean Vᵀ r = (2, 0); with the 2020 lift V b + m, r·(V b + m) = 2.4.
  EXPECT_NEAR(d.angle_plane_paper2020_no_mean_deg, std::acos(1 / std::sqrt(5.0)) * kDeg, 1e-12);
  EXPECT_NEAR(d.angle_full_paper2020_with_mean_deg,
              std::acos(2.4 / (std::sqrt(5.0) * std::sqrt(10.45))) * kDeg, 1e-12);
  EXPECT_NEAR(d.angle_full_paper2020_difference_deg, std::acos(1 / std::sqrt(5.0)) * kDeg, 1e-12);
  EXPECT_TRUE(d.paper2020.stimulus_full.isApprox(Eigen::Vector3d(2, 0.8, -0.6) / std::sqrt(5.0)));
}

TEST(ReadoutDefinitions, RejectsBadShapesAndZeroDirections) {
  const Pca pca = hand_pca();
  EXPECT_THROW(compare_readout_definitions(pca, Eigen::MatrixXd::Ones(2, 2), Readout::difference,
                                           Eigen::Vector3d(0, 0, 1), {1, 2}),
               InvalidInput);
  EXPECT_THROW(compare_readout_definitions(pca, hand_W_out(), Readout::difference,
                                           Eigen::Vector3d::Zero(), {1, 2}),
               InvalidInput);
  EXPECT_THROW(compare_readout_definitions(pca, hand_W_out(), Readout::difference,
                                           Eigen::Vector3d(0, 0, 1), {0, 0}),
               InvalidInput);
}
