#include "iblrnn/pipeline/distill.hpp"

#include <Eigen/Dense>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>

#include "iblrnn/analysis/fixed_points.hpp"
#include "iblrnn/analysis/network_step_map.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/distill/action_reach.hpp"
#include "iblrnn/distill/comparison.hpp"
#include "iblrnn/distill/conventional.hpp"
#include "iblrnn/distill/phase_portrait.hpp"
#include "iblrnn/distill/projection.hpp"
#include "iblrnn/distill/radd.hpp"
#include "iblrnn/distill/radd_scaling.hpp"
#include "iblrnn/distill/reduced_network.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/json_fields.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/io/output_folder.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/pipeline/analyze.hpp"
#include "iblrnn/pipeline/evaluate.hpp"
#include "iblrnn/pipeline/train.hpp"
#include "iblrnn/rnn/network_files.hpp"
#include "iblrnn/train/rnn_agent.hpp"
#include "iblrnn/task/engine.hpp"

namespace iblrnn {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// JSON has no NaN / inf: such values become null.
nlohmann::json jnum(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }

nlohmann::json jvec(const std::vector<double>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (double x : v) a.push_back(jnum(x));
  return a;
}

nlohmann::json jmat(const Eigen::MatrixXd& m) {
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (Eigen::Index j = 0; j < m.cols(); ++j) row.push_back(jnum(m(i, j)));
    rows.push_back(row);
  }
  return rows;
}

nlohmann::json jvec(const Eigen::VectorXd& v) {
  return jvec(std::vector<double>(v.data(), v.data() + v.size()));
}

// Writes an M × T matrix as a C-order (T, M) array.
void write_columns(const std::string& path, const Eigen::MatrixXd& m) {
  const Eigen::MatrixXd t = m;  // column-major M × T is C-order T × M
  write_npy(path, t.data(),
            {static_cast<std::size_t>(m.cols()), static_cast<std::size_t>(m.rows())});
}

std::string step_file(const std::string& dir, const std::string& name) {
  for (const std::string& p : {dir + "/" + name, dir + "/steps/" + name})
    if (fs::exists(p)) return p;
  throw IoError(dir + "/" + name, "missing evaluation file");
}

// A network folder that `iblrnn eval` accepts: weights plus config.toml of its architecture.
void write_network_folder(const std::string& dir, const Network& net, StudyConfig config) {
  make_dirs(dir);
  save_network(dir, net);
  config.network.arch = arch_name(net.arch);
  config.network.n_hidden = net.n_hidden;
  write_text_file(dir + "/config.toml", to_toml(config));
}

// The three held-fixed inputs of the phase portraits (SPEC §5.8, §6).
struct PortraitInput {
  const char* name;
  Eigen::Vector3d x;
};
const PortraitInput kPortraitInputs[] = {{"left", Eigen::Vector3d(1.2, 0.2, -0.05)},
                                         {"equal", Eigen::Vector3d(0.2, 0.2, -0.05)},
                                         {"right", Eigen::Vector3d(0.2, 1.2, -0.05)}};

nlohmann::json signature_json(const std::map<std::string, int>& sig) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, n] : sig) j[k] = n;
  return j;
}

// Phase portrait of a 2-unit tanh map: flow arrays written under portraits/, fixed points
// and their signature returned as JSON (eq. D12–D14).
nlohmann::json portrait_of(const std::string& dir, const std::string& model, const TanhMap& map,
                           const DistillConfig& cfg) {
  nlohmann::json out = nlohmann::json::object();
  if (map.n_units() != 2) return out;
  PortraitOptions opt;
  opt.n_grid = cfg.fixed_point_grid;
  for (const auto& input : kPortraitInputs) {
    const PortraitFlow flow = portrait_flow(map, input.x, -1.0, 1.0, cfg.flow_grid);
    const std::size_t n = static_cast<std::size_t>(cfg.flow_grid);
    std::vector<double> data(n * n * 2);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) {
        data[(i * n + j) * 2 + 0] = flow.d0(i, j);
        data[(i * n + j) * 2 + 1] = flow.d1(i, j);
      }
    write_npy(dir + "/portraits/" + model + "_" + input.name + "_flow.npy", data, {n, n, 2});
    const auto points = portrait_fixed_points(map, input.x, opt);
    nlohmann::json pts = nlohmann::json::array();
    for (const auto& p : points) {
      std::vector<double> mods;
      for (Eigen::Index i = 0; i < p.eigenvalues.size(); ++i)
        mods.push_back(std::abs(p.eigenvalues(i)));
      pts.push_back({{"z", jvec(p.z)}, {"kind", p.kind}, {"abs_eigenvalues", jvec(mods)}});
    }
    out[input.name] = {{"fixed_points", pts},
                       {"signature", signature_json(portrait_signature(points))}};
  }
  return out;
}

// The teacher's fixed points under the same inputs (the analysis module's finder from visited
// states), their kinds, and their images in RADD coordinates.
nlohmann::json teacher_portrait(const Network& teacher, const NetworkRecording& rec,
                                const AnalysisConfig& acfg, const RaddProjection* proj,
                                int n_grid) {
  nlohmann::json out = nlohmann::json::object();
  const int S = teacher.state_size();
  Eigen::MatrixXd states;
  if (S == rec.hidden.rows()) {
    states = rec.hidden;
  } else if (rec.cell.rows() == rec.hidden.rows() && rec.cell.cols() == rec.hidden.cols()) {
    states.resize(S, rec.hidden.cols());
    states << rec.hidden, rec.cell;
  } else {
    out["skipped"] = "the evaluation has no cell states (cell.npy) for this LSTM";
    return out;
  }
  // Starts: visited states evenly spaced in time, plus (for h-only states) a grid of the RADD
  // plane lifted into the state space, h = m + P⁺(s ⊙ z), so that saddles between attractors
  // are reached as well.
  const int n_visited = std::min<int>(acfg.n_fixed_point_starts, static_cast<int>(states.cols()));
  const bool lift = proj && proj->P.rows() == 2 && S == rec.hidden.rows();
  const int n_side = lift ? n_grid : 0;
  Eigen::MatrixXd starts(S, n_visited + n_side * n_side);
  for (int i = 0; i < n_visited; ++i)
    starts.col(i) = states.col(static_cast<Eigen::Index>(
        (static_cast<double>(i) + 0.5) / n_visited * static_cast<double>(states.cols())));
  if (lift) {
    const Eigen::MatrixXd pinv = proj->P.transpose() * (proj->P * proj->P.transpose()).inverse();
    const Eigen::VectorXd axis =
        n_side == 1 ? Eigen::VectorXd::Zero(1)
                    : Eigen::VectorXd(Eigen::VectorXd::LinSpaced(n_side, -0.95, 0.95));
    for (int i = 0; i < n_side; ++i)
      for (int j = 0; j < n_side; ++j)
        starts.col(n_visited + i * n_side + j) =
            proj->mean + pinv * Eigen::Vector2d(axis(i), axis(j)).cwiseProduct(proj->scale);
  }
  FixedPointOptions fopt;
  fopt.max_iter = acfg.fixed_point_max_iter;
  fopt.q_tol = acfg.fixed_point_q_tol;
  fopt.slow_q_max = acfg.slow_point_q_max;
  fopt.dedup = acfg.fixed_point_dedup;
  const NetworkStepMap map(teacher);
  for (const auto& input : kPortraitInputs) {
    const FixedPointSet set = find_fixed_points(map, input.x, starts, fopt);
    std::map<std::string, int> sig;
    nlohmann::json pts = nlohmann::json::array();
    for (const auto& p : set.points) {
      if (!p.is_fixed) continue;
      const std::string kind = fixed_point_kind(p.eigenvalues);
      ++sig[kind];
      nlohmann::json j = {{"kind", kind}, {"max_abs_eigenvalue", p.max_abs_eigenvalue}};
      if (proj)
        j["z_radd"] = jvec(Eigen::VectorXd(proj->apply(p.h.head(rec.hidden.rows())).col(0)));
      pts.push_back(j);
    }
    out[input.name] = {
        {"fixed_points", pts}, {"signature", signature_json(sig)}, {"n_slow_points", set.n_slow}};
  }
  return out;
}

// Accuracy table of one agent on the common session.
nlohmann::json accuracy_json(const SignalAccuracy& a) {
  return {{"accuracy", a.accuracy},
          {"accuracy_concordant", jnum(a.accuracy_concordant)},
          {"accuracy_discordant", jnum(a.accuracy_discordant)},
          {"signed_signal", jvec(a.signed_signal)},
          {"by_signal_all", jvec(a.all)},
          {"by_signal_concordant", jvec(a.concordant)},
          {"by_signal_discordant", jvec(a.discordant)}};
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
  const std::string out_dir = options.out.empty() ? options.run + "/distill" : options.out;
  auto report = [&](const std::string& stage, std::int64_t done, std::int64_t total) {
    if (options.progress) options.progress(stage, done, total);
  };
  const InputFolder run_input(options.run, "RUN");
  OutputFolder staged(out_dir, "distill", {options.run});
  // The teacher and the task it was trained on; [distill]/[analysis] from the caller.
  if (!fs::exists(options.run + "/config.toml"))
    throw IoError(options.run + "/config.toml", "no training run (config.toml) in the folder");
  StudyConfig run_config;
  load_config_file(run_config, options.run + "/config.toml");
  run_config.distill = cfg;
  run_config.analysis = options.config.analysis;
  const Network teacher = load_network(options.run);

  // The teacher's evaluation (made first when missing).
  const std::string eval_dir = options.run + "/eval";
  if (!fs::exists(eval_dir + "/hidden.npy") && !fs::exists(eval_dir + "/steps/hidden.npy")) {
    EvalOptions eo;
    eo.run = options.run;
    eo.n_blocks = cfg.eval_blocks;
    eo.seed = cfg.eval_seed >= 0 ? static_cast<std::uint64_t>(cfg.eval_seed) : 1;
    eo.bayes = false;
    eo.progress = options.progress;
    run_evaluate(eo);
  }
  const InputFolder eval_input(eval_dir, "evaluation");
  std::uint64_t eval_seed = cfg.eval_seed >= 0 ? static_cast<std::uint64_t>(cfg.eval_seed) : 1;
  if (cfg.eval_seed < 0 && fs::exists(eval_dir + "/summary.json")) {
    const std::string path = eval_dir + "/summary.json";
    const auto s = parse_json_file_text(read_text_file(path), path);
    if (s.contains("eval_seed"))
      eval_seed = static_cast<std::uint64_t>(
          json_count(s, "eval_seed", path, std::numeric_limits<std::int64_t>::max()));
  }
  const NetworkRecording rec = read_recording(eval_dir, run_config.task.n_blank_steps);
  require(rec.hidden.rows() == teacher.n_hidden, eval_dir + "/hidden.npy", "columns",
          "must equal the network's hidden units (" + std::to_string(teacher.n_hidden) + ")",
          rec.hidden.rows());
  const Eigen::Index N = rec.hidden.cols();
  const std::string probs_path = step_file(eval_dir, "probs.npy");
  const NpyArray probs_npy = read_npy(probs_path);
  require(probs_npy.size() == static_cast<std::size_t>(2 * N), probs_path, "shape",
          "must be (n_steps, 2) with n_steps = " + std::to_string(N), probs_npy.size());
  const Eigen::MatrixXd probs = Eigen::Map<const Eigen::MatrixXd>(probs_npy.data.data(), 2, N);
  std::vector<std::uint8_t> session_start(static_cast<std::size_t>(N), 0);
  std::vector<std::int8_t> step_block(static_cast<std::size_t>(N));
  for (Eigen::Index t = 0; t < N; ++t) {
    const auto trial = rec.step_trial[t];
    session_start[t] = t == 0 || rec.session[trial] != rec.session[rec.step_trial[t - 1]];
    step_block[t] = rec.block_side[trial];
  }

  const std::string dir = staged.path();
  make_dirs(dir + "/portraits");
  write_text_file(dir + "/config.toml", to_toml(run_config));
  nlohmann::json summary;
  summary["run"] = options.run;
  summary["eval_dir"] = eval_dir;
  summary["teacher"] = {{"arch", arch_name(teacher.arch)}, {"n_hidden", teacher.n_hidden}};

  // ---- RADD (eq. D1–D11), timed end to end ----
  report("radd", 0, 1);
  const auto t_radd = Clock::now();
  Eigen::MatrixXd P;
  if (cfg.projection == "readouts") {
    ReadoutProjectionOptions popt;
    popt.readout = options.config.analysis.readout;
    popt.train_fraction = options.config.analysis.train_fraction;
    popt.split_seed = static_cast<std::uint64_t>(options.config.analysis.split_seed);
    popt.ridge = options.config.analysis.logistic_ridge;
    P = readout_projection(rec.hidden, teacher.W_out, step_block, popt);
  } else {
    P = principal_axes(rec.hidden, cfg.n_components);
  }
  const double t_projection = seconds_since(t_radd);
  RaddScalingOptions scaling;
  scaling.scaling = parse_radd_scaling(cfg.radd_scaling, "distill.radd_scaling");
  scaling.shared_factor = cfg.shared_factor;
  scaling.scale_max = cfg.scale_max;
  const RaddProjection proj = make_scaled_radd_projection(P, rec.hidden, scaling);
  const Eigen::MatrixXd Z = proj.apply(rec.hidden);
  const Eigen::VectorXd z_init = proj.initial_state();
  RaddFitOptions fopt;
  fopt.clip = cfg.clip;
  fopt.heldout_fraction = cfg.heldout_fraction;
  fopt.seed = static_cast<std::uint64_t>(cfg.split_seed);
  const auto t_fit = Clock::now();
  const RaddFit fit = fit_radd_dynamics(Z, rec.inputs, session_start, fopt);
  const double fit_only = seconds_since(t_fit);
  TanhMap radd_map = fit.map;
  Eigen::MatrixXd Z_free = run_free(radd_map, z_init, rec.inputs, session_start);
  const FreeRunError closed_error = free_run_error(Z_free, Z);
  RaddRefineResult refined;
  if (cfg.refine_steps > 0) {
    RaddRefineOptions ropt;
    ropt.n_steps = cfg.refine_steps;
    ropt.step_size = cfg.refine_step_size;
    refined = refine_radd(radd_map, z_init, Z, rec.inputs, session_start, ropt);
    radd_map = refined.map;
    Z_free = run_free(radd_map, z_init, rec.inputs, session_start);
  }
  const FreeRunError free_error = free_run_error(Z_free, Z);
  const double gain = fit_readout_gain(probs, Z_free.row(0).transpose(), cfg.gain_p_floor);
  const double radd_seconds = seconds_since(t_radd);
  const Network radd_net = network_of_map(radd_map, gain, 0);
  write_network_folder(dir + "/radd", radd_net, run_config);
  write_columns(dir + "/radd_z.npy", Z);
  write_columns(dir + "/radd_z_free.npy", Z_free);
  write_npy(dir + "/radd_free_run_error.npy", free_error.error.data(),
            {static_cast<std::size_t>(N)});
  const Eigen::MatrixXd P_rows = proj.P;  // (M, H) in C order needs a transpose in memory
  const Eigen::MatrixXd P_t = P_rows.transpose();
  write_npy(dir + "/radd_projection.npy", P_t.data(),
            {static_cast<std::size_t>(P_rows.rows()), static_cast<std::size_t>(P_rows.cols())});
  const int M = radd_map.n_units();
  nlohmann::json radd = {
      {"projection", cfg.projection},
      {"n_units", M},
      {"A", jmat(radd_map.A)},
      {"B", jmat(radd_map.B)},
      {"c", jvec(radd_map.c)},
      {"A_closed_form", jmat(fit.map.A)},
      {"B_closed_form", jmat(fit.map.B)},
      {"c_closed_form", jvec(fit.map.c)},
      {"r2", jnum(fit.r2_heldout)},
      {"r2_train", jnum(fit.r2_train)},
      {"r2_heldout_per_unit", jvec(fit.r2_heldout_unit)},
      {"n_train", fit.n_train},
      {"n_heldout", fit.n_heldout},
      {"n_clipped", fit.n_clipped},
      {"scale", jvec(proj.scale)},
      {"z_init", jvec(z_init)},
      {"fit_seconds", radd_seconds},
      {"seconds_projection", t_projection},
      {"seconds_least_squares", fit_only},
      {"gain", gain},
      {"free_run_error", free_error.rmse},
      {"free_run_r2", jnum(free_error.r2)},
      {"free_run_error_closed_form", closed_error.rmse},
      {"time_constants", jvec(effective_time_constants(radd_map.A))},
  };
  if (M >= 2) radd["input_drive_ratio"] = jnum(input_drive_ratio(radd_map.B, 0, 1));
  radd["scaling"] = cfg.radd_scaling;
  // Both scalings' closed forms side by side (eq. D2–D2b): shared is the 2020 code's.
  nlohmann::json by_scaling = nlohmann::json::object();
  for (const RaddScaling s : {RaddScaling::shared, RaddScaling::per_coordinate}) {
    RaddScalingOptions o = scaling;
    o.scaling = s;
    const RaddScaledFit f = fit_radd_scaled(P, rec.hidden, rec.inputs, session_start, o, fopt);
    nlohmann::json j = {{"A", jmat(f.fit.map.A)},
                        {"B", jmat(f.fit.map.B)},
                        {"c", jvec(f.fit.map.c)},
                        {"scale", jvec(f.projection.scale)},
                        {"r2", jnum(f.fit.r2_heldout)},
                        {"time_constants", jvec(f.time_constants)},  // null: none (A_ii ≥ 1)
                        {"definition", s == RaddScaling::shared ? "paper2020" : "per_coordinate"}};
    if (M >= 2) {
      j["input_drive_ratio"] = jnum(f.input_drive_ratio);
      j["block_integrates_slower"] = f.block_integrates_slower;
    }
    by_scaling[radd_scaling_name(s)] = j;
  }
  radd["by_scaling"] = by_scaling;
  if (cfg.refine_steps > 0)
    radd["refine"] = {{"steps", refined.n_steps_taken},
                      {"loss_start", refined.loss_start},
                      {"loss_end", refined.loss_end}};
  report("radd", 1, 1);

  // ---- conventional distillation (eq. D15) ----
  Network conventional;
  bool have_conventional = cfg.conventional_steps > 0;
  if (have_conventional) {
    ConventionalOptions copt;
    copt.n_steps = cfg.conventional_steps;
    copt.n_hidden = cfg.conventional_hidden;
    copt.optimizer = cfg.conventional_optimizer;
    copt.lr = cfg.conventional_lr;
    copt.momentum = cfg.conventional_momentum;
    copt.seed = static_cast<std::uint64_t>(cfg.conventional_seed);
    copt.progress = options.progress;
    const ConventionalResult cr = distill_conventional(teacher, run_config.task, copt);
    conventional = cr.student;
    write_network_folder(dir + "/conventional", conventional, run_config);
    write_npy(dir + "/conventional_loss.npy", cr.loss);
    summary["conventional"] = {{"steps", static_cast<int>(cr.loss.size())},
                               {"seconds", cr.seconds},
                               {"final_loss", cr.final_loss},
                               {"diverged", cr.diverged},
                               {"lr", cfg.conventional_lr},
                               {"momentum", cfg.conventional_momentum},
                               {"n_hidden", cfg.conventional_hidden}};
  }

  // ---- 2-unit task-trained network (eq. D16): the ordinary trainer with H = 2 ----
  Network task_trained;
  if (cfg.task_trained) {
    TrainOptions topt;
    topt.config = run_config;
    topt.config.network.arch = "rnn";
    topt.config.network.n_hidden = 2;
    const std::int64_t teacher_seed = topt.config.train.seed;
    topt.config.train.apply_preset(cfg.task_trained_preset);
    topt.config.train.seed = teacher_seed;
    if (cfg.task_trained_steps > 0) topt.config.train.n_steps = cfg.task_trained_steps;
    topt.out = dir + "/task_trained_2";
    topt.progress = options.progress;
    const auto t0 = Clock::now();
    const nlohmann::json trained = run_train(topt);
    task_trained = load_network(topt.out);
    summary["task_trained_2"] = {{"steps", topt.config.train.n_steps},
                                 {"seconds", seconds_since(t0)},
                                 {"preset", topt.config.train.preset},
                                 {"train_summary", trained}};
  }

  // ---- the common evaluation session (eq. D17) ----
  TaskConfig eval_task = run_config.task;
  eval_task.n_blocks = cfg.eval_blocks;
  const auto plans = make_sessions(eval_task, eval_session_seed(eval_seed), 1);
  nlohmann::json accuracy, by_signal, reaches = nlohmann::json::object();
  nlohmann::json never = nlohmann::json::array();
  auto play_agent = [&](const std::string& name, const Network& net) {
    report("compare " + name, 0, 1);
    RnnAgent agent(net, RnnAgent::Record::none);
    PlayOptions po;
    po.record_steps = false;
    const RunRecord r = play(eval_task, plans, agent, po);
    const SignalAccuracy a = accuracy_by_signal(r.trials);
    accuracy[name] = a.accuracy;
    by_signal[name] = accuracy_json(a);
    const RunMetrics m = compute_metrics(r.trials, eval_task);
    by_signal[name]["timeout_rate"] = m.timeout_rate;
    by_signal[name]["mean_n_obs"] = m.mean_n_obs;
    // A model that never acts is a failure to report, not an accuracy of 0 % (eq. D18).
    const ActionReach reach =
        action_reach(net.W_out, net.b_out, eval_task.act_threshold, Eigen::MatrixXd(2, 0));
    const bool never_acts = reach.cannot_act || m.timeout_rate >= 1.0;
    reaches[name] = {{"max_p_bound", reach.max_p_bound},
                     {"cannot_act", reach.cannot_act},
                     {"never_acts", never_acts}};
    if (never_acts) never.push_back(name);
  };
  play_agent("teacher", teacher);
  play_agent("radd", radd_net);
  if (have_conventional) play_agent("conventional", conventional);
  if (cfg.task_trained) play_agent("task_trained_2", task_trained);
  summary["accuracy"] = accuracy;
  summary["action_reach"] = reaches;
  summary["never_acts"] = never;
  summary["comparison"] = by_signal;
  summary["comparison_session"] = {{"eval_seed", eval_seed},
                                   {"n_blocks", cfg.eval_blocks},
                                   {"n_trials", plans.front().n_trials()}};

  // ---- phase portraits and fixed points (eq. D12–D14) ----
  report("portraits", 0, 1);
  nlohmann::json portraits;
  portraits["inputs"] = nlohmann::json::object();
  for (const auto& input : kPortraitInputs)
    portraits["inputs"][input.name] = {input.x(0), input.x(1), input.x(2)};
  portraits["flow_axis"] =
      jvec(Eigen::VectorXd(Eigen::VectorXd::LinSpaced(cfg.flow_grid, -1.0, 1.0)));
  portraits["teacher"] =
      teacher_portrait(teacher, rec, options.config.analysis, &proj, cfg.fixed_point_grid);
  portraits["radd"] = portrait_of(dir, "radd", radd_map, cfg);
  if (have_conventional && conventional.n_hidden == 2)
    portraits["conventional"] = portrait_of(dir, "conventional", map_of_network(conventional), cfg);
  if (cfg.task_trained)
    portraits["task_trained_2"] =
        portrait_of(dir, "task_trained_2", map_of_network(task_trained), cfg);
  // Whether each 2-unit model keeps the teacher's portrait: the same number of fixed points of
  // each kind under every input.
  nlohmann::json keeps = nlohmann::json::object();
  if (!portraits["teacher"].contains("skipped")) {
    for (const char* model : {"radd", "conventional", "task_trained_2"}) {
      if (!portraits.contains(model) || portraits[model].empty()) continue;
      bool same = true;
      for (const auto& input : kPortraitInputs)
        same = same && portraits[model][input.name]["signature"] ==
                           portraits["teacher"][input.name]["signature"];
      keeps[model] = same;
    }
  }
  portraits["keeps_teacher_portrait"] = keeps;
  // RADD lives in the teacher's projected coordinates, so its fixed points can also be compared
  // by location: for each teacher fixed point, the distance to the nearest RADD fixed point.
  if (!portraits["teacher"].contains("skipped") && !portraits["radd"].empty()) {
    nlohmann::json dist = nlohmann::json::object();
    for (const auto& input : kPortraitInputs) {
      nlohmann::json d = nlohmann::json::array();
      for (const auto& tp : portraits["teacher"][input.name]["fixed_points"]) {
        if (!tp.contains("z_radd")) continue;
        double best = std::numeric_limits<double>::infinity();
        for (const auto& rp : portraits["radd"][input.name]["fixed_points"]) {
          double d2 = 0.0;
          for (std::size_t i = 0; i < rp["z"].size(); ++i) {
            const double e = rp["z"][i].get<double>() - tp["z_radd"][i].get<double>();
            d2 += e * e;
          }
          best = std::min(best, std::sqrt(d2));
        }
        d.push_back(jnum(best));
      }
      dist[input.name] = d;
    }
    portraits["radd_distance_to_teacher_points"] = dist;
  }
  summary["portraits"] = portraits;
  summary["radd"] = radd;
  write_json(dir + "/summary.json", summary);
  staged.commit();
  report("portraits", 1, 1);
  return summary;
}

}  // namespace iblrnn
