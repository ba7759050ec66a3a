// iblrnn reproduce --quick end to end: every stage's folder, the reproduction table with every
// row of the paper, a re-run that skips complete stages, and the report in a real browser
// (headless Chromium through report/check_report.mjs): no errors, every figure drawn.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "../support/browser.hpp"
#include "iblrnn/io/output_folder.hpp"
#include "iblrnn/pipeline/output_schemas.hpp"
#include "../support/cli_prelude.hpp"

using namespace iblrnn::io;

namespace {

using iblrnn::testing::kSourceRoot;

// One quick study shared by the tests of this file (it takes a few seconds).
class QuickReproduce : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const auto r = run_command(std::string(IBLRNN_BINARY) + " reproduce --quick --out " + (*dir_ / "study") +
                               " --mouse-data " + kSourceRoot + "/tests/data/behavior/mice </dev/null");
    first_ = new iblrnn::testing::CommandResult(r);
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete first_;
  }
  static std::string study(const std::string& rel) { return *dir_ / ("study/" + rel); }
  static TempDir* dir_;
  static iblrnn::testing::CommandResult* first_;
};
TempDir* QuickReproduce::dir_ = nullptr;
iblrnn::testing::CommandResult* QuickReproduce::first_ = nullptr;

}  // namespace

TEST_F(QuickReproduce, WritesEveryStageAndTheTableWithEveryRow) {
  ASSERT_EQ(first_->exit_code, 0) << first_->output;
  for (const char* f : {"network/summary.json", "network/eval/summary.json", "network/eval/hidden.npy",
                        "bayes/actor/summary.json", "bayes/actor_commit/summary.json",
                        "bayes/reward_optimal/summary.json", "behavior/summary.json",
                        "analysis/summary.json", "distill/summary.json", "summary.json",
                        "report.html", "config.toml"})
    EXPECT_TRUE(fs::exists(study(f))) << f;
  const auto summary = nlohmann::json::parse(read_text_file(study("summary.json")));
  const std::vector<std::string> keys = {"rnn_accuracy", "radd_accuracy", "pc12_variance",
                                         "stim_readout_in_plane"};
  ASSERT_TRUE(summary.contains("table"));
  EXPECT_EQ(summary["table"].size(), 11u);  // every row of the paper's numbers (SPEC §7)
  for (const auto& row : summary["table"]) {
    EXPECT_FALSE(row["verdict"].get<std::string>().empty());
    EXPECT_TRUE(summary.contains(row["key"].get<std::string>())) << row["key"];
  }
  // The table's RNN accuracy is the evaluation's — except that the 30-step network of --quick
  // did not train, so the study gives it no value (failed_seeds says why).
  const auto eval = nlohmann::json::parse(read_text_file(study("network/eval/summary.json")));
  if (summary["failed_seeds"].empty())
    EXPECT_DOUBLE_EQ(summary["rnn_accuracy"]["seeds"][0].get<double>(), eval["accuracy"].get<double>());
  else
    EXPECT_TRUE(summary["rnn_accuracy"]["seeds"][0].is_null()) << summary["rnn_accuracy"].dump();
  // The seeds' networks are one sweep: one time for all of them ("seeds").
  for (const char* stage : {"seeds", "bayes_actor", "behavior", "report"})
    EXPECT_TRUE(summary["stage_seconds"].contains(stage)) << stage;
  const std::string html = read_text_file(study("report.html"));
  for (const auto& row : summary["table"])
    EXPECT_NE(html.find(row["quantity"].get<std::string>()), std::string::npos) << row["quantity"];
}

// The evaluation's own threshold actor is the study's Bayesian actor (same agent, same
// session): a sweep point, which runs no bayes stage, reads C1's baseline from it.
TEST_F(QuickReproduce, EvaluationActorIsTheStudysBayesianActor) {
  ASSERT_EQ(first_->exit_code, 0) << first_->output;
  const auto eval = nlohmann::json::parse(read_text_file(study("network/eval/summary.json")));
  const auto actor = nlohmann::json::parse(read_text_file(study("bayes/actor/summary.json")));
  EXPECT_EQ(eval["actor_accuracy"].get<double>(), actor["accuracy"].get<double>());
  EXPECT_EQ(eval["n_trials"], actor["n_trials"]);
}

// Every summary written by the study holds exactly the keys its schema declares.
TEST_F(QuickReproduce, EverySummaryMatchesItsSchema) {
  ASSERT_EQ(first_->exit_code, 0) << first_->output;
  for (const iblrnn::io::SummarySchema* schema : iblrnn::pipeline::summary_schemas()) {
    const auto summary = nlohmann::json::parse(read_text_file(study(schema->title)));
    const auto mismatch = iblrnn::io::check_summary(*schema, summary);
    EXPECT_TRUE(mismatch.ok()) << schema->title << ":\n" << mismatch.describe();
  }
}

TEST_F(QuickReproduce, ReRunSkipsCompleteStages) {
  ASSERT_EQ(first_->exit_code, 0) << first_->output;
  const std::string before = read_text_file(study("network/eval/trials.csv"));
  auto summary_before = nlohmann::json::parse(read_text_file(study("summary.json")));
  const auto r = run_command(std::string(IBLRNN_BINARY) + " reproduce --quick --out " + study("") +
                             " --mouse-data " + kSourceRoot + "/tests/data/behavior/mice </dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // The seed's network is a complete point of the seeds' sweep: skipped whole.
  EXPECT_NE(r.output.find("reproduce: seeds: 1 points already complete, skipped"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("seed-1 started"), std::string::npos) << r.output;
  for (const char* stage : {"bayes_actor", "behavior"})
    EXPECT_NE(r.output.find(std::string("reproduce: ") + stage + ": complete, skipped"), std::string::npos)
        << stage << "\n" << r.output;
  EXPECT_EQ(read_text_file(study("network/eval/trials.csv")), before);
  // The values are read from the stages again, never from the previous summary's means.
  auto summary_after = nlohmann::json::parse(read_text_file(study("summary.json")));
  summary_before.erase("stage_seconds");
  summary_after.erase("stage_seconds");
  EXPECT_EQ(summary_after, summary_before);
}

TEST_F(QuickReproduce, ReportOpensInChromiumWithEveryFigureDrawn) {
  ASSERT_EQ(first_->exit_code, 0) << first_->output;
  const nlohmann::json j = iblrnn::testing::check_in_browser(study("report.html"));
  ASSERT_FALSE(j.is_null());
  EXPECT_TRUE(j["console_errors"].empty()) << j["console_errors"].dump(1);
  EXPECT_TRUE(j["page_errors"].empty()) << j["page_errors"].dump(1);
  EXPECT_TRUE(j["external_requests"].empty()) << j["external_requests"].dump(1);
  EXPECT_EQ(j["rendered"], "done");
  EXPECT_EQ(j["failed_boxes"], 0);
  EXPECT_GE(j["figures"].size(), 20u);
  for (const auto& [id, fig] : j["figures"].items()) {
    EXPECT_TRUE(fig["svg"].get<bool>()) << id;
    EXPECT_GT(fig["marks"].get<int>(), 0) << id;
  }
  std::cout << "figures drawn: " << j["figures"].size() << ", not-available boxes: " << j["missing_boxes"] << "\n";
}

TEST_F(QuickReproduce, ReRunWithAnotherConfigurationRunsEveryStageAgain) {
  ASSERT_EQ(first_->exit_code, 0) << first_->output;
  const std::string copy = *dir_ / "other";
  fs::copy(study(""), copy, fs::copy_options::recursive);
  const auto r = run_command(std::string(IBLRNN_BINARY) + " reproduce --quick --eval-blocks 3 --set analysis.n_grid=7 --out " + copy +
                             " --mouse-data " + kSourceRoot + "/tests/data/behavior/mice </dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("complete, skipped"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("reproduce: seeds: seed-1 started"), std::string::npos) << r.output;
  for (const char* stage : {"bayes_actor", "behavior"})
    EXPECT_NE(r.output.find(std::string("reproduce: ") + stage + ": running"), std::string::npos) << stage << "\n"
                                                                                                     << r.output;
  // The user's --eval-blocks and --set win over --quick's values, in the study's stages and
  // in the base configuration of its seeds.
  for (const std::string file : {"/stages.json", "/seeds/base.toml"}) {
    const std::string record = read_text_file(copy + file);
    EXPECT_NE(record.find("eval_blocks = 3"), std::string::npos) << file;
    EXPECT_NE(record.find("n_grid = 7"), std::string::npos) << file;
    EXPECT_NE(record.find("n_steps = 30"), std::string::npos) << file;
  }
  const auto eval = nlohmann::json::parse(read_text_file(copy + "/network/eval/summary.json"));
  EXPECT_EQ(eval["n_blocks"], 3) << eval.dump();
}

TEST_F(QuickReproduce, ClaimsTableCountsEverySeedAndNamesAFailedTraining) {
  ASSERT_EQ(first_->exit_code, 0) << first_->output;
  const auto summary = nlohmann::json::parse(read_text_file(study("summary.json")));
  ASSERT_EQ(summary["claims"].size(), 16u);
  for (const auto& c : summary["claims"]) {
    EXPECT_EQ(c["seeds"].size(), 1u) << c["id"];
    EXPECT_FALSE(c["counts"][0]["criterion"].get<std::string>().empty()) << c["id"];
  }
  // 30 training steps never reach the action threshold: a failure, never a finding.
  ASSERT_EQ(summary["failed_seeds"].size(), 1u) << summary["failed_seeds"].dump();
  EXPECT_NE(summary["failed_seeds"][0]["reason"].get<std::string>().find("not trained"), std::string::npos);
  for (const auto& c : summary["claims"]) EXPECT_EQ(c["counts"][0]["n_tested"], 0) << c["id"];
  // Nor does the numbers table judge it: its rows say why they are not judged.
  for (const auto& row : summary["table"]) {
    EXPECT_EQ(row["verdict"], "not run") << row.dump();
    EXPECT_NE(row["reason"].get<std::string>().find("no seed's network trained"), std::string::npos) << row.dump();
  }
  const std::string html = read_text_file(study("report.html"));
  EXPECT_NE(html.find("The paper's claims, seed by seed"), std::string::npos);
  EXPECT_NE(html.find("Training failed, seed"), std::string::npos);
  EXPECT_LT(html.find("id=\"claims\""), html.find("id=\"reproduction\""));
  const auto distill = nlohmann::json::parse(read_text_file(study("distill/summary.json")));
  EXPECT_TRUE(distill["never_acts"].is_array());
  EXPECT_TRUE(distill["radd"]["by_scaling"].contains("shared"));
  EXPECT_TRUE(distill["radd"]["by_scaling"].contains("per_coordinate"));
}

TEST(CliReproduce, SeedsInParallelGiveTheSameFolderAsOneAfterAnother) {
  if (!fs::exists("/usr/bin/python3")) GTEST_SKIP() << "/usr/bin/python3 missing: scripts/compare_outputs.py cannot run";
  TempDir dir;
  fs::create_directories(dir / "one");
  fs::create_directories(dir / "two");
  // Same relative --out, so the paths recorded in the summaries are equal too.
  for (const std::string jobs : {"one", "two"}) {
    const auto r = run_command("cd " + (dir / jobs) + " && " + IBLRNN_BINARY + " reproduce --quick --seeds 3 --jobs " +
                               (jobs == "one" ? "1" : "2") + " --out study </dev/null");
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  const auto cmp = run_command("/usr/bin/python3 " + std::string(kSourceRoot) + "/scripts/compare_outputs.py " +
                               (dir / "one/study") + " " + (dir / "two/study"));
  EXPECT_EQ(cmp.exit_code, 0) << cmp.output;
  EXPECT_TRUE(fs::exists(dir / "two/study/seeds/seed-3/distill/summary.json"));
}

// Without --mouse-data the study still shows the mice: the reference shipped with the sources
// (data/mice-may2020) joins the behaviour outputs, and the report's behaviour figures draw them.
TEST(Reproduce, WithoutMouseDataShowsTheMouseReference) {
  TempDir dir;
  const auto r = run_command(std::string(IBLRNN_BINARY) + " reproduce --quick --out " +
                             (dir / "study") + " </dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto summary = nlohmann::json::parse(read_text_file(dir / "study/behavior/summary.json"));
  ASSERT_FALSE(summary["inputs"].empty());
  EXPECT_EQ(summary["inputs"].back()["label"], "mice");
  const std::string html = read_text_file(dir / "study/report.html");
  EXPECT_EQ(html.find("give mouse data (--mouse-data)"), std::string::npos);
  // Every behaviour figure draws the mice: Fig 2a and 3a in a panel by signed contrast (%), 3b,
  // 3c and the psychometric curves among the agents, the reaction times by contrast.
  const std::string open = "<script type=\"application/json\" id=\"report-specs\">";
  const std::size_t a = html.find(open);
  ASSERT_NE(a, std::string::npos);
  const std::size_t b = html.find("</script>", a);
  const auto figures = nlohmann::json::parse(html.substr(a + open.size(), b - a - open.size()))["figures"];
  for (const char* id : {"fig2a", "fig3a", "fig3b", "fig3c", "psychometric", "mice_chronometric"}) {
    ASSERT_TRUE(figures.contains(id)) << id;
    const std::string spec = figures[id].dump();
    EXPECT_NE(spec.find("\"agent\":\"mice\""), std::string::npos) << id;
    if (std::string(id) != "fig3b" && std::string(id) != "fig3c")
      EXPECT_NE(spec.find("contrast (%)"), std::string::npos) << id;
  }
  // The parameter table's mouse rows: the pool and each of the 44 mice.
  const std::size_t card = html.find("id=\"card-psychometric_params\"");
  ASSERT_NE(card, std::string::npos);
  const std::string table = html.substr(card, html.find("</figure>", card) - card);
  EXPECT_NE(table.find("<td class=\"quantity\">mice</td><td class=\"num\">1005185</td>"), std::string::npos);
  EXPECT_NE(table.find("<summary>each mouse (44)</summary>"), std::string::npos);
}

TEST_F(QuickReproduce, AStudyMadeWithoutTheMouseReferenceRunsItsBehaviourAgain) {
  ASSERT_EQ(first_->exit_code, 0) << first_->output;
  TempDir dir;
  const std::string copy = dir / "study";
  fs::copy(study(""), copy, fs::copy_options::recursive);
  // A study made without the reference shipped with the sources: its behaviour stage's key
  // has no `mouse_reference` line.
  auto record = nlohmann::json::parse(read_text_file(copy + "/stages.json"));
  std::string key = record["behavior"]["key"];
  const auto at = key.find("# mouse_reference");
  if (at == std::string::npos) GTEST_SKIP() << "this build has no mouse reference";
  record["behavior"]["key"] = key.substr(0, at);
  std::ofstream(copy + "/stages.json") << record.dump(2);
  const auto r = run_command(std::string(IBLRNN_BINARY) + " reproduce --quick --out " + copy +
                             " --mouse-data " + kSourceRoot + "/tests/data/behavior/mice </dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("reproduce: seeds: 1 points already complete, skipped"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("reproduce: behavior: running"), std::string::npos) << r.output;
}

// The seeds of a study are the points of a sweep (DIR/seeds): `iblrnn sweep status` and
// `collect` read it, its summary.csv has one row per seed, and a re-run applies the sweep's
// rule: a complete seed is skipped, an incomplete one (a training killed mid-run, a stage
// folder missing) runs again, to the same files.
TEST(CliReproduce, SeedsAreASweepThatRedoesOnlyIncompleteSeeds) {
  if (!fs::exists("/usr/bin/python3")) GTEST_SKIP() << "/usr/bin/python3 missing: scripts/compare_outputs.py cannot run";
  TempDir dir;
  const std::string study = dir / "study";
  const std::string reproduce = std::string(IBLRNN_BINARY) + " reproduce --quick --seeds 2 --jobs 2 --out " + study;
  const auto r = run_command(reproduce + " </dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("reproduce: seeds: seed-2 started"), std::string::npos) << r.output;

  const auto status = run_command(std::string(IBLRNN_BINARY) + " sweep status " + study + "/seeds");
  ASSERT_EQ(status.exit_code, 0) << status.output;
  EXPECT_NE(status.output.find("2/2 complete"), std::string::npos) << status.output;
  // One row per seed, the columns of `iblrnn sweep collect`, the values of the seeds' folders.
  const std::string csv = read_text_file(study + "/seeds/summary.csv");
  EXPECT_EQ(csv.rfind("index,name,state,seed,accuracy,", 0), 0u) << csv.substr(0, 200);
  EXPECT_NE(csv.find("\n0,seed-1,complete,1,"), std::string::npos);
  EXPECT_NE(csv.find("\n1,seed-2,complete,2,"), std::string::npos);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);
  const auto summary = nlohmann::json::parse(read_text_file(study + "/seeds/summary.json"));
  for (const auto& [k, root] : {std::pair{0, study}, std::pair{1, study + "/seeds/seed-2"}}) {
    const auto eval = nlohmann::json::parse(read_text_file(root + "/network/eval/summary.json"));
    EXPECT_EQ(summary["points"][k]["accuracy"], eval["accuracy"]) << root;
    EXPECT_EQ(summary["points"][k]["seed"], k + 1);
  }
  const auto collect = run_command(std::string(IBLRNN_BINARY) + " sweep collect " + study + "/seeds");
  ASSERT_EQ(collect.exit_code, 0) << collect.output;
  EXPECT_EQ(read_text_file(study + "/seeds/summary.csv"), csv);

  const std::string before = dir / "before";
  fs::copy(study, before, fs::copy_options::recursive);
  // Seed 2's training killed mid-run (its folder marked incomplete, as a running training
  // leaves it), then seed 2's distill folder gone.
  iblrnn::io::write_output_marker(study + "/seeds/seed-2/network", "train", false);
  fs::remove_all(study + "/seeds/seed-2/distill");
  const auto again = run_command(reproduce + " </dev/null");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("reproduce: seeds: 1 points already complete, skipped"), std::string::npos)
      << again.output;
  EXPECT_EQ(again.output.find("seed-1 started"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("seed-2 started"), std::string::npos) << again.output;
  const auto cmp = run_command("/usr/bin/python3 " + std::string(kSourceRoot) + "/scripts/compare_outputs.py " +
                               before + " " + study);
  EXPECT_EQ(cmp.exit_code, 0) << cmp.output;
}

// A study killed with kill -9 while its seeds run leaves no seed running behind it (each point
// process ends with the executor), so the next run takes every seed up again.
TEST(CliReproduce, AKilledStudyLeavesNoSeedRunning) {
  TempDir dir;
  const std::string bin = IBLRNN_BINARY;
  const auto r = run_command(
      "cd " + (dir / "") + " && { " + bin + " reproduce --quick --seeds 2 --jobs 2 --out study >log 2>&1 & pid=$!; "
      "for i in $(seq 200); do grep -q 'seed-2 started' log && break; sleep 0.05; done; kill -9 $pid; wait $pid; "
      "sleep 1; cat log; " + bin + " sweep status study/seeds; } </dev/null");
  EXPECT_NE(r.output.find("seed-2 started"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(", 0 running,"), std::string::npos) << r.output;
  const auto again = run_command(bin + " reproduce --quick --seeds 2 --jobs 2 --out " + (dir / "study") + " </dev/null");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("seed-2 complete"), std::string::npos) << again.output;
}
