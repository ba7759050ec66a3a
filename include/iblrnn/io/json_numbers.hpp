// Numbers, vectors and matrices as JSON values for summary.json files. JSON has no NaN or
// infinity: such values become null (docs/outputs.md). Matrices are written as rows.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <vector>

#include <nlohmann/json.hpp>

namespace iblrnn::io {

/// v, or null when v is NaN or infinite.
inline nlohmann::json json_number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
}

/// An array of numbers (null for non-finite entries).
inline nlohmann::json json_numbers(const std::vector<double>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (double x : v) a.push_back(json_number_or_null(x));
  return a;
}

/// An array of numbers (null for non-finite entries).
inline nlohmann::json json_numbers(const Eigen::Ref<const Eigen::VectorXd>& v) {
  return json_numbers(std::vector<double>(v.data(), v.data() + v.size()));
}

/// A matrix as an array of rows (null for non-finite entries).
inline nlohmann::json json_rows(const Eigen::Ref<const Eigen::MatrixXd>& m) {
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (Eigen::Index j = 0; j < m.cols(); ++j) row.push_back(json_number_or_null(m(i, j)));
    rows.push_back(row);
  }
  return rows;
}

}  // namespace iblrnn::io
