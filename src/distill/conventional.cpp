#include "iblrnn/distill/conventional.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"
#include "iblrnn/rnn/bptt.hpp"
#include "iblrnn/train/rnn_agent.hpp"
#include "iblrnn/task/engine.hpp"
#include "iblrnn/train/optimizer.hpp"

using namespace iblrnn::core;
using namespace iblrnn::rnn;
using namespace iblrnn::task;
using namespace iblrnn::train;

namespace iblrnn::distill {
namespace {

// A played teacher session: inputs and the teacher's probabilities, 3 × T and 2 × T.
struct TeacherSession {
  Eigen::MatrixXd x, q;
};

// Plays sessions [first, first + n) of the distillation run with the teacher and cuts the
// session-major step arrays into sessions.
std::vector<TeacherSession> play_teacher(const Network& teacher, const TaskConfig& task,
                                         std::uint64_t seed, std::uint64_t first, int n) {
  std::vector<SessionPlan> plans;
  plans.reserve(n);
  for (int i = 0; i < n; ++i) plans.push_back(make_session(task, seed, first + i));
  RnnAgent agent(teacher, RnnAgent::Record::none);
  const RunRecord run = play(task, plans, agent);
  std::vector<TeacherSession> out(n);
  std::int64_t offset = 0;
  for (int b = 0; b < n; ++b) {
    const std::int64_t T = agent.n_steps(b);
    out[b].x = Eigen::Map<const Eigen::MatrixXd>(run.steps.x.data() + 3 * offset, 3, T);
    out[b].q = Eigen::Map<const Eigen::MatrixXd>(run.steps.p.data() + 2 * offset, 2, T);
    offset += T;
  }
  check_internal(offset == static_cast<std::int64_t>(run.steps.size()),
                 "teacher steps do not add up to the recorded steps");
  return out;
}

}  // namespace

void ConventionalOptions::validate() const {
  const std::string w = "ConventionalOptions";
  require(n_steps >= 0, w, "n_steps", "must be >= 0", n_steps);
  require(n_hidden >= 1, w, "n_hidden", "must be >= 1", n_hidden);
  require(lr > 0.0 && std::isfinite(lr), w, "lr", "must be finite and > 0", lr);
  require(momentum >= 0.0 && momentum < 1.0, w, "momentum", "must be in [0, 1)", momentum);
  require(sessions_per_step >= 1, w, "sessions_per_step", "must be >= 1", sessions_per_step);
  require(sessions_per_play >= 1, w, "sessions_per_play", "must be >= 1", sessions_per_play);
}

double soft_cross_entropy(const Eigen::Ref<const Eigen::MatrixXd>& p,
                          const Eigen::Ref<const Eigen::MatrixXd>& q) {
  require(p.rows() == 2 && q.rows() == 2 && p.cols() == q.cols() && p.cols() > 0,
          "soft_cross_entropy", "p, q", "must both be 2 x T with T > 0",
          std::to_string(p.cols()) + " vs " + std::to_string(q.cols()));
  return -(q.array() * p.array().max(1e-300).log()).sum() / double(p.cols());
}

double soft_target_gradient(const Network& net, const Eigen::Ref<const Eigen::MatrixXd>& x,
                            const Eigen::Ref<const Eigen::MatrixXd>& q, Network& grad) {
  require(x.rows() == 3 && q.rows() == 2 && x.cols() == q.cols() && x.cols() > 0,
          "soft_target_gradient", "x, q", "must be 3 x T and 2 x T with T > 0",
          std::to_string(x.cols()) + " vs " + std::to_string(q.cols()));
  Eigen::MatrixXd cache, p;
  forward_sequence(net, x, cache, p);
  const double loss = soft_cross_entropy(p, q);
  // Softmax with soft targets: dL/dlogit_t = (p_t − q_t)/T.
  const Eigen::MatrixXd d_logits = (p - q) / double(x.cols());
  const Eigen::MatrixXd xc = x;
  Backprop backprop;
  backprop.accumulate(
      net, {SequenceRef{xc.data(), cache.data(), d_logits.data(), static_cast<int>(x.cols())}},
      grad);
  return loss;
}

ConventionalResult distill_conventional(const Network& teacher, const TaskConfig& task,
                                        const ConventionalOptions& options) {
  options.validate();
  task.validate();
  const auto t0 = std::chrono::steady_clock::now();
  ConventionalResult result;
  NetworkConfig student_config;
  student_config.arch = Arch::rnn;
  student_config.n_hidden = options.n_hidden;
  result.student = Network::init(student_config, options.seed);
  Network& net = result.student;
  Network grad = Network::zeros_like(net);
  // The training engine's optimisers on the flat parameter vector.
  TrainConfig train;
  train.optimizer = options.optimizer;
  train.momentum = options.momentum;
  Optimizer optimizer(train, net.n_params());
  Eigen::VectorXd theta, g, previous;
  // Teacher sessions come from their own seed, disjoint from training and evaluation runs.
  const std::uint64_t session_seed = hash_key(options.seed, 0xd157111, 0);
  result.loss.reserve(options.n_steps);

  std::vector<TeacherSession> pool;
  std::size_t next = 0;
  std::uint64_t played = 0;
  Backprop backprop;
  Eigen::MatrixXd p;
  std::vector<Eigen::MatrixXd> caches(options.sessions_per_step), dls(options.sessions_per_step);
  for (int step = 0; step < options.n_steps; ++step) {
    grad.set_zero();
    double loss = 0.0;
    std::vector<SequenceRef> seqs;
    std::vector<const TeacherSession*> batch;
    // Refill only between batches, so that `batch` never points into a replaced pool.
    if (next + options.sessions_per_step > pool.size()) {
      const int n = std::max(options.sessions_per_play, options.sessions_per_step);
      pool = play_teacher(teacher, task, session_seed, played, n);
      played += static_cast<std::uint64_t>(n);
      next = 0;
    }
    for (int s = 0; s < options.sessions_per_step; ++s) batch.push_back(&pool[next++]);
    // The batch mean of the per-session soft cross-entropy (eq. D15).
    const double w = 1.0 / options.sessions_per_step;
    for (int s = 0; s < options.sessions_per_step; ++s) {
      const TeacherSession& ts = *batch[s];
      forward_sequence(net, ts.x, caches[s], p);
      loss += w * soft_cross_entropy(p, ts.q);
      dls[s] = (p - ts.q) * (w / double(ts.x.cols()));
      seqs.push_back(
          SequenceRef{ts.x.data(), caches[s].data(), dls[s].data(), static_cast<int>(ts.x.cols())});
    }
    backprop.accumulate(net, seqs, grad);
    result.loss.push_back(loss);
    net.pack(theta);
    previous = theta;
    grad.pack(g);
    optimizer.step(theta, g, options.lr);
    if (!std::isfinite(loss) || !theta.allFinite()) {
      // Divergence is a status, not an error: keep the last finite student and stop.
      net.unpack(previous);
      result.diverged = true;
      break;
    }
    net.unpack(theta);
    if (options.progress && (step % 100 == 0 || step + 1 == options.n_steps))
      options.progress("conventional", step + 1, options.n_steps);
  }
  const std::size_t tail = std::min<std::size_t>(100, result.loss.size());
  for (std::size_t i = result.loss.size() - tail; i < result.loss.size(); ++i)
    result.final_loss += result.loss[i] / double(tail);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace iblrnn::distill
