// TaskStepper: the task driven from outside, one step at a time (docs/design.md eq. T6–T8),
// for front ends whose agent is not an Agent object (a Python policy, an environment loop).
// n lanes run sessions of the run with seed `seed`: lane b starts with session b, and a lane
// whose session ends starts the run's next unplayed session (n, n + 1, ...), so lane b of a
// one-lane stepper plays exactly sessions 0, 1, 2, ... of `iblrnn simulate --seed seed`.
// The act rule and the outcome of a step (resolve_step) are the engine's (task/engine.cpp).
// Arrays are row-major, one row per lane: inputs (n × 3: o^L, o^R, r), probs (n × 2).
#pragma once

#include <cstdint>
#include <vector>

#include "iblrnn/task/session.hpp"
#include "iblrnn/task/task_config.hpp"

namespace iblrnn::task {

/// What the act rule (eq. T7–T8) makes of one step.
struct StepOutcome {
  double outcome = 0.0;  // reward of the step (the next input's r)
  int choice = 0;        // −1 left, +1 right, 0 no action (or timeout)
  bool trial_ends = false;
};

/// The act rule at step k of a trial whose stimulus is on `stim_side` (−1 / +1), given the
/// agent's probabilities: on an observation step, act left when p_left > act_threshold,
/// right when p_right > act_threshold; a trial ends on an action or on its last observation
/// step (timeout). Blank steps (k < n_blank_steps) never act and have outcome 0.
StepOutcome resolve_step(const TaskConfig& config, int stim_side, int k, double p_left,
                         double p_right);

/// The input (o^L, o^R, r) of step k of `trial` (eq. T6): zero observations on blank steps,
/// `pending_r` the outcome of the previous step.
void step_input(const TaskConfig& config, const SessionPlan& plan, int trial, int k,
                double pending_r, double* x);

/// step_input given the plan's noise_key(), computed once per session by the caller.
void step_input(const TaskConfig& config, const SessionPlan& plan, std::uint64_t noise_key,
                int trial, int k, double pending_r, double* x);

class TaskStepper {
 public:
  /// n_lanes sessions at once. Throws InvalidInput if the config is invalid or n_lanes < 1.
  TaskStepper(const TaskConfig& config, std::uint64_t seed, int n_lanes);

  /// Starts over with sessions 0..n−1 of the run with seed `seed`.
  void reset(std::uint64_t seed);

  /// Abandons lane b's session and starts the run's next unplayed one there.
  void reset_lane(int b) { start(lanes_[b]); }

  int n_lanes() const { return static_cast<int>(lanes_.size()); }
  const TaskConfig& config() const { return config_; }

  /// Inputs of every lane's current step (n × 3).
  void inputs(double* x) const;

  /// Applies the probabilities p (n × 2) to every lane's current step and moves on. Writes,
  /// per lane, the reward, the choice (−1, +1, 0), whether the trial ended and whether the
  /// session ended (the lane then already holds the next session's first step). Any output
  /// pointer may be null.
  void advance(const double* p, double* reward, std::int8_t* choice, std::uint8_t* trial_ended,
               std::uint8_t* session_ended);

  /// advance() in two phases, for callers that split the lanes over threads:
  /// advance_lanes(first, last, ...) steps lanes [first, last) and writes their outputs
  /// and, for lanes whose session goes on, their next inputs (n × 3 next_inputs; may be
  /// null); it may run concurrently on disjoint ranges. Once ranges covering every lane are
  /// done, finish_advance(next_inputs) starts the run's next sessions on the lanes whose
  /// session ended, in lane order, and writes their first inputs. The values do not depend
  /// on how the lanes were split.
  void advance_lanes(int first, int last, const double* p, double* reward, std::int8_t* choice,
                     std::uint8_t* trial_ended, std::uint8_t* session_ended, double* next_inputs);
  void finish_advance(double* next_inputs);

  /// The current position of lane b.
  const SessionPlan& plan(int b) const { return lanes_[b].plan; }
  int trial(int b) const { return lanes_[b].trial; }
  int k(int b) const { return lanes_[b].k; }
  /// Sessions started so far (the next lane to finish starts session n_started()).
  std::uint64_t n_started() const { return next_session_; }

 private:
  struct Lane {
    SessionPlan plan;
    int trial = 0;
    int k = 0;
    double pending_r = 0.0;
    std::uint64_t noise_key = 0;  // plan.noise_key()
  };
  void start(Lane& lane);
  void input(std::size_t b, double* x) const;

  std::vector<std::uint8_t> over_;  // per lane: advance_lanes() ended its session

  TaskConfig config_;
  std::uint64_t seed_ = 0;
  std::uint64_t next_session_ = 0;
  std::vector<Lane> lanes_;
};

}  // namespace iblrnn::task
