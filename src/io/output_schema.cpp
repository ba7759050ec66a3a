#include "iblrnn/io/output_schema.hpp"

namespace iblrnn {

namespace {

bool is_number(const nlohmann::json& v) { return v.is_number(); }

bool all_numbers(const nlohmann::json& v) {
  if (v.is_array()) {
    for (const auto& e : v)
      if (!all_numbers(e)) return false;
    return true;
  }
  return v.is_number() || v.is_null();  // null: a NaN entry
}

bool has_type(const nlohmann::json& v, SummaryType type) {
  switch (type) {
    case SummaryType::number: return is_number(v);
    case SummaryType::integer: return v.is_number_integer();
    case SummaryType::boolean: return v.is_boolean();
    case SummaryType::text: return v.is_string();
    case SummaryType::numbers: return v.is_array() && all_numbers(v);
    case SummaryType::texts:
      if (!v.is_array()) return false;
      for (const auto& e : v)
        if (!e.is_string()) return false;
      return true;
    case SummaryType::object:
    case SummaryType::map: return v.is_object();
    case SummaryType::seeds: return v.is_object() && v.contains("seeds") && v["seeds"].is_array();
    case SummaryType::table: return v.is_array();
  }
  return false;
}

// Walks the members of `v` (at `path`) against the declared keys.
void walk(const SummarySchema& schema, const nlohmann::json& v, const std::string& path,
          SchemaMismatch& out) {
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string key = path.empty() ? it.key() : path + "/" + it.key();
    const SummaryKey* decl = find_key(schema, key);
    if (!decl) {
      out.undeclared.push_back(key);
      continue;
    }
    const nlohmann::json& value = it.value();
    if (value.is_null()) {
      if (!decl->nullable) out.wrong_type.push_back(key + ": expected " + summary_type_name(decl->type) + ", got null");
      continue;
    }
    if (!has_type(value, decl->type)) {
      out.wrong_type.push_back(key + ": expected " + summary_type_name(decl->type) + ", got " +
                               value.dump().substr(0, 60));
      continue;
    }
    if (decl->type == SummaryType::object) walk(schema, value, key, out);
  }
}

// True if every object on the way to `key` was written (so that the key itself should be).
bool parent_written(const nlohmann::json& summary, const std::string& key) {
  const nlohmann::json* v = &summary;
  std::size_t start = 0;
  for (std::size_t slash = key.find('/'); slash != std::string::npos; slash = key.find('/', start)) {
    const std::string name = key.substr(start, slash - start);
    if (!v->is_object() || !v->contains(name) || !(*v)[name].is_object()) return false;
    v = &(*v)[name];
    start = slash + 1;
  }
  return true;
}

}  // namespace

const char* summary_type_name(SummaryType type) {
  switch (type) {
    case SummaryType::number: return "number";
    case SummaryType::integer: return "integer";
    case SummaryType::boolean: return "boolean";
    case SummaryType::text: return "text";
    case SummaryType::numbers: return "numbers";
    case SummaryType::texts: return "texts";
    case SummaryType::object: return "object";
    case SummaryType::map: return "map";
    case SummaryType::seeds: return "seeds";
    case SummaryType::table: return "table";
  }
  return "?";
}

const SummaryKey* find_key(const SummarySchema& schema, const std::string& key) {
  for (const auto& k : schema.keys)
    if (k.key == key) return &k;
  return nullptr;
}

SchemaMismatch check_summary(const SummarySchema& schema, const nlohmann::json& summary) {
  SchemaMismatch out;
  if (!summary.is_object()) {
    out.wrong_type.push_back("(top): expected an object, got " + summary.dump().substr(0, 60));
    return out;
  }
  walk(schema, summary, "", out);
  for (const auto& k : schema.keys) {
    if (k.optional || !parent_written(summary, k.key)) continue;
    const nlohmann::json::json_pointer pointer("/" + k.key);
    if (!summary.contains(pointer)) out.missing.push_back(k.key);
  }
  return out;
}

std::string SchemaMismatch::describe() const {
  std::string s;
  for (const auto& k : undeclared) s += "written but not declared: " + k + "\n";
  for (const auto& k : missing) s += "declared but not written: " + k + "\n";
  for (const auto& k : wrong_type) s += "wrong type: " + k + "\n";
  return s;
}

std::string output_schema_markdown(const SummarySchema& schema) {
  std::string s = "| key | type | shape | units | meaning |\n|---|---|---|---|---|\n";
  for (const auto& k : schema.keys) {
    std::string meaning = k.meaning;
    if (k.optional) meaning += " (optional)";
    if (k.nullable) meaning += " (null when not computed)";
    s += "| `" + k.key + "` | " + summary_type_name(k.type) + " | " + k.shape + " | " +
         k.units + " | " + meaning + " |\n";
  }
  return s;
}

}  // namespace iblrnn
