#include "iblrnn/analysis/network_analysis.hpp"

#include <chrono>

#include "iblrnn/analysis/network_dynamics.hpp"
#include "iblrnn/analysis/network_flow.hpp"
#include "iblrnn/analysis/representation_plane.hpp"
#include "iblrnn/analysis/trial_ends.hpp"

using namespace iblrnn::core;

namespace iblrnn::analysis {
namespace {

// Block belief against the observer (eq. A8), when the observer's posterior is informative.
std::optional<BlockBelief> block_belief(const NetworkRecording& rec, const TrialEnds& ends) {
  const Eigen::VectorXd signed_belief = 2.0 * rec.bayes_block_right.array() - 1.0;
  if (rec.bayes_block_right.size() == 0 || signed_belief.squaredNorm() == 0) return std::nullopt;
  return compare_block_belief(ends.q.row(1).transpose(), signed_belief, rec.trial_in_block,
                              rec.block_side, ends.evidence);
}

// The step map of the dynamics and its state lift: an LSTM's map needs recorded cell states
// (else the dynamics are skipped, with a note).
const StepMap* dynamics_map(const NetworkRecording& rec, AnalysisResult& r, StateLift& lift) {
  r.lstm = rec.map && rec.map->n_state() == 2 * rec.n_units();
  if (!rec.map) {
    r.notes.push_back("flow fields (probed) and fixed points skipped: no model");
    return nullptr;
  }
  if (!r.lstm) return rec.map;
  if (rec.cell.size() == 0) {
    r.notes.push_back("dynamics skipped: an LSTM needs recorded cell states (cell.npy)");
    return nullptr;
  }
  lift = lstm_state_lift(rec);
  return rec.map;
}

}  // namespace

AnalysisResult analyze_network(const NetworkRecording& rec, const AnalysisConfig& config,
                               const ProgressFn& progress) {
  config.validate();
  check_recording(rec);
  using Clock = std::chrono::steady_clock;
  const auto t_start = Clock::now();
  AnalysisResult r;
  const int n_stages = 6;
  auto stage = [&](const std::string& done, const std::string& next, int n_done) {
    if (!done.empty())
      r.timing_s[done] = std::chrono::duration<double>(Clock::now() - t_start).count();
    if (progress) progress("analyze: " + next, n_done, n_stages);
  };
  r.n_steps = rec.n_steps_total();
  r.n_trials = rec.n_trials();
  r.n_units = rec.n_units();

  stage("", "plane", 0);
  r.plane = fit_representation_plane(rec, config);
  stage("plane", "evidence velocities", 1);
  r.velocity = analyze_velocities(rec, r.plane.q);
  r.trial_ends = find_trial_ends(rec, r.plane, config);
  stage("velocities", "block belief", 2);
  r.block_belief = block_belief(rec, r.trial_ends);
  if (!r.block_belief) r.notes.push_back("block_belief_scale: no informative Bayesian observer posterior");
  stage("block_belief", "flow fields", 3);
  r.flow = empirical_flows(rec, r.plane, config);
  StateLift lift;
  if (const StepMap* map = dynamics_map(rec, r, lift)) {
    probe_flows(r.flow, *map, r.plane.pca, lift);
    stage("flow", "fixed points", 4);
    r.dynamics = analyze_dynamics(rec, *map, r.plane, config);
    stage("fixed_points", "unit pools", 5);
  } else {
    stage("flow", "unit pools", 5);
  }
  r.pools = find_unit_pools(rec.hidden, rec.W_rec, r.plane.w_stim);
  stage("pools", "done", n_stages);
  r.timing_s["total"] = r.timing_s["pools"];
  return r;
}

}  // namespace iblrnn::analysis
