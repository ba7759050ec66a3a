// An LSTM's cells recovered from its recorded h (rnn/lstm_replay.hpp): replaying the network
// over the inputs of sessions it played gives the cells the agent itself recorded, and the
// replay's h error measures a corrupted recording exactly.
#include <gtest/gtest.h>

#include "iblrnn/core/error.hpp"
#include "iblrnn/rnn/lstm_replay.hpp"
#include "iblrnn/task/engine.hpp"
#include "iblrnn/train/rnn_agent.hpp"

using namespace iblrnn::core;
using namespace iblrnn::rnn;
using namespace iblrnn::task;
using namespace iblrnn::train;

namespace iblrnn {

TEST(LstmReplay, RecoversTheCellsTheAgentRecordedAcrossSessions) {
  NetworkConfig nc;
  nc.arch = Arch::lstm;
  nc.n_hidden = 5;
  const Network net = Network::init(nc, 3);
  TaskConfig task;
  task.n_blocks = 2;
  RnnAgent agent(net, RnnAgent::Record::hidden);
  const RunRecord run = play(task, make_sessions(task, 4, 2), agent);
  const auto N = Eigen::Index(run.steps.size());
  const std::vector<double> hs = agent.hidden_states(), cs = agent.cell_states();
  const Eigen::MatrixXd hidden = Eigen::Map<const Eigen::MatrixXd>(hs.data(), 5, N);
  const Eigen::MatrixXd cell = Eigen::Map<const Eigen::MatrixXd>(cs.data(), 5, N);
  const Eigen::MatrixXd inputs = Eigen::Map<const Eigen::MatrixXd>(run.steps.x.data(), 3, N);
  std::vector<std::uint8_t> session_start(static_cast<std::size_t>(N), 0);
  int n_starts = 0;
  for (Eigen::Index t = 0; t < N; ++t) {
    const auto trial = run.steps.trial[t];
    session_start[t] = t == 0 || run.trials.session[trial] != run.trials.session[run.steps.trial[t - 1]];
    n_starts += session_start[t];
  }
  ASSERT_EQ(n_starts, 2);
  const LstmReplay r = replay_lstm_cells(net, hidden, inputs, session_start);
  EXPECT_LT((r.cell - cell).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_LT(r.max_abs_h_error, 1e-12);
  // Without the reset at the second session the cells differ from there on.
  std::vector<std::uint8_t> one_session(session_start.size(), 0);
  EXPECT_GT(replay_lstm_cells(net, hidden, inputs, one_session).max_abs_h_error, 1e-6);
  // One recorded value off by 0.25 (and the state it feeds unchanged): error 0.25.
  Eigen::MatrixXd corrupted = hidden;
  corrupted(2, N / 2) += 0.25;
  EXPECT_NEAR(replay_lstm_cells(net, corrupted, inputs, session_start).max_abs_h_error, 0.25, 1e-12);
}

TEST(LstmReplay, RejectsOtherCellsAndShapes) {
  NetworkConfig nc;
  nc.arch = Arch::rnn;
  nc.n_hidden = 2;
  const Eigen::MatrixXd h = Eigen::MatrixXd::Zero(2, 3), x = Eigen::MatrixXd::Zero(3, 3);
  EXPECT_THROW(replay_lstm_cells(Network::zeros(nc), h, x, {1, 0, 0}), InvalidInput);
  nc.arch = Arch::lstm;
  const Network lstm = Network::zeros(nc);
  EXPECT_THROW(replay_lstm_cells(lstm, h, x, {1, 0}), InvalidInput);
  EXPECT_THROW(replay_lstm_cells(lstm, Eigen::MatrixXd::Zero(3, 3), x, {1, 0, 0}), InvalidInput);
  EXPECT_THROW(replay_lstm_cells(lstm, h, Eigen::MatrixXd::Zero(2, 3), {1, 0, 0}), InvalidInput);
}

}  // namespace iblrnn
