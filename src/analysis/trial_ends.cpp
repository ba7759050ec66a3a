#include "iblrnn/analysis/trial_ends.hpp"

namespace iblrnn::analysis {
namespace {

std::vector<TrajectoryBlock> trajectory_blocks(const NetworkRecording& rec, int n_per_side) {
  std::vector<TrajectoryBlock> out;
  const Eigen::Index n_trials = rec.n_trials();
  int taken[2] = {0, 0};
  for (Eigen::Index i = 0; i < n_trials;) {
    Eigen::Index j = i;
    while (j < n_trials && rec.block[j] == rec.block[i] && rec.session[j] == rec.session[i]) ++j;
    const int side = rec.block_side[i];
    const bool first_block = i == 0 || rec.session[i - 1] != rec.session[i];
    if (side != 0 && !first_block && taken[side > 0] < n_per_side) {
      ++taken[side > 0];
      out.push_back({i, j, side});
    }
    i = j;
  }
  return out;
}

}  // namespace

TrialEnds find_trial_ends(const NetworkRecording& rec, const RepresentationPlane& plane,
                          const AnalysisConfig& config) {
  const Eigen::Index n_trials = rec.n_trials();
  TrialEnds e;
  e.step.resize(n_trials);
  e.evidence = Eigen::VectorXd::Zero(n_trials);
  for (Eigen::Index i = 0; i < n_trials; ++i) {
    e.step[i] = rec.first_step[i] + rec.n_steps[i] - 1;
    for (Eigen::Index t = rec.first_step[i]; t <= e.step[i]; ++t)
      if (rec.step_k[t] >= rec.n_blank_steps) e.evidence(i) += rec.inputs(1, t) - rec.inputs(0, t);
  }
  e.z = take_columns(plane.z, e.step);
  e.q = take_columns(plane.q, e.step);
  e.p_right_block = plane.decoders.plane.probability(e.z);
  e.trajectories = trajectory_blocks(rec, config.n_trajectory_blocks);
  return e;
}

}  // namespace iblrnn::analysis
