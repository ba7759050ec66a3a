// The output schema: one declaration for every key of a stage's summary.json — its name,
// type, shape, units and meaning — and for every file of its output folder (FileSchema, below). The same table is the contract of the writer (a test fails
// when a written key is undeclared or a declared key is not written), the vocabulary of the
// readers (the report, Python's load_run) and the source of the key tables in
// docs/outputs.md (generated, see output_schema_markdown).
//
// Each module declares the schema of its own summary (analysis/analysis_schema.hpp,
// report/study_schema.hpp); pipeline/output_schemas.hpp lists them all.
//
// Keys are paths of member names joined by '/', e.g. "slope_stimulus/slope" (a JSON pointer
// without the leading '/'). An object is declared by its own entry of type `object` followed
// by one entry per member; a `map` is an object whose member names are data (e.g. timings by
// stage) and whose members are not declared one by one.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace iblrnn::io {

/// The JSON type of a summary value.
enum class SummaryType {
  number,   // a double; null stands for NaN / not computed
  integer,  // a whole number (counts, seeds)
  boolean,
  text,
  numbers,  // an array of numbers (possibly nested: a matrix as rows)
  texts,    // an array of strings
  object,   // members declared by their own entries ("key/member")
  map,      // members are data (names not declared), values as described in `shape`
  seeds,    // {"seeds": [value per seed]}: a row of the reproduction table
  table,    // an array of row objects, described in `shape`
};

/// One summary.json key.
struct SummaryKey {
  std::string key;       // path, e.g. "readout_angle_full_deg" or "slope_stimulus/slope"
  SummaryType type = SummaryType::number;
  std::string shape;     // "" for scalars; e.g. "(H,)", "(2, 3)", "{stage: s}"
  std::string units;     // "" dimensionless; e.g. "fraction", "deg", "s", "trials"
  std::string meaning;   // one line
  bool optional = false; // may be absent (e.g. only with an LSTM, or only with mouse data)
  bool nullable = false; // may be null (step skipped, or a NaN)
};

/// The summary.json of one kind of output folder.
struct SummarySchema {
  std::string folder;  // the folder as named in a study, e.g. "analysis", "" for the study root
  std::string title;   // e.g. "analysis/summary.json"
  std::vector<SummaryKey> keys;
};

/// The declaration of `key` in `schema`, or nullptr.
const SummaryKey* find_key(const SummarySchema& schema, const std::string& key);

/// How a written summary departs from its schema: paths written but not declared, declared
/// (and not optional) but not written, and written with a value of another type.
struct SchemaMismatch {
  std::vector<std::string> undeclared;
  std::vector<std::string> missing;
  std::vector<std::string> wrong_type;  // "path: expected T, got V"
  bool ok() const { return undeclared.empty() && missing.empty() && wrong_type.empty(); }
  /// One line per problem, for a test's failure message.
  std::string describe() const;
};

/// Checks a summary.json value against its schema (members of maps are not checked).
SchemaMismatch check_summary(const SummarySchema& schema, const nlohmann::json& summary);

/// The name of a type as shown in the docs ("number", "integer", …).
const char* summary_type_name(SummaryType type);

/// The markdown table of a schema (| key | type | shape | units | meaning |), as it appears
/// in docs/outputs.md between `<!-- schema:TITLE -->` and `<!-- /schema -->`.
std::string output_schema_markdown(const SummarySchema& schema);

/// One file of a stage's output folder. Its path may hold placeholders such as "{input}",
/// each standing for every value its FileSchema lists (one file per value).
struct OutputFile {
  std::string path;      // relative to the folder, e.g. "flow/{input}_probed.npy"
  std::string dtype;     // "float64" (.npy), "csv", "json", "toml"
  std::string shape;     // .npy: e.g. "(N, H)"; "" for other files
  std::vector<std::string> columns;  // CSV only: the header, in order
  std::string units;     // "" dimensionless
  std::string meaning;   // one line
  bool optional = false; // may be absent (e.g. only with a model, or only with an observer)
};

/// The files of one kind of output folder.
struct FileSchema {
  std::string folder;    // e.g. "analysis"
  std::string title;     // as named in docs/outputs.md, e.g. "analysis/ files"
  std::vector<const OutputFile*> files;
  std::map<std::string, std::vector<std::string>> placeholders;  // e.g. "input" → six names
};

/// `file.path` with the placeholder "{name}" replaced by `value` (the path as is without one).
/// Throws InvalidInput when the path has no such placeholder but a value is given.
std::string file_path(const OutputFile& file, const std::string& name = "",
                      const std::string& value = "");

/// Every path a declaration stands for, its placeholders expanded by the schema's values.
std::vector<std::string> expanded_paths(const FileSchema& schema, const OutputFile& file);

/// How the files written to a folder depart from their schema: written but not declared,
/// declared (and not optional) but not written. Names starting with '.' (the output folder's
/// marker) are not outputs.
struct FileMismatch {
  std::vector<std::string> undeclared;
  std::vector<std::string> missing;
  bool ok() const { return undeclared.empty() && missing.empty(); }
  std::string describe() const;
};

/// Checks relative paths (as written, '/'-separated) against a file schema.
FileMismatch check_files(const FileSchema& schema, const std::vector<std::string>& written);

/// The markdown table of a file schema (| file | type | shape or columns | units | meaning |).
std::string output_files_markdown(const FileSchema& schema);

}  // namespace iblrnn::io
