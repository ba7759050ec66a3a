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

namespace iblrnn {
namespace {

namespace fs = std::filesystem;

// What the study reads from the teacher's run folder and its evaluation.
struct TeacherRun {
  StudyConfig config;  // RUN/config.toml with the caller's [distill] and [analysis]
  Network network;
  std::string eval_dir;
  std::uint64_t eval_seed = 1;  // of the common session: [distill] eval_seed, else RUN/eval's
  NetworkRecording recording;   // an LSTM's cells replayed when the evaluation has none
  std::optional<double> lstm_replay_error;  // the replay's largest |h| difference
  Eigen::MatrixXd probs;        // 2 × N the teacher's P(left), P(right) per recorded step
};

std::string step_file(const std::string& dir, const std::string& name) {
  for (const std::string& p : {dir + "/" + name, dir + "/steps/" + name})
    if (fs::exists(p)) return p;
  throw IoError(dir + "/" + name, "missing evaluation file");
}

// The teacher's evaluation, made first when missing.
void ensure_evaluation(const DistillOptions& options, const std::string& eval_dir) {
  if (fs::exists(eval_dir + "/hidden.npy") || fs::exists(eval_dir + "/steps/hidden.npy")) return;
  const DistillConfig& cfg = options.config.distill;
  EvalOptions eo;
  eo.run = options.run;
  eo.n_blocks = cfg.eval_blocks;
  eo.seed = cfg.eval_seed >= 0 ? static_cast<std::uint64_t>(cfg.eval_seed) : 1;
  eo.bayes = false;
  eo.progress = options.progress;
  run_evaluate(eo);
}

// [distill] eval_seed, or (−1) the seed RUN/eval was made with (1 when it does not say).
std::uint64_t evaluation_seed(const DistillConfig& cfg, const std::string& eval_dir) {
  if (cfg.eval_seed >= 0) return static_cast<std::uint64_t>(cfg.eval_seed);
  const std::string path = eval_dir + "/summary.json";
  if (!fs::exists(path)) return 1;
  const auto s = parse_json_file_text(read_text_file(path), path);
  if (!s.contains("eval_seed")) return 1;
  return static_cast<std::uint64_t>(
      json_count(s, "eval_seed", path, std::numeric_limits<std::int64_t>::max()));
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
  load_config_file(t.config, options.run + "/config.toml");
  t.config.distill = options.config.distill;
  t.config.analysis = options.config.analysis;
  t.network = load_network(options.run);
  t.eval_dir = options.run + "/eval";
  ensure_evaluation(options, t.eval_dir);
  return t;
}

// The recording, probabilities and seed of the teacher's evaluation (locked by the caller).
// An LSTM's evaluation records h only: its cells are recovered by replaying the teacher, so
// that its fixed points are searched in the joint (h, c) space.
void read_evaluation(TeacherRun& t) {
  t.eval_seed = evaluation_seed(t.config.distill, t.eval_dir);
  t.recording = read_recording(t.eval_dir, t.config.task.n_blank_steps);
  require(t.recording.hidden.rows() == t.network.n_hidden, t.eval_dir + "/hidden.npy", "columns",
          "must equal the network's hidden units (" + std::to_string(t.network.n_hidden) + ")",
          t.recording.hidden.rows());
  t.probs = read_probabilities(t.eval_dir, t.recording.hidden.cols());
  if (t.network.arch == Arch::lstm && t.recording.cell.size() == 0) {
    const LstmReplay replay = replay_lstm_cells(t.network, t.recording.hidden, t.recording.inputs,
                                                recording_session_starts(t.recording));
    t.recording.cell = replay.cell;
    t.lstm_replay_error = replay.max_abs_h_error;
  }
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
void compare_on_common_session(DistillResult& r, const TeacherRun& t, const ProgressFn& progress) {
  TaskConfig task = t.config.task;
  task.n_blocks = t.config.distill.eval_blocks;
  const auto plans = make_sessions(task, eval_session_seed(t.eval_seed), 1);
  r.session = {t.eval_seed, task.n_blocks, plans.front().n_trials()};
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

nlohmann::json run_distill(DistillOptions options) {
  options.validate();
  const DistillConfig& cfg = options.config.distill;
  auto report = [&](const std::string& stage, std::int64_t done, std::int64_t total) {
    if (options.progress) options.progress(stage, done, total);
  };
  const InputFolder run_input(options.run, "RUN");
  OutputFolder staged(options.out.empty() ? options.run + "/distill" : options.out, "distill",
                      {options.run});
  TeacherRun teacher = read_teacher(options);
  const InputFolder eval_input(teacher.eval_dir, "evaluation");
  read_evaluation(teacher);
  const std::string dir = staged.path();
  DistillResult r;
  r.run = options.run;
  r.eval_dir = teacher.eval_dir;
  r.teacher_arch = teacher.network.arch;
  r.teacher_n_hidden = teacher.network.n_hidden;
  r.teacher_lstm_cell_replay_error = teacher.lstm_replay_error;

  report("radd", 0, 1);
  r.radd = distill_radd(teacher.network, teacher.recording, teacher.probs, cfg,
                        options.config.analysis);
  report("radd", 1, 1);
  if (cfg.conventional_steps > 0)
    r.conventional = distill_conventional_study(teacher.network, teacher.config.task, cfg,
                                                options.progress);
  if (cfg.task_trained)
    r.task_trained = train_two_unit(teacher.config, dir + "/task_trained_2", options.progress);
  compare_on_common_session(r, teacher, options.progress);

  report("portraits", 0, 1);
  std::map<std::string, const Network*> students;
  if (r.conventional) students["conventional"] = &r.conventional->result.student;
  if (r.task_trained) students["task_trained_2"] = &r.task_trained->network;
  r.portraits = distill_portraits(teacher.network, teacher.recording, r.radd, students, cfg,
                                  options.config.analysis);

  write_distill_files(dir, r, teacher.config);
  const nlohmann::json summary = distill_summary_json(r);
  write_json(dir + "/summary.json", summary);
  staged.commit();
  report("portraits", 1, 1);
  return summary;
}

}  // namespace iblrnn
