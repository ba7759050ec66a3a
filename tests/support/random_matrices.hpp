// Test support: seeded random matrices (Stream::fit of the project's Rng).
#pragma once

#include <cstdint>

#include <Eigen/Core>
#include <Eigen/QR>

#include "iblrnn/core/random.hpp"

namespace iblrnn::testing {

/// r × c standard normal entries, drawn in storage (column-major) order.
inline Eigen::MatrixXd random_normal(Eigen::Index r, Eigen::Index c, std::uint64_t seed) {
  core::Rng rng(seed, core::Stream::fit);
  Eigen::MatrixXd m(r, c);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = rng.normal();
  return m;
}

/// An n × n orthogonal matrix: Q of the QR factorisation of random_normal(n, n, seed).
inline Eigen::MatrixXd random_orthogonal(Eigen::Index n, std::uint64_t seed) {
  return Eigen::HouseholderQR<Eigen::MatrixXd>(random_normal(n, n, seed)).householderQ();
}

}  // namespace iblrnn::testing
