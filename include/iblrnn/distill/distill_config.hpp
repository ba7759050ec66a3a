// DistillConfig: every tunable number of the distillation study (SPEC §6; docs/distill.md
// eq. D1–D16): RADD's projection, scaling, split and refinement; conventional distillation's
// optimiser and length; the comparison's evaluation sessions and phase-portrait grids.
// One field table drives TOML keys ([distill]), `--set distill.<field>=…` and help text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "iblrnn/core/fields.hpp"
#include "iblrnn/distill/radd_scaling.hpp"
#include "iblrnn/train/train_config.hpp"

namespace iblrnn::distill {

/// The distillation plane: the readouts (in-plane stimulus, block) or the first M principal components.
enum class Projection { readouts, pca };
constexpr std::array<std::string_view, 2> choice_names(Projection) {
  return {"readouts", "pca"};
}

// Conventional distillation's default steps (Adam; docs/distill.md "Conventional distillation");
// the paper's SGD used 10 001.
inline constexpr int kConventionalSteps = 2000;

/// Options of `iblrnn distill` and of the distillation library.
struct DistillConfig {
  Projection projection = Projection::readouts;  // readouts (in-plane stimulus, block) | pca (first M PCs)
  int n_components = 2;                 // M for projection = pca (readouts: always 2)
  RaddScaling radd_scaling = RaddScaling::shared;  // shared (the 2020 code) | per_coordinate (eq. D2–D2b)
  double shared_factor = 1.01;          // shared: one divisor factor · max |z| over all coordinates
  double scale_max = 0.95;              // per_coordinate: the largest |z_i| maps to this (eq. D2)
  double clip = 0.999999;               // |z| clipped to this before arctanh (eq. D4)
  double heldout_fraction = 0.33;       // share of transitions held out for R² (eq. D5)
  std::int64_t split_seed = 1;          // seed of the held-out split
  double gain_p_floor = 1e-6;           // probabilities clipped to [floor, 1 − floor] (eq. D8)
  int refine_steps = 0;                 // gradient steps on the free-running objective (eq. D9)
  double refine_step_size = 1.0;        // initial step of the backtracking descent
  int conventional_steps = kConventionalSteps;  // gradient steps of conventional distillation (eq. D15)
  train::OptimizerKind conventional_optimizer = train::OptimizerKind::adam;  // adam (converges) | sgd (the paper's)
  double conventional_lr = 1e-2;        // learning rate (the paper's SGD: 1e-3)
  double conventional_momentum = 0.1;   // SGD momentum (the paper's: 0.1)
  int conventional_hidden = 2;          // student units
  std::int64_t conventional_seed = 1;   // student initialisation and teacher sessions
  bool task_trained = true;             // also train a 2-unit network on the task (eq. D16)
  std::string task_trained_preset = "two_unit";  // its training preset (docs/train.md)
  int task_trained_steps = 0;           // its gradient steps (0: the preset's)
  int flow_grid = 21;                   // phase-portrait flow grid points per unit
  int fixed_point_grid = 9;             // Newton starts per unit

  /// The field table (names, help, members) used for TOML, --set and help.
  std::vector<core::FieldRef> fields();

  /// Throws InvalidInput("DistillConfig: field constraint, got value") on the first bad field.
  void validate() const;
};

}  // namespace iblrnn::distill
