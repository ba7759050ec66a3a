#include "iblrnn/pipeline/analyze.hpp"

#include <algorithm>
#include <filesystem>

#include "iblrnn/analysis/analysis_summary.hpp"
#include "iblrnn/analysis/network_step_map.hpp"
#include "iblrnn/bayes/observer.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/distill/distill_study.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/io/output_folder.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/pipeline/evaluate.hpp"
#include "iblrnn/rnn/dynamics.hpp"
#include "iblrnn/rnn/lstm_replay.hpp"
#include "iblrnn/io/network_files.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::bayes;
using namespace iblrnn::core;
using namespace iblrnn::distill;
using namespace iblrnn::io;
using namespace iblrnn::rnn;
using namespace iblrnn::task;

namespace iblrnn::pipeline {
namespace fs = std::filesystem;

namespace {

bool exists(const std::string& path) { return fs::exists(fs::path(path)); }

// A per-step file lives in the folder or its steps/ subfolder.
std::string find_step_file(const std::string& dir, const std::string& name, bool required) {
  for (const std::string& p : {dir + "/" + name, dir + "/steps/" + name})
    if (exists(p)) return p;
  if (required) throw IoError(dir + "/" + name, "missing evaluation file");
  return {};
}

template <class T>
std::vector<T> as_vector(const NpyArray& a) {
  std::vector<T> v(a.data.size());
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<T>(a.data[i]);
  return v;
}

// An (n, k) C-order array as a k × n Eigen matrix (one column per row of the file).
Eigen::MatrixXd columns_of(const NpyArray& a, const std::string& path, std::size_t k) {
  require(a.shape.size() == 2 && (k == 0 || a.shape[1] == k), path, "shape",
          k ? "must be (n, " + std::to_string(k) + ")" : std::string("must be 2-D"),
          a.shape.size());
  return Eigen::Map<const Eigen::MatrixXd>(a.data.data(), Eigen::Index(a.shape[1]),
                                           Eigen::Index(a.shape[0]));
}

std::string find_network_dir(const std::string& run) {
  for (const std::string& d : {run, run + "/network", run + "/model"})
    if (exists(d + "/network.json")) return d;
  throw IoError(run + "/network.json", "no trained network in the run folder (expected network.json "
                                       "and the state_dict .npy files written by `iblrnn train`)");
}

// The evaluation as a run record for the Bayesian observer: trials.csv, the recording's steps,
// probs.npy and outcome.npy when present.
RunRecord evaluation_run(const std::string& eval_dir, const NetworkRecording& rec,
                         const TaskConfig& task) {
  RunRecord run;
  run.config = task;
  run.trials = read_trials_csv(eval_dir + "/trials.csv");
  run.trials.first_step = rec.first_step;
  run.trials.n_steps = rec.n_steps;
  const auto n = std::size_t(rec.inputs.cols());
  run.steps.x.assign(rec.inputs.data(), rec.inputs.data() + rec.inputs.size());
  const std::string pp = find_step_file(eval_dir, "probs.npy", false);
  run.steps.p = pp.empty() ? std::vector<double>(2 * n, 0.5) : read_npy(pp).data;
  require(run.steps.p.size() == 2 * n, pp, "size", "must be (n_steps, 2) with n_steps = " +
          std::to_string(n), run.steps.p.size());
  const std::string op = find_step_file(eval_dir, "outcome.npy", false);
  run.steps.outcome = op.empty() ? std::vector<double>(n, 0.0) : read_npy(op).data;
  require(run.steps.outcome.size() == n, op, "size", "must be (n_steps,) with n_steps = " +
          std::to_string(n), run.steps.outcome.size());
  run.steps.trial = rec.step_trial;
  run.steps.k = rec.step_k;
  run.n_sessions = run.trials.size() ? run.trials.session.back() + 1 : 0;
  return run;
}

// An LSTM's evaluation may record h only: its cells replayed (rnn/lstm_replay.hpp) into rec.
// Returns the largest |h| difference of the replay, or −1 when nothing was replayed.
double replay_missing_lstm_cells(const Network& net, NetworkRecording& rec) {
  if (net.arch != Arch::lstm || rec.cell.size() != 0) return -1.0;
  const LstmReplay replay =
      replay_lstm_cells(net, rec.hidden, rec.inputs, recording_session_starts(rec));
  rec.cell = replay.cell;
  return replay.max_abs_h_error;
}

// The Bayesian observer's block posterior after each trial into rec; its accuracy and filter
// (or the reason it could not run) for the summary.
nlohmann::json observe_blocks(const RunRecord& run, const BayesConfig& bayes, NetworkRecording& rec) {
  try {
    const Observation obs = observe(run, bayes);
    rec.bayes_block_right.resize(Eigen::Index(run.trials.size()));
    for (std::size_t i = 0; i < run.trials.size(); ++i)
      rec.bayes_block_right(Eigen::Index(i)) = obs.block_posterior[2 * i + 1];
    return {{"accuracy", obs.accuracy}, {"filter", choice_name(bayes.filter)}};
  } catch (const InvalidInput& e) {
    return {{"error", e.what()}};
  }
}

}  // namespace

RecordedNetworkAnalysis analyze_recorded_network(const Network& net, NetworkRecording rec,
                                                 const RunRecord& run, const StudyConfig& eval_config,
                                                 const AnalysisConfig& config,
                                                 const ProgressFn& progress) {
  const double replay_max_diff = replay_missing_lstm_cells(net, rec);
  const NetworkStepMap map(net);
  rec.W_out = net.W_out;
  rec.W_rec = recurrent_matrix(net);
  rec.map = &map;
  const nlohmann::json observer_note = observe_blocks(run, eval_config.bayes, rec);
  RecordedNetworkAnalysis out;
  out.result = analyze_network(rec, config, progress);
  out.summary = analysis_summary_json(out.result);
  out.summary["arch"] = choice_name(net.arch);
  out.summary["observer"] = observer_note;
  if (replay_max_diff >= 0) out.summary["lstm_cell_replay_max_abs_h_error"] = replay_max_diff;
  out.outputs = analysis_outputs(out.result, rec);
  return out;
}

void AnalyzeOptions::validate() const {
  require(!run.empty(), "analyze", "RUN", "must name a run folder", run);
  config.eval.validate();
  config.analysis.validate();
}

NetworkRecording read_recording(const std::string& eval_dir, int n_blank_steps) {
  NetworkRecording r;
  r.n_blank_steps = n_blank_steps;
  const std::string hp = find_step_file(eval_dir, "hidden.npy", true);
  r.hidden = columns_of(read_npy(hp), hp, 0);
  const std::string ip = find_step_file(eval_dir, "inputs.npy", true);
  r.inputs = columns_of(read_npy(ip), ip, 3);
  const std::string cp = find_step_file(eval_dir, "cell.npy", false);
  if (!cp.empty()) r.cell = columns_of(read_npy(cp), cp, std::size_t(r.hidden.rows()));
  r.step_trial = as_vector<std::int32_t>(read_npy(find_step_file(eval_dir, "step_trial.npy", true)));
  r.step_k = as_vector<std::int8_t>(read_npy(find_step_file(eval_dir, "step_k.npy", true)));
  r.first_step =
      as_vector<std::int64_t>(read_npy(find_step_file(eval_dir, "trial_first_step.npy", true)));
  r.n_steps = as_vector<std::int32_t>(read_npy(find_step_file(eval_dir, "trial_n_steps.npy", true)));
  const TrialTable t = read_trials_csv(eval_dir + "/trials.csv");
  r.set_trials(t);
  require(r.inputs.cols() == r.hidden.cols(), eval_dir + "/inputs.npy", "rows",
          "must equal the rows of hidden.npy (" + std::to_string(r.hidden.cols()) + ")",
          r.inputs.cols());
  require(r.first_step.size() == t.size() && r.n_steps.size() == t.size(),
          eval_dir + "/trial_first_step.npy", "length",
          "must equal the trials of trials.csv (" + std::to_string(t.size()) + ")",
          r.first_step.size());
  return r;
}

void write_network_analysis(const std::string& dir, const AnalysisOutputs& outputs) {
  for (const auto& arr : outputs.arrays) {
    make_dirs(fs::path(dir + "/" + arr.name).parent_path().string());
    write_npy(dir + "/" + arr.name, arr.data, arr.shape);
  }
  for (const auto& tab : outputs.tables) {
    make_dirs(fs::path(dir + "/" + tab.name).parent_path().string());
    write_text_file(dir + "/" + tab.name, csv_text(tab));
  }
}

nlohmann::json run_analyze(AnalyzeOptions options) {
  options.validate();
  if (!exists(options.run)) throw IoError(options.run, "run folder does not exist");
  const std::string eval_dir = options.eval_dir.empty() ? options.run + "/eval" : options.eval_dir;
  const std::string out = options.out.empty() ? options.run + "/analysis" : options.out;
  const InputFolder run_input(options.run, "RUN");
  OutputFolder staged(out, "analyze", {options.run, eval_dir});
  const auto has_eval = [&] {
    return exists(eval_dir + "/hidden.npy") || exists(eval_dir + "/steps/hidden.npy");
  };
  if (!has_eval() && options.eval_dir.empty() && exists(options.run + "/config.toml")) {
    EvalOptions e;
    e.run = options.run;
    e.eval = options.config.eval;
    e.progress = options.progress;
    run_evaluate(e);
  }
  const InputFolder eval_input(eval_dir, "evaluation");
  if (!has_eval()) {
    throw IoError(eval_dir, "no evaluation of the network (hidden.npy); run `iblrnn eval " +
                                options.run + "` first");
  }
  // The task the evaluation ran under: its own config.toml if present.
  StudyConfig eval_config = options.config;
  if (exists(eval_dir + "/config.toml")) load_config_file(eval_config, eval_dir + "/config.toml");
  const TaskConfig& task = eval_config.task;

  const Network net = load_network(find_network_dir(options.run));
  NetworkRecording rec = read_recording(eval_dir, task.n_blank_steps);
  require(rec.hidden.rows() == net.n_hidden, eval_dir + "/hidden.npy", "columns",
          "must equal the network's hidden units (" + std::to_string(net.n_hidden) + ")",
          rec.hidden.rows());
  const RunRecord run = evaluation_run(eval_dir, rec, task);
  const RecordedNetworkAnalysis analysis = analyze_recorded_network(
      net, std::move(rec), run, eval_config, options.config.analysis, options.progress);
  nlohmann::json summary = analysis.summary;
  summary["run"] = options.run;
  summary["eval_dir"] = eval_dir;

  write_json(staged.file(analysis_files::summary.path), summary);
  write_network_analysis(staged.path(), analysis.outputs);
  write_text_file(staged.file(analysis_files::config.path), to_toml(options.config));
  staged.commit();
  return summary;
}

}  // namespace iblrnn::pipeline
