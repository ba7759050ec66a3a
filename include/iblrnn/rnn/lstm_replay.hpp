// An LSTM's cell states recovered from a recording of h alone (docs/rnn.md eq. N11): the
// network replayed over the recorded inputs, from the zero state at each session start as in
// the evaluation, gives c; the replayed h checks the recording on the way. Shapes: H units,
// N steps, one column per step.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "iblrnn/rnn/network.hpp"

namespace iblrnn::rnn {

/// The replay's cells and how closely its h follows the recording.
struct LstmReplay {
  Eigen::MatrixXd cell;       // H × N cell states c_t
  double max_abs_h_error = 0; // largest |h_replayed − h_recorded| over units and steps
};

/// Replays the LSTM `net` over inputs (3 × N); session_start (N) flags the steps where the
/// state is reset to zero; hidden (H × N) is the recorded h. Throws InvalidInput unless net is
/// an LSTM and the shapes agree.
LstmReplay replay_lstm_cells(const Network& net, const Eigen::Ref<const Eigen::MatrixXd>& hidden,
                             const Eigen::Ref<const Eigen::MatrixXd>& inputs,
                             const std::vector<std::uint8_t>& session_start);

}  // namespace iblrnn::rnn
