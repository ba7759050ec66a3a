#include "iblrnn/sweep/sweep_spec.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "iblrnn/core/error.hpp"
#include "iblrnn/core/fields.hpp"

using namespace iblrnn::core;
using namespace iblrnn::pipeline;

namespace iblrnn::sweep {
namespace {

const SweepStage kAllStages[] = {SweepStage::train, SweepStage::eval, SweepStage::analyze,
                                 SweepStage::distill};

// The field "section.field" of `config`, or nullptr.
const FieldRef* find_field(std::vector<ConfigSection>& sections, const std::string& dotted,
                           ConfigSection** section_out = nullptr) {
  const auto dot = dotted.find('.');
  if (dot == std::string::npos) return nullptr;
  const std::string section = dotted.substr(0, dot), name = dotted.substr(dot + 1);
  for (auto& s : sections) {
    if (s.name != section) continue;
    for (const auto& f : s.fields) {
      if (f.name == name) {
        if (section_out) *section_out = &s;
        return &f;
      }
    }
  }
  return nullptr;
}

bool is_list_field(const FieldRef& f) { return f.ptr.index() == 5; }

// A TOML value as the text apply_set takes (strings unquoted, lists "[a, b]").
std::string value_text(const toml::node& node, const std::string& where) {
  if (auto s = node.as_string()) return s->get();
  if (auto i = node.as_integer()) return std::to_string(i->get());
  if (auto b = node.as_boolean()) return b->get() ? "true" : "false";
  if (auto f = node.as_floating_point()) {
    std::ostringstream os;
    os.precision(17);
    os << f->get();
    return os.str();
  }
  if (auto a = node.as_array()) {
    std::string out = "[";
    for (std::size_t k = 0; k < a->size(); ++k) out += (k ? ", " : "") + value_text(*a->get(k), where);
    return out + "]";
  }
  throw InvalidInput(where + ": expected a number, string, boolean or array");
}

std::string where_of(const std::string& path, const toml::node& node) {
  return path + ":" + std::to_string(node.source().begin.line);
}

// A point name's piece: the value's letters, digits and . + - kept, anything else '_'.
std::string name_piece(std::string text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
  for (char& c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '+' || c == '-';
    if (!ok) c = '_';
  }
  return text;
}

}  // namespace

const char* stage_name(SweepStage stage) {
  switch (stage) {
    case SweepStage::train: return "train";
    case SweepStage::eval: return "eval";
    case SweepStage::analyze: return "analyze";
    case SweepStage::distill: return "distill";
  }
  return "?";
}

std::vector<std::int64_t> parse_seeds(const std::string& text) {
  const auto bad = [&] {
    return InvalidInput("sweep: seeds must be non-negative integers and ranges A-B (A <= B), "
                        "comma-separated, e.g. 1-20 or 1,3,5, got \"" + text + "\"");
  };
  const auto number = [&](const std::string& s) {
    if (s.empty() || s.size() > 15 || s.find_first_not_of("0123456789") != std::string::npos) throw bad();
    return std::stoll(s);
  };
  std::vector<std::int64_t> seeds;
  std::set<std::int64_t> seen;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    item.erase(std::remove(item.begin(), item.end(), ' '), item.end());
    const auto dash = item.find('-');
    const std::int64_t a = number(dash == std::string::npos ? item : item.substr(0, dash));
    const std::int64_t b = dash == std::string::npos ? a : number(item.substr(dash + 1));
    if (b < a) throw bad();
    if (b - a >= kMaxSweepPoints) {
      throw InvalidInput("sweep: seeds must hold at most " + std::to_string(kMaxSweepPoints) +
                         " seeds, got \"" + text + "\"");
    }
    for (std::int64_t s = a; s <= b; ++s) {
      if (!seen.insert(s).second) {
        throw InvalidInput("sweep: seeds must be distinct, got " + std::to_string(s) +
                           " twice in \"" + text + "\"");
      }
      seeds.push_back(s);
    }
  }
  if (seeds.empty() || text.back() == ',') throw bad();
  return seeds;
}

SweepAxis parse_axis(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    throw InvalidInput("sweep: --axis must read section.field=value1,value2,..., got \"" + text + "\"");
  }
  SweepAxis axis;
  axis.field = text.substr(0, eq);
  std::stringstream in(text.substr(eq + 1));
  std::string v;
  while (std::getline(in, v, ',')) {
    if (v.empty()) {
      throw InvalidInput("sweep: --axis " + axis.field + " has an empty value, got \"" + text + "\"");
    }
    axis.values.push_back(v);
  }
  if (text.back() == ',') {
    throw InvalidInput("sweep: --axis " + axis.field + " has an empty value, got \"" + text + "\"");
  }
  return axis;
}

std::vector<SweepStage> parse_stages(const std::string& text) {
  std::set<std::string> wanted;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    bool known = false;
    for (auto s : kAllStages) known = known || item == stage_name(s);
    if (!known) {
      throw InvalidInput("sweep: stages must be among train, eval, analyze, distill, got \"" + item + "\"");
    }
    if (!wanted.insert(item).second) {
      throw InvalidInput("sweep: stages must be distinct, got \"" + item + "\" twice");
    }
  }
  if (wanted.empty()) throw InvalidInput("sweep: stages must name at least one stage, got \"" + text + "\"");
  std::vector<SweepStage> stages;
  for (auto s : kAllStages)
    if (wanted.count(stage_name(s))) stages.push_back(s);
  return stages;
}

void SweepSpec::validate() {
  require(!seeds.empty(), "sweep", "seeds", "must name at least one seed", seeds_text);
  require(eval_blocks >= 1 && eval_blocks <= 1000000, "sweep", "eval_blocks", "must be in [1, 1000000]",
          eval_blocks);
  require(!stages.empty(), "sweep", "stages", "must name at least one stage", 0);
  require(keep_hidden == "all" || keep_hidden == "first_seed" || keep_hidden == "none", "sweep",
          "keep_hidden", "must be all, first_seed or none", keep_hidden);
  require(layout == "points" || layout == "study", "sweep", "layout", "must be points or study", layout);
  require(layout == "points" || axes.empty(), "sweep", "layout", "study must have no axis (seeds only)",
          axes.size());
  StudyConfig base_config = resolve_config(base);
  std::set<std::string> fields;
  std::int64_t n_points = static_cast<std::int64_t>(seeds.size());
  for (auto& axis : axes) {
    auto sections = base_config.sections();
    ConfigSection* section = nullptr;
    if (!find_field(sections, axis.field, &section)) {
      throw InvalidInput("sweep: axis field must be section.field of a configuration field "
                         "(`iblrnn config` lists them), got \"" + axis.field + "\"");
    }
    if (axis.field == "train.seed") {
      throw InvalidInput("sweep: axis train.seed must be given as seeds (--seeds 1-20), got an axis");
    }
    if (!fields.insert(axis.field).second) {
      throw InvalidInput("sweep: axis fields must be distinct, got " + axis.field + " twice");
    }
    require(!axis.values.empty(), "sweep", "axis " + axis.field, "must have at least one value", 0);
    std::set<std::string> seen;
    for (auto& value : axis.values) {
      StudyConfig c = base_config;
      auto cs = c.sections();
      ConfigSection* s = nullptr;
      const FieldRef* f = find_field(cs, axis.field, &s);
      try {
        apply_set(c, axis.field + "=" + value);
        s->validate();
      } catch (const InvalidInput& e) {
        throw InvalidInput("sweep: axis " + axis.field + " value " + value + ": " + e.what());
      }
      value = field_to_toml(*f);
      if (!seen.insert(value).second) {
        throw InvalidInput("sweep: axis " + axis.field + " values must be distinct, got " + value + " twice");
      }
    }
    n_points *= static_cast<std::int64_t>(axis.values.size());
    if (n_points > kMaxSweepPoints) {
      throw InvalidInput("sweep: points (seeds × axis values) must be at most " +
                         std::to_string(kMaxSweepPoints) + ", got more");
    }
  }
}

SweepSpec load_sweep_file(const std::string& path) {
  namespace fs = std::filesystem;
  if (!fs::is_regular_file(path)) throw IoError(path, "cannot read the sweep file");
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw InvalidInput(path + ":" + std::to_string(e.source().begin.line) + ": " +
                       std::string(e.description()));
  }
  SweepSpec spec;
  StudyConfig defaults;
  auto sections = defaults.sections();
  for (const auto& [key, node] : root) {
    const std::string k(key.str());
    const std::string where = where_of(path, node);
    if (auto table = node.as_table()) {
      for (const auto& [fkey, fnode] : *table) {
        const std::string field = k + "." + std::string(fkey.str());
        const std::string fwhere = where_of(path, fnode);
        const FieldRef* f = find_field(sections, field);
        if (!f) throw InvalidInput(fwhere + ": unknown field " + field + " (`iblrnn config` lists them)");
        const auto* array = fnode.as_array();
        const bool axis = array && (!is_list_field(*f) || (!array->empty() && array->get(0)->is_array()));
        if (axis) {
          SweepAxis a{field, {}};
          for (const auto& item : *array) a.values.push_back(value_text(item, fwhere));
          spec.axes.push_back(a);
        } else {
          spec.base.sets.push_back(field + "=" + value_text(fnode, fwhere));
        }
      }
    } else if (k == "preset" && node.is_string()) {
      spec.base.preset = node.as_string()->get();
    } else if (k == "config" && node.is_string()) {
      const fs::path p = node.as_string()->get();
      spec.base.config_file = p.is_absolute() ? p.string() : (fs::path(path).parent_path() / p).string();
    } else if (k == "seeds" && (node.is_string() || node.is_integer())) {
      spec.seeds_text = value_text(node, where);
      spec.seeds = parse_seeds(spec.seeds_text);
    } else if (k == "stages" && (node.is_string() || node.is_array())) {
      std::string text = value_text(node, where);
      if (node.is_array()) {
        text = text.substr(1, text.size() - 2);
        text.erase(std::remove(text.begin(), text.end(), ' '), text.end());
      }
      spec.stages = parse_stages(text);
    } else if (k == "keep_hidden" && node.is_string()) {
      spec.keep_hidden = node.as_string()->get();
    } else if (k == "layout" && node.is_string()) {
      spec.layout = node.as_string()->get();
    } else if (k == "eval_blocks" && node.is_integer()) {
      spec.eval_blocks = static_cast<int>(std::clamp<std::int64_t>(node.as_integer()->get(), -1, 2000000000));
    } else {
      throw InvalidInput(where + ": unknown or mistyped key " + k +
                         " (preset, config, seeds, stages, eval_blocks, keep_hidden, layout or a [section] table)");
    }
  }
  if (spec.seeds.empty()) throw InvalidInput(path + ": seeds is missing, e.g. seeds = \"1-20\"");
  return spec;
}

std::string to_sweep_toml(const SweepSpec& spec) {
  const auto quote = [](const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  };
  std::ostringstream os;
  os << "# iblrnn sweep: the points are the product of the axes and the seeds (docs/sweep.md)\n";
  if (!spec.base.preset.empty()) os << "preset = " << quote(spec.base.preset) << "\n";
  if (!spec.base.config_file.empty()) os << "config = " << quote(spec.base.config_file) << "\n";
  os << "seeds = " << quote(spec.seeds_text) << "\n";
  os << "stages = [";
  for (std::size_t k = 0; k < spec.stages.size(); ++k) os << (k ? ", " : "") << quote(stage_name(spec.stages[k]));
  os << "]\neval_blocks = " << spec.eval_blocks << "\n";
  os << "keep_hidden = " << quote(spec.keep_hidden) << "\n";
  if (spec.layout != "points") os << "layout = " << quote(spec.layout) << "\n";
  // Fixed settings and axes grouped by section (a TOML table may appear once).
  std::vector<std::pair<std::string, std::string>> lines;  // (section, "key = value")
  for (const auto& set : spec.base.sets) {
    const auto eq = set.find('='), dot = set.find('.');
    lines.push_back({set.substr(0, dot), set.substr(dot + 1, eq - dot - 1) + " = " + quote(set.substr(eq + 1))});
  }
  for (const auto& axis : spec.axes) {
    const auto dot = axis.field.find('.');
    std::string values = "[";
    for (std::size_t k = 0; k < axis.values.size(); ++k) values += (k ? ", " : "") + axis.values[k];
    lines.push_back({axis.field.substr(0, dot), axis.field.substr(dot + 1) + " = " + values + "]"});
  }
  std::stable_sort(lines.begin(), lines.end(), [](auto& a, auto& b) { return a.first < b.first; });
  std::string section;
  for (const auto& [s, line] : lines) {
    if (s != section) os << "\n[" << (section = s) << "]\n";
    os << line << "\n";
  }
  return os.str();
}

std::vector<SweepPoint> points(const SweepSpec& spec) {
  std::vector<SweepPoint> out;
  std::vector<std::size_t> at(spec.axes.size(), 0);
  std::set<std::string> names;
  for (;;) {
    for (auto seed : spec.seeds) {
      SweepPoint p;
      p.index = static_cast<std::int64_t>(out.size());
      p.seed = seed;
      for (std::size_t a = 0; a < spec.axes.size(); ++a) {
        p.values.push_back(spec.axes[a].values[at[a]]);
        p.name += spec.axes[a].field + "-" + name_piece(p.values.back()) + "_";
      }
      p.name += "seed-" + std::to_string(spec.layout == "study" ? p.index + 1 : seed);
      if (!names.insert(p.name).second) {
        throw InvalidInput("sweep: two points would share the folder name " + p.name +
                           "; make the axis values differ in letters, digits or . + -");
      }
      out.push_back(std::move(p));
    }
    std::size_t a = spec.axes.size();
    while (a > 0 && ++at[a - 1] == spec.axes[a - 1].values.size()) at[--a] = 0;
    if (a == 0) break;
  }
  return out;
}

bool keeps_hidden(const SweepSpec& spec, const SweepPoint& point) {
  return spec.keep_hidden == "all" || (spec.keep_hidden == "first_seed" && point.seed == spec.seeds.front());
}

std::vector<std::string> point_sets(const SweepSpec& spec, const SweepPoint& point) {
  std::vector<std::string> sets;
  for (std::size_t a = 0; a < spec.axes.size(); ++a) {
    std::string v = point.values[a];
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    sets.push_back(spec.axes[a].field + "=" + v);
  }
  sets.push_back("train.seed=" + std::to_string(point.seed));
  return sets;
}

}  // namespace iblrnn::sweep
