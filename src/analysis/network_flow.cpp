#include "iblrnn/analysis/network_flow.hpp"

#include <Eigen/Cholesky>

namespace iblrnn::analysis {

FlowAnalysis empirical_flows(const NetworkRecording& rec, const RepresentationPlane& plane,
                             const AnalysisConfig& config) {
  FlowAnalysis flow;
  flow.grid = grid_over(plane.z, config.n_grid, config.grid_quantile);
  for (const auto& c : six_conditions()) {
    std::vector<Eigen::Index> prev, next;
    for (Eigen::Index t = 1; t < rec.n_steps_total(); ++t) {
      if (!rec.continues_session(t)) continue;
      if (!matches_condition(c, rec.inputs.col(t), config.empirical_d_tol)) continue;
      prev.push_back(t - 1);
      next.push_back(t);
    }
    ConditionFlow f{c, empirical_flow(flow.grid, take_columns(plane.z, prev),
                                      take_columns(plane.z, next)),
                    prev.size(), std::nullopt};
    flow.conditions.push_back(std::move(f));
  }
  return flow;
}

StateLift lstm_state_lift(const NetworkRecording& rec) {
  const Eigen::Index H = rec.n_units(), N = rec.n_steps_total();
  // c ≈ C h + c0 by least squares over the recorded steps.
  Eigen::MatrixXd G = Eigen::MatrixXd::Zero(H + 1, H + 1);
  Eigen::MatrixXd R = Eigen::MatrixXd::Zero(H + 1, H);
  Eigen::VectorXd ha(H + 1);
  for (Eigen::Index t = 0; t < N; ++t) {
    ha.head(H) = rec.hidden.col(t);
    ha(H) = 1.0;
    G.selfadjointView<Eigen::Lower>().rankUpdate(ha);
    R.noalias() += ha * rec.cell.col(t).transpose();
  }
  G = G.selfadjointView<Eigen::Lower>();
  G.diagonal().array() += 1e-10;
  const Eigen::MatrixXd coef = G.ldlt().solve(R);  // (H+1) × H
  return [coef, H](const Eigen::VectorXd& h) {
    Eigen::VectorXd s(2 * H);
    s.head(H) = h;
    s.tail(H) = coef.topRows(H).transpose() * h + coef.row(H).transpose();
    return s;
  };
}

void probe_flows(FlowAnalysis& flow, const StepMap& map, const Pca& pca, const StateLift& lift) {
  for (auto& c : flow.conditions) c.probed = probe_flow(map, pca, flow.grid, c.condition.x, lift);
}

}  // namespace iblrnn::analysis
