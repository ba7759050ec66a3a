#include "iblrnn/core/fields.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "iblrnn/core/error.hpp"

namespace iblrnn::core {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// A string literal's quotes dropped: "a" or 'a' -> a.
std::string unquote(const std::string& v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
    return v.substr(1, v.size() - 2);
  return v;
}

// A TOML basic string.
std::string quoted(const std::string& v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

[[noreturn]] void bad(const FieldRef& f, const std::string& where, const char* type,
                      const std::string& text) {
  throw InvalidInput(where + ": " + f.name + " expects " + type + ", got '" + text + "'");
}

bool parse_int64(const std::string& t, std::int64_t& out) {
  if (t.empty()) return false;
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(t.c_str(), &end, 10);
  if (errno != 0 || *end != '\0') return false;
  out = v;
  return true;
}

bool parse_double(const std::string& t, double& out) {
  if (t.empty()) return false;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(t.c_str(), &end);
  if (errno != 0 || *end != '\0') return false;
  out = v;
  return true;
}

std::string format_double(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  std::ostringstream os;
  os.precision(17);
  os << v;
  std::string s = os.str();
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

}  // namespace

void assign_from_string(const FieldRef& field, const std::string& raw, const std::string& where) {
  const std::string text = trim(raw);
  std::visit(
      Overloaded{[&](const ChoiceRef& choice) {
        const std::string name = unquote(text);
        for (std::size_t i = 0; i < choice.names.size(); ++i)
          if (choice.names[i] == name) return choice.set(i);
        std::string valid;
        for (const std::string& n : choice.names)
          valid += (valid.empty() ? "" : " | ") + (n.empty() ? std::string("\"\"") : n);
        throw InvalidInput(where + ": " + field.name + " must be one of " + valid + ", got \"" +
                           name + "\"");
      },
      [&](auto* p) {
        using T = std::remove_pointer_t<decltype(p)>;
        if constexpr (std::is_same_v<T, int>) {
          std::int64_t v;
          if (!parse_int64(text, v) || v < INT32_MIN || v > INT32_MAX) bad(field, where, "an integer", text);
          *p = static_cast<int>(v);
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          std::int64_t v;
          if (!parse_int64(text, v)) bad(field, where, "an integer", text);
          *p = v;
        } else if constexpr (std::is_same_v<T, double>) {
          double v;
          if (!parse_double(text, v)) bad(field, where, "a number", text);
          *p = v;
        } else if constexpr (std::is_same_v<T, bool>) {
          if (text == "true" || text == "1") *p = true;
          else if (text == "false" || text == "0") *p = false;
          else bad(field, where, "true or false", text);
        } else if constexpr (std::is_same_v<T, std::string>) {
          *p = unquote(text);
        } else {
          std::string body = text;
          if (!body.empty() && body.front() == '[') {
            if (body.back() != ']') bad(field, where, "a list of numbers like [0, 0.5]", text);
            body = body.substr(1, body.size() - 2);
          }
          std::vector<double> values;
          std::stringstream ss(body);
          std::string item;
          while (std::getline(ss, item, ',')) {
            item = trim(item);
            if (item.empty()) continue;
            double v;
            if (!parse_double(item, v)) bad(field, where, "a list of numbers like [0, 0.5]", text);
            values.push_back(v);
          }
          *p = values;
        }
      }},
      field.ptr);
}

std::string field_to_toml(const FieldRef& field) {
  return std::visit(
      Overloaded{[](const ChoiceRef& choice) { return quoted(choice.names[choice.get()]); },
      [](auto* p) -> std::string {
        using T = std::remove_pointer_t<decltype(p)>;
        if constexpr (std::is_same_v<T, int> || std::is_same_v<T, std::int64_t>) {
          return std::to_string(*p);
        } else if constexpr (std::is_same_v<T, double>) {
          return format_double(*p);
        } else if constexpr (std::is_same_v<T, bool>) {
          return *p ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return quoted(*p);
        } else {
          std::string out = "[";
          for (std::size_t i = 0; i < p->size(); ++i) {
            if (i) out += ", ";
            out += format_double((*p)[i]);
          }
          return out + "]";
        }
      }},
      field.ptr);
}

std::string kebab_case(const std::string& name) {
  std::string out = name;
  for (char& c : out)
    if (c == '_') c = '-';
  return out;
}

}  // namespace iblrnn::core
