// The typed result of the network analysis (SPEC §5 items 1–10; docs/analysis.md eq. A1–A19):
// plain data grouped by concept — the representation plane (PCA, readouts, block decoders,
// task coordinates), evidence velocities, trial ends, block belief against the Bayesian
// observer, flow fields, fixed/slow points with their dynamics labels, unit pools and timings.
// analysis_summary_json (analysis_summary.hpp) and analysis_outputs (analysis_files.hpp) turn it
// into summary.json and the .npy/.csv files. Shapes: H units, N steps, n_trials trials.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "iblrnn/analysis/block_belief.hpp"
#include "iblrnn/analysis/dynamics_label.hpp"
#include "iblrnn/analysis/evidence_velocity.hpp"
#include "iblrnn/analysis/fixed_points.hpp"
#include "iblrnn/analysis/flow_field.hpp"
#include "iblrnn/analysis/logistic.hpp"
#include "iblrnn/analysis/pca.hpp"
#include "iblrnn/analysis/readout.hpp"
#include "iblrnn/analysis/readout_definitions.hpp"
#include "iblrnn/analysis/unit_pools.hpp"

namespace iblrnn::analysis {

/// The block decoders (eq. A4–A5) on steps of biased blocks, held-out split by split_seed.
struct BlockDecoders {
  LogisticFit full;                  // on h (H weights)
  LogisticFit plane;                 // on (PC1, PC2) of the oriented plane (2 weights)
  double accuracy_full = 0;          // held-out accuracy
  double accuracy_plane = 0;
  double train_accuracy_full = 0;
  double train_accuracy_plane = 0;
  std::size_t n_train = 0;           // steps
  std::size_t n_test = 0;
};

/// The readout geometry (eq. A2–A4c) between the stimulus readout and the block decoders.
struct ReadoutAngles {
  Readout readout = Readout::difference;  // stimulus readout definition ([analysis] readout)
  double in_plane_fraction = 0;      // ‖P₂ᵀ w_s‖ / ‖w_s‖
  double block_in_plane_fraction = 0;  // the same for the full-state decoder's weights
  double full_deg = 0;               // ∠(w_s, w_block) in ℝᴴ
  double plane_deg = 0;              // ∠(P₂ᵀ w_s, 2-D decoder weights)
  double projected_deg = 0;          // ∠(P₂ᵀ w_s, P₂ᵀ w_block)
  ReadoutDefinitions definitions;    // ours against paper2020
};

/// The representation plane (eq. A1–A5, A9): PCA oriented by SPEC §5.2, readouts, decoders
/// and the task-aligned coordinates of every step.
struct RepresentationPlane {
  Pca pca;                           // oriented: PC1 along w_s, PC2 along the 2-D decoder
  bool flipped_pc1 = false;
  bool flipped_pc2 = false;
  Eigen::VectorXd w_stim;            // H, stimulus readout
  Eigen::VectorXd w_block;           // H, unit full-state block decoder weights
  BlockDecoders decoders;
  ReadoutAngles angles;
  TaskAxes axes;                     // unit in-plane stimulus and block axes
  Eigen::MatrixXd z;                 // 2 × N, (PC1, PC2) of each step
  Eigen::MatrixXd q;                 // 2 × N, (Q_stim, Q_block) of each step (eq. A9)
  /// The first two components, H × 2.
  Eigen::MatrixXd plane() const { return pca.components.leftCols(2); }
};

/// Mean ‖ΔQ‖ per step kind (SPEC §8 C12); a mean is NaN when its kind has no step.
struct StepDq {
  double feedback_mean = 0;          // steps with feedback r ≠ 0
  double observation_mean = 0;       // observation steps without feedback
  long n_feedback = 0;
  long n_observation = 0;
};

/// One bin of the evidence d for the velocity figure (Fig 5a,b).
struct VelocityBin {
  double d_lo = 0, d_hi = 0;
  double n = 0;                      // steps in the bin
  double dq_stim_mean = 0, dq_stim_sem = 0;
  double dq_block_mean = 0, dq_block_sem = 0;
};

/// Evidence velocities (eq. A6–A7) with their per-step-kind means and binned means.
struct VelocityAnalysis {
  EvidenceVelocity fits;
  StepDq step_dq;
  std::vector<VelocityBin> bins;     // non-empty bins only
};

/// A block whose steps are kept as a trajectory (Fig 4b,c): trials [first, end).
struct TrajectoryBlock {
  Eigen::Index first = 0, end = 0;
  int side = 0;                      // −1, +1
};

/// Each trial's last step in plane and task coordinates.
struct TrialEnds {
  std::vector<Eigen::Index> step;    // n_trials, last step of each trial
  Eigen::VectorXd evidence;          // n_trials, Σ d over its observation steps
  Eigen::MatrixXd z;                 // 2 × n_trials
  Eigen::MatrixXd q;                 // 2 × n_trials
  Eigen::VectorXd p_right_block;     // n_trials, the 2-D decoder's P(right block)
  std::vector<TrajectoryBlock> trajectories;
};

/// The flow fields of one held input (eq. A10–A10b).
struct ConditionFlow {
  InputCondition condition;
  FlowField empirical;               // from recorded steps with this input
  std::size_t n_empirical_steps = 0;
  std::optional<FlowField> probed;   // F on the grid (needs the model)
};

/// Flow fields on one grid over the plane.
struct FlowAnalysis {
  PlaneGrid grid;
  std::vector<ConditionFlow> conditions;  // the six held inputs
};

/// A fixed or slow point seen in the plane.
struct PlanePoint {
  Eigen::Vector2d z;                 // (PC1, PC2)
  Eigen::Vector2d q;                 // (Q_stim, Q_block)
};

/// Fixed points, slow points and the dynamics label of one held input (eq. A11–A19).
struct ConditionDynamics {
  InputCondition condition;
  FixedPointSet fixed;               // Levenberg–Marquardt search
  FixedPointSet slow;                // relaxation to slow points
  std::vector<PlanePoint> in_plane;  // per point of `fixed`
  DynamicsClass label;
  std::optional<ManifoldAngles> angles;  // of the slow set's direction, when it has one in the plane
};

/// The slow manifold without stimulus (eq. A13).
struct LineAttractorSummary {
  double speed_tol = 0;              // speed below which a point is slow
  int n_starts = 0;
  int n_relaxed = 0;
  LineAttractor line;                // characterised on the hidden part of the state
  bool has_extent = false;           // ≥ 2 points: the members below are set
  std::optional<double> angle_block_plane_deg;
  std::optional<double> direction_in_plane_fraction;
  Eigen::Vector2d q_block_range = Eigen::Vector2d::Zero();
  Eigen::Vector2d q_stim_range = Eigen::Vector2d::Zero();
  double q_block_coverage = 0;
  bool is_line_attractor = false;
};

/// The model-based dynamics (needs the step map).
struct DynamicsAnalysis {
  int n_state = 0;                   // H, or 2H for an LSTM (h over c)
  double median_step = 0;            // median ‖h_t − h_{t−1}‖, the speed scale
  std::vector<ConditionDynamics> conditions;
  LineAttractorSummary line_attractor;
};

/// Everything analyze_network computes.
struct AnalysisResult {
  Eigen::Index n_steps = 0, n_trials = 0, n_units = 0;
  RepresentationPlane plane;
  VelocityAnalysis velocity;
  TrialEnds trial_ends;
  std::optional<BlockBelief> block_belief;   // absent without an informative observer
  FlowAnalysis flow;
  bool lstm = false;                         // the dynamics' state is h stacked over c
  std::optional<DynamicsAnalysis> dynamics;  // absent without a model (or an LSTM's cells)
  UnitPools pools;
  std::vector<std::string> notes;            // what was skipped and why
  std::map<std::string, double> timing_s;    // cumulative wall time after each stage
};

}  // namespace iblrnn::analysis
