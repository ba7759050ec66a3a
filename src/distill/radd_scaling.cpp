#include "iblrnn/distill/radd_scaling.hpp"

#include <cmath>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::distill {

void RaddScalingOptions::validate() const {
  const char* w = "RaddScalingOptions";
  require(shared_factor > 1.0 && std::isfinite(shared_factor), w, "shared_factor",
          "must be finite and > 1", shared_factor);
  require(scale_max > 0.0 && scale_max < 1.0, w, "scale_max", "must be in (0, 1)", scale_max);
}

Eigen::VectorXd radd_scale(const Eigen::Ref<const Eigen::MatrixXd>& Zc,
                           const RaddScalingOptions& options) {
  options.validate();
  const char* w = "radd_scale";
  require(Zc.rows() >= 1 && Zc.cols() >= 1, w, "Zc", "must be non-empty",
          std::to_string(Zc.rows()) + "x" + std::to_string(Zc.cols()));
  require(Zc.allFinite(), w, "Zc", "must be finite", "non-finite entries");
  const Eigen::VectorXd peak = Zc.cwiseAbs().rowwise().maxCoeff();
  for (Eigen::Index i = 0; i < peak.size(); ++i)
    require(peak(i) > 0.0, w, "coordinate " + std::to_string(i),
            "must not be zero at every step", peak(i));
  if (options.scaling == RaddScaling::shared)
    return Eigen::VectorXd::Constant(peak.size(), options.shared_factor * peak.maxCoeff());
  return peak / options.scale_max;
}

RaddProjection make_scaled_radd_projection(const Eigen::Ref<const Eigen::MatrixXd>& P,
                                           const Eigen::Ref<const Eigen::MatrixXd>& hidden,
                                           const RaddScalingOptions& options) {
  options.validate();
  // The per-coordinate projection checks shapes and builds mean and P; only the scale differs.
  RaddProjection proj = make_radd_projection(P, hidden, 0.5);
  proj.scale = Eigen::VectorXd::Ones(P.rows());
  proj.scale = radd_scale(proj.apply(hidden), options);
  return proj;
}

RaddScaledFit fit_radd_scaled(const Eigen::Ref<const Eigen::MatrixXd>& P,
                              const Eigen::Ref<const Eigen::MatrixXd>& hidden,
                              const Eigen::Ref<const Eigen::MatrixXd>& X,
                              const std::vector<std::uint8_t>& session_start,
                              const RaddScalingOptions& scaling, const RaddFitOptions& fit) {
  RaddScaledFit out;
  out.scaling = scaling.scaling;
  out.projection = make_scaled_radd_projection(P, hidden, scaling);
  out.fit = fit_radd_dynamics(out.projection.apply(hidden), X, session_start, fit);
  out.time_constants = effective_time_constants(out.fit.map.A);
  if (out.fit.map.A.rows() >= 2) {
    out.input_drive_ratio = input_drive_ratio(out.fit.map.B, 0, 1);
    out.block_integrates_slower = out.time_constants(0) < out.time_constants(1);
  }
  return out;
}

}  // namespace iblrnn::distill
