#include "iblrnn/io/json_fields.hpp"

#include <cmath>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::io {
namespace {

std::string shown(const nlohmann::json& v) {
  std::string s = v.dump();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

}  // namespace

std::int64_t json_count(const nlohmann::json& j, const std::string& key, const std::string& where,
                        std::int64_t max) {
  const std::string range = "[0, " + std::to_string(max) + "]";
  if (!j.is_object() || !j.contains(key))
    throw InvalidInput(where + ": " + key + " must be an integer in " + range + ", got nothing");
  const auto& v = j.at(key);
  bool ok = false;
  std::int64_t x = 0;
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    ok = u <= static_cast<std::uint64_t>(max);
    x = ok ? static_cast<std::int64_t>(u) : 0;
  } else if (v.is_number_integer()) {
    x = v.get<std::int64_t>();
    ok = x >= 0 && x <= max;
  }
  if (!ok) throw InvalidInput(where + ": " + key + " must be an integer in " + range + ", got " + shown(v));
  return x;
}

double json_finite(const nlohmann::json& j, const std::string& key, const std::string& where) {
  if (!j.is_object() || !j.contains(key) || !j.at(key).is_number() ||
      !std::isfinite(j.at(key).get<double>())) {
    throw InvalidInput(where + ": " + key + " must be a finite number, got " +
                       (j.is_object() && j.contains(key) ? shown(j.at(key)) : std::string("nothing")));
  }
  return j.at(key).get<double>();
}

nlohmann::json parse_json_file_text(const std::string& text, const std::string& path) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw InvalidInput(path + ": malformed JSON at byte " + std::to_string(e.byte));
  } catch (const nlohmann::json::exception& e) {
    // e.g. a number literal out of range (5E501)
    throw InvalidInput(path + ": malformed JSON: " + std::string(e.what()).substr(0, 120));
  }
}

}  // namespace iblrnn::io
