// The analysis and distillation jobs from Python (pipeline/analyze.hpp, pipeline/distill.hpp):
// the same job as `iblrnn analyze RUN` / `iblrnn distill RUN` on a run folder, with the
// configuration resolved as the command line resolves it.
#include "bindings.hpp"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/pipeline/analyze.hpp"
#include "iblrnn/pipeline/distill.hpp"
#include "iblrnn/pipeline/output_schemas.hpp"

namespace iblrnn::py {
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
