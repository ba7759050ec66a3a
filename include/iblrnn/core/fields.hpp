// Config field reflection: each *Config struct lists its fields once (name, help, member),
// and generic code derives TOML keys, `--set` handling and help text from that list.
// No macros: a FieldRef points at one member of one config instance.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "iblrnn/core/choice.hpp"

namespace iblrnn::core {

/// A choice field (core/choice.hpp) seen through its names: the index of the current value
/// and a setter, so generic code reads and writes it as text without knowing the enum.
struct ChoiceRef {
  std::vector<std::string> names;        // names[i] names the enumerator with value i
  std::function<std::size_t()> get;      // index of the current value
  std::function<void(std::size_t)> set;  // stores the value with this index
};

/// A typed pointer to one field of a config instance, with its name and help text.
struct FieldRef {
  std::string name;  // the config-file key and JSON key; the CLI flag is its kebab-case form
  std::string help;  // one line for --help and docs
  std::variant<int*, std::int64_t*, double*, bool*, std::string*, std::vector<double>*, ChoiceRef>
      ptr;
};

/// Visitor of a field's alternatives from lambdas: std::visit(Overloaded{[](const ChoiceRef&)
/// {...}, [](auto* p) {...}}, field.ptr).
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

/// The field table entry of a choice member: its value is read and written by name.
template <NamedChoice E>
FieldRef choice_field(std::string name, std::string help, E* member) {
  ChoiceRef choice;
  for (std::string_view n : choice_name_table<E>()) choice.names.emplace_back(n);
  choice.get = [member] { return static_cast<std::size_t>(*member); };
  choice.set = [member](std::size_t i) { *member = static_cast<E>(i); };
  return {std::move(name), std::move(help), std::move(choice)};
}

/// Parses `text` into the field (integers, reals, true/false, strings, lists "[a, b]" or
/// "a,b", a choice's name; quotes around a string or name are dropped). Throws InvalidInput("where: field expects T, got 'text'") on a malformed value.
void assign_from_string(const FieldRef& field, const std::string& text, const std::string& where);

/// The field's current value as a TOML literal (round-trips through assign_from_string).
std::string field_to_toml(const FieldRef& field);

/// Snake-case name -> kebab-case flag ("n_blocks" -> "n-blocks").
std::string kebab_case(const std::string& name);

}  // namespace iblrnn::core

namespace iblrnn::core {

/// One section of a configuration ([task], [train], ...): its fields and its rules.
struct ConfigSection {
  std::string name;                                    // TOML table name
  std::vector<FieldRef> fields;                        // pointers into the owning config
  std::function<void()> validate;                      // throws InvalidInput
};

}  // namespace iblrnn::core
