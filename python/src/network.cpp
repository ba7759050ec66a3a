// Networks from Python: training (pipeline/train.hpp, the CLI's job), network files
// (io/network_files.hpp), one step of the cell (rnn/cell.hpp) and the evaluation session in
// memory (pipeline/evaluate.hpp), whose arrays NumPy views without copying.
#include "bindings.hpp"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/output_folder.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/pipeline/evaluate.hpp"
#include "iblrnn/pipeline/train.hpp"
#include "iblrnn/rnn/cell.hpp"
#include "iblrnn/io/network_files.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::pipeline;
using namespace iblrnn::rnn;
using namespace iblrnn::task;

namespace iblrnn::py {
namespace {

template <class M>
pyb::array_t<double> matrix_view(const M& m, pyb::handle owner) {
  // Eigen's column-major (rows × cols) is NumPy's (rows, cols) with Fortran strides.
  const auto s = static_cast<pyb::ssize_t>(sizeof(double));
  pyb::array_t<double> a({static_cast<pyb::ssize_t>(m.rows()), static_cast<pyb::ssize_t>(m.cols())},
                         {s, s * static_cast<pyb::ssize_t>(m.rows())}, m.data(), owner);
  pyb::detail::array_proxy(a.ptr())->flags &= ~pyb::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return a;
}

template <class V>
pyb::array_t<double> vector_view(const V& v, pyb::handle owner) {
  pyb::array_t<double> a(static_cast<pyb::ssize_t>(v.size()), v.data(), owner);
  pyb::detail::array_proxy(a.ptr())->flags &= ~pyb::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return a;
}

pyb::dict weights(const std::shared_ptr<PyNetwork>& self) {
  pyb::object owner = pyb::cast(self);
  const Network& n = self->net;
  const auto& keys = state_dict_keys();
  pyb::dict d;
  d[keys[0].c_str()] = matrix_view(n.W_ih, owner);
  d[keys[1].c_str()] = matrix_view(n.W_hh, owner);
  d[keys[2].c_str()] = vector_view(n.b_ih, owner);
  d[keys[3].c_str()] = vector_view(n.b_hh, owner);
  d[keys[4].c_str()] = matrix_view(n.W_out, owner);
  d[keys[5].c_str()] = vector_view(n.b_out, owner);
  return d;
}

std::shared_ptr<PyNetwork> load(const std::string& path) {
  auto self = std::make_shared<PyNetwork>();
  self->net = load_network(path);
  if (std::filesystem::exists(path + "/config.toml")) {
    load_config_file(self->config, path + "/config.toml");
    for (auto& section : self->config.sections()) section.validate();
  }
  self->config.network = self->net.config();
  return self;
}

// One step of the cell for B sequences: h (B × S) or (S,), x (B × 3) or (3,).
pyb::tuple step(const PyNetwork& self,
                pyb::array_t<double, pyb::array::c_style | pyb::array::forcecast> h,
                pyb::array_t<double, pyb::array::c_style | pyb::array::forcecast> x) {
  const Network& net = self.net;
  const int S = net.state_size();
  const bool single = x.ndim() == 1;
  require(x.ndim() <= 2 && x.shape(x.ndim() - 1) == 3, "Network.step", "x",
          "must have shape (3,) or (B, 3)", x.ndim() ? x.shape(x.ndim() - 1) : 0);
  const pyb::ssize_t B = single ? 1 : x.shape(0);
  require(h.ndim() == x.ndim() && h.shape(h.ndim() - 1) == S && (single || h.shape(0) == B),
          "Network.step", "h",
          "must have shape (" + std::to_string(S) + ",) or (B, " + std::to_string(S) +
              ") matching x (state size S: H, or 2H for an LSTM: h over c)",
          h.size());
  Eigen::Map<const Eigen::MatrixXd> xs(x.data(), 3, B), hs(h.data(), S, B);
  CellKernel kernel(net, static_cast<int>(B));
  Eigen::MatrixXd cache(cache_rows(net.arch, net.n_hidden), B), p(2, B);
  kernel.forward(net, xs, hs, cache, p);
  std::vector<pyb::ssize_t> hshape = single ? std::vector<pyb::ssize_t>{S} : std::vector<pyb::ssize_t>{B, S};
  std::vector<pyb::ssize_t> pshape = single ? std::vector<pyb::ssize_t>{2} : std::vector<pyb::ssize_t>{B, 2};
  pyb::array_t<double> h_new(hshape), probs(pshape);
  Eigen::Map<Eigen::MatrixXd>(h_new.mutable_data(), S, B) = cache.topRows(S);
  Eigen::Map<Eigen::MatrixXd>(probs.mutable_data(), 2, B) = p;
  return pyb::make_tuple(h_new, probs);
}

// The Network class: weights, step, save and the evaluation behind Network.evaluate.
void bind_network_class(pyb::module_& m) {
  pyb::class_<PyNetwork, std::shared_ptr<PyNetwork>>(m, "Network", pyb::dynamic_attr(), R"(A trained recurrent network (PyTorch's parameter layout) and its configuration.

Made by iblrnn.train() or iblrnn.load_network(). weights: the state_dict
(names -> read-only float64 arrays viewing the parameters); step(h, x): one step
of the cell; evaluate(blocks, seed): the evaluation session of `iblrnn eval`.)")
      .def_property_readonly("weights", &weights,
                             "The PyTorch state_dict: rnn.weight_ih_l0 (G*H, 3), rnn.weight_hh_l0 "
                             "(G*H, H), rnn.bias_ih_l0, rnn.bias_hh_l0 (G*H,), readout.weight "
                             "(2, H), readout.bias (2,); read-only views (no copy).")
      .def_property_readonly("arch", [](const PyNetwork& n) { return (choice_name(n.net.arch)); },
                             "Cell type: 'rnn', 'gru' or 'lstm'.")
      .def_property_readonly("n_hidden", [](const PyNetwork& n) { return n.net.n_hidden; },
                             "Hidden units H.")
      .def_property_readonly("state_size", [](const PyNetwork& n) { return n.net.state_size(); },
                             "Size of the recurrent state: H, or 2H for an LSTM (h over c).")
      .def_property_readonly("config_toml", [](PyNetwork& n) { return to_toml(n.config); },
                             "The configuration (task, network, train, ...) as TOML.")
      .def("step", &step, pyb::arg("h"), pyb::arg("x"),
           "step(h, x) -> (h_new, probs): one step of the cell and readout (docs/rnn.md eq.\n"
           "N1-N4). h: state (S,) or (B, S) (S = state_size); x: input (3,) or (B, 3) rows\n"
           "(o_L, o_R, r). probs: (P(left), P(right)), shape (2,) or (B, 2).")
      .def("save", [](PyNetwork& n, const std::string& path) {
             save_network(path, n.net);
             write_text_file(path + "/config.toml", to_toml(n.config));
           }, pyb::arg("path"),
           "save(path): write a run folder that `iblrnn eval`, `analyze` and `distill` read:\n"
           "network.json, the six state_dict .npy files and config.toml.")
      .def("_evaluate", [](std::shared_ptr<PyNetwork> self, int blocks, std::uint64_t seed,
                           pyb::object progress) {
             EvalOptions check;
             check.run = "-";
             check.eval.eval_blocks = blocks;
             check.eval.eval_seed = static_cast<std::int64_t>(seed);
             check.validate();
             auto rec = std::make_shared<Recording>();
             rec->config = self->config;
             rec->config.task.n_blocks = blocks;
             rec->config.eval = check.eval;  // as `iblrnn eval` records it in config.toml
             rec->config.task.validate();
             rec->seed = seed;
             rec->network = self;
             rec->n_hidden = self->net.n_hidden;
             const ProgressFn fn = checked_progress(progress);
             rec->evaluation = without_gil(
                 [&] { return evaluate_network(self->net, rec->config.task, seed, fn); });
             return rec;
           }, pyb::arg("blocks"), pyb::arg("seed"), pyb::arg("progress"));
}

// The Recording class: an evaluation session as read-only views of its C++ buffers.
void bind_recording(pyb::module_& m) {
  pyb::class_<Recording, std::shared_ptr<Recording>>(m, "Recording", R"(A network's evaluation session, held in C++ memory.

Every array is a read-only NumPy view of the C++ buffer (no copy); steps are in
run order. inputs (n_steps, 3): o_L, o_R, r; probs (n_steps, 2): P(left),
P(right); hidden (n_steps, H); cell (n_steps, H), LSTM only; outcome (n_steps,);
step_trial, step_k (n_steps,); trials: trials.csv's columns plus first_step and
n_steps of each trial.)")
      .def_property_readonly("inputs", [](std::shared_ptr<Recording> r) {
        const auto& s = r->evaluation.run.steps;
        return view(s.x, {static_cast<pyb::ssize_t>(s.size()), 3}, pyb::cast(r));
      }, "Inputs (n_steps, 3): o_L, o_R, r.")
      .def_property_readonly("probs", [](std::shared_ptr<Recording> r) {
        const auto& s = r->evaluation.run.steps;
        return view(s.p, {static_cast<pyb::ssize_t>(s.size()), 2}, pyb::cast(r));
      }, "Action probabilities (n_steps, 2): P(left), P(right).")
      .def_property_readonly("hidden", [](std::shared_ptr<Recording> r) {
        const auto n = static_cast<pyb::ssize_t>(r->evaluation.run.steps.size());
        return view(r->evaluation.hidden, {n, r->n_hidden}, pyb::cast(r));
      }, "Hidden states (n_steps, H).")
      .def_property_readonly("cell", [](std::shared_ptr<Recording> r) -> pyb::object {
        if (r->evaluation.cell.empty()) return pyb::none();
        const auto n = static_cast<pyb::ssize_t>(r->evaluation.run.steps.size());
        return view(r->evaluation.cell, {n, r->n_hidden}, pyb::cast(r));
      }, "LSTM cell states (n_steps, H); None for other cells.")
      .def_property_readonly("outcome", [](std::shared_ptr<Recording> r) {
        const auto& s = r->evaluation.run.steps;
        return view(s.outcome, {static_cast<pyb::ssize_t>(s.size())}, pyb::cast(r));
      }, "Outcome of every step (n_steps,).")
      .def_property_readonly("step_trial", [](std::shared_ptr<Recording> r) {
        const auto& s = r->evaluation.run.steps;
        return view(s.trial, {static_cast<pyb::ssize_t>(s.size())}, pyb::cast(r));
      }, "Trial (row of trials) of every step (n_steps,).")
      .def_property_readonly("step_k", [](std::shared_ptr<Recording> r) {
        const auto& s = r->evaluation.run.steps;
        return view(s.k, {static_cast<pyb::ssize_t>(s.size())}, pyb::cast(r));
      }, "Step index within its trial (n_steps,).")
      .def_property_readonly("trials", [](std::shared_ptr<Recording> r) {
        const TrialTable& t = r->evaluation.run.trials;
        pyb::object owner = pyb::cast(r);
        pyb::dict d = trial_arrays(t, owner);
        const auto n = static_cast<pyb::ssize_t>(t.size());
        d["first_step"] = view(t.first_step, {n}, owner);
        d["n_steps"] = view(t.n_steps, {n}, owner);
        return d;
      }, "Per-trial columns (trials.csv's, plus first_step and n_steps).")
      .def_property_readonly("network", [](const Recording& r) { return r.network; },
                             "The network that played.")
      .def("summary", [](const Recording& r) { return from_json(run_summary(r.evaluation.run)); },
           "The run summary of `iblrnn eval` (accuracy, timeout_rate, ...), without the "
           "Bayesian actor's figures.")
      .def("_buffer_address", [](const Recording& r, const std::string& name) {
        if (name == "hidden") return reinterpret_cast<std::uintptr_t>(r.evaluation.hidden.data());
        if (name == "inputs") return reinterpret_cast<std::uintptr_t>(r.evaluation.run.steps.x.data());
        if (name == "probs") return reinterpret_cast<std::uintptr_t>(r.evaluation.run.steps.p.data());
        throw InvalidInput("Recording: buffer must be hidden, inputs or probs, got " + name);
      }, pyb::arg("name"), "Address of a C++ buffer (to check that arrays view it).")
      .def("save", [](Recording& r, const std::string& path) {
             OutputFolder dir(path, "eval");
             write_evaluation(dir.path(), r.config, r.evaluation, r.seed);
             dir.commit();
           }, pyb::arg("path"),
           "save(path): write the evaluation folder (`iblrnn eval`'s files, without the "
           "Bayesian actor's figures in summary.json), atomically.");
}

}  // namespace

void bind_network(pyb::module_& m) {
  bind_network_class(m);
  bind_recording(m);

  m.def("load_network", &load, pyb::arg("path"),
        "load_network(path) -> Network: read a run folder (network.json, state_dict .npy files "
        "and, when present, config.toml).");

  m.def(
      "train",
      [](const std::string& out, const std::string& preset, const std::string& config_file,
         pyb::dict overrides, pyb::object progress) {
        TrainOptions options;
        options.out = out;
        options.config = resolve(preset, config_file, overrides);
        options.progress = checked_progress(progress);
        return from_json(without_gil([&] { return run_train(options); }));
      },
      pyb::arg("out"), pyb::arg("preset"), pyb::arg("config_file"), pyb::arg("overrides"),
      pyb::arg("progress"), "train(...) -> summary (use iblrnn.train).");

  m.def("state_dict_keys", &state_dict_keys, "The PyTorch state_dict keys in file order.");
  m.def("eval_session_seed", &eval_session_seed, pyb::arg("seed"),
        "The task seed of the evaluation session of `iblrnn eval --seed SEED`.");
}

}  // namespace iblrnn::py
