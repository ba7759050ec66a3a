#include "iblrnn/pipeline/study_config.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>

#include "iblrnn/core/error.hpp"
#include "iblrnn/pipeline/presets.hpp"
#include "iblrnn/rnn/kernel_set.hpp"

using namespace iblrnn::core;

namespace iblrnn::pipeline {

namespace {

// A label naming the preset a section started from: one of the labels the preset table
// writes in that field (presets.hpp).
void check_preset_label(const std::string& where, const std::string& field, const std::string& label,
                        const std::string& table_field) {
  const std::vector<std::string> labels = preset_labels(table_field);
  if (std::find(labels.begin(), labels.end(), label) != labels.end()) return;
  std::string list;
  for (std::size_t i = 0; i < labels.size(); ++i)
    list += (i == 0 ? "" : i + 1 == labels.size() ? " or " : ", ") + labels[i];
  require(false, where, field, "must be " + list, label);
}

}  // namespace

std::vector<ConfigSection> StudyConfig::sections() {
  std::vector<ConfigSection> out;
  out.push_back({"task", task.fields(), [this] {
                   task.validate();
                   check_preset_label("TaskConfig", "preset", task.preset, "task.preset");
                 }});
  out.push_back({"bayes", bayes.fields(), [this] { bayes.validate(); }});
  out.push_back({"behavior", behavior.fields(), [this] { behavior.validate(); }});
  out.push_back({"analysis", analysis.fields(), [this] { analysis.validate(); }});
  out.push_back({"network", network.fields(), [this] { network.validate(); }});
  out.push_back({"train", train.fields(), [this] {
                   train.validate();
                   check_preset_label("TrainConfig", "preset", train.preset, "train.preset");
                 }});
  out.push_back({"distill", distill.fields(), [this] {
                   distill.validate();
                   check_preset_label("DistillConfig", "task_trained_preset", distill.task_trained_preset,
                                      "train.preset");
                 }});
  out.push_back({"alf", alf.fields(), [this] { alf.validate(); }});
  out.push_back({"eval", eval.fields(), [this] { eval.validate(); }});
  return out;
}

namespace {

std::string node_to_text(const toml::node& node) {
  if (auto s = node.as_string()) return s->get();
  if (auto a = node.as_array()) {
    std::string out = "[";
    bool first = true;
    for (const auto& item : *a) {
      if (!first) out += ",";
      first = false;
      std::ostringstream os;
      os.precision(17);
      if (auto i = item.as_integer()) os << i->get();
      else if (auto f = item.as_floating_point()) os << f->get();
      else os << "?";
      out += os.str();
    }
    return out + "]";
  }
  std::ostringstream os;
  os.precision(17);
  if (auto i = node.as_integer()) os << i->get();
  else if (auto f = node.as_floating_point()) os << f->get();
  else if (auto b = node.as_boolean()) os << (b->get() ? "true" : "false");
  else os << "?";
  return os.str();
}

}  // namespace

void load_config_file(StudyConfig& config, const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw IoError(path, "is a folder, not a config file");
  std::ifstream in(path);
  if (!in) throw IoError(path, "cannot open config file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (buffer.str().rfind("\xEF\xBB\xBF", 0) == 0) {
    throw InvalidInput(path + ":1: starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM");
  }
  toml::table table;
  try {
    table = toml::parse(buffer.str(), path);
  } catch (const toml::parse_error& e) {
    std::ostringstream os;
    os << path << ":" << e.source().begin.line << ": malformed TOML: " << e.description();
    throw InvalidInput(os.str());
  }
  auto sections = config.sections();
  for (const auto& [key, node] : table) {
    const std::string name(key.str());
    if (name == "iblrnn") continue;  // provenance table written by to_toml
    ConfigSection* section = nullptr;
    for (auto& s : sections)
      if (s.name == name) section = &s;
    if (!section || !node.is_table()) {
      throw InvalidInput(path + ":" + std::to_string(node.source().begin.line) +
                         ": unknown section [" + name + "]");
    }
    for (const auto& [fkey, fnode] : *node.as_table()) {
      const std::string fname(fkey.str());
      const FieldRef* field = nullptr;
      for (const auto& f : section->fields)
        if (f.name == fname) field = &f;
      const std::string where = path + ":" + std::to_string(fnode.source().begin.line);
      if (!field && name == "distill" && (fname == "eval_blocks" || fname == "eval_seed")) {
        // Moved to [eval]; files written before still load. An eval_seed of -1 meant "RUN/eval's
        // seed", which distill's common session now always is.
        const std::string text = node_to_text(fnode);
        if (fname == "eval_seed" && text == "-1") continue;
        assign_from_string(find_field(config, "eval." + fname, where), text, where);
        continue;
      }
      if (!field) throw InvalidInput(where + ": unknown field " + name + "." + fname);
      assign_from_string(*field, node_to_text(fnode),
                         path + ":" + std::to_string(fnode.source().begin.line));
    }
  }
}

FieldRef find_field(StudyConfig& config, const std::string& path, const std::string& where,
                    std::string* section) {
  std::string key = path;
  for (char& c : key)
    if (c == '-') c = '_';
  std::string section_name;
  const auto dot = key.find('.');
  if (dot != std::string::npos) {
    section_name = key.substr(0, dot);
    key = key.substr(dot + 1);
  }
  const FieldRef* found = nullptr;
  std::string found_in;
  auto sections = config.sections();
  for (auto& s : sections) {
    if (!section_name.empty() && s.name != section_name) continue;
    for (const auto& f : s.fields) {
      if (f.name != key) continue;
      if (found) {
        throw InvalidInput(where + ": field " + key + " is ambiguous; write " + found_in + "." + key +
                           " or " + s.name + "." + key);
      }
      found = &f;
      found_in = s.name;
    }
  }
  if (!found) throw InvalidInput(where + ": unknown field \"" + path + "\"; `iblrnn config` lists every field");
  if (section) *section = found_in;
  return *found;
}

void apply_set(StudyConfig& config, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw InvalidInput("--set: expected field=value, got \"" + assignment + "\"");
  }
  std::string section;
  const FieldRef field = find_field(config, assignment.substr(0, eq), "--set", &section);
  assign_from_string(field, assignment.substr(eq + 1), "--set " + section + "." + field.name);
}

StudyConfig resolve_config(const ConfigSources& sources) {
  StudyConfig config;
  if (!sources.preset.empty()) apply_preset(config, sources.preset);
  if (!sources.config_file.empty()) load_config_file(config, sources.config_file);
  for (const auto& s : sources.sets) apply_set(config, s);
  for (auto& section : config.sections()) section.validate();
  return config;
}

std::string to_toml(StudyConfig& config) {
  std::ostringstream os;
  os << "# iblrnn resolved configuration; feed back with --config\n";
  os << "[iblrnn]\nversion = \"" << IBLRNN_VERSION << "\"\n";
  os << "kernels = \"" << rnn::kernel_set_name(rnn::active_kernel_set()) << "\"\n";
  for (auto& section : config.sections()) {
    os << "\n[" << section.name << "]\n";
    for (const auto& f : section.fields) {
      os << f.name << " = " << field_to_toml(f);
      if (!f.help.empty()) os << "  # " << f.help;
      os << "\n";
    }
  }
  return os.str();
}

}  // namespace iblrnn::pipeline
