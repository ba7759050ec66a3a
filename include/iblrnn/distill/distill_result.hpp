// The distillation study's typed result (SPEC §6; docs/distill.md eq. D1–D18): RADD's fit
// under the configured scaling and under both scalings side by side, the conventional and
// task-trained 2-unit baselines, each agent's accuracy on the common evaluation session and
// its action reach, and the phase portraits of all models with their comparison to the
// teacher's. distill/summary.json is its serialisation (distill_summary.hpp); its arrays and
// network folders are written by the pipeline from it. Shapes: M RADD units, N recorded steps.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "iblrnn/distill/action_reach.hpp"
#include "iblrnn/distill/comparison.hpp"
#include "iblrnn/distill/conventional.hpp"
#include "iblrnn/distill/distill_config.hpp"
#include "iblrnn/distill/phase_portrait.hpp"
#include "iblrnn/distill/radd.hpp"
#include "iblrnn/distill/radd_scaling.hpp"
#include "iblrnn/distill/teacher_portrait.hpp"
#include "iblrnn/rnn/network.hpp"

namespace iblrnn::distill {

/// Wall times of the RADD fit, in seconds.
struct RaddTimings {
  double total = 0;          // projection, scaling, fit, free run, refinement and gain
  double projection = 0;     // the readout or PCA projection alone
  double least_squares = 0;  // the closed-form least squares alone (eq. D4)
};

/// RADD on the teacher's recording (eq. D1–D11).
struct RaddResult {
  Projection projection = Projection::readouts;  // [distill] projection
  RaddScaling scaling = RaddScaling::shared;     // [distill] radd_scaling
  Eigen::MatrixXd P;           // M × H unscaled projection (readout rows or PCs)
  RaddProjection coordinates;  // z = P(h − mean) ⊘ scale under `scaling`
  Eigen::MatrixXd Z;           // M × N the teacher's states in RADD coordinates
  Eigen::VectorXd z_init;      // M the coordinates of the teacher's zero state
  RaddFit closed_form;         // least squares on teacher-forced transitions (eq. D4–D5)
  std::optional<RaddRefineResult> refine;  // present when [distill] refine_steps > 0 (eq. D9)
  TanhMap map;                 // the final map: refined if refined, else the closed form
  Eigen::MatrixXd Z_free;      // M × N the final map run free from z_init (eq. D6)
  FreeRunError free_run;                 // of the final map (eq. D7)
  FreeRunError free_run_closed_form;     // of the closed form, before any refinement
  double gain = 0;                       // readout gain g (eq. D8)
  rnn::Network network;                       // the map as a 2-unit network with gain g (eq. D10)
  Eigen::VectorXd time_constants;        // M, 1/(1 − A_ii) of the final map (eq. D11)
  std::optional<double> input_drive_ratio;  // M ≥ 2: unit 0 over unit 1 (eq. D11)
  std::vector<RaddScaledFit> by_scaling;    // closed forms under shared, per_coordinate
  RaddTimings seconds;
};

/// Conventional distillation (eq. D15) with the settings it ran with.
struct ConventionalStudy {
  ConventionalResult result;
  double lr = 0;
  double momentum = 0;
  int n_hidden = 0;
};

/// The 2-unit network trained on the task (eq. D16).
struct TaskTrainedStudy {
  rnn::Network network;
  std::int64_t n_steps = 0;
  double seconds = 0;
  std::string preset;
  nlohmann::json train_summary;  // the training job's summary.json, as written
};

/// One agent on the common evaluation session (eq. D17–D18).
struct AgentComparison {
  std::string name;  // teacher | radd | conventional | task_trained_2
  SignalAccuracy accuracy;
  double timeout_rate = 0;
  double mean_n_obs = 0;
  ActionReach reach;        // of its readout (no recorded steps)
  bool never_acts = false;  // reach.cannot_act, or it timed out on every trial
};

/// The common evaluation session (eq. D17).
struct ComparisonSession {
  std::uint64_t eval_seed = 1;
  int n_blocks = 0;
  std::int64_t n_trials = 0;
};

/// The phase portraits of the teacher and the 2-unit models (eq. D12–D14).
struct DistillPortraits {
  int flow_grid = 0;  // flow points per unit on linspace(−1, 1, flow_grid)
  TeacherPortrait teacher;
  std::map<std::string, ModelPortrait> models;  // radd, conventional, task_trained_2 (2 units)
  PortraitComparison comparison;
};

/// Everything the distillation study computes.
struct DistillResult {
  std::string run;       // the teacher's run folder
  std::string eval_dir;  // its evaluation folder
  rnn::Arch teacher_arch = rnn::Arch::rnn;
  int teacher_n_hidden = 0;
  // LSTM teachers whose evaluation has no cell states: the largest |h| difference of the
  // replay that recovered them (rnn/lstm_replay.hpp).
  std::optional<double> teacher_lstm_cell_replay_error;
  RaddResult radd;
  std::optional<ConventionalStudy> conventional;
  std::optional<TaskTrainedStudy> task_trained;
  std::vector<AgentComparison> agents;  // in play order: teacher, radd, conventional, task_trained_2
  ComparisonSession session;
  DistillPortraits portraits;
};

}  // namespace iblrnn::distill
