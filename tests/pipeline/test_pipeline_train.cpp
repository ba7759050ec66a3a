// The training and evaluation jobs: run folder, resume equality, divergence, evaluation files.
#include <unistd.h>

#include <cmath>
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/io/output_folder.hpp"
#include "iblrnn/pipeline/evaluate.hpp"
#include "iblrnn/pipeline/train.hpp"
#include "iblrnn/io/network_files.hpp"
#include "iblrnn/rnn/kernel_set.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::pipeline;
using namespace iblrnn::rnn;

namespace iblrnn {
namespace {

namespace fs = std::filesystem;

std::string temp_dir(const std::string& name) {
  auto p = fs::temp_directory_path() / ("iblrnn_test_train_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  return p.string();
}

StudyConfig tiny_config() {
  StudyConfig c = resolve_config({});
  c.task.n_blocks = 1;
  c.task.block_len_min = 5;
  c.task.block_len_max = 8;
  c.network.n_hidden = 6;
  c.train.batch_size = 3;
  c.train.n_steps = 7;
  c.train.log_every = 2;
  c.train.checkpoint_every = 3;
  return c;
}

// Drops the wall_seconds column (the only one that differs between runs).
std::string without_wall(const std::string& csv) {
  std::string out;
  std::size_t pos = 0;
  while (pos < csv.size()) {
    const auto nl = csv.find('\n', pos);
    const std::string line = csv.substr(pos, nl - pos);
    out += line.substr(0, line.find_last_of(',')) + "\n";
    pos = nl + 1;
  }
  return out;
}

TEST(PipelineTrain, WritesRunFolderWithTorchNamedWeightsAndLog) {
  const std::string dir = temp_dir("folder");
  TrainOptions o;
  o.config = tiny_config();
  o.out = dir;
  const auto summary = run_train(o);
  EXPECT_TRUE(summary["finished"].get<bool>());
  EXPECT_EQ(summary["steps_done"].get<int>(), 7);
  for (const char* f : {"config.toml", "train_log.csv", "summary.json", "network.json",
                        "rnn.weight_ih_l0.npy", "rnn.weight_hh_l0.npy", "rnn.bias_ih_l0.npy",
                        "rnn.bias_hh_l0.npy", "readout.weight.npy", "readout.bias.npy",
                        "checkpoint/state.json", "checkpoint/optimizer_m.npy"})
    EXPECT_TRUE(fs::exists(dir + "/" + f)) << f;
  const std::string log = read_text_file(dir + "/train_log.csv");
  EXPECT_EQ(log.substr(0, log.find('\n')), "step,loss,accuracy,timeout_rate,mean_n_obs,wall_seconds");
  // Rows at steps 2, 4, 6 and the last step 7.
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 5);
  EXPECT_EQ(read_npy(dir + "/rnn.weight_hh_l0.npy").shape, (std::vector<std::size_t>{6, 6}));
  // A second run into the same folder must not silently replace it.
  EXPECT_THROW(run_train(o), InvalidInput);
  fs::remove_all(dir);
}

// An interrupted and resumed run against an uninterrupted one, in `precision`.
void expect_resume_bit_identical(Precision precision) {
  const std::string a = temp_dir("resume_a"), b = temp_dir("resume_b");
  TrainOptions full;
  full.config = tiny_config();
  full.config.train.precision = precision;
  full.out = a;
  run_train(full);
  TrainOptions part = full;
  part.out = b;
  part.stop_after = 4;  // between checkpoints and log rows
  const auto stopped = run_train(part);
  EXPECT_FALSE(stopped["finished"].get<bool>());
  TrainOptions resume;
  resume.out = b;
  resume.resume = true;
  run_train(resume);
  const Network na = load_network(a), nb = load_network(b);
  EXPECT_EQ(na.W_ih, nb.W_ih);
  EXPECT_EQ(na.W_hh, nb.W_hh);
  EXPECT_EQ(na.b_ih, nb.b_ih);
  EXPECT_EQ(na.b_hh, nb.b_hh);
  EXPECT_EQ(na.W_out, nb.W_out);
  EXPECT_EQ(na.b_out, nb.b_out);
  EXPECT_EQ(without_wall(read_text_file(a + "/train_log.csv")),
            without_wall(read_text_file(b + "/train_log.csv")));
  const std::string precision_line = "precision = \"" + std::string(choice_name(precision)) + "\"";
  EXPECT_NE(read_text_file(b + "/config.toml").find(precision_line), std::string::npos);
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(PipelineTrain, ResumeEndsBitIdenticalToAnUninterruptedRun) {
  expect_resume_bit_identical(Precision::float64);
}

// float32 training's state is the same as float64's (double weights, optimiser moments, step).
TEST(PipelineTrain, Float32ResumeEndsBitIdenticalToAnUninterruptedRun) {
  if (!kernel_set_supported(KernelSet::avx512)) GTEST_SKIP() << "float32 training needs the avx512 kernel set, not on this CPU";
  expect_resume_bit_identical(Precision::float32);
}

TEST(PipelineTrain, AnInterruptionBeforeTheFirstPeriodicCheckpointResumes) {
  const std::string a = temp_dir("early_a"), b = temp_dir("early_b");
  TrainOptions full;
  full.config = tiny_config();
  full.config.train.checkpoint_every = 0;  // only at the start and the end
  full.checkpoint_seconds = 0;
  full.out = a;
  run_train(full);
  TrainOptions cut = full;
  cut.out = b;
  cut.progress = [](const std::string&, std::int64_t done, std::int64_t) {
    if (done == 2) throw InvalidInput("interrupted");
  };
  EXPECT_THROW(run_train(cut), InvalidInput);
  EXPECT_FALSE(read_output_marker(b)->complete);
  EXPECT_FALSE(fs::exists(b + "/network.json"));  // no top-level weights before the end
  TrainOptions resume;
  resume.out = b;
  resume.resume = true;
  run_train(resume);
  EXPECT_TRUE(read_output_marker(b)->complete);
  EXPECT_EQ(load_network(a).W_hh, load_network(b).W_hh);
  EXPECT_EQ(load_network(a).W_out, load_network(b).W_out);
  EXPECT_EQ(without_wall(read_text_file(a + "/train_log.csv")),
            without_wall(read_text_file(b + "/train_log.csv")));
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(PipelineTrain, CheckpointsByWallTimeDoNotChangeTheResult) {
  const std::string a = temp_dir("time_a"), b = temp_dir("time_b");
  TrainOptions steps;
  steps.config = tiny_config();
  steps.checkpoint_seconds = 0;
  steps.out = a;
  run_train(steps);
  TrainOptions timed = steps;
  timed.config.train.checkpoint_every = 0;
  timed.checkpoint_seconds = 1e-9;  // a checkpoint after every step
  timed.out = b;
  std::int64_t checkpoints_seen = 0;
  timed.progress = [&](const std::string&, std::int64_t, std::int64_t) {
    checkpoints_seen = nlohmann::json::parse(read_text_file(b + "/checkpoint/state.json"))["step"];
  };
  run_train(timed);
  EXPECT_EQ(checkpoints_seen, 6);  // the checkpoint of step 6 is seen at step 7's progress
  EXPECT_EQ(load_network(a).W_hh, load_network(b).W_hh);
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(PipelineTrain, DivergenceStopsWithMessageAndKeepsTheCheckpoint) {
  // Saturating tanh/sigmoid keep even absurd learning rates finite, so the divergence is
  // injected: a checkpoint whose readout holds a NaN, resumed.
  const std::string dir = temp_dir("diverge");
  TrainOptions o;
  o.config = tiny_config();
  o.config.train.checkpoint_every = 1;
  o.out = dir;
  o.stop_after = 2;
  run_train(o);
  const std::string w = dir + "/checkpoint/readout.weight.npy";
  std::vector<double> bad(12, std::nan(""));
  write_npy(w, bad.data(), {2, 6});
  const std::string state_before = read_text_file(dir + "/checkpoint/state.json");
  TrainOptions resume;
  resume.out = dir;
  resume.resume = true;
  try {
    run_train(resume);
    FAIL() << "expected divergence";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("diverged (not finite) at gradient step 3"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("last good checkpoint (step 2)"), std::string::npos);
  }
  EXPECT_EQ(read_text_file(dir + "/checkpoint/state.json"), state_before);
  fs::remove_all(dir);
}

TEST(PipelineEvaluate, WritesHiddenStatesAndAccuracies) {
  const std::string dir = temp_dir("eval");
  TrainOptions o;
  o.config = tiny_config();
  o.config.train.n_steps = 2;
  o.out = dir;
  run_train(o);
  EvalOptions e;
  e.run = dir;
  e.eval.eval_blocks = 3;
  const auto summary = run_evaluate(e);
  const std::string out = dir + "/eval";
  for (const char* f : {"trials.csv", "summary.json", "hidden.npy", "config.toml"})
    EXPECT_TRUE(fs::exists(out + "/" + f)) << f;
  const NpyArray h = read_npy(out + "/hidden.npy");
  ASSERT_EQ(h.shape.size(), 2u);
  EXPECT_EQ(h.shape[1], 6u);
  const auto s = nlohmann::json::parse(read_text_file(out + "/summary.json"));
  EXPECT_TRUE(s.contains("accuracy"));
  EXPECT_TRUE(s.contains("actor_accuracy"));
  EXPECT_TRUE(s.contains("observer_accuracy"));
  EXPECT_GE(s["actor_accuracy"].get<double>(), 0.5);
  EXPECT_EQ(s["n_blocks"].get<int>(), 3);
  // Same seed → same session and same network run.
  EXPECT_EQ(run_evaluate(e)["accuracy"], summary["accuracy"]);
  EXPECT_NE(eval_session_seed(1), eval_session_seed(2));
  // Trial level only: the same trials and accuracies, no per-step arrays nor hidden states.
  e.record = RecordLevel::trials;
  e.out = dir + "/eval_trials";
  const auto brief = run_evaluate(e);
  for (const char* f : {"hidden.npy", "inputs.npy", "probs.npy", "step_k.npy"})
    EXPECT_FALSE(fs::exists(e.out + "/" + f)) << f;
  EXPECT_EQ(read_text_file(e.out + "/trials.csv"), read_text_file(out + "/trials.csv"));
  for (const char* key : {"accuracy", "actor_accuracy", "observer_accuracy", "accuracy_by_signal"})
    EXPECT_EQ(brief[key], summary[key]) << key;
  EXPECT_EQ(brief["record"], "trials");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace iblrnn
