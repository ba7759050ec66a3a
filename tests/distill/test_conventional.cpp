// Conventional distillation (docs/distill.md eq. D15): the soft-target gradient against
// central differences, and a student distilled from a known 2-unit teacher that lowers its
// loss and reproduces the teacher's probabilities on fresh sessions.
#include <gtest/gtest.h>

#include <cmath>

#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"
#include "iblrnn/distill/conventional.hpp"
#include "iblrnn/rnn/bptt.hpp"
#include "iblrnn/train/rnn_agent.hpp"
#include "iblrnn/task/engine.hpp"

using namespace iblrnn::core;
using namespace iblrnn::distill;
using namespace iblrnn::rnn;
using namespace iblrnn::task;
using namespace iblrnn::train;

namespace iblrnn {
namespace {

// A 2-unit vanilla teacher shaped like the paper's reduced circuit: unit 0 integrates the
// evidence o^R − o^L, unit 1 keeps a slow trace of unit 0; p(right) = σ(6 h_0).
Network two_unit_teacher() {
  NetworkConfig config;
  config.n_hidden = 2;
  Network net = Network::zeros(config);
  net.W_hh << 0.6, 0.3, 0.2, 0.85;
  net.W_ih << -0.5, 0.5, 0.0, -0.05, 0.05, 0.02;
  net.W_out << -3.0, 0.0, 3.0, 0.0;
  return net;
}

TaskConfig short_task() {
  TaskConfig task;
  task.n_blocks = 2;
  return task;
}

TEST(SoftTargetGradient, MatchesCentralDifferences) {
  NetworkConfig config;
  config.n_hidden = 2;
  Network net = Network::init(config, 3);
  Rng rng(5, Stream::fit);
  Eigen::MatrixXd x(3, 40), q(2, 40);
  for (int t = 0; t < 40; ++t) {
    x.col(t) << rng.normal(), rng.normal(), (t % 7 == 0) ? 1.0 : -0.05;
    q(1, t) = rng.uniform();
    q(0, t) = 1.0 - q(1, t);
  }
  Network grad = Network::zeros_like(net);
  soft_target_gradient(net, x, q, grad);
  Eigen::VectorXd theta, g;
  net.pack(theta);
  grad.pack(g);
  Eigen::MatrixXd cache, p;
  for (Eigen::Index i = 0; i < theta.size(); ++i) {
    Network moved = net;
    Eigen::VectorXd th = theta;
    const double h = 1e-6;
    th(i) += h;
    moved.unpack(th);
    forward_sequence(moved, x, cache, p);
    const double up = soft_cross_entropy(p, q);
    th(i) -= 2 * h;
    moved.unpack(th);
    forward_sequence(moved, x, cache, p);
    const double down = soft_cross_entropy(p, q);
    EXPECT_NEAR(g(i), (up - down) / (2 * h), 1e-8 + 1e-6 * std::abs(g(i))) << "parameter " << i;
  }
}

TEST(SoftCrossEntropy, EqualsEntropyAtTargetsAndRejectsBadShapes) {
  Eigen::MatrixXd q(2, 2);
  q << 0.25, 0.5, 0.75, 0.5;
  const double entropy = -(0.25 * std::log(0.25) + 0.75 * std::log(0.75) + std::log(0.5)) / 2;
  EXPECT_NEAR(soft_cross_entropy(q, q), entropy, 1e-15);
  EXPECT_THROW(soft_cross_entropy(q, q.leftCols(1)), InvalidInput);
}

// Mean |p_student(right) − p_teacher(right)| along fresh sessions the teacher plays.
double mismatch(const Network& student, const Network& teacher, const TaskConfig& task) {
  const auto plans = make_sessions(task, 777, 4);
  RnnAgent agent(teacher, RnnAgent::Record::none);
  const RunRecord run = play(task, plans, agent);
  double sum = 0.0;
  std::int64_t offset = 0;
  for (int b = 0; b < agent.n_sessions(); ++b) {
    const int T = agent.n_steps(b);
    Eigen::Map<const Eigen::MatrixXd> x(run.steps.x.data() + 3 * offset, 3, T);
    Eigen::Map<const Eigen::MatrixXd> q(run.steps.p.data() + 2 * offset, 2, T);
    Eigen::MatrixXd cache, p;
    forward_sequence(student, x, cache, p);
    sum += (p.row(1) - q.row(1)).cwiseAbs().sum();
    offset += T;
  }
  return sum / double(offset);
}

// The mismatch of an untrained 2-unit student initialised from `seed`.
double untrained_mismatch(const Network& teacher, const TaskConfig& task, std::uint64_t seed) {
  NetworkConfig config;
  config.n_hidden = 2;
  return mismatch(Network::init(config, seed), teacher, task);
}

TEST(ConventionalDistillation, LowersLossAndReproducesTwoUnitTeacher) {
  const Network teacher = two_unit_teacher();
  const TaskConfig task = short_task();
  ConventionalOptions options;
  // A larger step and batch than the paper's (lr 1e-3, one session) so that the test is short.
  options.n_steps = 2000;
  options.optimizer = OptimizerKind::sgd;
  options.lr = 0.03;
  options.momentum = 0.9;
  options.sessions_per_step = 4;
  options.seed = 3;
  const ConventionalResult r = distill_conventional(teacher, task, options);
  ASSERT_EQ(r.loss.size(), 2000u);
  EXPECT_FALSE(r.diverged);
  double first = 0, last = 0;
  for (int i = 0; i < 20; ++i) first += r.loss[i] / 20, last += r.loss[1980 + i] / 20;
  EXPECT_LT(last, 0.5 * first);
  const double before = untrained_mismatch(teacher, task, 3);
  const double after = mismatch(r.student, teacher, task);
  EXPECT_LT(after, 0.03) << "before " << before;
  EXPECT_LT(after, 0.1 * before);
}

TEST(ConventionalDistillation, DefaultAdamTracksTeacherInFewSteps) {
  const Network teacher = two_unit_teacher();
  const TaskConfig task = short_task();
  ConventionalOptions options;  // Adam, lr 1e-2
  options.n_steps = 400;
  options.sessions_per_step = 4;
  options.seed = 3;
  const ConventionalResult r = distill_conventional(teacher, task, options);
  EXPECT_FALSE(r.diverged);
  const double before = untrained_mismatch(teacher, task, 3);
  const double after = mismatch(r.student, teacher, task);
  EXPECT_LT(after, 0.06) << "before " << before;
  EXPECT_LT(after, 0.15 * before);
  // The paper's SGD (lr 1e-3, momentum 0.1) over the same steps barely moves.
  options.optimizer = OptimizerKind::sgd;
  options.lr = 1e-3;
  const double sgd = mismatch(distill_conventional(teacher, task, options).student, teacher, task);
  EXPECT_GT(sgd, 2 * after) << "Adam " << after;
}

TEST(ConventionalDistillation, IsDeterministicAndValidatesOptions) {
  const Network teacher = two_unit_teacher();
  ConventionalOptions options;
  options.n_steps = 5;
  const auto a = distill_conventional(teacher, short_task(), options);
  const auto b = distill_conventional(teacher, short_task(), options);
  EXPECT_EQ(a.loss, b.loss);
  EXPECT_EQ(a.student.W_hh, b.student.W_hh);
  // A batch that does not divide the play chunk (5 of 32) gives the same first steps as
  // playing chunks of its own size: fresh sessions in order, none reused.
  options.sessions_per_step = 5;
  const auto c = distill_conventional(teacher, short_task(), options);
  options.sessions_per_play = 5;
  const auto d = distill_conventional(teacher, short_task(), options);
  EXPECT_EQ(c.loss, d.loss);
  options.momentum = 1.0;
  try {
    distill_conventional(teacher, short_task(), options);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "ConventionalOptions: momentum must be in [0, 1), got 1");
  }
}

}  // namespace
}  // namespace iblrnn
