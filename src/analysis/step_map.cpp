#include "iblrnn/analysis/step_map.hpp"

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::analysis {

VanillaStepMap::VanillaStepMap(Eigen::MatrixXd W_rec, Eigen::MatrixXd W_in, Eigen::VectorXd b)
    : W_rec_(std::move(W_rec)), W_in_(std::move(W_in)), b_(std::move(b)) {
  const auto h = b_.size();
  require(h >= 1, "VanillaStepMap", "b size", "must be >= 1", h);
  require(W_rec_.rows() == h && W_rec_.cols() == h, "VanillaStepMap", "W_rec",
          "must be H x H with H = " + std::to_string(h),
          std::to_string(W_rec_.rows()) + "x" + std::to_string(W_rec_.cols()));
  require(W_in_.rows() == h && W_in_.cols() == 3, "VanillaStepMap", "W_in",
          "must be H x 3 with H = " + std::to_string(h),
          std::to_string(W_in_.rows()) + "x" + std::to_string(W_in_.cols()));
}

Eigen::VectorXd VanillaStepMap::step(const Eigen::VectorXd& h, const Eigen::Vector3d& x) const {
  require(h.size() == b_.size(), "VanillaStepMap::step", "h size", "must equal H", h.size());
  return (W_rec_ * h + W_in_ * x + b_).array().tanh();
}

Eigen::MatrixXd VanillaStepMap::jacobian(const Eigen::VectorXd& h, const Eigen::Vector3d& x) const {
  const Eigen::VectorXd hn = step(h, x);
  const Eigen::VectorXd gain = 1.0 - hn.array().square();
  return gain.asDiagonal() * W_rec_;
}

Eigen::MatrixXd numerical_jacobian(const StepMap& map, const Eigen::VectorXd& h,
                                   const Eigen::Vector3d& x, double eps) {
  const int s = map.n_state();
  Eigen::MatrixXd J(s, s);
  for (int j = 0; j < s; ++j) {
    Eigen::VectorXd hp = h, hm = h;
    hp(j) += eps;
    hm(j) -= eps;
    J.col(j) = (map.step(hp, x) - map.step(hm, x)) / (2.0 * eps);
  }
  return J;
}

}  // namespace iblrnn::analysis
