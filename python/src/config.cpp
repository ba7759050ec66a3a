// Configuration from Python: preset → TOML file → keyword overrides → validate(), exactly the
// CLI's resolve_config (pipeline/study_config.hpp), so errors read the same.
#include "bindings.hpp"

#include "iblrnn/core/error.hpp"

using namespace iblrnn::pipeline;

namespace iblrnn::py {
namespace {

// A Python value as the text `--set field=value` would carry.
std::string to_setting(pyb::handle value) {
  if (pyb::isinstance<pyb::bool_>(value)) return value.cast<bool>() ? "true" : "false";
  if (pyb::isinstance<pyb::float_>(value)) return pyb::repr(pyb::float_(value.cast<double>())).cast<std::string>();
  if (pyb::isinstance<pyb::str>(value)) return value.cast<std::string>();
  if (pyb::isinstance<pyb::sequence>(value) || pyb::hasattr(value, "__array__")) {
    pyb::list items = pyb::module_::import("builtins").attr("list")(value);
    std::string text = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) text += ", ";
      text += pyb::repr(pyb::float_(items[i])).cast<std::string>();
    }
    return text + "]";
  }
  return pyb::str(value).cast<std::string>();
}

// The overrides as "section.field=value" assignments (`section` prefixes bare names).
std::vector<std::string> settings(const pyb::dict& overrides, const std::string& section) {
  std::vector<std::string> sets;
  for (auto item : overrides) {
    std::string name = item.first.cast<std::string>();
    if (!section.empty() && name.find('.') == std::string::npos) name = section + "." + name;
    sets.push_back(name + "=" + to_setting(item.second));
  }
  return sets;
}

}  // namespace

StudyConfig resolve(const std::string& preset, const std::string& config_file,
                    const pyb::dict& overrides, const std::string& section) {
  ConfigSources sources;
  sources.preset = preset;
  sources.config_file = config_file;
  sources.sets = settings(overrides, section);
  return resolve_config(sources);
}

StudyConfig resolve_over(StudyConfig base, const pyb::dict& overrides) {
  for (const auto& s : settings(overrides, "")) apply_set(base, s);
  for (auto& section : base.sections()) section.validate();
  return base;
}

void bind_config(pyb::module_& m) {
  m.def(
      "config_toml",
      [](const std::string& preset, const std::string& config_file, const pyb::dict& overrides) {
        StudyConfig config = resolve(preset, config_file, overrides);
        return to_toml(config);
      },
      pyb::arg("preset") = "", pyb::arg("config_file") = "", pyb::arg("overrides") = pyb::dict(),
      "The resolved configuration as TOML (what `iblrnn config` prints).");
}

}  // namespace iblrnn::py
