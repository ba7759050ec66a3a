#include "iblrnn/train/trainer.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>

#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"
#include "iblrnn/core/thread_team.hpp"

using namespace iblrnn::core;
using namespace iblrnn::rnn;
using namespace iblrnn::task;

namespace iblrnn::train {

// Per-thread workspace.
struct ClosedLoopGradient::Worker {
  Worker(const Network& net, Precision precision) : agent(net, RnnAgent::Record::cache, precision) {}
  RnnAgent agent;
  Backprop backprop;
  std::vector<double> d_logits;
  std::vector<SequenceRef> seqs;
  std::vector<SessionPlan> plans;
};

// What one play (a group of sessions played together) contributes.
struct ClosedLoopGradient::Play {
  Network grad;
  BatchStats stats;
  RunRecord run;  // kept only when the caller asks for it
};

ClosedLoopGradient::ClosedLoopGradient(const Network& net, int n_threads, Schedule schedule,
                                       Precision precision)
    : net_(net), schedule_(schedule), precision_(precision) {
  require(n_threads >= 1, "ClosedLoopGradient", "n_threads", "must be >= 1", n_threads);
  for (int i = 0; i < n_threads; ++i) workers_.push_back(std::make_unique<Worker>(net, precision));
  team_ = std::make_unique<ThreadTeam>(n_threads);
}

ClosedLoopGradient::~ClosedLoopGradient() = default;

BatchStats ClosedLoopGradient::run(const TaskConfig& task, const std::vector<SessionPlan>& plans,
                                   LossKind loss, int truncate, Network& grad,
                                   std::vector<RunRecord>* runs) {
  const int B = static_cast<int>(plans.size());
  require(B >= 1, "ClosedLoopGradient", "sessions", "must hold at least one session", B);
  const int n_threads = static_cast<int>(workers_.size());
  const double weight = 1.0 / B;

  // The plays: fixed groups of `width` sessions (pairs where the fused kernels apply, or
  // single sessions), or one lock-step group per thread. Threads take the next play as they
  // free up (sessions differ in length), and each play's gradient has its own slot, summed in
  // play order: the result does not depend on which thread played what. Fixed groups are
  // formed from the sessions sorted by their number of trials, longest first: paired sessions
  // have similar lengths (so they run as a pair most of the time) and the longest plays start
  // first (so no thread is left with a long play at the end).
  order_.resize(B);
  std::iota(order_.begin(), order_.end(), 0);
  std::vector<int> bounds = {0};
  int width = 0;
  if (schedule_ == Schedule::one_at_a_time) width = 1;
  // The fused steps, vanilla or gated, take sessions in pairs: measured faster than
  // lock-step groups and than one session at a time (bench/README.md, "Gated cells and the
  // cost curve").
  if (schedule_ == Schedule::automatic && (fused_single_sequence(net_) || fused_gated_sequence(net_)))
    width = 2;
  if (width > 0) {
    std::stable_sort(order_.begin(), order_.end(),
                     [&](int a, int b) { return plans[a].n_trials() > plans[b].n_trials(); });
    for (int first = width; first < B; first += width) bounds.push_back(first);
  } else {
    const int n_groups = std::min(B, n_threads);
    for (int g = 1; g < n_groups; ++g)
      bounds.push_back(static_cast<int>(static_cast<std::int64_t>(B) * g / n_groups));
  }
  bounds.push_back(B);
  const int n_plays = static_cast<int>(bounds.size()) - 1;
  if (static_cast<int>(plays_.size()) < n_plays) plays_.resize(n_plays);

  auto play_one = [&](Worker& w, int i) {
    Play& out = plays_[i];
    const int first = bounds[i], last = bounds[i + 1];
    if (out.grad.n_hidden != net_.n_hidden || out.grad.arch != net_.arch) out.grad = Network::zeros_like(net_);
    out.grad.set_zero();
    out.stats = BatchStats{};
    w.plans.clear();
    for (int k = first; k < last; ++k) w.plans.push_back(plans[order_[k]]);
    PlayOptions options;
    options.record_steps = true;
    RunRecord run = play(task, w.plans, w.agent, options);
    const std::size_t n_steps = run.steps.size();
    w.d_logits.resize(2 * n_steps);
    w.seqs.clear();
    std::int64_t offset = 0;
    for (int b = 0; b < last - first; ++b) {
      const int T = w.agent.n_steps(b);
      out.stats.loss += session_loss(loss, run, offset, T, weight, w.d_logits.data() + 2 * offset);
      const bool f32 = precision_ == Precision::float32;
      w.seqs.push_back({run.steps.x.data() + 3 * offset, f32 ? nullptr : w.agent.record(b).data(),
                        w.d_logits.data() + 2 * offset, T,
                        f32 ? w.agent.record_f32(b).data() : nullptr});
      offset += T;
    }
    check_internal(offset == static_cast<std::int64_t>(n_steps),
                   "ClosedLoopGradient: agent and engine disagree on the number of steps");
    w.backprop.accumulate(net_, w.seqs, out.grad, truncate);
    const TrialTable& t = run.trials;
    out.stats.n_trials = static_cast<std::int64_t>(t.size());
    for (std::size_t k = 0; k < t.size(); ++k) {
      out.stats.n_correct += t.correct[k];
      out.stats.n_timeouts += t.choice[k] == 0;
      out.stats.n_obs += t.n_obs[k];
    }
    out.stats.n_rnn_steps = static_cast<std::int64_t>(n_steps);
    out.run = runs ? std::move(run) : RunRecord{};
  };

  // One play (batch 1, or a pair): the calling thread plays it; waking the team would cost
  // each gradient step a wake-up and a join of threads with nothing to do.
  if (n_plays == 1) {
    play_one(*workers_[0], 0);
  } else {
    std::atomic<int> next{0};
    team_->run([&](int g) {
      try {
        for (int i = next.fetch_add(1); i < n_plays; i = next.fetch_add(1)) play_one(*workers_[g], i);
      } catch (...) {
        next.store(n_plays);  // the others stop after their current play
        throw;
      }
    });
  }

  BatchStats total;
  if (runs) runs->clear();
  for (int i = 0; i < n_plays; ++i) {
    Play& p = plays_[i];
    grad.add_scaled(p.grad, 1.0);
    total.loss += p.stats.loss;
    total.n_trials += p.stats.n_trials;
    total.n_correct += p.stats.n_correct;
    total.n_timeouts += p.stats.n_timeouts;
    total.n_obs += p.stats.n_obs;
    total.n_rnn_steps += p.stats.n_rnn_steps;
    if (runs) runs->push_back(std::move(p.run));
  }
  total.finite = std::isfinite(total.loss);
  return total;
}

Trainer::Trainer(const TaskConfig& task, const TrainConfig& config, const Network& init)
    : task_(task),
      config_(config),
      loss_(config.loss),
      net_(init),
      grad_(Network::zeros_like(init)),
      opt_(config, init.n_params()),
      engine_(net_, config.n_threads, ClosedLoopGradient::Schedule::automatic, config.precision),
      session_seed_(hash_key(static_cast<std::uint64_t>(config.seed),
                             static_cast<std::uint64_t>(Stream::train_sessions))) {
  task_.validate();
  config_.validate();
  config_.require_precision_runs(init.config());
}

std::vector<SessionPlan> Trainer::sessions_of_step(std::int64_t step) const {
  std::vector<SessionPlan> plans;
  plans.reserve(config_.batch_size);
  for (int i = 0; i < config_.batch_size; ++i)
    plans.push_back(make_session(task_, session_seed_,
                                 static_cast<std::uint64_t>(step) * config_.batch_size + i));
  return plans;
}

BatchStats Trainer::step() {
  const auto plans = sessions_of_step(step_);
  grad_.set_zero();
  BatchStats stats = engine_.run(task_, plans, loss_, config_.truncate_steps, grad_);
  grad_.pack(g_);
  stats.grad_norm = clip_grad_norm(g_, config_.clip_norm);
  stats.finite = stats.finite && std::isfinite(stats.grad_norm);
  if (!stats.finite) return stats;
  net_.pack(theta_);
  opt_.step(theta_, g_, config_.lr_at(step_));
  if (!theta_.allFinite()) {
    stats.finite = false;
    return stats;
  }
  net_.unpack(theta_);
  ++step_;
  return stats;
}

void Trainer::restore(std::int64_t step, const Network& net, const Optimizer& opt) {
  require(net.arch == net_.arch && net.n_hidden == net_.n_hidden, "Trainer::restore", "network",
          "must have the trainer's architecture", net.n_hidden);
  require(opt.m.size() == opt_.m.size() && opt.v.size() == opt_.v.size(), "Trainer::restore",
          "optimizer", "state must match the trainer's optimiser", opt.m.size());
  net_.W_ih = net.W_ih;
  net_.W_hh = net.W_hh;
  net_.b_ih = net.b_ih;
  net_.b_hh = net.b_hh;
  net_.W_out = net.W_out;
  net_.b_out = net.b_out;
  opt_.m = opt.m;
  opt_.v = opt.v;
  opt_.t = opt.t;
  step_ = step;
}

}  // namespace iblrnn::train
