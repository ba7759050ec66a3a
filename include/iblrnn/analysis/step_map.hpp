// The one-step map of a recurrent network, seen by the dynamics analyses (docs/analysis.md
// eq. A10): h' = F(h; x) and its Jacobian ∂F/∂h, for a fixed input x = (o^L, o^R, r).
// The analyses only need this interface; any network (vanilla, GRU, LSTM, a distilled model,
// a constructed test system) plugs in by implementing it. Shapes: h is S (state size), J S × S.
#pragma once

#include <Eigen/Core>

namespace iblrnn::analysis {

/// A deterministic state-update map under a held-fixed input.
class StepMap {
 public:
  virtual ~StepMap() = default;
  /// State size S.
  virtual int n_state() const = 0;
  /// F(h; x): next state (S) from state h (S) and input x (3).
  virtual Eigen::VectorXd step(const Eigen::VectorXd& h, const Eigen::Vector3d& x) const = 0;
  /// ∂F/∂h at (h, x): S × S.
  virtual Eigen::MatrixXd jacobian(const Eigen::VectorXd& h, const Eigen::Vector3d& x) const = 0;
};

/// The vanilla tanh network h' = tanh(W_rec h + W_in x + b) (SPEC §2) as a StepMap.
class VanillaStepMap : public StepMap {
 public:
  /// W_rec H × H, W_in H × 3, b H (b_ih + b_hh). Throws InvalidInput on shape mismatch.
  VanillaStepMap(Eigen::MatrixXd W_rec, Eigen::MatrixXd W_in, Eigen::VectorXd b);
  int n_state() const override { return static_cast<int>(b_.size()); }
  Eigen::VectorXd step(const Eigen::VectorXd& h, const Eigen::Vector3d& x) const override;
  /// J = diag(1 − h'²) W_rec.
  Eigen::MatrixXd jacobian(const Eigen::VectorXd& h, const Eigen::Vector3d& x) const override;
  const Eigen::MatrixXd& W_rec() const { return W_rec_; }

 private:
  Eigen::MatrixXd W_rec_, W_in_;
  Eigen::VectorXd b_;
};

/// Central-difference Jacobian of map at (h, x) with step eps (a test reference), S × S.
Eigen::MatrixXd numerical_jacobian(const StepMap& map, const Eigen::VectorXd& h,
                                   const Eigen::Vector3d& x, double eps = 1e-6);

}  // namespace iblrnn::analysis
