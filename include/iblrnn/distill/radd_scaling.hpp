// How RADD scales the projected coordinates into (−1, 1) before arctanh (SPEC §6;
// docs/distill.md eq. D2–D2b), and RADD fitted under each choice side by side:
//   shared          (the 2020 code, default) one divisor s = factor · max_{i,t} |z_{i,t}|
//                   (factor 1.01) for every coordinate: the map keeps the coordinates' ratio;
//   per_coordinate  s_i = max_t |z_{i,t}| / scale_max (scale_max 0.95): every coordinate
//                   reaches ±scale_max, where arctanh inflates it and can push A_ii above 1.
// Shapes: P is M × H, hidden states H × T, centred projections M × T.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "iblrnn/core/choice.hpp"
#include "iblrnn/distill/radd.hpp"

namespace iblrnn::distill {

/// How RADD scales the reduced coordinates: one shared factor (the 2020 code) or one per
/// coordinate (eq. D2–D2b).
enum class RaddScaling { shared, per_coordinate };
constexpr std::array<std::string_view, 2> choice_names(RaddScaling) {
  return {"shared", "per_coordinate"};
}


/// The parameters of both scalings.
struct RaddScalingOptions {
  RaddScaling scaling = RaddScaling::shared;
  double shared_factor = 1.01;  // shared: s = factor · max |z| over all coordinates (> 1)
  double scale_max = 0.95;      // per_coordinate: max_t |z_i| maps to this, in (0, 1)

  /// Throws InvalidInput("RaddScalingOptions: field constraint, got value").
  void validate() const;
};

/// Divisors (M) for centred projected coordinates Zc (M × T) under `options` (eq. D2–D2b).
/// Throws InvalidInput if a coordinate is identically zero or Zc is empty or non-finite.
Eigen::VectorXd radd_scale(const Eigen::Ref<const Eigen::MatrixXd>& Zc,
                           const RaddScalingOptions& options);

/// The projection z = P(h − mean) ⊘ scale with mean = the mean column of `hidden` and the
/// scale of `options`. Throws InvalidInput on shape mismatch or bad options.
RaddProjection make_scaled_radd_projection(const Eigen::Ref<const Eigen::MatrixXd>& P,
                                           const Eigen::Ref<const Eigen::MatrixXd>& hidden,
                                           const RaddScalingOptions& options);

/// RADD's closed-form fit under one scaling with the quantities the paper reads off it.
struct RaddScaledFit {
  RaddScaling scaling = RaddScaling::shared;
  RaddProjection projection;
  RaddFit fit;                          // A, B, c and R² (eq. D4–D5)
  Eigen::VectorXd time_constants;       // M, 1/(1 − A_ii); +inf where A_ii ≥ 1 ("none")
  double input_drive_ratio = 0;         // unit 0 over unit 1 (stimulus over block), M ≥ 2
  bool block_integrates_slower = false; // M ≥ 2: τ_0 < τ_1 (an infinite τ_1 counts)
};

/// Fits RADD (eq. D4) on hidden (H × T), inputs X (3 × T), session_start (T) under `scaling`.
/// Throws InvalidInput like make_scaled_radd_projection and fit_radd_dynamics.
RaddScaledFit fit_radd_scaled(const Eigen::Ref<const Eigen::MatrixXd>& P,
                              const Eigen::Ref<const Eigen::MatrixXd>& hidden,
                              const Eigen::Ref<const Eigen::MatrixXd>& X,
                              const std::vector<std::uint8_t>& session_start,
                              const RaddScalingOptions& scaling, const RaddFitOptions& fit = {});

}  // namespace iblrnn::distill
