// Optimisers on the flat parameter vector (docs/train.md eq. O1–O2), with PyTorch's update
// rules so that runs compare with torch.optim: SGD with momentum (buffer b ← μ b + g,
// θ ← θ − lr b) and Adam (bias-corrected moments, θ ← θ − lr m̂ / (√v̂ + ε)); and clipping of
// the gradient's 2-norm (as torch.nn.utils.clip_grad_norm_). State is public for checkpoints.
#pragma once

#include <cstdint>

#include <Eigen/Core>

#include "iblrnn/train/train_config.hpp"

namespace iblrnn::train {

class Optimizer {
 public:
  /// An optimiser of config.optimizer for n_params parameters, with zero state.
  Optimizer(const TrainConfig& config, Eigen::Index n_params);

  /// One update of theta with gradient g at learning rate lr.
  void step(Eigen::VectorXd& theta, const Eigen::VectorXd& g, double lr);

  Eigen::VectorXd m;       // SGD momentum buffer, or Adam's first moment
  Eigen::VectorXd v;       // Adam's second moment (unused by SGD)
  std::int64_t t = 0;      // updates done

 private:
  bool adam_;
  double momentum_, beta1_, beta2_, eps_;
};

/// Scales g so that its 2-norm is at most max_norm (g · max_norm/(‖g‖ + 1e-6) when above);
/// max_norm <= 0 leaves it. Returns the norm before clipping.
double clip_grad_norm(Eigen::VectorXd& g, double max_norm);

}  // namespace iblrnn::train
