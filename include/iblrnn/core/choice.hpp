// Choice fields: an option with a few named values is an enum whose names are declared once,
// next to it, by a function found through argument-dependent lookup:
//   enum class Compat { exact, paper2020 };
//   constexpr std::array<std::string_view, 2> choice_names(Compat) { return {"exact", "paper2020"}; }
// names[i] is the name of the enumerator with value i. Config files, --set, help text, JSON
// summaries and error messages all read these names; code compares enumerators.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "iblrnn/core/error.hpp"

namespace iblrnn::core {

/// An enum with declared names (see the header comment).
template <class E>
concept NamedChoice = std::is_enum_v<E> && requires(E e) { choice_names(e).size(); };

/// All names of E, in enumerator order (static storage).
template <NamedChoice E>
const auto& choice_name_table() {
  static constexpr auto names = choice_names(E{});
  return names;
}

/// The name of one value ("paper2020").
template <NamedChoice E>
std::string choice_name(E value) {
  return std::string(choice_name_table<E>()[static_cast<std::size_t>(value)]);
}

/// The value named `name`, or nothing if no value has that name.
template <NamedChoice E>
std::optional<E> choice_from_name(std::string_view name) {
  const auto& names = choice_name_table<E>();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<E>(i);
  return std::nullopt;
}

/// The names joined for a message or help text: "exact | paper2020".
template <NamedChoice E>
std::string choice_list() {
  std::string out;
  for (std::string_view n : choice_name_table<E>()) {
    if (!out.empty()) out += " | ";
    out += n.empty() ? std::string("\"\"") : std::string(n);
  }
  return out;
}

/// The value named `name`; throws InvalidInput("where: field must be one of a | b, got "x"").
template <NamedChoice E>
E parse_choice(const std::string& name, const std::string& where, const std::string& field) {
  if (const auto value = choice_from_name<E>(name)) return *value;
  throw InvalidInput(where + ": " + field + " must be one of " + choice_list<E>() + ", got \"" +
                     name + "\"");
}

}  // namespace iblrnn::core
