// Config field reflection: each *Config struct lists its fields once (name, help, member),
// and generic code derives TOML keys, `--set` handling and help text from that list.
// No macros: a FieldRef points at one member of one config instance.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace iblrnn {

/// A typed pointer to one field of a config instance, with its name and help text.
struct FieldRef {
  std::string name;  // the config-file key and JSON key; the CLI flag is its kebab-case form
  std::string help;  // one line for --help and docs
  std::variant<int*, std::int64_t*, double*, bool*, std::string*, std::vector<double>*> ptr;
};

/// Parses `text` into the field (integers, reals, true/false, strings, lists "[a, b]" or
/// "a,b"). Throws InvalidInput("where: field expects T, got 'text'") on a malformed value.
void assign_from_string(const FieldRef& field, const std::string& text, const std::string& where);

/// The field's current value as a TOML literal (round-trips through assign_from_string).
std::string field_to_toml(const FieldRef& field);

/// Snake-case name -> kebab-case flag ("n_blocks" -> "n-blocks").
std::string kebab_case(const std::string& name);

}  // namespace iblrnn

#include <functional>

namespace iblrnn {

/// One section of a configuration ([task], [train], ...): its fields and its rules.
struct ConfigSection {
  std::string name;                                    // TOML table name
  std::vector<FieldRef> fields;                        // pointers into the owning config
  std::function<void()> validate;                      // throws InvalidInput
};

}  // namespace iblrnn
