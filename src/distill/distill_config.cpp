#include "iblrnn/distill/distill_config.hpp"

#include <cmath>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::distill {

std::vector<FieldRef> DistillConfig::fields() {
  return {
      choice_field("projection",
                   "RADD projection: readouts (in-plane stimulus, block) | pca (first M PCs)",
                   &projection),
      {"n_components", "RADD units M when projection = pca", &n_components},
      choice_field("radd_scaling",
                   "RADD: scaling into (-1, 1): shared (the 2020 code) | per_coordinate",
                   &radd_scaling),
      {"shared_factor", "RADD, shared scaling: divisor = factor * max |z| over all coordinates (> 1)",
       &shared_factor},
      {"scale_max", "RADD, per_coordinate scaling: the largest |z_i| is scaled to this value in (0, 1)",
       &scale_max},
      {"clip", "RADD: |z| is clipped to this before arctanh", &clip},
      {"heldout_fraction", "RADD: share of transitions held out for R^2", &heldout_fraction},
      {"split_seed", "RADD: seed of the held-out split", &split_seed},
      {"gain_p_floor", "RADD gain fit: probabilities clipped to [floor, 1 - floor]", &gain_p_floor},
      {"refine_steps", "RADD: gradient steps on the free-running objective (0 = closed form)",
       &refine_steps},
      {"refine_step_size", "RADD: initial step of the backtracking descent", &refine_step_size},
      {"conventional_steps", "conventional distillation: gradient steps", &conventional_steps},
      choice_field("conventional_optimizer",
                   "conventional distillation: adam | sgd (the paper's: sgd)",
                   &conventional_optimizer),
      {"conventional_lr", "conventional distillation: learning rate (the paper's: 0.001)",
       &conventional_lr},
      {"conventional_momentum", "conventional distillation: SGD momentum (the paper's: 0.1)",
       &conventional_momentum},
      {"conventional_hidden", "conventional distillation: student units", &conventional_hidden},
      {"conventional_seed", "conventional distillation: seed of init and teacher sessions",
       &conventional_seed},
      {"task_trained", "also train a 2-unit network on the task", &task_trained},
      {"task_trained_preset", "2-unit task-trained network: training preset (two_unit | fast | "
       "paper2020)", &task_trained_preset},
      {"task_trained_steps", "2-unit task-trained network: steps (0 = the preset's)",
       &task_trained_steps},
      {"flow_grid", "phase portraits: flow grid points per unit", &flow_grid},
      {"fixed_point_grid", "phase portraits: Newton starts per unit", &fixed_point_grid},
  };
}

void DistillConfig::validate() const {
  const std::string w = "DistillConfig";
  require(n_components >= 1 && n_components <= 1000, w, "n_components", "must be in [1, 1000]",
          n_components);
  require(shared_factor > 1.0 && shared_factor <= 10.0, w, "shared_factor", "must be in (1, 10]",
          shared_factor);
  require(scale_max > 0.0 && scale_max < 1.0, w, "scale_max", "must be in (0, 1)", scale_max);
  require(clip > 0.0 && clip < 1.0, w, "clip", "must be in (0, 1)", clip);
  require(heldout_fraction >= 0.0 && heldout_fraction < 1.0, w, "heldout_fraction",
          "must be in [0, 1)", heldout_fraction);
  require(split_seed >= 0, w, "split_seed", "must be >= 0", split_seed);
  require(gain_p_floor > 0.0 && gain_p_floor < 0.5, w, "gain_p_floor", "must be in (0, 0.5)",
          gain_p_floor);
  require(refine_steps >= 0 && refine_steps <= 10000000, w, "refine_steps",
          "must be in [0, 10000000]", refine_steps);
  require(refine_step_size > 0.0 && std::isfinite(refine_step_size), w, "refine_step_size",
          "must be finite and > 0", refine_step_size);
  require(conventional_steps >= 0 && conventional_steps <= 100000000, w, "conventional_steps",
          "must be in [0, 100000000]", conventional_steps);
  require(conventional_lr > 0.0 && std::isfinite(conventional_lr), w, "conventional_lr",
          "must be finite and > 0", conventional_lr);
  require(conventional_momentum >= 0.0 && conventional_momentum < 1.0, w, "conventional_momentum",
          "must be in [0, 1)", conventional_momentum);
  require(conventional_hidden >= 1 && conventional_hidden <= 10000, w, "conventional_hidden",
          "must be in [1, 10000]", conventional_hidden);
  require(conventional_seed >= 0, w, "conventional_seed", "must be >= 0", conventional_seed);
  require(task_trained_steps >= 0, w, "task_trained_steps", "must be >= 0", task_trained_steps);
  require(flow_grid >= 2 && flow_grid <= 1000, w, "flow_grid", "must be in [2, 1000]", flow_grid);
  require(fixed_point_grid >= 1 && fixed_point_grid <= 101, w, "fixed_point_grid",
          "must be in [1, 101]", fixed_point_grid);
}


}  // namespace iblrnn::distill
