#include "iblrnn/pipeline/behavior.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/output_folder.hpp"
#include "iblrnn/io/run_files.hpp"

using namespace iblrnn::behavior;
using namespace iblrnn::core;
using namespace iblrnn::io;

namespace iblrnn::pipeline {

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

std::string mouse_reference_dir() {
#ifdef IBLRNN_MOUSE_REFERENCE_DIR
  std::error_code ec;
  if (std::filesystem::is_regular_file(IBLRNN_MOUSE_REFERENCE_DIR "/summary.json", ec))
    return IBLRNN_MOUSE_REFERENCE_DIR;
#endif
  return "";
}

void append_behavior_reference(const std::string& dir, const std::string& reference) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(reference, ec)) throw IoError(reference, "not a folder");
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(reference, ec))
    if (e.is_regular_file() && (e.path().extension() == ".csv" || e.path().extension() == ".json"))
      names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  const std::string regenerate = " (regenerate it with scripts/make_mouse_reference.py)";
  // Labels already used by the analysed inputs must not reappear in the reference.
  std::set<std::string> labels;
  for (const auto& in : nlohmann::json::parse(read_text_file(dir + "/summary.json"))["inputs"])
    labels.insert(in.value("label", std::string()));
  for (const auto& name : names) {
    const std::string ours = dir + "/" + name, theirs = reference + "/" + name;
    if (!fs::is_regular_file(ours, ec))
      throw InvalidInput(theirs + ": not an output of iblrnn behavior" + regenerate);
    const std::string add = read_text_file(theirs);
    if (name.ends_with(".csv")) {
      std::string text = read_text_file(ours);
      const std::string header = text.substr(0, text.find('\n') + 1);
      if (add.compare(0, header.size(), header) != 0)
        throw InvalidInput(theirs + ":1: header differs from iblrnn behavior's \"" +
                           header.substr(0, header.size() - 1) + "\"" + regenerate);
      write_text_file(ours, text + add.substr(header.size()));
      continue;
    }
    nlohmann::json j = nlohmann::json::parse(read_text_file(ours));
    nlohmann::json r;
    try {
      r = nlohmann::json::parse(add);
    } catch (const nlohmann::json::exception& e) {
      throw InvalidInput(theirs + ": malformed JSON: " + e.what());
    }
    if (!r.contains("inputs") || !r["inputs"].is_array() || !j.contains("inputs"))
      throw InvalidInput(theirs + ": inputs must be an array of behaviour inputs" + regenerate);
    for (const auto& in : r["inputs"]) {
      const std::string label = in.value("label", std::string());
      if (name == "summary.json" && !labels.insert(label).second)
        throw InvalidInput(theirs + ": label must differ from the analysed inputs', got \"" +
                           label + "\"");
      j["inputs"].push_back(in);
    }
    write_json(ours, j);
  }
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
  if (!options.reference.empty()) append_behavior_reference(dir.path(), options.reference);
  dir.commit();
  return behavior_summary_json(analysis);
}

}  // namespace iblrnn::pipeline
