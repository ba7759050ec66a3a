#include "iblrnn/pipeline/behavior.hpp"

#include <filesystem>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/output_folder.hpp"
#include "iblrnn/io/run_files.hpp"

namespace iblrnn {

void BehaviorOptions::validate() const {
  require(!inputs.empty(), "behavior", "inputs", "must name at least one input", inputs.size());
  require(labels.size() <= inputs.size(), "behavior", "label",
          "must be given at most once per input (" + std::to_string(inputs.size()) + ")",
          labels.size());
  require(!out.empty(), "behavior", "out", "must name an output folder", out);
  config.validate();
}

std::string default_behavior_label(const std::string& path) {
  std::filesystem::path p(path);
  while (!p.empty() && p.filename().empty()) p = p.parent_path();
  std::string name = p.filename().string();
  if (name == "alf" && p.has_parent_path()) name = p.parent_path().filename().string();
  if (name.ends_with(".csv")) name.resize(name.size() - 4);
  if (name == "trials" && p.has_parent_path()) name = p.parent_path().filename().string();
  return name.empty() || name == "." ? std::string("input") : name;
}

void write_behavior(const std::string& dir, const BehaviorAnalysis& analysis) {
  for (const auto& name : behavior_curve_names()) {
    write_json(dir + "/" + name + ".json", curve_json(analysis, name));
    write_text_file(dir + "/" + name + ".csv", curve_csv(analysis, name));
  }
  write_text_file(dir + "/psychometric_fits.csv", psychometric_fits_csv(analysis));
  write_text_file(dir + "/psychometric_table.csv", psychometric_table_csv(analysis));
  write_json(dir + "/summary.json", behavior_summary_json(analysis));
}

nlohmann::json run_behavior(const BehaviorOptions& options) {
  options.validate();
  OutputFolder dir(options.out, "behavior", options.inputs);
  std::vector<InputFolder> locks;
  locks.reserve(options.inputs.size());
  for (const auto& path : options.inputs) locks.emplace_back(path);
  std::vector<LabeledTable> tables;
  const auto n = static_cast<std::int64_t>(options.inputs.size());
  for (std::size_t i = 0; i < options.inputs.size(); ++i) {
    if (options.progress) options.progress("read", std::int64_t(i), n);
    const std::string& path = options.inputs[i];
    const std::string label =
        i < options.labels.size() ? options.labels[i] : default_behavior_label(path);
    tables.push_back({label, load_behavior_input(path, label, options.config)});
  }
  if (options.progress) options.progress("read", n, n);
  const BehaviorAnalysis analysis = analyze_behavior(tables, options.config);
  // The [behavior] section used.
  BehaviorConfig used = options.config;
  std::string toml = "[behavior]\n";
  for (const auto& f : used.fields()) toml += f.name + " = " + field_to_toml(f) + "\n";
  write_text_file(dir.file("config.toml"), toml);
  write_behavior(dir.path(), analysis);
  dir.commit();
  return behavior_summary_json(analysis);
}

}  // namespace iblrnn
