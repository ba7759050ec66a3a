// The recurrent map as a dynamical system (docs/rnn.md eq. N11–N12), for fixed points, slow
// points and flow fields: s' = F(s; x) for a held input x = (o^L, o^R, r), and its Jacobian
// dF/ds. The state s is h (H) for rnn and gru; for lstm it is h stacked over c (2H), because
// h alone does not determine the next step: fixed-point searches run in the joint (h, c)
// space and analyses of h take its top H entries (recorded c comes from RnnAgent's cache).
#pragma once

#include <Eigen/Core>

#include "iblrnn/rnn/network.hpp"

namespace iblrnn::rnn {

/// One step F(s; x) for one state s (S = state_size()) and input x (3). Throws InvalidInput
/// on a size mismatch.
Eigen::VectorXd step_map(const Network& net, const Eigen::Ref<const Eigen::VectorXd>& s,
                         const Eigen::Ref<const Eigen::VectorXd>& x);

/// F(s; x) for many states (S × n) with the same input x (3); returns S × n.
Eigen::MatrixXd step_map_batch(const Network& net, const Eigen::Ref<const Eigen::MatrixXd>& s,
                               const Eigen::Ref<const Eigen::VectorXd>& x);

/// The Jacobian dF/ds (S × S) at (s, x), analytic (eq. N12).
Eigen::MatrixXd step_jacobian(const Network& net, const Eigen::Ref<const Eigen::VectorXd>& s,
                              const Eigen::Ref<const Eigen::VectorXd>& x);

/// Readout for many hidden states h (H × n): P(left), P(right) (2 × n) (eq. N4).
Eigen::MatrixXd readout_probs(const Network& net, const Eigen::Ref<const Eigen::MatrixXd>& h);

}  // namespace iblrnn::rnn
