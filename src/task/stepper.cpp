#include "iblrnn/task/stepper.hpp"

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::task {

StepOutcome resolve_step(const TaskConfig& config, int stim_side, int k, double p_left,
                         double p_right) {
  StepOutcome r;
  if (k < config.n_blank_steps) return r;
  if (p_left > config.act_threshold) r.choice = -1;
  else if (p_right > config.act_threshold) r.choice = 1;
  if (r.choice != 0) {
    r.outcome = r.choice == stim_side ? config.reward_correct : config.reward_wrong;
    r.trial_ends = true;
  } else if (k - config.n_blank_steps == config.n_obs_max - 1) {
    r.outcome = config.reward_timeout;
    r.trial_ends = true;
  } else {
    r.outcome = config.reward_wait;
  }
  return r;
}

void step_input(const TaskConfig& config, const SessionPlan& plan, int trial, int k,
                double pending_r, double* x) {
  const std::uint64_t key = k >= config.n_blank_steps ? plan.noise_key() : 0;
  step_input(config, plan, key, trial, k, pending_r, x);
}

void step_input(const TaskConfig& config, const SessionPlan& plan, std::uint64_t noise_key,
                int trial, int k, double pending_r, double* x) {
  double o_left = 0.0, o_right = 0.0;
  if (k >= config.n_blank_steps)
    plan.observation(noise_key, trial, k - config.n_blank_steps, o_left, o_right);
  x[0] = o_left;
  x[1] = o_right;
  x[2] = pending_r;
}

TaskStepper::TaskStepper(const TaskConfig& config, std::uint64_t seed, int n_lanes)
    : config_(config) {
  config_.validate();
  require(n_lanes >= 1, "TaskStepper", "n_lanes", "must be >= 1", n_lanes);
  lanes_.resize(n_lanes);
  over_.assign(n_lanes, 0);
  reset(seed);
}

void TaskStepper::start(Lane& lane) {
  // A session of n_blocks >= 1 blocks of >= 1 trial each always has trials.
  lane.plan = make_session(config_, seed_, next_session_++);
  lane.trial = 0;
  lane.k = 0;
  lane.pending_r = 0.0;
  lane.noise_key = lane.plan.noise_key();
}

void TaskStepper::reset(std::uint64_t seed) {
  seed_ = seed;
  next_session_ = 0;
  for (auto& lane : lanes_) start(lane);
}

void TaskStepper::input(std::size_t b, double* x) const {
  const Lane& lane = lanes_[b];
  step_input(config_, lane.plan, lane.noise_key, lane.trial, lane.k, lane.pending_r, x + 3 * b);
}

void TaskStepper::inputs(double* x) const {
  for (std::size_t b = 0; b < lanes_.size(); ++b) input(b, x);
}

void TaskStepper::advance(const double* p, double* reward, std::int8_t* choice,
                          std::uint8_t* trial_ended, std::uint8_t* session_ended) {
  advance_lanes(0, n_lanes(), p, reward, choice, trial_ended, session_ended, nullptr);
  finish_advance(nullptr);
}

void TaskStepper::advance_lanes(int first, int last, const double* p, double* reward,
                                std::int8_t* choice, std::uint8_t* trial_ended,
                                std::uint8_t* session_ended, double* next_inputs) {
  for (int b = first; b < last; ++b) {
    Lane& lane = lanes_[b];
    const StepOutcome r = resolve_step(config_, lane.plan.stim_side[lane.trial], lane.k,
                                       p[2 * b], p[2 * b + 1]);
    bool session_over = false;
    lane.pending_r = r.outcome;
    if (r.trial_ends) {
      lane.k = 0;
      session_over = ++lane.trial >= lane.plan.n_trials();
    } else {
      ++lane.k;
    }
    over_[b] = session_over;
    if (reward) reward[b] = r.outcome;
    if (choice) choice[b] = static_cast<std::int8_t>(r.choice);
    if (trial_ended) trial_ended[b] = r.trial_ends;
    if (session_ended) session_ended[b] = session_over;
    if (next_inputs && !session_over) input(b, next_inputs);
  }
}

void TaskStepper::finish_advance(double* next_inputs) {
  // Session numbers are handed out in lane order, as a one-thread loop would.
  for (std::size_t b = 0; b < lanes_.size(); ++b) {
    if (!over_[b]) continue;
    over_[b] = 0;
    start(lanes_[b]);
    if (next_inputs) input(b, next_inputs);
  }
}

}  // namespace iblrnn::task
