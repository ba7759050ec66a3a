// Checked reads of numbers from JSON files we read back (checkpoint state, summaries): a
// missing key, a wrong type or a value out of range is an InvalidInput naming the file and
// field ("DIR/state.json: step must be an integer in [0, 9223372036854775807], got "x"").
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace iblrnn::io {

/// j[key] as an integer in [0, max]. `where` names the file (and object) for messages.
std::int64_t json_count(const nlohmann::json& j, const std::string& key, const std::string& where,
                        std::int64_t max);

/// j[key] as a finite number.
double json_finite(const nlohmann::json& j, const std::string& key, const std::string& where);

/// Parses `text` (the content of `path`) as JSON; malformed JSON is an InvalidInput naming
/// the file and the byte offset, on one line.
nlohmann::json parse_json_file_text(const std::string& text, const std::string& path);

}  // namespace iblrnn::io
