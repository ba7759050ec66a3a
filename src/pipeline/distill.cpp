#include "iblrnn/pipeline/distill.hpp"

#include <Eigen/Dense>
#include <chrono>
#include <filesystem>
#include <limits>
#include <optional>

#include "iblrnn/core/error.hpp"
#include "iblrnn/distill/distill_study.hpp"
#include "iblrnn/distill/distill_summary.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/json_fields.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/io/output_folder.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/pipeline/analyze.hpp"
#include "iblrnn/pipeline/distill_files.hpp"
#include "iblrnn/pipeline/evaluate.hpp"
#include "iblrnn/pipeline/train.hpp"
#include "iblrnn/pipeline/presets.hpp"
#include "iblrnn/rnn/lstm_replay.hpp"
#include "iblrnn/io/network_files.hpp"
#include "iblrnn/task/engine.hpp"

using namespace iblrnn::core;
using namespace iblrnn::distill;
using namespace iblrnn::io;
using namespace iblrnn::rnn;
using namespace iblrnn::task;

namespace iblrnn::pipeline {
namespace {

namespace fs = std::filesystem;

// The teacher as run_distill reads it from its run folder.
struct TeacherRun {
  DistillTeacher teacher;
  std::string eval_dir;
};

std::string step_file(const std::string& dir, const std::string& name) {
  for (const std::string& p : {dir + "/" + name, dir + "/steps/" + name})
    if (fs::exists(p)) return p;
  throw IoError(dir + "/" + name, "missing evaluation file");
}

// The teacher's evaluation, made first when missing.
void ensure_evaluation(const DistillOptions& options, const std::string& eval_dir) {
  if (fs::exists(eval_dir + "/hidden.npy") || fs::exists(eval_dir + "/steps/hidden.npy")) return;
  EvalOptions eo;
  eo.run = options.run;
  eo.eval = options.config.eval;
  eo.bayes = false;
  eo.progress = options.progress;
  run_evaluate(eo);
}

// The session RUN/eval was made with (its summary's eval_seed and n_blocks); where the summary
// does not say, [eval]'s.
EvalConfig evaluation_session(EvalConfig session, const std::string& eval_dir) {
  const std::string path = eval_dir + "/summary.json";
  if (!fs::exists(path)) return session;
  const auto s = parse_json_file_text(read_text_file(path), path);
  if (s.contains("eval_seed"))
    session.eval_seed = json_count(s, "eval_seed", path, std::numeric_limits<std::int64_t>::max());
  if (s.contains("n_blocks"))
    session.eval_blocks = static_cast<int>(json_count(s, "n_blocks", path, 1000000));
  session.validate();
  return session;
}

// The teacher's probabilities (2 × N) from probs.npy of shape (N, 2).
Eigen::MatrixXd read_probabilities(const std::string& eval_dir, Eigen::Index N) {
  const std::string path = step_file(eval_dir, "probs.npy");
  const NpyArray npy = read_npy(path);
  require(npy.size() == static_cast<std::size_t>(2 * N), path, "shape",
          "must be (n_steps, 2) with n_steps = " + std::to_string(N), npy.size());
  return Eigen::Map<const Eigen::MatrixXd>(npy.data.data(), 2, N);
}

// The teacher's configuration and network; its evaluation made when missing.
TeacherRun read_teacher(const DistillOptions& options) {
  if (!fs::exists(options.run + "/config.toml"))
    throw IoError(options.run + "/config.toml", "no training run (config.toml) in the folder");
  TeacherRun t;
  load_config_file(t.teacher.config, options.run + "/config.toml");
  t.teacher.config.distill = options.config.distill;
  t.teacher.config.analysis = options.config.analysis;
  t.teacher.network = load_network(options.run);
  t.eval_dir = options.run + "/eval";
  ensure_evaluation(options, t.eval_dir);
  return t;
}

// The recording, probabilities and seed of the teacher's evaluation (locked by the caller).
void read_evaluation(TeacherRun& t) {
  DistillTeacher& teacher = t.teacher;
  teacher.session = evaluation_session(teacher.config.eval, t.eval_dir);
  teacher.recording = read_recording(t.eval_dir, teacher.config.task.n_blank_steps);
  require(teacher.recording.hidden.rows() == teacher.network.n_hidden, t.eval_dir + "/hidden.npy",
          "columns",
          "must equal the network's hidden units (" + std::to_string(teacher.network.n_hidden) + ")",
          teacher.recording.hidden.rows());
  teacher.probs = read_probabilities(t.eval_dir, teacher.recording.hidden.cols());
  teacher.replay_cells();
}

// The ordinary trainer with H = 2 on the teacher's task, into `out` (eq. D16).
TaskTrainedStudy train_two_unit(const StudyConfig& run_config, const std::string& out,
                                const ProgressFn& progress) {
  const DistillConfig& cfg = run_config.distill;
  TrainOptions topt;
  topt.config = run_config;
  topt.config.network.arch = Arch::rnn;
  topt.config.network.n_hidden = 2;
  const std::int64_t teacher_seed = topt.config.train.seed;
  topt.config.train = preset_config(cfg.task_trained_preset).train;  // the preset's trainer
  topt.config.train.seed = teacher_seed;
  if (cfg.task_trained_steps > 0) topt.config.train.n_steps = cfg.task_trained_steps;
  topt.out = out;
  topt.progress = progress;
  const auto t0 = std::chrono::steady_clock::now();
  TaskTrainedStudy s;
  s.train_summary = run_train(topt);
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  s.network = load_network(topt.out);
  s.n_steps = topt.config.train.n_steps;
  s.preset = topt.config.train.preset;
  return s;
}

// Every model plays the same evaluation session (common random numbers, eq. D17).
void compare_on_common_session(DistillResult& r, const DistillTeacher& t, const ProgressFn& progress) {
  TaskConfig task = t.config.task;
  task.n_blocks = t.session.eval_blocks;
  const auto seed = static_cast<std::uint64_t>(t.session.eval_seed);
  const auto plans = make_sessions(task, eval_session_seed(seed), 1);
  r.session = {seed, task.n_blocks, plans.front().n_trials()};
  auto play = [&](const std::string& name, const Network& net) {
    if (progress) progress("compare " + name, 0, 1);
    r.agents.push_back(compare_agent(name, net, task, plans));
  };
  play("teacher", t.network);
  play("radd", r.radd.network);
  if (r.conventional) play("conventional", r.conventional->result.student);
  if (r.task_trained) play("task_trained_2", r.task_trained->network);
}

}  // namespace

void DistillOptions::validate() const {
  require(!run.empty(), "distill", "RUN", "must name a run folder", run);
  config.distill.validate();
  config.analysis.validate();
}

void DistillTeacher::replay_cells() {
  require(recording.hidden.rows() == network.n_hidden, "distill", "recording hidden rows",
          "must equal the network's hidden units (" + std::to_string(network.n_hidden) + ")",
          recording.hidden.rows());
  require(probs.rows() == 2 && probs.cols() == recording.hidden.cols(), "distill", "probs",
          "must hold (P(left), P(right)) for each of the " +
              std::to_string(recording.hidden.cols()) + " recorded steps",
          probs.cols());
  if (network.arch != Arch::lstm || recording.cell.size() != 0) return;
  const LstmReplay replay = replay_lstm_cells(network, recording.hidden, recording.inputs,
                                              recording_session_starts(recording));
  recording.cell = replay.cell;
  lstm_replay_error = replay.max_abs_h_error;
}

DistillResult distill_teacher(const DistillTeacher& teacher, const std::string& task_trained_dir,
                              const ProgressFn& progress) {
  const DistillConfig& cfg = teacher.config.distill;
  auto report = [&](const std::string& stage, std::int64_t done, std::int64_t total) {
    if (progress) progress(stage, done, total);
  };
  DistillResult r;
  r.teacher_arch = teacher.network.arch;
  r.teacher_n_hidden = teacher.network.n_hidden;
  r.teacher_lstm_cell_replay_error = teacher.lstm_replay_error;

  report("radd", 0, 1);
  r.radd = distill_radd(teacher.network, teacher.recording, teacher.probs, cfg,
                        teacher.config.analysis);
  report("radd", 1, 1);
  if (cfg.conventional_steps > 0)
    r.conventional =
        distill_conventional_study(teacher.network, teacher.config.task, cfg, progress);
  if (cfg.task_trained) r.task_trained = train_two_unit(teacher.config, task_trained_dir, progress);
  compare_on_common_session(r, teacher, progress);

  report("portraits", 0, 1);
  std::map<std::string, const Network*> students;
  if (r.conventional) students["conventional"] = &r.conventional->result.student;
  if (r.task_trained) students["task_trained_2"] = &r.task_trained->network;
  r.portraits = distill_portraits(teacher.network, teacher.recording, r.radd, students, cfg,
                                  teacher.config.analysis);
  return r;
}

nlohmann::json run_distill(DistillOptions options) {
  options.validate();
  const InputFolder run_input(options.run, "RUN");
  OutputFolder staged(options.out.empty() ? options.run + "/distill" : options.out, "distill",
                      {options.run});
  TeacherRun teacher = read_teacher(options);
  const InputFolder eval_input(teacher.eval_dir, "evaluation");
  read_evaluation(teacher);
  const std::string dir = staged.path();
  DistillResult r = distill_teacher(teacher.teacher, dir + "/task_trained_2", options.progress);
  r.run = options.run;
  r.eval_dir = teacher.eval_dir;

  write_distill_files(dir, r, teacher.teacher.config);
  const nlohmann::json summary = distill_summary_json(r);
  write_json(dir + "/summary.json", summary);
  staged.commit();
  if (options.progress) options.progress("portraits", 1, 1);
  return summary;
}

}  // namespace iblrnn::pipeline
