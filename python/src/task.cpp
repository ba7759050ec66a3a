// The task from Python: Task (one session at a time, the Gymnasium calling convention),
// VectorTask (n sessions in lock-step on NumPy arrays), both over TaskStepper
// (task/stepper.hpp), and simulate() (pipeline/simulate.hpp) returning trials.csv's columns.
#include "bindings.hpp"

#include <algorithm>
#include <memory>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/pipeline/simulate.hpp"
#include "iblrnn/task/stepper.hpp"
#include "lane_team.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::pipeline;
using namespace iblrnn::task;

namespace iblrnn::py {
namespace {

// Sessions of the stepper's run are numbered in the order they start.
class Task {
 public:
  Task(const std::string& preset, std::uint64_t seed, const pyb::dict& overrides)
      : stepper_(resolve(preset, "", overrides, "task").task, seed, 1), seed_(seed) {}

  pyb::tuple reset(pyb::object seed) {
    if (!seed.is_none()) {
      seed_ = seed.cast<std::uint64_t>();
      stepper_.reset(seed_);
      session_ = 0;
    } else if (started_ && !session_ended_) {
      stepper_.reset_lane(0);  // abandons the current session
      session_ = stepper_.n_started() - 1;
    }
    started_ = true;
    session_ended_ = false;
    pyb::dict info;
    info["session"] = session_;
    info["n_trials"] = stepper_.plan(0).n_trials();
    return pyb::make_tuple(obs(), info);
  }

  pyb::tuple step(pyb::handle probs) {
    double p[2];
    if (pyb::isinstance<pyb::array_t<double>>(probs)) {
      auto a = pyb::reinterpret_borrow<pyb::array_t<double>>(probs);
      if (a.size() != 2)
        throw InvalidInput("Task.step: probs must hold 2 values (P(left), P(right)), got " +
                           std::to_string(a.size()));
      auto u = a.unchecked();
      const double* d = a.data();
      (void)u;
      p[0] = d[0];
      p[1] = d[a.strides(a.ndim() - 1) / static_cast<pyb::ssize_t>(sizeof(double))];
    } else {
      pyb::sequence s = pyb::reinterpret_borrow<pyb::sequence>(probs);
      if (pyb::len(s) != 2)
        throw InvalidInput("Task.step: probs must hold 2 values (P(left), P(right)), got " +
                           std::to_string(pyb::len(s)));
      p[0] = s[0].cast<double>();
      p[1] = s[1].cast<double>();
    }
    const int trial = stepper_.trial(0), k = stepper_.k(0);
    double reward;
    std::int8_t choice;
    std::uint8_t trial_ended, session_ended;
    stepper_.advance(p, &reward, &choice, &trial_ended, &session_ended);
    pyb::dict info;
    info["trial"] = trial;
    info["k"] = k;
    info["choice"] = static_cast<int>(choice);
    info["trial_ended"] = static_cast<bool>(trial_ended);
    if (session_ended) {
      session_ = stepper_.n_started() - 1;  // the stepper already holds the next session
      session_ended_ = true;
    }
    return pyb::make_tuple(obs(), reward, static_cast<bool>(session_ended), false, info);
  }

  pyb::array_t<double> obs() const {
    pyb::array_t<double> x(3);
    stepper_.inputs(x.mutable_data());
    return x;
  }

  const TaskStepper& stepper() const { return stepper_; }
  std::uint64_t seed() const { return seed_; }
  std::uint64_t session() const { return session_; }

 private:
  TaskStepper stepper_;
  std::uint64_t seed_;
  std::uint64_t session_ = 0;
  bool started_ = false;        // reset() was called once
  bool session_ended_ = false;  // the last step ended a session (the next one is loaded)
};

class VectorTask {
 public:
  // Lanes per chunk handed to a thread; a step is split only from two chunks on
  // (bench/README.md, "Python package": where threads pay).
  static constexpr int kLanesPerChunk = 32;

  VectorTask(int n, const std::string& preset, std::uint64_t seed, int n_threads,
             const pyb::dict& overrides)
      : stepper_(resolve(preset, "", overrides, "task").task, seed, n), seed_(seed),
        session_(static_cast<std::size_t>(n)) {
    require(n_threads >= 1 && n_threads <= 256, "VectorTask", "threads", "must be in [1, 256]",
            n_threads);
    for (int b = 0; b < n; ++b) session_[b] = b;
    const int members = std::min(n_threads, n / kLanesPerChunk);
    if (members > 1) team_ = std::make_unique<LaneTeam>(members);
    truncated_ = pyb::array_t<bool>(n);
    std::fill(truncated_.mutable_data(), truncated_.mutable_data() + n, false);
    pyb::detail::array_proxy(truncated_.ptr())->flags &= ~pyb::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  }

  pyb::tuple reset(pyb::object seed) {
    if (!seed.is_none()) seed_ = seed.cast<std::uint64_t>();
    stepper_.reset(seed_);
    for (std::size_t b = 0; b < session_.size(); ++b) session_[b] = static_cast<std::int64_t>(b);
    pyb::dict info;
    info["session"] = sessions();
    return pyb::make_tuple(obs(), info);
  }

  pyb::tuple step(pyb::array_t<double, pyb::array::c_style | pyb::array::forcecast> probs) {
    const pyb::ssize_t n = stepper_.n_lanes();
    if (probs.ndim() != 2 || probs.shape(0) != n || probs.shape(1) != 2)
      throw InvalidInput("VectorTask.step: probs must have shape (" + std::to_string(n) +
                         ", 2), got " + shape_text(probs));
    pyb::array_t<double> x({n, pyb::ssize_t{3}});
    pyb::array_t<double> reward(n);
    pyb::array_t<bool> terminated(n), trial_ended(n);
    pyb::array_t<std::int8_t> choice(n);
    static_assert(sizeof(bool) == sizeof(std::uint8_t));
    auto* ended = reinterpret_cast<std::uint8_t*>(terminated.mutable_data());
    {
      // The buffers are NumPy's but only C++ touches them until the GIL is back.
      const double* p = probs.data();
      double* r = reward.mutable_data();
      std::int8_t* c = choice.mutable_data();
      auto* t = reinterpret_cast<std::uint8_t*>(trial_ended.mutable_data());
      double* next = x.mutable_data();
      if (team_) {
        pyb::gil_scoped_release release;
        const std::size_t n_chunks = (n + kLanesPerChunk - 1) / kLanesPerChunk;
        team_->run(n_chunks, [&](std::size_t i) {
          const int first = static_cast<int>(i) * kLanesPerChunk;
          const int last = std::min<int>(first + kLanesPerChunk, static_cast<int>(n));
          stepper_.advance_lanes(first, last, p, r, c, t, ended, next);
        });
        stepper_.finish_advance(next);
      } else {
        stepper_.advance_lanes(0, static_cast<int>(n), p, r, c, t, ended, next);
        stepper_.finish_advance(next);
      }
    }
    std::int64_t next = static_cast<std::int64_t>(stepper_.n_started());
    // Lanes that finished took the next sessions in lane order (TaskStepper::finish_advance).
    std::int64_t first_new = next;
    for (pyb::ssize_t b = 0; b < n; ++b) first_new -= ended[b];
    for (pyb::ssize_t b = 0; b < n; ++b)
      if (ended[b]) session_[b] = first_new++;
    pyb::dict info;
    info["choice"] = choice;
    info["trial_ended"] = trial_ended;
    info["session"] = sessions();
    return pyb::make_tuple(x, reward, terminated, truncated_, info);
  }

  pyb::array_t<double> obs() const {
    pyb::array_t<double> x({static_cast<pyb::ssize_t>(stepper_.n_lanes()), pyb::ssize_t{3}});
    stepper_.inputs(x.mutable_data());
    return x;
  }

  pyb::array_t<std::int64_t> sessions() const {
    return pyb::array_t<std::int64_t>(static_cast<pyb::ssize_t>(session_.size()), session_.data());
  }

  const TaskStepper& stepper() const { return stepper_; }
  std::uint64_t seed() const { return seed_; }
  int n_threads() const { return team_ ? team_->size() : 1; }

 private:
  static std::string shape_text(const pyb::array& a) {
    std::string s = "(";
    for (pyb::ssize_t i = 0; i < a.ndim(); ++i) s += (i ? ", " : "") + std::to_string(a.shape(i));
    return s + (a.ndim() == 1 ? ",)" : ")");
  }
  TaskStepper stepper_;
  std::uint64_t seed_;
  std::unique_ptr<LaneTeam> team_;     // null: every step on the calling thread
  pyb::array_t<bool> truncated_;       // all False, read-only, returned by every step
  std::vector<std::int64_t> session_;
};

pyb::dict task_fields(const TaskConfig& config) {
  TaskConfig copy = config;
  pyb::dict d;
  for (auto& f : copy.fields()) {
    std::visit(Overloaded{[&](const ChoiceRef& c) { d[f.name.c_str()] = c.names[c.get()]; },
                          [&](auto* p) { d[f.name.c_str()] = *p; }},
               f.ptr);
  }
  return d;
}

}  // namespace

pyb::dict trial_arrays(const TrialTable& trials, pyb::handle owner) {
  pyb::dict d;
  const auto n = static_cast<pyb::ssize_t>(trials.size());
  for (const TrialColumn& c : trial_columns(trials)) {
    std::visit([&](const auto* v) { d[c.name] = view(*v, {n}, owner); }, c.values);
  }
  return d;
}

pyb::dict trial_arrays(RunRecord&& run) {
  auto* holder = new RunHolder{std::move(run)};
  pyb::capsule owner(holder, [](void* p) { delete static_cast<RunHolder*>(p); });
  return trial_arrays(holder->run.trials, owner);
}

void bind_task(pyb::module_& m) {
  pyb::class_<Task>(m, "Task", R"(The IBL task, one session at a time, stepped like a Gymnasium environment.

Task(preset="paper2020", seed=0, **overrides): overrides are [task] fields
(e.g. n_blocks=10, act_threshold=0.8), validated as by `iblrnn --set`.
Each step is one RNN step: obs = (o_L, o_R, r) as float64 (3,), the input the
network sees (eq. T6); step(probs) takes (P(left), P(right)) and applies the
act rule (eq. T7-T8). Episodes are sessions 0, 1, 2, ... of the run with this
seed: the same sessions as `iblrnn simulate --seed SEED`.)")
      .def(pyb::init([](const std::string& preset, std::uint64_t seed, pyb::kwargs overrides) {
             return new Task(preset, seed, overrides);
           }),
           pyb::arg("preset") = "paper2020", pyb::arg("seed") = 0)
      .def("reset", &Task::reset, pyb::arg("seed") = pyb::none(),
           "reset(seed=None) -> (obs, info): start the next session (with a seed: session 0 of\n"
           "that run). info = {'session': index, 'n_trials': trials of the session}.")
      .def("step", &Task::step, pyb::arg("probs"),
           "step(probs) -> (obs, reward, terminated, truncated, info).\n\n"
           "probs: (P(left), P(right)). reward: the step's outcome (correct, wrong, timeout\n"
           "or wait reward; 0 on blank steps). terminated: the session ended (call reset()).\n"
           "truncated: always False. info: trial, k (step within the trial, blank steps\n"
           "first), choice (-1 left, +1 right, 0 none), trial_ended.")
      .def_property_readonly("config", [](const Task& t) { return task_fields(t.stepper().config()); },
                             "The resolved [task] section as a dict.")
      .def_property_readonly("seed", &Task::seed, "Seed of the run whose sessions are played.")
      .def_property_readonly("session", &Task::session, "Index of the current session.")
      .def_property_readonly("trial", [](const Task& t) { return t.stepper().trial(0); },
                             "Index of the current trial within the session.")
      .def_property_readonly("k", [](const Task& t) { return t.stepper().k(0); },
                             "Index of the current step within the trial.");

  pyb::class_<VectorTask>(m, "VectorTask", R"(n sessions of the IBL task stepped in lock-step on NumPy arrays.

VectorTask(n, preset="paper2020", seed=0, threads=1, **overrides): lane b starts with
session b of the run with this seed; a lane whose session ends starts the run's
next unplayed session at once (auto-reset; its obs is that session's first).
reset(seed=None) -> (obs (n, 3), info); step(probs (n, 2)) -> (obs (n, 3),
reward (n,), terminated (n,) bool, truncated (n,) bool, info with 'choice',
'trial_ended' and 'session' arrays of shape (n,).

Every step returns new arrays that the caller owns, except truncated: one
read-only all-False array shared by every step. threads > 1 splits the lanes of
a step, in chunks of 32, between the caller and up to threads - 1 helper
threads that wake in time (at most n // 32 threads), without the GIL; the
values do not depend on it. It pays only on idle cores: on 2 busy cores it
made steps slower, hence the default 1 (bench/README.md).)")
      .def(pyb::init([](int n, const std::string& preset, std::uint64_t seed, int threads,
                        pyb::kwargs overrides) {
             return new VectorTask(n, preset, seed, threads, overrides);
           }),
           pyb::arg("n"), pyb::arg("preset") = "paper2020", pyb::arg("seed") = 0,
           pyb::arg("threads") = 1)
      .def("reset", &VectorTask::reset, pyb::arg("seed") = pyb::none(),
           "reset(seed=None) -> (obs, info): every lane starts over (lane b: session b).")
      .def("step", &VectorTask::step, pyb::arg("probs"),
           "step(probs) -> (obs, reward, terminated, truncated, info); probs (n, 2) rows\n"
           "(P(left), P(right)).")
      .def_property_readonly("n", [](const VectorTask& t) { return t.stepper().n_lanes(); },
                             "Number of lanes (sessions stepped at once).")
      .def_property_readonly("config", [](const VectorTask& t) { return task_fields(t.stepper().config()); },
                             "The resolved [task] section as a dict.")
      .def_property_readonly("seed", &VectorTask::seed, "Seed of the run whose sessions are played.")
      .def_property_readonly("threads", &VectorTask::n_threads,
                             "Threads a step may run on: min(threads, n // 32), at least 1.")
      .def_property_readonly("session", &VectorTask::sessions, "Session index of every lane, shape (n,).");

  m.def(
      "simulate",
      [](const std::string& preset, pyb::object blocks, int sessions, std::uint64_t seed,
         const std::string& agent, pyb::dict overrides, pyb::object progress) {
        SimulateOptions options;
        if (!blocks.is_none()) overrides["n_blocks"] = blocks;
        options.config = resolve(preset, "", overrides, "task");
        options.agent = agent;
        options.n_sessions = sessions;
        options.seed = seed;
        options.record = RecordLevel::trials;
        options.progress = checked_progress(progress);
        return trial_arrays(without_gil([&] { return simulate_run(options); }));
      },
      pyb::arg("preset"), pyb::arg("blocks"), pyb::arg("sessions"), pyb::arg("seed"),
      pyb::arg("agent"), pyb::arg("overrides"), pyb::arg("progress"),
      "simulate(...) -> trials.csv columns (use iblrnn.simulate).");

  m.def("trial_columns", [](bool with_agent) {
    TrialTable t;
    t.has_agent = with_agent;
    std::vector<std::string> names;
    for (const auto& c : trial_columns(t)) names.push_back(c.name);
    return names;
  }, pyb::arg("with_agent") = true, "Column names of trials.csv, in file order.");
}

}  // namespace iblrnn::py
