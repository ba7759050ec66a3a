// iblrnn sweep: each point is the plain commands' computation byte for byte; a re-run skips
// complete points and finishes interrupted ones; collect gathers one row per point; bad axes
// and seeds are one line with exit 2 and touch nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "../support/browser.hpp"
#include "../support/cli_prelude.hpp"

using namespace iblrnn::io;

namespace {

// The quick configuration of `reproduce --quick`, on the fast preset.
const std::string kQuick =
    " --set train.n_steps=30 --set train.checkpoint_every=10 --set analysis.n_grid=9"
    " --set analysis.n_fixed_point_starts=8 --set distill.conventional_steps=20"
    " --set distill.task_trained_steps=20 --set eval.eval_blocks=20 --set distill.flow_grid=9"
    " --set distill.fixed_point_grid=3";

std::string compare(const std::string& a, const std::string& b) {
  return std::string("/usr/bin/python3 ") + IBLRNN_TEST_DATA_DIR + "/../../scripts/compare_outputs.py " + a + " " + b;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST(CliSweep, PointEqualsThePlainCommandsByteForByte) {
  TempDir dir;
  const auto s = iblrnn_cli("sweep --preset fast" + kQuick +
                            " --seeds 1-2 --axis network.n_hidden=4,6 --eval-blocks 20 --keep-hidden all --jobs 2 --out " +
                            (dir / "sw"));
  ASSERT_EQ(s.exit_code, 0) << s.output;
  EXPECT_NE(s.output.find("4/4 complete, 0 running, 0 failed, 0 pending"), std::string::npos) << s.output;
  // The point H = 6, seed 2 by hand: the same four commands a user would type.
  const std::string run = dir / "plain";
  const std::string sets = " --set train.n_threads=1 --hidden 6 --seed 2";
  for (const std::string& cmd :
       {"train --preset fast" + kQuick + sets + " --out " + run, "eval " + run + " --blocks 20",
        "analyze " + run, "distill " + run + " --config " + run + "/config.toml"}) {
    const auto r = iblrnn_cli(cmd);
    ASSERT_EQ(r.exit_code, 0) << cmd << "\n" << r.output;
  }
  const auto c = run_command(compare(run, dir / "sw/points/network.n_hidden-6_seed-2"));
  EXPECT_EQ(c.exit_code, 0) << c.output;
  // And the points differ from each other (the comparison can fail).
  const auto d = run_command(compare(dir / "sw/points/network.n_hidden-6_seed-1",
                                     dir / "sw/points/network.n_hidden-6_seed-2") + " --quiet");
  EXPECT_EQ(d.exit_code, 1) << d.output;

  // collect: one row per point, the axis and seed columns, accuracy from each eval summary.
  const auto col = iblrnn_cli("sweep collect " + (dir / "sw"));
  ASSERT_EQ(col.exit_code, 0) << col.output;
  const auto rows = lines_of(read_text_file(dir / "sw/summary.csv"));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].rfind("index,name,state,seed,network.n_hidden,accuracy,", 0), 0u) << rows[0];
  EXPECT_EQ(rows[1].rfind("0,network.n_hidden-4_seed-1,complete,1,4,", 0), 0u) << rows[1];
  const auto summary = nlohmann::json::parse(read_text_file(dir / "sw/summary.json"));
  ASSERT_EQ(summary["points"].size(), 4u);
  for (const auto& p : summary["points"]) {
    const auto eval = nlohmann::json::parse(
        read_text_file(dir / ("sw/points/" + p["name"].get<std::string>() + "/eval/summary.json")));
    EXPECT_EQ(p["accuracy"], eval["accuracy"]) << p["name"];
    EXPECT_TRUE(p.contains("analyze.n_units")) << p.dump().substr(0, 300);
  }
  // The per-axis statistics against pandas over summary.csv (mean, SD with n − 1, share true).
  {
    std::ofstream py(dir / "check.py");
    py << "import json, sys, pandas as pd\n"
          "d = sys.argv[1]\n"
          "t = pd.read_csv(d + '/summary.csv')\n"
          "s = json.load(open(d + '/summary.json'))\n"
          "checked = 0\n"
          "for g in s['by_axis']['network.n_hidden']:\n"
          "    rows = t[t['network.n_hidden'] == g['value']]\n"
          "    assert g['n'] == len(rows) == 2, (g['n'], len(rows))\n"
          "    for c in ['accuracy', 'eval.actor_accuracy', 'analyze.slope_block.slope', 'analyze.pca_variance_explained_pc12']:\n"
          "        assert abs(rows[c].mean() - g['mean'][c]) <= 1e-12 * abs(g['mean'][c]) + 1e-15, c\n"
          "        assert abs(rows[c].std(ddof=1) - g['sd'][c]) <= 1e-9 * abs(g['sd'][c]) + 1e-15, c\n"
          "        checked += 1\n"
          "    for c, f in g['fraction_true'].items():\n"
          "        v = rows[c].dropna()\n"
          "        assert abs(v.astype(str).eq('True').mean() - f) < 1e-15, c\n"
          "        checked += 1\n"
          "    assert 'analyze.dynamics.equal.label' in g['label_fraction']\n"
          "    for c, fr in g['label_fraction'].items():\n"
          "        counts = rows[c].value_counts(normalize=True)\n"
          "        assert set(counts.index) == set(fr), (c, fr)\n"
          "        assert all(abs(counts[k] - fr[k]) < 1e-15 for k in fr), c\n"
          "        checked += 1\n"
          "# The claims (SPEC 8) per point: the 30-step networks never act, so none is judged;\n"
          "# their measurements are the summaries' numbers.\n"
          "claims = [c for c in t.columns if c.startswith('claim.')]\n"
          "assert 'claim.C4' in claims and 'claim.C7.paper2020' in claims, claims\n"
          "assert (t['trained'].astype(str) == 'False').all()\n"
          "assert t[claims].isna().all().all()\n"
          "assert (t['measure.pc12_variance'] == t['analyze.pca_variance_explained_pc12']).all()\n"
          "assert (t['measure.bayes_actor_accuracy'] == t['eval.actor_accuracy']).all()\n"
          "checked += 1\n"
          "assert abs(t['accuracy'].mean() - s['overall']['mean']['accuracy']) < 1e-15\n"
          "print('checked', checked)\n";
  }
  const auto stats = run_command("/usr/bin/python3 " + (dir / "check.py") + " " + (dir / "sw"));
  EXPECT_EQ(stats.exit_code, 0) << stats.output;
  EXPECT_NE(stats.output.find("checked"), std::string::npos) << stats.output;
  // The sweep's report: per axis, the statistics, the claims and the labels, drawn in a browser.
  EXPECT_NE(col.output.find("report.html: 3 figures (0 not available)"), std::string::npos) << col.output;
  const std::string html = read_text_file(dir / "sw/report.html");
  EXPECT_NE(html.find("iblrnn sweep report"), std::string::npos);
  const nlohmann::json j = iblrnn::testing::check_in_browser(dir / "sw/report.html");
  if (!j.is_null()) {
    EXPECT_TRUE(j["console_errors"].empty()) << j["console_errors"].dump(1);
    EXPECT_TRUE(j["page_errors"].empty()) << j["page_errors"].dump(1);
    EXPECT_EQ(j["rendered"], "done");
    EXPECT_EQ(j["failed_boxes"], 0);
    for (const char* id : {"sweep_metrics_network_n_hidden", "sweep_claims_network_n_hidden",
                           "sweep_labels_network_n_hidden"}) {
      ASSERT_TRUE(j["figures"].contains(id)) << id << "\n" << j["figures"].dump().substr(0, 400);
      EXPECT_GT(j["figures"][id]["marks"].get<int>(), 0) << id;
    }
  }
}

TEST(CliSweep, ReRunSkipsCompletePointsAndFinishesAnInterruptedOne) {
  TempDir dir;
  const std::string sweep = "sweep --preset fast" + kQuick +
                            " --seeds 3-4 --stages train,eval --eval-blocks 20 --keep-hidden all --jobs 1 --out " + (dir / "sw");
  // Seed 4's point interrupted after 10 of its 30 steps (a checkpoint, marker incomplete).
  const auto first = iblrnn_cli(sweep);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const std::string p4 = dir / "sw/points/seed-4";
  fs::remove_all(p4);
  const auto partial = iblrnn_cli("train --config " + (dir / "sw/base.toml") + " --set train.seed=4 --stop-after 10 --out " + p4);
  ASSERT_EQ(partial.exit_code, 0) << partial.output;
  const auto st = iblrnn_cli("sweep status " + (dir / "sw"));
  ASSERT_EQ(st.exit_code, 0) << st.output;
  EXPECT_NE(st.output.find("failed"), std::string::npos) << st.output;
  EXPECT_NE(st.output.find("1/2 complete, 0 running, 1 failed, 0 pending"), std::string::npos) << st.output;
  const auto again = iblrnn_cli(sweep);
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("1 points already complete, skipped"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("seed-4 complete"), std::string::npos) << again.output;
  EXPECT_EQ(again.output.find("seed-3 started"), std::string::npos) << again.output;
  // The resumed point equals an uninterrupted run of the same point.
  const std::string ref = dir / "ref";
  ASSERT_EQ(iblrnn_cli("train --config " + (dir / "sw/base.toml") + " --set train.seed=4 --out " + ref).exit_code, 0);
  ASSERT_EQ(iblrnn_cli("eval " + ref + " --blocks 20").exit_code, 0);
  const auto c = run_command(compare(ref, p4));
  EXPECT_EQ(c.exit_code, 0) << c.output;
  // A third run has nothing to do.
  const auto third = iblrnn_cli(sweep);
  EXPECT_EQ(third.exit_code, 0) << third.output;
  EXPECT_NE(third.output.find("2 points already complete"), std::string::npos) << third.output;
}

TEST(CliSweep, HiddenStatesAreKeptForTheFirstSeedByDefault) {
  TempDir dir;
  const auto r = iblrnn_cli("sweep --preset fast --set train.n_steps=2 --seeds 5,2,7 --stages train,eval"
                            " --eval-blocks 2 --jobs 2 --out " + (dir / "sw"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(fs::exists(dir / "sw/points/seed-5/eval/hidden.npy"));
  EXPECT_FALSE(fs::exists(dir / "sw/points/seed-2/eval/hidden.npy"));
  EXPECT_FALSE(fs::exists(dir / "sw/points/seed-7/eval/hidden.npy"));
  EXPECT_TRUE(fs::exists(dir / "sw/points/seed-7/eval/trials.csv"));
  const auto st = iblrnn_cli("sweep status " + (dir / "sw"));
  EXPECT_NE(st.output.find("3/3 complete"), std::string::npos) << st.output;
  const auto bad = iblrnn_cli("sweep --seeds 1 --keep-hidden some --out " + (dir / "x"));
  expect_one_line_error(bad, "sweep: keep_hidden must be all, first_seed or none, got \"some\"", "--keep-hidden some");
}

TEST(CliSweep, AFailingPointIsReportedAndExitsOne) {
  TempDir dir;
  // Stages analyze without train: the point has no network, so it fails with a message.
  const auto r = iblrnn_cli("sweep --preset fast --seeds 1 --stages analyze --jobs 1 --out " + (dir / "sw"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("seed-1 FAILED"), std::string::npos) << r.output;
  const auto st = iblrnn_cli("sweep status " + (dir / "sw"));
  EXPECT_NE(st.output.find("failed"), std::string::npos) << st.output;
  EXPECT_TRUE(fs::exists(dir / "sw/state/seed-1.failed"));
}

TEST(CliSweep, SweepFileEqualsFlags) {
  TempDir dir;
  {
    std::ofstream f(dir / "s.toml");
    f << "preset = \"fast\"\nseeds = \"1-2\"\nstages = [\"train\"]\n[network]\nn_hidden = [3, 5]\n"
         "[train]\nn_steps = 2\n";
  }
  const auto a = iblrnn_cli("sweep " + (dir / "s.toml") + " --jobs 2 --out " + (dir / "a"));
  ASSERT_EQ(a.exit_code, 0) << a.output;
  const auto b = iblrnn_cli("sweep --preset fast --set train.n_steps=2 --seeds 1-2 --axis network.n_hidden=3,5"
                            " --stages train --jobs 2 --out " + (dir / "b"));
  ASSERT_EQ(b.exit_code, 0) << b.output;
  EXPECT_EQ(read_text_file(dir / "a/points.csv"), read_text_file(dir / "b/points.csv"));
  EXPECT_EQ(read_text_file(dir / "a/base.toml"), read_text_file(dir / "b/base.toml"));
  const auto c = run_command(compare(dir / "a/points", dir / "b/points"));
  EXPECT_EQ(c.exit_code, 0) << c.output;
  // The same --out with another sweep is refused and left as it was.
  const auto other = iblrnn_cli("sweep --preset fast --set train.n_steps=2 --seeds 1-3 --stages train --out " + (dir / "b"));
  EXPECT_EQ(other.exit_code, 2) << other.output;
  EXPECT_NE(other.output.find("holds another sweep"), std::string::npos) << other.output;
  EXPECT_EQ(read_text_file(dir / "a/points.csv"), read_text_file(dir / "b/points.csv"));
}

TEST(CliSweep, BadInputIsOneLineExitTwo) {
  TempDir dir;
  fs::create_directories(dir / "mine");
  { std::ofstream(dir / "mine/notes.txt") << "keep"; }
  struct Case {
    std::string args, message;
  };
  const std::string out = " --out " + (dir / "x");
  const std::vector<Case> cases = {
      {"sweep --seeds 1-2 --axis network.n_hidden=5,0" + out,
       "sweep: axis network.n_hidden value 0: NetworkConfig: n_hidden must be in [1, 4096], got 0"},
      {"sweep --seeds 1 --axis nosuch.field=1" + out, "got \"nosuch.field\""},
      {"sweep --seeds 1 --axis network.n_hidden" + out, "--axis must read section.field="},
      {"sweep --seeds 1 --axis train.seed=1,2" + out, "given as seeds"},
      {"sweep --seeds 4-1" + out, "sweep: seeds must be non-negative integers"},
      {"sweep --seeds x" + out, "got \"x\""},
      {"sweep --seeds 1 --stages train,fit" + out, "got \"fit\""},
      {"sweep --seeds 1 --executor pbs" + out, "--executor must be local or slurm"},
      {"sweep --seeds 1 --jobs 0" + out, "jobs must be in [1, 4096], got 0"},
      {"sweep --seeds 1 --eval-blocks 0" + out, "eval_blocks must be in [1, 1000000], got 0"},
      {"sweep --seeds 1", "--out is required"},
      {"sweep --axis network.n_hidden=5" + out, "--seeds is required"},
      {"sweep --seeds 1 --executor slurm --cpus-per-task 0" + out, "cpus_per_task must be in [1, 4096], got 0"},
      {"sweep --seeds 1 --out " + (dir / "mine"), "mine"},
      {"sweep status " + (dir / "mine"), "is not a sweep folder"},
      {"sweep " + (dir / "missing.toml") + out, "missing.toml"},
  };
  for (const auto& c : cases) {
    expect_one_line_error(iblrnn_cli(c.args), c.message, c.args);
  }
  EXPECT_FALSE(fs::exists(dir / "x"));
  EXPECT_EQ(read_text_file(dir / "mine/notes.txt"), "keep");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir / "mine"), fs::directory_iterator{}), 1);
}
