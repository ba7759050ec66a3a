// The Bayesian agents and observer from Python (pipeline/bayes.hpp, bayes/observer.hpp):
// play() runs an agent in closed loop in memory; observe() runs the observer on trials given
// by the caller (e.g. a mouse's session), with or without the per-step observations.
#include "bindings.hpp"

#include "iblrnn/bayes/observer.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/pipeline/bayes.hpp"

using namespace iblrnn::bayes;
using namespace iblrnn::core;
using namespace iblrnn::pipeline;
using namespace iblrnn::task;

namespace iblrnn::py {
namespace {

using IntArray = pyb::array_t<std::int64_t, pyb::array::c_style | pyb::array::forcecast>;
using RealArray = pyb::array_t<double, pyb::array::c_style | pyb::array::forcecast>;

pyb::dict observation_arrays(Observation&& o, std::size_t n_steps) {
  auto* holder = new Observation(std::move(o));
  pyb::capsule owner(holder, [](void* p) { delete static_cast<Observation*>(p); });
  const auto n = static_cast<pyb::ssize_t>(holder->map_side.size());
  pyb::dict d;
  d["step_posterior_right"] = view(holder->step_posterior_right, {static_cast<pyb::ssize_t>(n_steps)}, owner);
  d["block_prior"] = view(holder->block_prior, {n, 2}, owner);
  d["block_posterior"] = view(holder->block_posterior, {n, 2}, owner);
  d["stim_prior_right"] = view(holder->stim_prior_right, {n}, owner);
  d["decision_posterior_right"] = view(holder->decision_posterior_right, {n}, owner);
  d["map_side"] = view(holder->map_side, {n}, owner);
  d["map_correct"] = view(holder->map_correct, {n}, owner);
  d["accuracy"] = holder->accuracy;
  return d;
}

template <class T>
std::vector<T> to_vector(const IntArray& a) {
  std::vector<T> v(static_cast<std::size_t>(a.size()));
  for (pyb::ssize_t i = 0; i < a.size(); ++i) v[i] = static_cast<T>(a.data()[i]);
  return v;
}

}  // namespace

void bind_bayes(pyb::module_& m) {
  m.def(
      "bayes_play",
      [](const std::string& agent, const std::string& preset, int sessions, std::uint64_t seed,
         pyb::dict overrides, pyb::object progress) {
        BayesRunOptions options;
        options.config = resolve(preset, "", overrides);
        options.agent = agent;
        options.n_sessions = sessions;
        options.seed = seed;
        options.progress = checked_progress(progress);
        BayesRun result = without_gil([&] { return bayes_run(options); });
        const std::size_t n_steps = result.run.steps.size();
        auto* holder = new RunHolder{std::move(result.run)};
        pyb::capsule owner(holder, [](void* p) { delete static_cast<RunHolder*>(p); });
        const StepTable& s = holder->run.steps;
        const auto n = static_cast<pyb::ssize_t>(n_steps);
        pyb::dict d;
        d["trials"] = trial_arrays(holder->run.trials, owner);
        d["inputs"] = view(s.x, {n, 3}, owner);
        d["probs"] = view(s.p, {n, 2}, owner);
        d["outcome"] = view(s.outcome, {n}, owner);
        d["step_trial"] = view(s.trial, {n}, owner);
        d["step_k"] = view(s.k, {n}, owner);
        d["own"] = observation_arrays(std::move(result.own), n_steps);
        d["observer"] = observation_arrays(std::move(result.ideal), n_steps);
        d["dp_start_value_unbiased"] = result.dp_start_value_unbiased;
        return d;
      },
      pyb::arg("agent"), pyb::arg("preset"), pyb::arg("sessions"), pyb::arg("seed"),
      pyb::arg("overrides"), pyb::arg("progress"), "Use iblrnn.bayes.play.");

  m.def(
      "bayes_observe",
      [](IntArray session, IntArray stim_side, pyb::object choice, pyb::object inputs,
         pyb::object step_k, pyb::object first_step, pyb::object n_steps, const std::string& update,
         const std::string& preset, pyb::dict overrides) {
        const StudyConfig config = resolve(preset, "", overrides);
        require(update == "true_sides" || update == "feedback", "observer", "update",
                "must be true_sides or feedback", update);
        const std::size_t n = static_cast<std::size_t>(stim_side.size());
        require(static_cast<std::size_t>(session.size()) == n, "observer", "session",
                "must have one entry per trial (" + std::to_string(n) + ")", session.size());
        RunRecord run;
        run.config = config.task;
        TrialTable& t = run.trials;
        t.session = to_vector<std::int32_t>(session);
        t.stim_side = to_vector<std::int8_t>(stim_side);
        for (std::size_t i = 0; i < n; ++i) {
          require(t.stim_side[i] == -1 || t.stim_side[i] == 1, "observer", "stim_side",
                  "must be -1 or +1", static_cast<int>(t.stim_side[i]));
          const bool first = i == 0 || t.session[i] != t.session[i - 1];
          t.trial_in_session.push_back(first ? 0 : t.trial_in_session.back() + 1);
        }
        t.has_agent = true;
        t.choice = choice.is_none() ? std::vector<std::int8_t>(n, 0)
                                    : to_vector<std::int8_t>(choice.cast<IntArray>());
        require(t.choice.size() == n, "observer", "choice",
                "must have one entry per trial (" + std::to_string(n) + ")", t.choice.size());
        StepTable& s = run.steps;
        if (inputs.is_none()) {
          // No observations: one blank step per trial, so the stimulus posterior is the prior.
          s.x.assign(3 * n, 0.0);
          s.p.assign(2 * n, 0.5);
          s.outcome.assign(n, 0.0);
          s.k.assign(n, 0);
          for (std::size_t i = 0; i < n; ++i) {
            s.trial.push_back(static_cast<std::int32_t>(i));
            t.first_step.push_back(static_cast<std::int64_t>(i));
            t.n_steps.push_back(1);
          }
        } else {
          require(!step_k.is_none() && !first_step.is_none() && !n_steps.is_none(), "observer",
                  "inputs", "needs step_k, first_step and n_steps too", "missing");
          RealArray x = inputs.cast<RealArray>();
          require(x.ndim() == 2 && x.shape(1) == 3, "observer", "inputs",
                  "must have shape (n_steps, 3)", x.ndim());
          s.x.assign(x.data(), x.data() + x.size());
          const std::size_t N = static_cast<std::size_t>(x.shape(0));
          s.k = to_vector<std::int8_t>(step_k.cast<IntArray>());
          require(s.k.size() == N, "observer", "step_k",
                  "must have one entry per step (" + std::to_string(N) + ")", s.k.size());
          s.p.assign(2 * N, 0.5);
          s.outcome.assign(N, 0.0);
          s.trial.assign(N, 0);
          t.first_step = to_vector<std::int64_t>(first_step.cast<IntArray>());
          t.n_steps = to_vector<std::int32_t>(n_steps.cast<IntArray>());
          require(t.first_step.size() == n && t.n_steps.size() == n, "observer", "first_step",
                  "must have one entry per trial (" + std::to_string(n) + ")", t.first_step.size());
        }
        const std::size_t n_steps_total = s.size();
        const BlockUpdate mode = update == "feedback" ? BlockUpdate::feedback : BlockUpdate::true_sides;
        Observation o = without_gil([&] { return observe(run, config.bayes, mode); });
        return observation_arrays(std::move(o), n_steps_total);
      },
      pyb::arg("session"), pyb::arg("stim_side"), pyb::arg("choice"), pyb::arg("inputs"),
      pyb::arg("step_k"), pyb::arg("first_step"), pyb::arg("n_steps"), pyb::arg("update"),
      pyb::arg("preset"), pyb::arg("overrides"), "Use iblrnn.bayes.observer.");
}

}  // namespace iblrnn::py
