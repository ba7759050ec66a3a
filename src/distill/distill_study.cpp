#include "iblrnn/distill/distill_study.hpp"

#include <chrono>

#include "iblrnn/distill/projection.hpp"
#include "iblrnn/distill/reduced_network.hpp"
#include "iblrnn/task/engine.hpp"
#include "iblrnn/train/rnn_agent.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::core;
using namespace iblrnn::rnn;
using namespace iblrnn::task;
using namespace iblrnn::train;

namespace iblrnn::distill {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// The projection P (M × H) of [distill] projection (eq. D1).
Eigen::MatrixXd radd_axes(const Network& teacher, const NetworkRecording& rec,
                          const DistillConfig& cfg, const AnalysisConfig& analysis) {
  if (cfg.projection != Projection::readouts) return principal_axes(rec.hidden, cfg.n_components);
  ReadoutProjectionOptions popt;
  popt.readout = analysis.readout;
  popt.train_fraction = analysis.train_fraction;
  popt.split_seed = static_cast<std::uint64_t>(analysis.split_seed);
  popt.ridge = analysis.logistic_ridge;
  return readout_projection(rec.hidden, teacher.W_out, recording_step_blocks(rec), popt);
}

}  // namespace

std::vector<std::uint8_t> recording_session_starts(const NetworkRecording& rec) {
  const Eigen::Index N = rec.hidden.cols();
  std::vector<std::uint8_t> start(static_cast<std::size_t>(N), 0);
  for (Eigen::Index t = 0; t < N; ++t)
    start[t] = t == 0 || rec.session[rec.step_trial[t]] != rec.session[rec.step_trial[t - 1]];
  return start;
}

std::vector<std::int8_t> recording_step_blocks(const NetworkRecording& rec) {
  std::vector<std::int8_t> block(static_cast<std::size_t>(rec.hidden.cols()));
  for (std::size_t t = 0; t < block.size(); ++t) block[t] = rec.block_side[rec.step_trial[t]];
  return block;
}

RaddResult distill_radd(const Network& teacher, const NetworkRecording& rec,
                        const Eigen::Ref<const Eigen::MatrixXd>& probs, const DistillConfig& cfg,
                        const AnalysisConfig& analysis) {
  RaddResult r;
  r.projection = cfg.projection;
  r.scaling = cfg.radd_scaling;
  const std::vector<std::uint8_t> session_start = recording_session_starts(rec);
  const auto t_radd = Clock::now();
  r.P = radd_axes(teacher, rec, cfg, analysis);
  r.seconds.projection = seconds_since(t_radd);
  RaddScalingOptions scaling;
  scaling.scaling = cfg.radd_scaling;
  scaling.shared_factor = cfg.shared_factor;
  scaling.scale_max = cfg.scale_max;
  r.coordinates = make_scaled_radd_projection(r.P, rec.hidden, scaling);
  r.Z = r.coordinates.apply(rec.hidden);
  r.z_init = r.coordinates.initial_state();
  RaddFitOptions fopt;
  fopt.clip = cfg.clip;
  fopt.heldout_fraction = cfg.heldout_fraction;
  fopt.seed = static_cast<std::uint64_t>(cfg.split_seed);
  const auto t_fit = Clock::now();
  r.closed_form = fit_radd_dynamics(r.Z, rec.inputs, session_start, fopt);
  r.seconds.least_squares = seconds_since(t_fit);
  r.map = r.closed_form.map;
  r.Z_free = run_free(r.map, r.z_init, rec.inputs, session_start);
  r.free_run_closed_form = free_run_error(r.Z_free, r.Z);
  if (cfg.refine_steps > 0) {
    RaddRefineOptions ropt;
    ropt.n_steps = cfg.refine_steps;
    ropt.step_size = cfg.refine_step_size;
    r.refine = refine_radd(r.map, r.z_init, r.Z, rec.inputs, session_start, ropt);
    r.map = r.refine->map;
    r.Z_free = run_free(r.map, r.z_init, rec.inputs, session_start);
  }
  r.free_run = free_run_error(r.Z_free, r.Z);
  r.gain = fit_readout_gain(probs, r.Z_free.row(0).transpose(), cfg.gain_p_floor);
  r.seconds.total = seconds_since(t_radd);
  r.network = network_of_map(r.map, r.gain, 0);
  r.time_constants = effective_time_constants(r.map.A);
  if (r.map.n_units() >= 2) r.input_drive_ratio = input_drive_ratio(r.map.B, 0, 1);
  // Both scalings' closed forms side by side (eq. D2–D2b): shared is the 2020 code's.
  for (const RaddScaling s : {RaddScaling::shared, RaddScaling::per_coordinate}) {
    RaddScalingOptions o = scaling;
    o.scaling = s;
    r.by_scaling.push_back(fit_radd_scaled(r.P, rec.hidden, rec.inputs, session_start, o, fopt));
  }
  return r;
}

ConventionalStudy distill_conventional_study(const Network& teacher, const TaskConfig& task,
                                             const DistillConfig& cfg, const ProgressFn& progress) {
  ConventionalOptions copt;
  copt.n_steps = cfg.conventional_steps;
  copt.n_hidden = cfg.conventional_hidden;
  copt.optimizer = cfg.conventional_optimizer;
  copt.lr = cfg.conventional_lr;
  copt.momentum = cfg.conventional_momentum;
  copt.seed = static_cast<std::uint64_t>(cfg.conventional_seed);
  copt.progress = progress;
  ConventionalStudy c;
  c.result = distill_conventional(teacher, task, copt);
  c.lr = cfg.conventional_lr;
  c.momentum = cfg.conventional_momentum;
  c.n_hidden = cfg.conventional_hidden;
  return c;
}

AgentComparison compare_agent(const std::string& name, const Network& net, const TaskConfig& task,
                              const std::vector<SessionPlan>& plans) {
  AgentComparison c;
  c.name = name;
  RnnAgent agent(net, RnnAgent::Record::none);
  PlayOptions po;
  po.record_steps = false;
  const RunRecord r = play(task, plans, agent, po);
  c.accuracy = accuracy_by_signal(r.trials);
  const RunMetrics m = compute_metrics(r.trials, task);
  c.timeout_rate = m.timeout_rate;
  c.mean_n_obs = m.mean_n_obs;
  // A model that never acts is a failure to report, not an accuracy of 0 % (eq. D18).
  c.reach = action_reach(net.W_out, net.b_out, task.act_threshold, Eigen::MatrixXd(2, 0));
  c.never_acts = c.reach.cannot_act || m.timeout_rate >= 1.0;
  return c;
}

DistillPortraits distill_portraits(const Network& teacher, const NetworkRecording& rec,
                                   const RaddResult& radd,
                                   const std::map<std::string, const Network*>& students,
                                   const DistillConfig& cfg, const AnalysisConfig& analysis) {
  DistillPortraits p;
  p.flow_grid = cfg.flow_grid;
  p.teacher = teacher_portrait(teacher, rec, analysis, &radd.coordinates, cfg.fixed_point_grid);
  p.models["radd"] = model_portrait(radd.map, cfg.flow_grid, cfg.fixed_point_grid);
  for (const auto& [name, net] : students)
    if (net->n_hidden == 2)
      p.models[name] = model_portrait(map_of_network(*net), cfg.flow_grid, cfg.fixed_point_grid);
  p.comparison = compare_portraits(p.teacher, p.models);
  return p;
}

}  // namespace iblrnn::distill
