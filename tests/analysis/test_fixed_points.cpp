// Fixed points: a linear map (closed-form point and eigenvalues), a 2-unit tanh network with
// nine known fixed points, an exact line attractor, and the vanilla Jacobian against central
// differences.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include <Eigen/Geometry>
#include <Eigen/LU>

#include "iblrnn/analysis/fixed_points.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::core;


namespace {

// F(h; x) = A h + B x + c.
class LinearMap : public StepMap {
 public:
  LinearMap(Eigen::MatrixXd A, Eigen::MatrixXd B, Eigen::VectorXd c)
      : A_(std::move(A)), B_(std::move(B)), c_(std::move(c)) {}
  int n_state() const override { return static_cast<int>(c_.size()); }
  Eigen::VectorXd step(const Eigen::VectorXd& h, const Eigen::Vector3d& x) const override {
    return A_ * h + B_ * x + c_;
  }
  Eigen::MatrixXd jacobian(const Eigen::VectorXd&, const Eigen::Vector3d&) const override {
    return A_;
  }

 private:
  Eigen::MatrixXd A_, B_;
  Eigen::VectorXd c_;
};

Eigen::MatrixXd random_starts(int s, int m, double scale, std::uint64_t seed) {
  Rng rng(seed, Stream::fit);
  Eigen::MatrixXd S(s, m);
  for (int j = 0; j < m; ++j)
    for (int i = 0; i < s; ++i) S(i, j) = scale * rng.uniform(-1, 1);
  return S;
}

// Positive root of h = tanh(a h) for a > 1, by bisection (independent of the solver).
double tanh_root(double a) {
  double lo = 1e-9, hi = 1.0;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (std::tanh(a * mid) - mid > 0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

FixedPointOptions tight() {
  FixedPointOptions o;
  o.q_tol = 1e-24;
  return o;
}

}  // namespace

TEST(FixedPoints, LinearMapHasClosedFormPointAndEigenvalues) {
  Eigen::MatrixXd V(3, 3);
  V << 1, 0.5, 0, 0, 1, 0.3, 0.2, 0, 1;
  const Eigen::Vector3d lam(0.9, -0.5, 0.2);
  const Eigen::MatrixXd A = V * lam.asDiagonal() * V.inverse();
  Eigen::MatrixXd B = Eigen::MatrixXd::Zero(3, 3);
  B(0, 0) = 1;
  B(1, 1) = -2;
  const Eigen::Vector3d c(0.1, 0.2, -0.3);
  const LinearMap map(A, B, c);
  const Eigen::Vector3d x(0.5, 0.25, 0);
  const Eigen::VectorXd expected = (Eigen::MatrixXd::Identity(3, 3) - A).inverse() * (B * x + c);
  const FixedPointSet set = find_fixed_points(map, x, random_starts(3, 10, 5.0, 1), tight());
  ASSERT_EQ(set.points.size(), 1u);
  EXPECT_EQ(set.n_fixed, 10);
  EXPECT_EQ(set.points[0].n_merged, 10);
  EXPECT_NEAR((set.points[0].h - expected).norm(), 0.0, 1e-8);
  EXPECT_TRUE(set.points[0].stable);
  EXPECT_NEAR(std::abs(set.points[0].eigenvalues(0)), 0.9, 1e-10);
  EXPECT_NEAR(std::abs(set.points[0].eigenvalues(1)), 0.5, 1e-10);
  EXPECT_NEAR(std::abs(set.points[0].eigenvalues(2)), 0.2, 1e-10);
  // The leading eigenvector is V's first column.
  EXPECT_NEAR(std::fabs(set.points[0].lead_direction.dot(V.col(0).normalized())), 1.0, 1e-10);
}

TEST(FixedPoints, TwoUnitTanhNetworkHasNineKnownPoints) {
  // Uncoupled self-excitation a > 1: each unit has fixed points 0, ±h*, so the network has
  // 3 × 3 = 9; (±h*, ±h*) are stable with J = diag(a(1 − h*²)), the origin is unstable.
  const double a = 2.0;
  const VanillaStepMap map(a * Eigen::MatrixXd::Identity(2, 2), Eigen::MatrixXd::Zero(2, 3),
                           Eigen::VectorXd::Zero(2));
  const double hs = tanh_root(a);
  const Eigen::Vector3d x = Eigen::Vector3d::Zero();
  const FixedPointSet set = find_fixed_points(map, x, random_starts(2, 400, 1.0, 7), tight());
  ASSERT_EQ(set.points.size(), 9u);
  int n_stable = 0;
  for (const auto& p : set.points) {
    EXPECT_TRUE(p.is_fixed);
    for (int i = 0; i < 2; ++i) {
      const double v = std::fabs(p.h(i));
      EXPECT_TRUE(v < 1e-8 || std::fabs(v - hs) < 1e-8) << p.h.transpose();
    }
    // Eigenvalues a (1 − h_i²) of the diagonal Jacobian.
    std::vector<double> expected = {a * (1 - p.h(0) * p.h(0)), a * (1 - p.h(1) * p.h(1))};
    std::sort(expected.rbegin(), expected.rend());
    EXPECT_NEAR(p.eigenvalues(0).real(), expected[0], 1e-7);
    EXPECT_NEAR(p.eigenvalues(1).real(), expected[1], 1e-7);
    const bool both_saturated = std::fabs(p.h(0)) > 0.5 && std::fabs(p.h(1)) > 0.5;
    EXPECT_EQ(p.stable, both_saturated);
    n_stable += p.stable;
  }
  EXPECT_EQ(n_stable, 4);
}

TEST(FixedPoints, ExactLineAttractorIsCharacterised) {
  // A linear network with eigenvalue exactly 1 along v and contraction elsewhere: under x = 0
  // every point of span(v) is fixed (the line attractor); starts converge onto the line.
  Eigen::Vector3d v(1, 2, -1);
  v.normalize();
  Eigen::MatrixXd Q(3, 3);
  Q.col(0) = v;
  Q.col(1) = Eigen::Vector3d(2, -1, 0).normalized();
  Q.col(2) = v.cross(Eigen::Vector3d(Q.col(1)));
  const Eigen::MatrixXd A = Q * Eigen::Vector3d(1.0, 0.4, -0.3).asDiagonal() * Q.transpose();
  const LinearMap map(A, Eigen::MatrixXd::Zero(3, 3), Eigen::VectorXd::Zero(3));
  const FixedPointSet set =
      find_fixed_points(map, Eigen::Vector3d::Zero(), random_starts(3, 50, 1.0, 11), tight());
  ASSERT_GE(set.points.size(), 20u);
  for (const auto& p : set.points) {
    EXPECT_NEAR((p.h - v * v.dot(p.h)).norm(), 0.0, 1e-8);  // on the line
    EXPECT_NEAR(p.max_abs_eigenvalue, 1.0, 1e-10);
  }
  Eigen::VectorXd block = v + 0.05 * Eigen::VectorXd(Q.col(1));
  const LineAttractor la = characterise_line_attractor(set, block, Q.col(1), 0.9);
  EXPECT_EQ(la.n_points, static_cast<int>(set.points.size()));
  EXPECT_EQ(la.n_marginal, la.n_points);
  EXPECT_NEAR(la.fraction_1d, 1.0, 1e-10);
  EXPECT_NEAR(la.alignment_block, 1.0 / block.norm(), 1e-8);
  EXPECT_NEAR(la.angle_block_deg, std::atan(0.05) * 180 / M_PI, 1e-5);
  EXPECT_NEAR(la.alignment_stimulus, 0.0, 1e-8);
  EXPECT_NEAR(la.lambda_lead_median, 1.0, 1e-10);
  // Extent: the span of the starts' projections on v (the map's solution is a projection
  // along the contracting directions, which here are orthogonal to v).
  const Eigen::MatrixXd S = random_starts(3, 50, 1.0, 11);
  const Eigen::VectorXd proj = S.transpose() * v;
  // Merging (dedup 1e-3) may drop an end point in favour of a neighbour within 1e-3.
  EXPECT_NEAR(la.extent, proj.maxCoeff() - proj.minCoeff(), 2e-3);
}

TEST(SlowPoints, RelaxationEndsOnTheSlowLineOfANearLineAttractor) {
  // A linear map with |λ| = 0.995 along v and 0.2 elsewhere: its only fixed point is 0, but
  // relaxation stops (speed < tol) once the fast part has decayed, leaving the points spread
  // along v: speed = ‖(A − I)h‖ ≈ 0.005 |vᵀh| for h on the line.
  Eigen::Vector3d v(1, -1, 2);
  v.normalize();
  Eigen::MatrixXd Q(3, 3);
  Q.col(0) = v;
  Q.col(1) = Eigen::Vector3d(1, 1, 0).normalized();
  Q.col(2) = v.cross(Eigen::Vector3d(Q.col(1)));
  const Eigen::MatrixXd A = Q * Eigen::Vector3d(0.995, 0.2, 0.2).asDiagonal() * Q.transpose();
  const LinearMap map(A, Eigen::MatrixXd::Zero(3, 3), Eigen::VectorXd::Zero(3));
  const Eigen::MatrixXd S = random_starts(3, 40, 10.0, 5);
  const double tol = 0.01;
  const FixedPointSet set = relax_to_slow_points(map, Eigen::Vector3d::Zero(), S, tol, 5000, {});
  EXPECT_EQ(set.n_discarded, 0);
  ASSERT_GE(set.points.size(), 10u);
  for (const auto& p : set.points) {
    EXPECT_LT((A * p.h - p.h).norm(), tol);
    // speed² = (0.005 vᵀh)² + (0.8 ‖off-line part‖)² < tol²: close to the line.
    EXPECT_LT((p.h - v * v.dot(p.h)).norm(), tol / 0.8);
    EXPECT_NEAR(p.max_abs_eigenvalue, 0.995, 1e-12);
  }
  const LineAttractor la = characterise_line_attractor(set, v, Q.col(1), 0.9);
  EXPECT_GT(la.fraction_1d, 0.999);
  EXPECT_GT(la.alignment_block, 0.999);
  EXPECT_EQ(la.n_marginal, la.n_points);
  // Points stop where 0.005 |vᵀh| < tol, i.e. inside |vᵀh| < 2 (starts beyond are pulled in).
  EXPECT_LT(la.extent, 2 * tol / 0.005 + 1e-9);
  EXPECT_GT(la.extent, 1.0);
  EXPECT_THROW(relax_to_slow_points(map, Eigen::Vector3d::Zero(), S, 0.0, 10, {}), InvalidInput);
}

TEST(FixedPoints, SlowPointsAreKeptAndFarPointsDiscarded) {
  // F(h) = h + ε (1-D): no fixed point; q = ε²/2 everywhere, a flat minimum.
  const LinearMap slow(Eigen::MatrixXd::Identity(1, 1), Eigen::MatrixXd::Zero(1, 3),
                       Eigen::VectorXd::Constant(1, 1e-4));
  FixedPointOptions opt;
  const FixedPointSet s1 =
      find_fixed_points(slow, Eigen::Vector3d::Zero(), Eigen::MatrixXd::Zero(1, 3), opt);
  EXPECT_EQ(s1.n_slow, 3);
  ASSERT_EQ(s1.points.size(), 1u);
  EXPECT_FALSE(s1.points[0].is_fixed);
  EXPECT_NEAR(s1.points[0].q, 0.5e-8, 1e-20);
  const LinearMap fast(Eigen::MatrixXd::Identity(1, 1), Eigen::MatrixXd::Zero(1, 3),
                       Eigen::VectorXd::Constant(1, 1.0));
  const FixedPointSet s2 =
      find_fixed_points(fast, Eigen::Vector3d::Zero(), Eigen::MatrixXd::Zero(1, 2), opt);
  EXPECT_EQ(s2.n_discarded, 2);
  EXPECT_TRUE(s2.points.empty());
}

TEST(FixedPoints, RejectsBadStartsAndOptions) {
  const LinearMap map(Eigen::MatrixXd::Zero(2, 2), Eigen::MatrixXd::Zero(2, 3),
                      Eigen::VectorXd::Zero(2));
  try {
    find_fixed_points(map, Eigen::Vector3d::Zero(), Eigen::MatrixXd::Zero(3, 1), {});
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "find_fixed_points: starts rows must equal the map's state size 2, got 3");
  }
  FixedPointOptions bad;
  bad.dedup = 0;
  EXPECT_THROW(find_fixed_points(map, Eigen::Vector3d::Zero(), Eigen::MatrixXd::Zero(2, 1), bad),
               InvalidInput);
}

TEST(VanillaStepMap, JacobianMatchesCentralDifferences) {
  Rng rng(4, Stream::init);
  const int h = 6;
  Eigen::MatrixXd W(h, h), U(h, 3);
  Eigen::VectorXd b(h), s(h);
  for (int i = 0; i < h; ++i) {
    for (int j = 0; j < h; ++j) W(i, j) = rng.normal();
    for (int j = 0; j < 3; ++j) U(i, j) = rng.normal();
    b(i) = rng.normal();
    s(i) = rng.uniform(-1, 1);
  }
  const VanillaStepMap map(W, U, b);
  const Eigen::Vector3d x(0.3, 1.1, -0.05);
  const Eigen::MatrixXd J = map.jacobian(s, x);
  const Eigen::MatrixXd Jn = numerical_jacobian(map, s, x);
  EXPECT_LT((J - Jn).cwiseAbs().maxCoeff(), 1e-8);
  EXPECT_THROW(VanillaStepMap(W, U.leftCols(2), b), InvalidInput);
}
