// A hand-built vanilla network for tests and benchmarks of the analyses: two ±1 unit patterns
// s (stimulus) and t (block), W_rec = (1/H)(a_ss s sᵀ + a_sb s tᵀ + a_bs t sᵀ + a_bb t tᵀ),
// W_in = s (−c, c, 0) + t (−c_b, c_b, ρ), readout ±k s/H. Unit i then follows
// tanh(s_i A + t_i B): a stimulus latent A that integrates d = o^R − o^L quickly and a block
// latent B that integrates it slowly, in two anticorrelated pools (by the sign of s).
#pragma once

#include <vector>

#include "iblrnn/rnn/network.hpp"
#include "iblrnn/train/rnn_agent.hpp"
#include "iblrnn/analysis/network_analysis.hpp"
#include "iblrnn/task/engine.hpp"

namespace iblrnn::constructed {

inline rnn::Network constructed_network(int h) {
  rnn::NetworkConfig nc;
  nc.arch = rnn::Arch::rnn;
  nc.n_hidden = h;
  rnn::Network net = rnn::Network::zeros(nc);
  Eigen::VectorXd s(h), t(h);
  for (int i = 0; i < h; ++i) {
    s(i) = i % 2 == 0 ? 1.0 : -1.0;
    t(i) = (i / 2) % 2 == 0 ? 1.0 : -1.0;
  }
  const double a_ss = 0.7, a_sb = 0.3, a_bs = 0.05, a_bb = 0.97, c = 0.5, c_b = 0.05, rho = 0.02;
  net.W_hh = (a_ss * s * s.transpose() + a_sb * s * t.transpose() + a_bs * t * s.transpose() +
              a_bb * t * t.transpose()) / double(h);
  net.W_ih.col(0) = -c * s - c_b * t;
  net.W_ih.col(1) = c * s + c_b * t;
  net.W_ih.col(2) = rho * t;
  const double k = 6.0;
  net.W_out.row(0) = -k * s.transpose() / double(h);
  net.W_out.row(1) = k * s.transpose() / double(h);
  return net;
}

/// Plays `net` through one session of `n_blocks` blocks and returns the recording (with the
/// run itself in `run`). W_rec = W_hh; map is left null.
inline analysis::NetworkRecording play_recording(const rnn::Network& net, int n_blocks, std::uint64_t seed,
                                       task::RunRecord& run) {
  task::TaskConfig task;
  task.n_blocks = n_blocks;
  train::RnnAgent agent(net, train::RnnAgent::Record::hidden);
  run = task::play(task, task::make_sessions(task, seed, 1), agent);
  analysis::NetworkRecording r;
  const std::vector<double> hs = agent.hidden_states();
  const auto n = Eigen::Index(run.steps.size());
  r.hidden = Eigen::Map<const Eigen::MatrixXd>(hs.data(), net.n_hidden, n);
  r.inputs = Eigen::Map<const Eigen::MatrixXd>(run.steps.x.data(), 3, n);
  r.step_trial = run.steps.trial;
  r.step_k = run.steps.k;
  r.n_blank_steps = task.n_blank_steps;
  const auto& t = run.trials;
  r.set_trials(t);
  r.first_step = t.first_step;
  r.n_steps = t.n_steps;
  r.W_out = net.W_out;
  r.W_rec = net.W_hh;
  return r;
}

}  // namespace iblrnn::constructed
