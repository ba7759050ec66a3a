// The analysis and distillation jobs from Python (pipeline/analyze.hpp, pipeline/distill.hpp):
// the same job as `iblrnn analyze RUN` / `iblrnn distill RUN` on a run folder, with the
// configuration resolved as the command line resolves it, and the analysis and distillation of
// a recording in memory (analyze_recorded_network, distill_teacher), with the same numbers.
#include "bindings.hpp"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "iblrnn/core/error.hpp"
#include "iblrnn/analysis/analysis_files.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/pipeline/analyze.hpp"
#include "iblrnn/distill/distill_summary.hpp"
#include "iblrnn/pipeline/distill.hpp"
#include "iblrnn/pipeline/distill_files.hpp"
#include "iblrnn/pipeline/output_schemas.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::core;
using namespace iblrnn::distill;
using namespace iblrnn::io;
using namespace iblrnn::pipeline;
using namespace iblrnn::rnn;
using namespace iblrnn::task;

namespace iblrnn::py {
namespace {

// A file's name without its extension, as load_run keys arrays and tables.
std::string without_suffix(const std::string& name) { return name.substr(0, name.rfind('.')); }

// The recording as the analysis reads it (the evaluation's files, in memory).
NetworkRecording recording_of(const Recording& r) {
  const RunRecord& run = r.evaluation.run;
  const auto n = Eigen::Index(run.steps.size()), h = Eigen::Index(r.n_hidden);
  require(Eigen::Index(r.evaluation.hidden.size()) == n * h, "analyze", "recording",
          "must hold hidden states (evaluate with steps recorded)", r.evaluation.hidden.size());
  NetworkRecording rec;
  rec.n_blank_steps = r.config.task.n_blank_steps;
  rec.hidden = Eigen::Map<const Eigen::MatrixXd>(r.evaluation.hidden.data(), h, n);
  if (!r.evaluation.cell.empty())
    rec.cell = Eigen::Map<const Eigen::MatrixXd>(r.evaluation.cell.data(), h, n);
  rec.inputs = Eigen::Map<const Eigen::MatrixXd>(run.steps.x.data(), 3, n);
  rec.step_trial = run.steps.trial;
  rec.step_k = run.steps.k;
  rec.first_step = run.trials.first_step;
  rec.n_steps = run.trials.n_steps;
  rec.set_trials(run.trials);
  return rec;
}

// Arrays by name (their file's path without ".npy"), copied into NumPy arrays.
pyb::dict array_dict(const std::vector<ArrayOutput>& outputs) {
  pyb::dict arrays;
  for (const ArrayOutput& arr : outputs) {
    std::vector<pyb::ssize_t> shape(arr.shape.begin(), arr.shape.end());
    pyb::array_t<double> v(shape);
    std::copy(arr.data.begin(), arr.data.end(), v.mutable_data());
    arrays[without_suffix(arr.name).c_str()] = v;
  }
  return arrays;
}

// A reduced model as a Network whose configuration is `config` with its architecture and size.
std::shared_ptr<PyNetwork> reduced_network(const Network& net, StudyConfig config) {
  auto p = std::make_shared<PyNetwork>();
  p->net = net;
  config.network.arch = net.arch;
  config.network.n_hidden = net.n_hidden;
  p->config = config;
  return p;
}

// iblrnn.distill in memory: as `iblrnn distill` on the saved recording, [distill] and
// [analysis] from the defaults and the overrides, the rest from the network's configuration.
pyb::dict distill_recording(std::shared_ptr<Recording> r, pyb::dict overrides,
                            pyb::object progress, const std::string& task_trained_dir) {
  const StudyConfig options = resolve("", "", overrides);
  DistillTeacher t;
  t.config = r->network->config;
  t.config.distill = options.distill;
  t.config.analysis = options.analysis;
  t.network = r->network->net;
  t.session.eval_blocks = r->config.task.n_blocks;  // the recording's own session (eq. D17)
  t.session.eval_seed = static_cast<std::int64_t>(r->seed);
  const ProgressFn fn = checked_progress(progress);
  const DistillResult result = without_gil([&] {
    t.recording = recording_of(*r);
    const std::vector<double>& p = r->evaluation.run.steps.p;
    t.probs = Eigen::Map<const Eigen::MatrixXd>(p.data(), 2, Eigen::Index(p.size() / 2));
    t.replay_cells();
    return distill_teacher(t, task_trained_dir, fn);
  });
  pyb::dict networks;
  networks["radd"] = reduced_network(result.radd.network, t.config);
  if (result.conventional)
    networks["conventional"] = reduced_network(result.conventional->result.student, t.config);
  if (result.task_trained) {
    StudyConfig trained;
    load_config_file(trained, task_trained_dir + "/config.toml");
    networks["task_trained_2"] = reduced_network(result.task_trained->network, trained);
  }
  pyb::dict d;
  d["summary"] = from_json(distill_summary_json(result));
  d["config"] = to_toml(t.config);
  d["arrays"] = array_dict(distill_arrays(result));
  d["networks"] = networks;
  return d;
}

}  // namespace

void bind_analysis(pyb::module_& m) {
  m.def(
      "analyze_run",
      [](const std::string& run, const std::string& eval_dir, const std::string& out,
         pyb::dict overrides, pyb::object progress) {
        AnalyzeOptions options;
        options.run = run;
        options.eval_dir = eval_dir;
        options.out = out;
        // As `iblrnn analyze RUN`: the run's own configuration, then the overrides.
        const std::string config = run + "/config.toml";
        options.config = resolve("", std::filesystem::exists(config) ? config : "", overrides);
        options.progress = checked_progress(progress);
        return from_json(without_gil([&] { return run_analyze(options); }));
      },
      pyb::arg("run"), pyb::arg("eval_dir"), pyb::arg("out"), pyb::arg("overrides"),
      pyb::arg("progress"), "Use iblrnn.analyze.");

  m.def(
      "analyze_recording",
      [](std::shared_ptr<Recording> r, pyb::dict overrides, pyb::object progress) {
        // As `iblrnn analyze` on the saved recording: the network's configuration and the
        // overrides for the analysis; the evaluation's own for its task and observer.
        StudyConfig config = resolve_over(r->network->config, overrides);
        const ProgressFn fn = checked_progress(progress);
        const RecordedNetworkAnalysis a = without_gil([&] {
          const NetworkRecording rec = recording_of(*r);
          return analyze_recorded_network(r->network->net, rec, r->evaluation.run, r->config,
                                          config.analysis, fn);
        });
        pyb::dict tables;
        for (const TableOutput& t : a.outputs.tables) tables[without_suffix(t.name).c_str()] = csv_text(t);
        pyb::dict d;
        d["summary"] = from_json(a.summary);
        d["config"] = to_toml(config);
        d["arrays"] = array_dict(a.outputs.arrays);
        d["tables"] = tables;
        return d;
      },
      pyb::arg("recording"), pyb::arg("overrides"), pyb::arg("progress"),
      "Use iblrnn.analyze (summary, config text, arrays by name, tables as CSV text).");

  m.def(
      "distill_run",
      [](const std::string& run, const std::string& out, pyb::dict overrides, pyb::object progress) {
        DistillOptions options;
        options.run = run;
        options.out = out;
        options.config = resolve("", "", overrides);
        options.progress = checked_progress(progress);
        return from_json(without_gil([&] { return run_distill(options); }));
      },
      pyb::arg("run"), pyb::arg("out"), pyb::arg("overrides"), pyb::arg("progress"),
      "Use iblrnn.distill.");

  m.def("distill_recording", &distill_recording, pyb::arg("recording"), pyb::arg("overrides"),
        pyb::arg("progress"), pyb::arg("task_trained_dir"),
        "Use iblrnn.distill (summary, config text, arrays by name, the 2-unit models as "
        "Networks; the task-trained one's training job writes task_trained_dir).");

  m.def(
      "summary_schemas",
      [] {
        pyb::list schemas;
        for (const SummarySchema* schema : summary_schemas()) {
          pyb::dict keys;
          for (const SummaryKey& k : schema->keys) {
            pyb::dict d;
            d["type"] = summary_type_name(k.type);
            d["shape"] = k.shape;
            d["units"] = k.units;
            d["meaning"] = k.meaning;
            d["optional"] = k.optional;
            d["nullable"] = k.nullable;
            keys[k.key.c_str()] = d;
          }
          pyb::dict d;
          d["folder"] = schema->folder;
          d["title"] = schema->title;
          d["keys"] = keys;
          schemas.append(d);
        }
        return schemas;
      },
      "The declared summary.json schemas: folder, title and keys (path -> type, shape, units, "
      "meaning, optional, nullable).");

  m.def(
      "check_summary",
      [](const std::string& title, pyb::object summary) {
        const nlohmann::json value = nlohmann::json::parse(
            pyb::module_::import("json").attr("dumps")(summary).cast<std::string>());
        for (const SummarySchema* schema : summary_schemas()) {
          if (schema->title != title) continue;
          const SchemaMismatch mismatch = check_summary(*schema, value);
          pyb::dict d;
          d["undeclared"] = mismatch.undeclared;
          d["missing"] = mismatch.missing;
          d["wrong_type"] = mismatch.wrong_type;
          return d;
        }
        throw InvalidInput("check_summary: title must name a declared schema, got " + title);
      },
      pyb::arg("title"), pyb::arg("summary"),
      "How a summary departs from its declared schema: undeclared, missing and wrong_type keys.");

  m.def(
      "read_trials",
      [](const std::string& path) {
        RunRecord run;
        run.trials = read_trials_csv(path);
        return trial_arrays(std::move(run));
      },
      pyb::arg("path"), "trials.csv as a dict of arrays (trials.csv's column names).");
}

}  // namespace iblrnn::py
