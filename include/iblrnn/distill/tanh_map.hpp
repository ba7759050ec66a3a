// TanhMap: the M-unit vanilla tanh recurrence z_t = tanh(A z_{t−1} + B x_t + c) that every
// 2-unit model of the distillation study is (RADD's reduced model, the conventionally
// distilled student, the 2-unit task-trained network) (docs/distill.md eq. D3).
// Shapes: z is M, x is n_in (3: o^L, o^R, r); sequences are M × T / n_in × T, one column per
// step; `session_start` (T) flags the first step of each session, where z_{t−1} = z_init.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace iblrnn::distill {

/// Parameters of z_t = tanh(A z_{t−1} + B x_t + c) (eq. D3).
struct TanhMap {
  Eigen::MatrixXd A;  // M × M recurrent matrix (W_hh)
  Eigen::MatrixXd B;  // M × n_in input matrix (W_ih)
  Eigen::VectorXd c;  // M bias (b_ih + b_hh)

  int n_units() const { return static_cast<int>(A.rows()); }
  int n_inputs() const { return static_cast<int>(B.cols()); }

  /// Throws InvalidInput("where: ...") unless A is M × M, B is M × n_in, c is M, all finite.
  void validate(const char* where) const;

  /// One step: tanh(A z + B x + c); z is M, x is n_in.
  Eigen::VectorXd step(const Eigen::Ref<const Eigen::VectorXd>& z,
                       const Eigen::Ref<const Eigen::VectorXd>& x) const;

  /// Jacobian ∂F/∂z at z under input x: diag(1 − F²) A (M × M).
  Eigen::MatrixXd jacobian(const Eigen::Ref<const Eigen::VectorXd>& z,
                           const Eigen::Ref<const Eigen::VectorXd>& x) const;
};

/// Runs the map free on inputs X (n_in × T), restarting from z_init (M) at every flagged
/// session start (session_start[0] must be 1); returns Ẑ (M × T) (eq. D6).
/// Throws InvalidInput on mismatched shapes.
Eigen::MatrixXd run_free(const TanhMap& map, const Eigen::Ref<const Eigen::VectorXd>& z_init,
                         const Eigen::Ref<const Eigen::MatrixXd>& X,
                         const std::vector<std::uint8_t>& session_start);

}  // namespace iblrnn::distill
