// distill/summary.json from the typed result (docs/outputs.md): the values written are the
// result's, NaN is written as null, optional parts appear only when computed, and the
// summary matches its declared schema.
#include <gtest/gtest.h>

#include <limits>

#include "constructed_reduction.hpp"
#include "iblrnn/distill/distill_schema.hpp"
#include "iblrnn/distill/distill_study.hpp"
#include "iblrnn/distill/distill_summary.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::distill;
using namespace iblrnn::io;
using namespace iblrnn::rnn;

namespace iblrnn {
namespace {

DistillResult small_result() {
  const NetworkRecording rec =
      constructed::known_recording(constructed::known_map(), 2.5, Eigen::Vector2d::Zero(), 200, 20);
  DistillConfig cfg;
  cfg.projection = Projection::pca;
  cfg.flow_grid = 3;
  cfg.fixed_point_grid = 3;
  DistillResult r;
  r.run = "RUN";
  r.eval_dir = "RUN/eval";
  r.teacher_arch = Arch::rnn;
  r.teacher_n_hidden = 2;
  r.radd = distill_radd(constructed::two_unit_teacher(), rec, constructed::unit0_probs(rec, 2.5, 4.0),
                        cfg, AnalysisConfig{});
  AgentComparison teacher;
  teacher.name = "teacher";
  teacher.accuracy.accuracy = 0.75;
  teacher.accuracy.accuracy_concordant = std::numeric_limits<double>::quiet_NaN();
  teacher.reach.max_p_bound = 0.99;
  AgentComparison radd = teacher;
  radd.name = "radd";
  radd.accuracy.accuracy = 0.0;
  radd.timeout_rate = 1.0;
  radd.reach.cannot_act = true;
  radd.never_acts = true;
  r.agents = {teacher, radd};
  r.session = {7, 2, 40};
  r.portraits.flow_grid = cfg.flow_grid;
  r.portraits.teacher.skipped = "the evaluation has no cell states (cell.npy) for this LSTM";
  r.portraits.models["radd"] = model_portrait(r.radd.map, cfg.flow_grid, cfg.fixed_point_grid);
  r.portraits.comparison = compare_portraits(r.portraits.teacher, r.portraits.models);
  return r;
}

}  // namespace

TEST(DistillSummary, WritesTheResultsValuesAndMatchesTheSchema) {
  const DistillResult r = small_result();
  const nlohmann::json s = distill_summary_json(r);
  const auto mismatch = check_summary(distill_summary_schema(), s);
  EXPECT_TRUE(mismatch.ok()) << mismatch.describe();
  EXPECT_EQ(s["run"], "RUN");
  EXPECT_EQ(s["teacher"]["n_hidden"], 2);
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 2; ++j) EXPECT_EQ(s["radd"]["A"][i][j].get<double>(), r.radd.map.A(i, j));
    for (int j = 0; j < 3; ++j) EXPECT_EQ(s["radd"]["B"][i][j].get<double>(), r.radd.map.B(i, j));
    EXPECT_EQ(s["radd"]["scale"][i].get<double>(), r.radd.coordinates.scale(i));
  }
  EXPECT_EQ(s["radd"]["gain"].get<double>(), r.radd.gain);
  EXPECT_EQ(s["radd"]["n_train"], r.radd.closed_form.n_train);
  EXPECT_EQ(s["radd"]["input_drive_ratio"].get<double>(), *r.radd.input_drive_ratio);
  EXPECT_EQ(s["radd"]["by_scaling"]["shared"]["definition"], "paper2020");
  EXPECT_EQ(s["radd"]["by_scaling"]["per_coordinate"]["r2"].get<double>(),
            r.radd.by_scaling[1].fit.r2_heldout);
  EXPECT_FALSE(s["radd"].contains("refine"));
  EXPECT_FALSE(s.contains("conventional"));
  EXPECT_FALSE(s.contains("task_trained_2"));
  EXPECT_EQ(s["accuracy"]["teacher"].get<double>(), 0.75);
  EXPECT_TRUE(s["comparison"]["teacher"]["accuracy_concordant"].is_null());  // NaN
  EXPECT_EQ(s["comparison"]["radd"]["timeout_rate"].get<double>(), 1.0);
  EXPECT_EQ(s["never_acts"], nlohmann::json::array({"radd"}));
  EXPECT_TRUE(s["action_reach"]["radd"]["cannot_act"].get<bool>());
  EXPECT_EQ(s["comparison_session"]["eval_seed"], 7);
  EXPECT_EQ(s["comparison_session"]["n_trials"], 40);
  EXPECT_EQ(s["portraits"]["flow_axis"], nlohmann::json::array({-1.0, 0.0, 1.0}));
  EXPECT_EQ(s["portraits"]["inputs"]["left"], nlohmann::json::array({1.2, 0.2, -0.05}));
  EXPECT_EQ(s["portraits"]["teacher"]["skipped"], r.portraits.teacher.skipped);
  EXPECT_TRUE(s["portraits"]["keeps_teacher_portrait"].empty());
  EXPECT_FALSE(s["portraits"].contains("radd_distance_to_teacher_points"));
  const auto& left = r.portraits.models.at("radd").by_input[0];
  ASSERT_EQ(s["portraits"]["radd"]["left"]["fixed_points"].size(), left.points.size());
  EXPECT_EQ(s["portraits"]["radd"]["left"]["fixed_points"][0]["kind"], left.points[0].kind);
}

TEST(DistillSummary, AnUndeclaredOrMissingKeyIsCaughtByTheSchema) {
  nlohmann::json s = distill_summary_json(small_result());
  s["radd"]["unheard_of"] = 1;
  s.erase("never_acts");
  const auto m = check_summary(distill_summary_schema(), s);
  EXPECT_EQ(m.undeclared, std::vector<std::string>{"radd/unheard_of"});
  EXPECT_EQ(m.missing, std::vector<std::string>{"never_acts"});
}

}  // namespace iblrnn
