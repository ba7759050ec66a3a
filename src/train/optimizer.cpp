#include "iblrnn/train/optimizer.hpp"

#include <cmath>

namespace iblrnn::train {

Optimizer::Optimizer(const TrainConfig& config, Eigen::Index n_params)
    : m(Eigen::VectorXd::Zero(n_params)),
      v(Eigen::VectorXd::Zero(config.optimizer == OptimizerKind::adam ? n_params : 0)),
      adam_(config.optimizer == OptimizerKind::adam),
      momentum_(config.momentum),
      beta1_(config.adam_beta1),
      beta2_(config.adam_beta2),
      eps_(config.adam_eps) {}

void Optimizer::step(Eigen::VectorXd& theta, const Eigen::VectorXd& g, double lr) {
  ++t;
  if (!adam_) {
    // eq. O1 (torch.optim.SGD, dampening 0): the first buffer is g itself.
    if (t == 1) {
      m = g;
    } else {
      m = momentum_ * m + g;
    }
    theta -= lr * m;
    return;
  }
  // eq. O2 (torch.optim.Adam).
  m = beta1_ * m + (1 - beta1_) * g;
  v = beta2_ * v + (1 - beta2_) * g.cwiseAbs2();
  const double c1 = 1 - std::pow(beta1_, static_cast<double>(t));
  const double c2 = 1 - std::pow(beta2_, static_cast<double>(t));
  theta.array() -= (lr / c1) * m.array() / ((v.array() / c2).sqrt() + eps_);
}

double clip_grad_norm(Eigen::VectorXd& g, double max_norm) {
  const double norm = g.norm();
  if (max_norm > 0 && norm > max_norm) g *= max_norm / (norm + 1e-6);
  return norm;
}

}  // namespace iblrnn::train
