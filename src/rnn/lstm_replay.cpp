#include "iblrnn/rnn/lstm_replay.hpp"

#include <algorithm>
#include <string>

#include "iblrnn/core/error.hpp"
#include "iblrnn/rnn/dynamics.hpp"

using namespace iblrnn::core;

namespace iblrnn::rnn {

LstmReplay replay_lstm_cells(const Network& net, const Eigen::Ref<const Eigen::MatrixXd>& hidden,
                             const Eigen::Ref<const Eigen::MatrixXd>& inputs,
                             const std::vector<std::uint8_t>& session_start) {
  const char* w = "replay_lstm_cells";
  require(net.arch == Arch::lstm, w, "net", "must be an LSTM", choice_name(net.arch));
  const Eigen::Index H = net.n_hidden, N = hidden.cols();
  require(hidden.rows() == H, w, "hidden", "must have " + std::to_string(H) + " rows",
          hidden.rows());
  require(inputs.rows() == 3 && inputs.cols() == N, w, "inputs",
          "must be 3 × " + std::to_string(N), inputs.cols());
  require(session_start.size() == static_cast<std::size_t>(N), w, "session_start",
          "must have " + std::to_string(N) + " entries", session_start.size());
  LstmReplay r;
  r.cell.resize(H, N);
  Eigen::VectorXd s = Eigen::VectorXd::Zero(2 * H);
  for (Eigen::Index t = 0; t < N; ++t) {
    if (t == 0 || session_start[static_cast<std::size_t>(t)]) s.setZero();
    s = step_map(net, s, inputs.col(t));
    r.cell.col(t) = s.tail(H);
    r.max_abs_h_error =
        std::max(r.max_abs_h_error, (s.head(H) - hidden.col(t)).cwiseAbs().maxCoeff());
  }
  return r;
}

}  // namespace iblrnn::rnn
