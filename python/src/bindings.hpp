// Shared pieces of the pybind11 bindings: one bind_* function per concept, the conversion of
// Python keyword overrides into the configuration's "section.field=value" assignments, the
// GIL-free progress callback that stops on Ctrl-C, and zero-copy NumPy views of C++ buffers.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "iblrnn/core/progress.hpp"
#include "iblrnn/pipeline/evaluate.hpp"
#include "iblrnn/pipeline/study_config.hpp"
#include "iblrnn/task/run_record.hpp"

namespace iblrnn::py {

namespace pyb = pybind11;

void bind_errors(pyb::module_& m);
void bind_config(pyb::module_& m);
void bind_task(pyb::module_& m);
void bind_network(pyb::module_& m);
void bind_bayes(pyb::module_& m);
void bind_behavior(pyb::module_& m);
void bind_analysis(pyb::module_& m);

// A network with the configuration it was trained under (its task is the one it plays).
struct PyNetwork {
  rnn::Network net;
  pipeline::StudyConfig config;
};

// A network's evaluation, owned by Python; arrays are views of these vectors.
struct Recording {
  pipeline::NetworkEvaluation evaluation;
  std::shared_ptr<PyNetwork> network;
  pipeline::StudyConfig config;  // the network's, with the evaluation's task.n_blocks
  std::uint64_t seed = 1;
  int n_hidden = 0;
};


/// The resolved configuration of a preset, an optional TOML file and keyword overrides
/// (name → Python value; a name is a field or "section.field"; `section` prefixes bare
/// names when not empty). Throws InvalidInput with the CLI's messages.
pipeline::StudyConfig resolve(const std::string& preset, const std::string& config_file,
                    const pyb::dict& overrides, const std::string& section = "");

/// `base` with the keyword overrides applied and every section validated, as resolve() does
/// after its preset and file. Throws InvalidInput with the CLI's messages.
pipeline::StudyConfig resolve_over(pipeline::StudyConfig base, const pyb::dict& overrides);

/// A progress callback for long calls made without the GIL: on each report it takes the GIL,
/// checks for Ctrl-C (raising KeyboardInterrupt through the C++ stack) and calls `user`
/// (a Python callable (stage, done, total) or None).
core::ProgressFn checked_progress(pyb::object user);

/// Runs f() without the GIL (C++ work that does not touch Python objects); returns its value.
template <class F>
auto without_gil(F&& f) {
  pyb::gil_scoped_release release;
  return f();
}

/// A JSON value as the Python object json.loads would make of it.
pyb::object from_json(const nlohmann::json& value);

/// A read-only NumPy array viewing `data` (no copy), kept alive by `owner`.
template <class T>
pyb::array_t<T> view(const std::vector<T>& data, std::vector<pyb::ssize_t> shape,
                     pyb::handle owner) {
  pyb::array_t<T> a(shape, data.data(), owner);
  pyb::detail::array_proxy(a.ptr())->flags &= ~pyb::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return a;
}

/// A NumPy array that takes ownership of `data` (moved, not copied).
template <class T>
pyb::array_t<T> adopt(std::vector<T>&& data, std::vector<pyb::ssize_t> shape) {
  auto* holder = new std::vector<T>(std::move(data));
  pyb::capsule owner(holder, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return pyb::array_t<T>(shape, holder->data(), owner);
}

/// The trials.csv columns of a table as a dict name → NumPy array viewing the table's
/// vectors, kept alive by `owner`.
pyb::dict trial_arrays(const task::TrialTable& trials, pyb::handle owner);

/// A RunRecord owned by Python (for zero-copy views of its trials and steps).
struct RunHolder {
  task::RunRecord run;
};

/// trial_arrays of a run moved into a Python-owned holder.
pyb::dict trial_arrays(task::RunRecord&& run);

}  // namespace iblrnn::py
