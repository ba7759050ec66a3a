// TaskStepper (the task driven one step at a time) against the engine's play(): the same
// sessions, inputs, outcomes and choices for the same decisions; lanes take the run's next
// sessions in order.
#include <gtest/gtest.h>

#include "iblrnn/core/error.hpp"
#include "iblrnn/task/engine.hpp"
#include "iblrnn/task/simple_agents.hpp"
#include "iblrnn/task/stepper.hpp"

using namespace iblrnn::core;
using namespace iblrnn::task;


namespace {

TaskConfig small_task() {
  TaskConfig c;
  c.n_blocks = 2;
  return c;
}

// The oracle's decision for a lane: P = 1 for the stimulus side on observation steps.
void oracle_probs(const TaskStepper& s, int b, double* p) {
  const bool obs = s.k(b) >= s.config().n_blank_steps;
  const bool right = s.plan(b).stim_side[s.trial(b)] > 0;
  p[0] = obs && !right ? 1.0 : (obs ? 0.0 : 0.5);
  p[1] = 1.0 - p[0];
}

}  // namespace

TEST(TaskStepper, OneLanePlaysTheEngineSessionsStepForStep) {
  const TaskConfig task = small_task();
  const std::uint64_t seed = 11;
  const auto plans = make_sessions(task, seed, 2);
  OracleAgent oracle(plans);
  const RunRecord run = play(task, plans, oracle);

  TaskStepper stepper(task, seed, 1);
  std::size_t step = 0, trial = 0;
  for (int session = 0; session < 2; ++session) {
    std::uint8_t session_ended = 0;
    while (!session_ended) {
      double x[3], p[2], reward;
      std::int8_t choice;
      std::uint8_t trial_ended;
      stepper.inputs(x);
      for (int i = 0; i < 3; ++i) ASSERT_EQ(x[i], run.steps.x[3 * step + i]) << "step " << step;
      oracle_probs(stepper, 0, p);
      stepper.advance(p, &reward, &choice, &trial_ended, &session_ended);
      ASSERT_EQ(reward, run.steps.outcome[step]);
      if (trial_ended) {
        ASSERT_EQ(choice, run.trials.choice[trial]);
        ++trial;
      }
      ++step;
    }
  }
  EXPECT_EQ(step, run.steps.size());
  EXPECT_EQ(trial, run.trials.size());
  EXPECT_EQ(stepper.n_started(), 3u);  // the third session is already loaded
}

TEST(TaskStepper, FinishedLanesTakeTheNextSessionsInOrder) {
  const TaskConfig task = small_task();
  TaskStepper stepper(task, 5, 3);
  for (int b = 0; b < 3; ++b) EXPECT_EQ(stepper.plan(b).session, std::uint64_t(b));
  std::vector<std::uint64_t> started;
  for (int guard = 0; guard < 100000 && started.size() < 4; ++guard) {
    double p[6];
    for (int b = 0; b < 3; ++b) oracle_probs(stepper, b, p + 2 * b);
    std::uint8_t ended[3];
    stepper.advance(p, nullptr, nullptr, nullptr, ended);
    for (int b = 0; b < 3; ++b)
      if (ended[b]) started.push_back(stepper.plan(b).session);
  }
  ASSERT_EQ(started.size(), 4u);
  for (std::size_t i = 0; i < started.size(); ++i) EXPECT_EQ(started[i], 3 + i);
}

TEST(TaskStepper, AdvanceInRangesEqualsAdvanceAndInputs) {
  // Lanes stepped in uneven ranges, last range first (as threads might finish), then
  // finish_advance, against advance() + inputs() on a twin stepper: every output equal.
  const TaskConfig task = small_task();
  const int n = 7;
  TaskStepper whole(task, 3, n), split(task, 3, n);
  int n_ended = 0;
  for (int step = 0; step < 3000; ++step) {
    double p[2 * n];
    for (int b = 0; b < n; ++b) oracle_probs(whole, b, p + 2 * b);
    if (step % 3 == 0) p[0] = p[1] = 0.5;  // lane 0 also times out now and then
    double r1[n], r2[n], x1[3 * n], x2[3 * n];
    std::int8_t c1[n], c2[n];
    std::uint8_t t1[n], t2[n], e1[n], e2[n];
    whole.advance(p, r1, c1, t1, e1);
    whole.inputs(x1);
    split.advance_lanes(5, 7, p, r2, c2, t2, e2, x2);
    split.advance_lanes(0, 2, p, r2, c2, t2, e2, x2);
    split.advance_lanes(2, 5, p, r2, c2, t2, e2, x2);
    split.finish_advance(x2);
    for (int b = 0; b < n; ++b) {
      ASSERT_EQ(r1[b], r2[b]);
      ASSERT_EQ(c1[b], c2[b]);
      ASSERT_EQ(t1[b], t2[b]);
      ASSERT_EQ(e1[b], e2[b]);
      ASSERT_EQ(split.plan(b).session, whole.plan(b).session);
      n_ended += e1[b];
    }
    for (int i = 0; i < 3 * n; ++i) ASSERT_EQ(x1[i], x2[i]) << "step " << step << ", value " << i;
  }
  EXPECT_GT(n_ended, n);  // sessions ended and restarted in several lanes
}

TEST(TaskStepper, NeverActingTimesOutWithTheTimeoutReward) {
  TaskConfig task = small_task();
  TaskStepper stepper(task, 1, 1);
  const double p[2] = {0.5, 0.5};
  for (int k = 0; k < task.max_steps_per_trial(); ++k) {
    double reward;
    std::uint8_t trial_ended;
    stepper.advance(p, &reward, nullptr, &trial_ended, nullptr);
    const double expected = k < task.n_blank_steps ? 0.0
                            : k + 1 < task.max_steps_per_trial() ? task.reward_wait
                                                                 : task.reward_timeout;
    EXPECT_EQ(reward, expected) << "k " << k;
    EXPECT_EQ(trial_ended, k + 1 == task.max_steps_per_trial());
  }
  EXPECT_EQ(stepper.trial(0), 1);
}

TEST(TaskStepper, RejectsAnInvalidConfigOrNoLanes) {
  TaskConfig bad;
  bad.p_stim_concordant = 1.5;
  EXPECT_THROW(TaskStepper(bad, 1, 1), InvalidInput);
  EXPECT_THROW(TaskStepper(TaskConfig{}, 1, 0), InvalidInput);
}
