// The comparison of phase portraits (docs/distill.md eq. D12–D14): signatures and distances
// counted by hand, and the teacher's fixed points (the analysis module's q-minimiser) against
// the 2-unit map's (Newton on the map) on a teacher whose fixed points are known: two
// decoupled bistable units, 9 points under every input.
#include <gtest/gtest.h>

#include <cmath>

#include "iblrnn/core/error.hpp"
#include "iblrnn/distill/reduced_network.hpp"
#include "iblrnn/distill/teacher_portrait.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::core;
using namespace iblrnn::distill;
using namespace iblrnn::rnn;

namespace iblrnn {
namespace {

PortraitPoint point_at(double z0, double z1, const std::string& kind) {
  PortraitPoint p;
  p.z = Eigen::Vector2d(z0, z1);
  p.kind = kind;
  return p;
}

// One input portrait per portrait input, each with these points.
ModelPortrait portrait_of_points(const std::vector<PortraitPoint>& points) {
  ModelPortrait m;
  for (const auto& input : portrait_inputs()) {
    InputPortrait p;
    p.input = input.name;
    p.points = points;
    p.signature = portrait_signature(points);
    m.by_input.push_back(p);
  }
  return m;
}

TanhMap two_bistable_units() {
  TanhMap map;
  map.A = Eigen::Vector2d(3.0, 2.0).asDiagonal();
  map.B = Eigen::MatrixXd::Zero(2, 3);
  map.c = Eigen::Vector2d::Zero();
  return map;
}

}  // namespace

TEST(PortraitComparison, SignaturesAndNearestDistancesByHand) {
  EXPECT_TRUE(same_signatures({{{"stable", 2}, {"saddle", 1}}}, {{{"saddle", 1}, {"stable", 2}}}));
  EXPECT_FALSE(same_signatures({{{"stable", 2}}, {{"stable", 1}}}, {{{"stable", 2}}, {{"stable", 2}}}));
  EXPECT_THROW(same_signatures({{}}, {{}, {}}), InvalidInput);
  // From (0, 0): (3, 4) at 5 and (−1, 0) at 1; from (3, 0): (3, 4) at 4.
  const std::vector<PortraitPoint> pts = {point_at(3, 4, "stable"), point_at(-1, 0, "saddle")};
  const auto d = nearest_point_distances({Eigen::Vector2d(0, 0), Eigen::Vector2d(3, 0)}, pts);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_DOUBLE_EQ(d[0], 1.0);
  EXPECT_DOUBLE_EQ(d[1], 4.0);
  EXPECT_TRUE(std::isinf(nearest_point_distances({Eigen::Vector2d(0, 0)}, {})[0]));
  EXPECT_THROW(nearest_point_distances({Eigen::Vector3d(0, 0, 0)}, pts), InvalidInput);
}

TEST(PortraitComparison, KeepsTheTeachersPortraitOnlyWithTheSameCountsOfEachKind) {
  TeacherPortrait teacher;
  for (const auto& input : portrait_inputs()) {
    TeacherInputPortrait p;
    p.input = input.name;
    for (const auto& [kind, z] : {std::pair{"stable", -0.5}, {"saddle", 0.0}, {"stable", 0.5}}) {
      TeacherPoint t;
      t.kind = kind;
      t.z_radd = Eigen::Vector2d(z, 0.0);
      ++p.signature[kind];
      p.points.push_back(t);
    }
    teacher.by_input.push_back(p);
  }
  std::map<std::string, ModelPortrait> models;
  // RADD: the same kinds, shifted by (0, 0.3) except the saddle, which is at (0, −0.4).
  models["radd"] = portrait_of_points(
      {point_at(-0.5, 0.3, "stable"), point_at(0.0, -0.4, "saddle"), point_at(0.5, 0.3, "stable")});
  // One stable point only: not the teacher's portrait.
  models["task_trained_2"] = portrait_of_points({point_at(0.0, 0.0, "stable")});
  models["conventional"] = ModelPortrait{};  // no plane portrait: left out
  const PortraitComparison c = compare_portraits(teacher, models);
  EXPECT_EQ(c.keeps_teacher_portrait.size(), 2u);
  EXPECT_TRUE(c.keeps_teacher_portrait.at("radd"));
  EXPECT_FALSE(c.keeps_teacher_portrait.at("task_trained_2"));
  ASSERT_TRUE(c.radd_distance_to_teacher_points.has_value());
  ASSERT_EQ(c.radd_distance_to_teacher_points->size(), 3u);
  for (const auto& d : *c.radd_distance_to_teacher_points) {
    ASSERT_EQ(d.size(), 3u);
    EXPECT_NEAR(d[0], 0.3, 1e-15);
    EXPECT_NEAR(d[1], 0.4, 1e-15);
    EXPECT_NEAR(d[2], 0.3, 1e-15);
  }
  teacher.skipped = "no cell states";
  const PortraitComparison none = compare_portraits(teacher, models);
  EXPECT_TRUE(none.keeps_teacher_portrait.empty());
  EXPECT_FALSE(none.radd_distance_to_teacher_points.has_value());
}

TEST(TeacherPortrait, FindsTheNinePointsOfTwoBistableUnitsLikeTheMapsPortrait) {
  const TanhMap map = two_bistable_units();
  const Network teacher = network_of_map(map, 1.0, 0);
  NetworkRecording rec;
  rec.hidden = (Eigen::MatrixXd(2, 4) << 0.9, -0.9, 0.9, -0.9, 0.9, 0.9, -0.9, -0.9).finished();
  RaddProjection identity{Eigen::Matrix2d::Identity(), Eigen::Vector2d::Zero(),
                          Eigen::Vector2d::Ones()};
  const TeacherPortrait t = teacher_portrait(teacher, rec, AnalysisConfig{}, &identity, 5);
  ASSERT_TRUE(t.skipped.empty());
  ASSERT_EQ(t.by_input.size(), 3u);
  const std::map<std::string, int> nine = {{"saddle", 4}, {"stable", 4}, {"unstable", 1}};
  for (const auto& p : t.by_input) EXPECT_EQ(p.signature, nine) << p.input;
  std::map<std::string, ModelPortrait> models;
  models["radd"] = model_portrait(map, 5, 9);
  const PortraitComparison c = compare_portraits(t, models);
  EXPECT_TRUE(c.keeps_teacher_portrait.at("radd"));
  ASSERT_TRUE(c.radd_distance_to_teacher_points.has_value());
  for (const auto& d : *c.radd_distance_to_teacher_points) {
    ASSERT_EQ(d.size(), 9u);
    for (double x : d) EXPECT_LT(x, 1e-5);
  }
  // An LSTM teacher whose recording has no cell states is skipped with the reason.
  NetworkConfig nc;
  nc.arch = Arch::lstm;
  nc.n_hidden = 2;
  const TeacherPortrait lstm = teacher_portrait(Network::zeros(nc), rec, AnalysisConfig{}, nullptr, 5);
  EXPECT_NE(lstm.skipped.find("cell states"), std::string::npos);
  EXPECT_TRUE(lstm.by_input.empty());
}

}  // namespace iblrnn
