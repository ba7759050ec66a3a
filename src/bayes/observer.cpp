#include "iblrnn/bayes/observer.hpp"

#include "iblrnn/bayes/block_filter.hpp"
#include "iblrnn/bayes/stimulus_model.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/task/session.hpp"

using namespace iblrnn::core;
using namespace iblrnn::task;

namespace iblrnn::bayes {

namespace {

// The observer's pass over the trials of `t`. add_evidence(i, model, e) adds trial i's
// observations to e; with per-step output it also writes step_posterior_right of each step.
template <class AddEvidence>
Observation observe_trials(const TrialTable& t, const TaskConfig& task, const BayesConfig& bayes,
                           BlockUpdate update, AddEvidence&& add_evidence) {
  require(t.choice.size() == t.size() && t.trial_in_session.size() == t.size(), "observe", "trials",
          "must hold choice and trial_in_session per trial (" + std::to_string(t.size()) + ")",
          t.choice.size());
  BlockFilter filter(task, bayes);
  const StimulusModel model(task, bayes);
  const bool compat = bayes.compat == Compat::paper2020;
  const std::size_t n_trials = t.size();
  Observation out;
  out.block_prior.resize(2 * n_trials);
  out.block_posterior.resize(2 * n_trials);
  out.stim_prior_right.resize(n_trials);
  out.decision_posterior_right.resize(n_trials);
  out.map_side.resize(n_trials);
  out.map_correct.resize(n_trials);
  double n_correct = 0.0;
  for (std::size_t i = 0; i < n_trials; ++i) {
    if (t.trial_in_session[i] == 0) filter.reset();
    else filter.advance();
    const BlockBelief pi = filter.prior();
    out.block_prior[2 * i] = pi.left;
    out.block_prior[2 * i + 1] = pi.right;
    const double prior = compat ? filter.block_prior_right_as_stim() : filter.stim_prior_right();
    out.stim_prior_right[i] = prior;
    TrialEvidence e;
    const double post = add_evidence(i, model, prior, e, out);
    out.decision_posterior_right[i] = post;
    out.map_side[i] = post >= 0.5 ? 1 : -1;
    out.map_correct[i] = out.map_side[i] == t.stim_side[i];
    n_correct += out.map_correct[i];
    if (update == BlockUpdate::true_sides || t.choice[i] != 0) {
      filter.update_side(t.stim_side[i]);
    } else if (compat) {
      filter.update_side(post >= 0.5 ? -1 : 1);  // eq. B12c
    } else {
      double ll_left, ll_right;
      model.log_likelihoods(e, ll_left, ll_right);
      filter.update_evidence(ll_left, ll_right);
    }
    const BlockBelief beta = filter.posterior();
    out.block_posterior[2 * i] = beta.left;
    out.block_posterior[2 * i + 1] = beta.right;
  }
  out.accuracy = n_trials > 0 ? n_correct / n_trials : 0.0;
  return out;
}

}  // namespace

Observation observe(const RunRecord& run, const BayesConfig& bayes, BlockUpdate update) {
  const TaskConfig& task = run.config;
  const TrialTable& t = run.trials;
  const StepTable& s = run.steps;
  require(t.has_agent, "observe", "run", "must hold an agent's choices", "no agent");
  require(s.size() > 0 || t.size() == 0, "observe", "run", "must hold recorded steps",
          "no steps");
  const std::size_t n_steps = s.size();
  require(s.x.size() == 3 * n_steps, "observe", "inputs", "must hold 3 values per recorded step (" +
          std::to_string(3 * n_steps) + ")", s.x.size());
  require(s.k.size() == n_steps, "observe", "step_k", "must hold one value per recorded step (" +
          std::to_string(n_steps) + ")", s.k.size());
  require(t.first_step.size() == t.size() && t.n_steps.size() == t.size(), "observe",
          "trial_first_step/trial_n_steps", "must hold one value per trial (" + std::to_string(t.size()) + ")",
          t.first_step.size());
  std::vector<double> step_post(n_steps, 0.5);
  Observation out = observe_trials(
      t, task, bayes, update,
      [&](std::size_t i, const StimulusModel& model, double prior, TrialEvidence& e,
          Observation&) {
        double post = prior;
        const std::int64_t first = t.first_step[i];
        require(first >= 0 && t.n_steps[i] >= 0 && first <= static_cast<std::int64_t>(n_steps) &&
                    t.n_steps[i] <= static_cast<std::int64_t>(n_steps) - first,
                "observe", "trial_first_step", "must index recorded steps", first);
        for (std::int64_t j = first; j < first + t.n_steps[i]; ++j) {
          if (s.k[j] >= task.n_blank_steps) {
            model.add(e, s.x[3 * j], s.x[3 * j + 1]);
            post = model.posterior_right(prior, e);
          }
          step_post[j] = post;
        }
        return post;
      });
  out.step_posterior_right = std::move(step_post);
  return out;
}

Observation observe(const RunRecord& run, const std::vector<SessionPlan>& plans,
                    const BayesConfig& bayes, BlockUpdate update) {
  const TaskConfig& task = run.config;
  const TrialTable& t = run.trials;
  require(t.has_agent, "observe", "run", "must hold an agent's choices", "no agent");
  require(t.session.size() == t.size() && t.n_obs.size() == t.size(), "observe", "trials",
          "must hold session and n_obs per trial (" + std::to_string(t.size()) + ")",
          t.session.size());
  return observe_trials(
      t, task, bayes, update,
      [&](std::size_t i, const StimulusModel& model, double prior, TrialEvidence& e,
          Observation&) {
        const auto session = static_cast<std::size_t>(t.session[i]);
        require(session < plans.size(), "observe", "session", "must index the plans given",
                t.session[i]);
        const SessionPlan& plan = plans[session];
        for (int j = 0; j < t.n_obs[i]; ++j) {
          double o_left, o_right;
          plan.observation(t.trial_in_session[i], j, o_left, o_right);
          model.add(e, o_left, o_right);
        }
        return t.n_obs[i] > 0 ? model.posterior_right(prior, e) : prior;
      });
}

}  // namespace iblrnn::bayes
