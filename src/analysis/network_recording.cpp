#include "iblrnn/analysis/network_recording.hpp"

#include <string>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;
using namespace iblrnn::task;

namespace iblrnn::analysis {

void NetworkRecording::set_trials(const TrialTable& t) {
  session = t.session;
  block = t.block;
  trial_in_block = t.trial_in_block;
  block_side = t.block_side;
  stim_side = t.stim_side;
  signal = t.signal;
  choice = t.choice;
}

void check_recording(const NetworkRecording& r) {
  const std::string w = "analyze_network";
  const Eigen::Index h = r.hidden.rows(), n = r.hidden.cols();
  require(h >= 2, w, "hidden units", "must be >= 2", h);
  require(n >= 10, w, "steps", "must be >= 10", n);
  require(r.hidden.allFinite(), w, "hidden", "must be finite", "non-finite entry");
  require(r.inputs.rows() == 3 && r.inputs.cols() == n, w, "inputs", "must be 3 x N with N = " +
          std::to_string(n), std::to_string(r.inputs.rows()) + "x" + std::to_string(r.inputs.cols()));
  require(r.cell.size() == 0 || (r.cell.rows() == h && r.cell.cols() == n), w, "cell",
          "must be empty or H x N", r.cell.rows());
  require(static_cast<Eigen::Index>(r.step_trial.size()) == n, w, "step_trial size",
          "must equal the steps", r.step_trial.size());
  require(static_cast<Eigen::Index>(r.step_k.size()) == n, w, "step_k size",
          "must equal the steps", r.step_k.size());
  const std::size_t nt = r.block_side.size();
  require(nt >= 3, w, "trials", "must be >= 3", nt);
  for (auto* v : {&r.session, &r.block, &r.trial_in_block})
    require(v->size() == nt, w, "per-trial arrays", "must all have n_trials entries", v->size());
  require(r.stim_side.size() == nt && r.signal.size() == nt && r.first_step.size() == nt &&
              r.n_steps.size() == nt,
          w, "per-trial arrays", "must all have n_trials entries", r.first_step.size());
  require(r.choice.empty() || r.choice.size() == nt, w, "choice size", "must be 0 or n_trials",
          r.choice.size());
  require(r.bayes_block_right.size() == 0 ||
              r.bayes_block_right.size() == static_cast<Eigen::Index>(nt),
          w, "bayes_block_right size", "must be 0 or n_trials", r.bayes_block_right.size());
  for (auto t : r.step_trial)
    require(t >= 0 && std::size_t(t) < nt, w, "step_trial", "must index a trial", t);
  for (std::size_t i = 0; i < nt; ++i)
    require(r.first_step[i] >= 0 && r.n_steps[i] >= 1 && r.first_step[i] + r.n_steps[i] <= n, w,
            "trial steps", "must lie inside the recorded steps", r.first_step[i]);
  require(r.W_out.rows() == 2 && r.W_out.cols() == h, w, "W_out", "must be 2 x H", r.W_out.rows());
  require(r.W_rec.rows() == h && r.W_rec.cols() == h, w, "W_rec", "must be H x H", r.W_rec.rows());
  require(!r.map || r.map->n_state() == h || r.map->n_state() == 2 * h, w, "map state size",
          "must be H or 2H (LSTM)", r.map ? r.map->n_state() : 0);
}

}  // namespace iblrnn::analysis
