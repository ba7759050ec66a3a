#include "iblrnn/io/output_schema.hpp"

#include <algorithm>
#include <set>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::io {

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

namespace {

// A table cell's text: '|' escaped, so that a meaning such as "a | b" stays in its column.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

}  // namespace

std::string output_schema_markdown(const SummarySchema& schema) {
  std::string s = "| key | type | shape | units | meaning |\n|---|---|---|---|---|\n";
  for (const auto& k : schema.keys) {
    std::string meaning = k.meaning;
    if (k.optional) meaning += " (optional)";
    if (k.nullable) meaning += " (null when not computed)";
    s += "| `" + k.key + "` | " + summary_type_name(k.type) + " | " + cell(k.shape) + " | " +
         cell(k.units) + " | " + cell(meaning) + " |\n";
  }
  return s;
}

std::string file_path(const OutputFile& file, const std::string& name, const std::string& value) {
  if (name.empty()) return file.path;
  const std::string token = "{" + name + "}";
  const auto at = file.path.find(token);
  require(at != std::string::npos, "file_path", file.path, "has no placeholder " + token, value);
  return file.path.substr(0, at) + value + file.path.substr(at + token.size());
}

std::vector<std::string> expanded_paths(const FileSchema& schema, const OutputFile& file) {
  std::vector<std::string> paths{file.path};
  for (const auto& [name, values] : schema.placeholders) {
    const std::string token = "{" + name + "}";
    std::vector<std::string> next;
    for (const auto& p : paths) {
      const auto at = p.find(token);
      if (at == std::string::npos) {
        next.push_back(p);
        continue;
      }
      for (const auto& v : values) next.push_back(p.substr(0, at) + v + p.substr(at + token.size()));
    }
    paths = std::move(next);
  }
  return paths;
}

FileMismatch check_files(const FileSchema& schema, const std::vector<std::string>& written) {
  std::set<std::string> declared, required;
  for (const OutputFile* f : schema.files)
    for (const auto& p : expanded_paths(schema, *f)) {
      declared.insert(p);
      if (!f->optional) required.insert(p);
    }
  FileMismatch out;
  std::set<std::string> seen;
  for (const auto& p : written) {
    const auto name = p.substr(p.rfind('/') + 1);
    if (name.empty() || name[0] == '.') continue;
    seen.insert(p);
    if (!declared.count(p)) out.undeclared.push_back(p);
  }
  for (const auto& p : required)
    if (!seen.count(p)) out.missing.push_back(p);
  return out;
}

std::string FileMismatch::describe() const {
  std::string s;
  for (const auto& k : undeclared) s += "written but not declared: " + k + "\n";
  for (const auto& k : missing) s += "declared but not written: " + k + "\n";
  return s;
}

std::string output_files_markdown(const FileSchema& schema) {
  std::string s = "| file | type | shape or columns | units | meaning |\n|---|---|---|---|---|\n";
  for (const OutputFile* f : schema.files) {
    std::string shape = f->shape;
    for (std::size_t c = 0; c < f->columns.size(); ++c) shape += (c ? ", " : "") + f->columns[c];
    std::string meaning = f->meaning;
    if (f->optional) meaning += " (optional)";
    s += "| `" + f->path + "` | " + f->dtype + " | " + cell(shape) + " | " + cell(f->units) + " | " + cell(meaning) +
         " |\n";
  }
  if (!schema.placeholders.empty()) {
    s += "\n";
    for (const auto& [name, values] : schema.placeholders) {
      s += "`{" + name + "}`:";
      for (std::size_t i = 0; i < values.size(); ++i) s += (i ? ", `" : " `") + values[i] + "`";
      s += ".\n";
    }
  }
  return s;
}

}  // namespace iblrnn::io
