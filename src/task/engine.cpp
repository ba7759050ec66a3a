#include "iblrnn/task/engine.hpp"

#include <algorithm>

#include "iblrnn/core/error.hpp"
#include "iblrnn/task/stepper.hpp"

using namespace iblrnn::core;

namespace iblrnn::task {
namespace {

// Fills the agent-independent columns of the trial table from the plans.
void fill_generative(const TaskConfig& config, const std::vector<SessionPlan>& plans,
                     TrialTable& t) {
  std::size_t n = 0;
  for (const auto& p : plans) n += p.n_trials();
  t.session.reserve(n);
  t.block.reserve(n);
  t.trial_in_block.reserve(n);
  t.trial_in_session.reserve(n);
  t.block_side.reserve(n);
  t.p_left.reserve(n);
  t.stim_side.reserve(n);
  t.signal.reserve(n);
  t.concordant.reserve(n);
  for (std::size_t s = 0; s < plans.size(); ++s) {
    const auto& p = plans[s];
    for (int i = 0; i < p.n_trials(); ++i) {
      const int bside = p.block_side[p.trial_block[i]];
      t.session.push_back(static_cast<std::int32_t>(s));
      t.block.push_back(p.trial_block[i]);
      t.trial_in_block.push_back(p.trial_in_block[i]);
      t.trial_in_session.push_back(i);
      t.block_side.push_back(static_cast<std::int8_t>(bside));
      t.p_left.push_back(config.p_left_of_block(bside));
      t.stim_side.push_back(static_cast<std::int8_t>(p.stim_side[i]));
      t.signal.push_back(p.signal[i]);
      t.concordant.push_back(bside != 0 && p.stim_side[i] == bside);
    }
  }
}

// Per-session state and per-session step buffers of a lock-step run.
struct Lane {
  int trial = 0;
  int k = 0;
  double pending_r = 0.0;  // outcome of the previous step: the next input's r (eq. T6)
  std::uint64_t noise_key = 0;  // the session's SessionPlan::noise_key(), hashed once
  std::int64_t steps_done = 0;
  std::vector<double> x, p, outcome;
  std::vector<std::int32_t> trial_of_step;
  std::vector<std::int8_t> k_of_step;
  std::vector<std::int8_t> choice;
  std::vector<std::int32_t> n_obs, n_steps;
  std::vector<std::int64_t> first_step;
};

}  // namespace

std::vector<SessionPlan> make_sessions(const TaskConfig& config, std::uint64_t seed,
                                       int n_sessions) {
  require(n_sessions >= 1, "make_sessions", "n_sessions", "must be >= 1", n_sessions);
  std::vector<SessionPlan> plans;
  plans.reserve(n_sessions);
  for (int s = 0; s < n_sessions; ++s) plans.push_back(make_session(config, seed, s));
  return plans;
}

RunRecord describe(const TaskConfig& config, const std::vector<SessionPlan>& plans) {
  RunRecord run;
  run.config = config;
  run.seed = plans.empty() ? 0 : plans.front().seed;
  run.n_sessions = static_cast<int>(plans.size());
  fill_generative(config, plans, run.trials);
  return run;
}

RunRecord play(const TaskConfig& config, const std::vector<SessionPlan>& plans, Agent& agent,
               const PlayOptions& options) {
  config.validate();
  const int B = static_cast<int>(plans.size());
  require(B >= 1, "play", "sessions", "must hold at least one session", B);
  RunRecord run = describe(config, plans);

  const int n_blank = config.n_blank_steps;
  const int n_obs_max = config.n_obs_max;
  std::int64_t total_trials = 0;
  for (const auto& p : plans) total_trials += p.n_trials();

  std::vector<Lane> lanes(B);
  for (int b = 0; b < B; ++b) {
    auto& lane = lanes[b];
    lane.noise_key = plans[b].noise_key();
    const std::size_t nt = plans[b].n_trials();
    lane.choice.reserve(nt);
    lane.n_obs.reserve(nt);
    lane.n_steps.reserve(nt);
    lane.first_step.reserve(nt);
    if (options.record_steps) {
      const std::size_t guess = nt * static_cast<std::size_t>(n_blank + n_obs_max);  // at most
      lane.x.reserve(3 * guess);
      lane.p.reserve(2 * guess);
      lane.outcome.reserve(guess);
      lane.trial_of_step.reserve(guess);
      lane.k_of_step.reserve(guess);
    }
  }
  std::vector<int> ctx_k(B, 0), ctx_trial(B, 0);
  std::vector<std::uint64_t> ctx_session(B);
  for (int b = 0; b < B; ++b) ctx_session[b] = plans[b].session;
  std::vector<unsigned char> active(B, 1);
  for (int b = 0; b < B; ++b) active[b] = plans[b].n_trials() > 0;
  int n_active = static_cast<int>(std::count(active.begin(), active.end(), 1));

  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(3, B);
  Eigen::MatrixXd p = Eigen::MatrixXd::Zero(2, B);
  StepContext ctx{ctx_k.data(), ctx_trial.data(), active.data(), n_blank, ctx_session.data()};
  agent.begin(B);

  std::int64_t trials_done = 0, next_report = total_trials / 100 + 1;
  while (n_active > 0) {
    // eq. T6: the input of every running session.
    for (int b = 0; b < B; ++b) {
      if (!active[b]) {
        x.col(b).setZero();
        continue;
      }
      auto& lane = lanes[b];
      ctx_k[b] = lane.k;
      ctx_trial[b] = lane.trial;
      step_input(config, plans[b], lane.noise_key, lane.trial, lane.k, lane.pending_r, &x(0, b));
    }
    agent.step(x, ctx, p);
    // eq. T7–T8: the act rule, the outcome, trial bookkeeping.
    for (int b = 0; b < B; ++b) {
      if (!active[b]) continue;
      auto& lane = lanes[b];
      const SessionPlan& plan = plans[b];
      if (lane.k == 0) lane.first_step.push_back(lane.steps_done);
      const StepOutcome step =
          resolve_step(config, plan.stim_side[lane.trial], lane.k, p(0, b), p(1, b));
      const double outcome = step.outcome;
      const int choice = step.choice;
      const bool ends = step.trial_ends;
      if (options.record_steps) {
        lane.x.push_back(x(0, b));
        lane.x.push_back(x(1, b));
        lane.x.push_back(x(2, b));
        lane.p.push_back(p(0, b));
        lane.p.push_back(p(1, b));
        lane.outcome.push_back(outcome);
        lane.trial_of_step.push_back(lane.trial);
        lane.k_of_step.push_back(static_cast<std::int8_t>(lane.k));
      }
      ++lane.steps_done;
      lane.pending_r = outcome;
      if (ends) {
        lane.choice.push_back(static_cast<std::int8_t>(choice));
        lane.n_obs.push_back(lane.k - n_blank + 1);
        lane.n_steps.push_back(lane.k + 1);
        lane.k = 0;
        ++lane.trial;
        ++trials_done;
        if (lane.trial >= plan.n_trials()) {
          active[b] = 0;
          --n_active;
        }
      } else {
        ++lane.k;
      }
    }
    if (options.progress && trials_done >= next_report) {
      options.progress(trials_done, total_trials);
      next_report = trials_done + total_trials / 100 + 1;
    }
  }
  if (options.progress) options.progress(trials_done, total_trials);

  // Concatenate session-major.
  TrialTable& t = run.trials;
  t.has_agent = true;
  const std::size_t n = t.size();
  t.choice.reserve(n);
  t.correct.reserve(n);
  t.n_obs.reserve(n);
  t.first_step.reserve(n);
  t.n_steps.reserve(n);
  std::int64_t offset = 0;
  std::size_t row = 0;
  StepTable& st = run.steps;
  for (int b = 0; b < B; ++b) {
    auto& lane = lanes[b];
    for (std::size_t i = 0; i < lane.choice.size(); ++i, ++row) {
      t.choice.push_back(lane.choice[i]);
      t.correct.push_back(lane.choice[i] == t.stim_side[row]);
      t.n_obs.push_back(lane.n_obs[i]);
      t.first_step.push_back(offset + lane.first_step[i]);
      t.n_steps.push_back(lane.n_steps[i]);
    }
    if (options.record_steps) {
      const std::int32_t trial_offset = static_cast<std::int32_t>(row - lane.choice.size());
      if (b == 0) {
        // The first session's steps are the table's start: moved, not copied.
        st.x = std::move(lane.x);
        st.p = std::move(lane.p);
        st.outcome = std::move(lane.outcome);
        st.trial = std::move(lane.trial_of_step);
        st.k = std::move(lane.k_of_step);
      } else {
        st.x.insert(st.x.end(), lane.x.begin(), lane.x.end());
        st.p.insert(st.p.end(), lane.p.begin(), lane.p.end());
        st.outcome.insert(st.outcome.end(), lane.outcome.begin(), lane.outcome.end());
        for (auto tr : lane.trial_of_step) st.trial.push_back(tr + trial_offset);
        st.k.insert(st.k.end(), lane.k_of_step.begin(), lane.k_of_step.end());
      }
    }
    offset += lane.steps_done;
    lane = Lane{};
  }
  check_internal(row == n, "play: trial count mismatch");
  return run;
}

}  // namespace iblrnn::task
