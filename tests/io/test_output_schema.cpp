// The output schema's check: written-but-undeclared, declared-but-missing and wrongly typed
// keys are each found, at any depth; optional, nullable and map keys are honoured; the docs
// table has one row per key.
#include <gtest/gtest.h>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/output_schema.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;


namespace {

SummarySchema small_schema() {
  SummarySchema s;
  s.title = "x/summary.json";
  s.keys = {{"accuracy", SummaryType::number, "", "fraction", "share of correct trials"},
            {"n", SummaryType::integer, "", "trials", "trials"},
            {"fit", SummaryType::object, "", "", "a fit", false, true},
            {"fit/slope", SummaryType::number, "", "", "slope"},
            {"fit/extra", SummaryType::text, "", "", "only sometimes", true},
            {"timing_s", SummaryType::map, "{stage: s}", "s", "times"},
            {"angles", SummaryType::numbers, "(2,)", "deg", "two angles"},
            {"rise", SummaryType::seeds, "per seed", "", "a table row"}};
  return s;
}

nlohmann::json good_summary() {
  return {{"accuracy", 0.8},
          {"n", 10},
          {"fit", {{"slope", 1.5}}},
          {"timing_s", {{"pca", 0.1}, {"any_stage", 2}}},
          {"angles", {73.0, nullptr}},
          {"rise", {{"seeds", {0.5, nullptr}}}}};
}

}  // namespace

TEST(OutputSchema, AMatchingSummaryPasses) {
  const auto m = check_summary(small_schema(), good_summary());
  EXPECT_TRUE(m.ok()) << m.describe();
}

TEST(OutputSchema, UndeclaredKeysAreFoundAtAnyDepth) {
  auto j = good_summary();
  j["new_key"] = 1;
  j["fit"]["intercept"] = 0.0;
  const auto m = check_summary(small_schema(), j);
  EXPECT_EQ(m.undeclared, (std::vector<std::string>{"fit/intercept", "new_key"}));
  EXPECT_TRUE(m.missing.empty());
}

TEST(OutputSchema, MissingKeysAreFoundUnlessOptionalOrUnderAnAbsentParent) {
  auto j = good_summary();
  j.erase("n");
  j["fit"].erase("slope");
  auto m = check_summary(small_schema(), j);
  EXPECT_EQ(m.missing, (std::vector<std::string>{"n", "fit/slope"}));
  // A nullable object written as null: its members are not expected.
  j = good_summary();
  j["fit"] = nullptr;
  m = check_summary(small_schema(), j);
  EXPECT_TRUE(m.ok()) << m.describe();
}

TEST(OutputSchema, WrongTypesAndUnexpectedNullsAreFound) {
  auto j = good_summary();
  j["n"] = 2.5;                 // not an integer
  j["angles"] = {1.0, "x"};     // not all numbers
  j["accuracy"] = nullptr;      // not nullable
  j["rise"] = 0.5;              // not {"seeds": [...]}
  const auto m = check_summary(small_schema(), j);
  ASSERT_EQ(m.wrong_type.size(), 4u) << m.describe();
  EXPECT_NE(m.describe().find("wrong type: accuracy: expected number, got null"), std::string::npos);
  EXPECT_NE(m.describe().find("wrong type: n: expected integer, got 2.5"), std::string::npos);
}

TEST(OutputSchema, MarkdownHasOneRowPerKey) {
  const std::string md = output_schema_markdown(small_schema());
  EXPECT_EQ(md.rfind("| key | type | shape | units | meaning |\n|---|---|---|---|---|\n", 0), 0u);
  EXPECT_NE(md.find("| `fit/extra` | text |  |  | only sometimes (optional) |\n"), std::string::npos);
  EXPECT_NE(md.find("| `angles` | numbers | (2,) | deg | two angles |\n"), std::string::npos);
  std::size_t rows = 0;
  for (char c : md) rows += c == '\n';
  EXPECT_EQ(rows, 2 + small_schema().keys.size());
}

TEST(OutputSchema, MarkdownEscapesBarsInsideCells) {
  SummarySchema schema{"x", "x/summary.json", {{"label", SummaryType::text, "", "", "line_attractor | bistable"}}};
  const std::string md = output_schema_markdown(schema);
  EXPECT_NE(md.find("| `label` | text |  |  | line_attractor \\| bistable |\n"), std::string::npos) << md;
}

namespace {
const OutputFile kTable{"table.csv", "csv", "", {"a", "b"}, "", "a table"};
const OutputFile kPerInput{"flow/{input}_field.npy", "float64", "(n, 2)", {}, "", "one per input"};
const OutputFile kMaybe{"extra.npy", "float64", "(n,)", {}, "", "only sometimes", true};

FileSchema small_files() {
  FileSchema s;
  s.folder = "x";
  s.title = "x/ files";
  s.files = {&kTable, &kPerInput, &kMaybe};
  s.placeholders["input"] = {"left", "right"};
  return s;
}
}  // namespace

TEST(OutputFiles, PlaceholdersExpandToOnePathPerValue) {
  EXPECT_EQ(expanded_paths(small_files(), kPerInput),
            (std::vector<std::string>{"flow/left_field.npy", "flow/right_field.npy"}));
  EXPECT_EQ(file_path(kPerInput, "input", "left"), "flow/left_field.npy");
  EXPECT_EQ(file_path(kTable), "table.csv");
  EXPECT_THROW(file_path(kTable, "input", "left"), InvalidInput);
}

TEST(OutputFiles, UndeclaredAndMissingFilesAreFound) {
  const FileSchema s = small_files();
  EXPECT_TRUE(check_files(s, {"table.csv", "flow/left_field.npy", "flow/right_field.npy", ".marker"}).ok());
  const FileMismatch m = check_files(s, {"table.csv", "flow/left_field.npy", "flow/up_field.npy"});
  EXPECT_EQ(m.undeclared, (std::vector<std::string>{"flow/up_field.npy"}));
  EXPECT_EQ(m.missing, (std::vector<std::string>{"flow/right_field.npy"}));
  EXPECT_NE(m.describe().find("declared but not written: flow/right_field.npy"), std::string::npos);
}

TEST(OutputFiles, MarkdownHasOneRowPerDeclaration) {
  const std::string md = output_files_markdown(small_files());
  EXPECT_NE(md.find("| `table.csv` | csv | a, b |  | a table |"), std::string::npos) << md;
  EXPECT_NE(md.find("| `extra.npy` | float64 | (n,) |  | only sometimes (optional) |"), std::string::npos);
  EXPECT_NE(md.find("`{input}`: `left`, `right`."), std::string::npos) << md;
}
