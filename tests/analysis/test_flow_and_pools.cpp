// Flow fields (probed against a closed form, empirical binning, condition matching) and unit
// pools (complete linkage against a hand-worked dendrogram, a block-structured population).
#include <gtest/gtest.h>

#include <cmath>

#include "iblrnn/analysis/flow_field.hpp"
#include "iblrnn/analysis/unit_pools.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::core;


TEST(FlowField, ProbedFlowOfVanillaMapMatchesDirectEvaluation) {
  // A 3-unit network, PCA with identity components: the plane is units 0 and 1.
  Eigen::MatrixXd W(3, 3), U(3, 3);
  W << 0.5, -0.2, 0.1, 0.3, 0.8, 0.0, -0.1, 0.2, 0.4;
  U << 1, -1, 0, -1, 1, 0.5, 0.2, 0.2, 0.1;
  const VanillaStepMap map(W, U, Eigen::Vector3d(0.1, 0, -0.1));
  Pca pca;
  pca.mean = Eigen::Vector3d(0.1, -0.2, 0.3);
  pca.components = Eigen::MatrixXd::Identity(3, 3);
  PlaneGrid grid{Eigen::VectorXd::LinSpaced(4, -1, 1), Eigen::VectorXd::LinSpaced(3, -0.5, 0.5)};
  const Eigen::Vector3d x(1.2, 0.2, -0.05);
  const FlowField f = probe_flow(map, pca, grid, x);
  ASSERT_EQ(f.da.rows(), 3);
  ASSERT_EQ(f.da.cols(), 4);
  for (int j = 0; j < 3; ++j)
    for (int i = 0; i < 4; ++i) {
      const Eigen::Vector3d h(0.1 + grid.a(i), -0.2 + grid.b(j), 0.3);
      const Eigen::Vector3d dh = (W * h + U * x + Eigen::Vector3d(0.1, 0, -0.1)).array().tanh().matrix() - h;
      EXPECT_NEAR(f.da(j, i), dh(0), 1e-14);
      EXPECT_NEAR(f.db(j, i), dh(1), 1e-14);
    }
}

TEST(FlowField, EmpiricalFlowAveragesChangesPerNearestCell) {
  PlaneGrid grid{Eigen::VectorXd::LinSpaced(3, 0, 2), Eigen::VectorXd::LinSpaced(2, 0, 1)};
  Eigen::MatrixXd prev(2, 4), next(2, 4);
  prev << 0.1, -0.1, 1.9, 5.0,  //
      0.1, 0.2, 0.9, 0.0;
  next << 0.3, 0.1, 1.0, 5.0,  //
      0.0, 0.0, 1.9, 0.0;
  const FlowField f = empirical_flow(grid, prev, next);
  EXPECT_EQ(f.count(0, 0), 2);  // first two points share cell (a=0, b=0)
  EXPECT_NEAR(f.da(0, 0), 0.2, 1e-15);
  EXPECT_NEAR(f.db(0, 0), -0.15, 1e-15);
  EXPECT_EQ(f.count(1, 2), 1);
  EXPECT_NEAR(f.da(1, 2), -0.9, 1e-15);
  EXPECT_NEAR(f.db(1, 2), 1.0, 1e-15);
  EXPECT_EQ(f.count.sum(), 3);  // the point at a = 5 lies outside the grid
}

TEST(FlowField, ConditionsMatchRecordedInputs) {
  const auto c = six_conditions();
  ASSERT_EQ(c.size(), 6u);
  EXPECT_EQ(c[0].name, "left");
  EXPECT_EQ(c[4].name, "no_stimulus");
  EXPECT_TRUE(c[2].x.isApprox(Eigen::Vector3d(0.2, 1.2, -0.05)));
  EXPECT_TRUE(matches_condition(c[0], {1.5, 0.4, -0.05}, 0.5));   // d = −1.1
  EXPECT_FALSE(matches_condition(c[0], {0.5, 0.4, -0.05}, 0.5));  // d = −0.1
  EXPECT_TRUE(matches_condition(c[1], {0.3, 0.1, 0.0}, 0.5));
  EXPECT_FALSE(matches_condition(c[1], {0.0, 0.0, 0.0}, 0.5));    // blank ≠ stimulus
  EXPECT_TRUE(matches_condition(c[3], {0.0, 0.0, -1.0}, 0.5));
  EXPECT_FALSE(matches_condition(c[3], {0.0, 0.0, 1.0}, 0.5));
  EXPECT_TRUE(matches_condition(c[4], {0.0, 0.0, 0.0}, 0.5));
  EXPECT_TRUE(matches_condition(c[5], {0.0, 0.0, 1.0}, 0.5));
}

TEST(FlowField, GridSpansQuantiles) {
  Eigen::MatrixXd z(2, 101);
  for (int i = 0; i <= 100; ++i) {
    z(0, i) = i;
    z(1, i) = -2.0 * i;
  }
  const PlaneGrid g = grid_over(z, 5, 0.1);
  EXPECT_NEAR(g.a(0), 10, 1e-12);
  EXPECT_NEAR(g.a(4), 90, 1e-12);
  EXPECT_NEAR(g.b(0), -180, 1e-12);
  EXPECT_NEAR(g.b(4), -20, 1e-12);
  EXPECT_THROW(grid_over(z, 1, 0.1), InvalidInput);
}

TEST(UnitPools, CompleteLinkageMatchesHandWorkedDendrogram) {
  // Points on a line at 0, 1, 3, 7, 8: merges (0,1)@1, (3,4)@1, ({0,1},2)@3, then all @8.
  Eigen::VectorXd p(5);
  p << 0, 1, 3, 7, 8;
  Eigen::MatrixXd D(5, 5);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 5; ++j) D(i, j) = std::fabs(p(i) - p(j));
  const Linkage L = complete_linkage(D);
  Eigen::MatrixXd expected(4, 4);
  expected << 0, 1, 1, 2,  //
      3, 4, 1, 2,          //
      2, 5, 3, 3,          //
      6, 7, 8, 5;
  EXPECT_TRUE(L.merges.isApprox(expected)) << L.merges;
  EXPECT_EQ(cut_linkage(L, 2), (std::vector<int>{0, 0, 0, 1, 1}));
  EXPECT_EQ(cut_linkage(L, 3), (std::vector<int>{0, 0, 1, 2, 2}));
  EXPECT_EQ(cut_linkage(L, 1), (std::vector<int>(5, 0)));
  EXPECT_EQ(leaf_order(L), (std::vector<int>{3, 4, 2, 0, 1}));  // root = (6, 7): {3,4} first
  EXPECT_THROW(cut_linkage(L, 6), InvalidInput);
}

TEST(UnitPools, CompleteLinkageDiffersFromSingleLinkageOnAChain) {
  // A chain 0–1–2 with gaps 2, 2 and a point 3 at distance 3.5 from 2: single linkage would
  // join 3 to {0,1,2} at 3.5; complete linkage measures {0,1,2}–3 by its farthest pair.
  Eigen::VectorXd p(4);
  p << 0, 2, 4, 7.5;
  Eigen::MatrixXd D(4, 4);
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) D(i, j) = std::fabs(p(i) - p(j));
  const Linkage L = complete_linkage(D);
  // (0,1)@2; then d({0,1},2) = 4 vs d(2,3) = 3.5 → (2,3)@3.5; then all @7.5.
  EXPECT_DOUBLE_EQ(L.merges(1, 2), 3.5);
  EXPECT_EQ(L.merges(1, 0), 2);
  EXPECT_EQ(L.merges(1, 1), 3);
  EXPECT_DOUBLE_EQ(L.merges(2, 2), 7.5);
}

TEST(UnitPools, RecoversTwoAnticorrelatedPoolsAndTheirWeights) {
  // 10 units: units {1, 3, 4, 6, 9} follow +s, the others −s, plus private noise.
  const int h = 10, n = 5000;
  const std::vector<int> pool_a = {1, 3, 4, 6, 9};
  std::vector<int> sign(h, -1);
  for (int u : pool_a) sign[u] = 1;
  Rng rng(9, Stream::fit);
  Eigen::MatrixXd X(h, n);
  for (int t = 0; t < n; ++t) {
    const double s = rng.normal();
    for (int i = 0; i < h; ++i) X(i, t) = std::tanh(sign[i] * s + 0.3 * rng.normal());
  }
  // W: +0.5 within pools, −0.4 between, diagonal 9 (must not enter the means).
  Eigen::MatrixXd W(h, h);
  for (int i = 0; i < h; ++i)
    for (int j = 0; j < h; ++j) W(i, j) = i == j ? 9.0 : (sign[i] == sign[j] ? 0.5 : -0.4);
  Eigen::VectorXd readout(h);
  for (int i = 0; i < h; ++i) readout(i) = sign[i];
  const UnitPools u = find_unit_pools(X, W, readout);
  for (int i = 0; i < h; ++i) EXPECT_EQ(u.pool[i], sign[i] > 0 ? 0 : 1) << "unit " << i;
  EXPECT_EQ(u.size[0], 5);
  EXPECT_EQ(u.size[1], 5);
  EXPECT_NEAR(u.mean_weight[0][0], 0.5, 1e-15);
  EXPECT_NEAR(u.mean_weight[1][1], 0.5, 1e-15);
  EXPECT_NEAR(u.mean_weight[0][1], -0.4, 1e-15);
  EXPECT_NEAR(u.mean_weight[1][0], -0.4, 1e-15);
  EXPECT_GT(u.mean_correlation[0][0], 0.5);
  EXPECT_LT(u.mean_correlation[0][1], -0.5);
  // Reordering: the first five units are pool A.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(sign[u.order[i]], 1);
  EXPECT_DOUBLE_EQ(u.W_rec_reordered(0, 7), -0.4);
  EXPECT_DOUBLE_EQ(u.correlation_reordered(2, 8), u.correlation(u.order[2], u.order[8]));
  // The correlation matrix agrees with a direct Pearson computation.
  const Eigen::VectorXd a = X.row(0).transpose().array() - X.row(0).mean();
  const Eigen::VectorXd b = X.row(3).transpose().array() - X.row(3).mean();
  EXPECT_NEAR(u.correlation(0, 3), a.dot(b) / (a.norm() * b.norm()), 1e-12);
}

TEST(UnitPools, ConstantUnitHasZeroCorrelation) {
  Eigen::MatrixXd X(2, 4);
  X << 1, 2, 3, 4, 5, 5, 5, 5;
  const Eigen::MatrixXd C = correlation_matrix(X);
  EXPECT_EQ(C(0, 1), 0.0);
  EXPECT_EQ(C(1, 1), 1.0);
}
