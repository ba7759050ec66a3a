#include "iblrnn/distill/tanh_map.hpp"

#include <Eigen/Dense>
#include <string>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::distill {

void TanhMap::validate(const char* where) const {
  const Eigen::Index m = A.rows();
  require(m >= 1 && A.cols() == m, where, "A", "must be square with at least one row",
          std::to_string(A.rows()) + "x" + std::to_string(A.cols()));
  require(B.rows() == m && B.cols() >= 1, where, "B", "must have as many rows as A",
          std::to_string(B.rows()) + "x" + std::to_string(B.cols()));
  require(c.size() == m, where, "c", "must have as many entries as A has rows", c.size());
  require(A.allFinite() && B.allFinite() && c.allFinite(), where, "A, B, c", "must be finite",
          "non-finite entries");
}

Eigen::VectorXd TanhMap::step(const Eigen::Ref<const Eigen::VectorXd>& z,
                              const Eigen::Ref<const Eigen::VectorXd>& x) const {
  return (A * z + B * x + c).array().tanh().matrix();
}

Eigen::MatrixXd TanhMap::jacobian(const Eigen::Ref<const Eigen::VectorXd>& z,
                                  const Eigen::Ref<const Eigen::VectorXd>& x) const {
  const Eigen::VectorXd f = step(z, x);
  return (1.0 - f.array().square()).matrix().asDiagonal() * A;
}

Eigen::MatrixXd run_free(const TanhMap& map, const Eigen::Ref<const Eigen::VectorXd>& z_init,
                         const Eigen::Ref<const Eigen::MatrixXd>& X,
                         const std::vector<std::uint8_t>& session_start) {
  map.validate("run_free");
  const Eigen::Index T = X.cols();
  require(X.rows() == map.n_inputs(), "run_free", "X", "must have one row per input", X.rows());
  require(z_init.size() == map.n_units(), "run_free", "z_init", "must have M entries",
          z_init.size());
  require(static_cast<Eigen::Index>(session_start.size()) == T, "run_free", "session_start",
          "must have one flag per step", session_start.size());
  require(T == 0 || session_start[0] != 0, "run_free", "session_start[0]",
          "must be 1 (the first step starts a session)", int(T == 0 ? 1 : session_start[0]));
  Eigen::MatrixXd Z(map.n_units(), T);
  Eigen::VectorXd prev = z_init;
  for (Eigen::Index t = 0; t < T; ++t) {
    if (session_start[t]) prev = z_init;
    Z.col(t) = (map.A * prev + map.B * X.col(t) + map.c).array().tanh().matrix();
    prev = Z.col(t);
  }
  return Z;
}

}  // namespace iblrnn::distill
