// The key tables of docs/outputs.md are generated from the declared schemas: the test fails
// when they differ. IBLRNN_UPDATE_DOCS=1 rewrites the file instead (then review the diff).
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/pipeline/output_schemas.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::pipeline;


namespace {
const std::string kOutputsDoc = std::string(IBLRNN_TEST_DATA_DIR) + "/../../docs/outputs.md";
}

TEST(OutputSchemas, DocsTablesAreGeneratedFromTheSchemas) {
  const std::string doc = read_text_file(kOutputsDoc);
  const std::string generated = with_schema_tables(doc);
  if (generated != doc && std::getenv("IBLRNN_UPDATE_DOCS")) {
    write_text_file(kOutputsDoc, generated);
    GTEST_SKIP() << "docs/outputs.md rewritten from the schemas";
  }
  EXPECT_EQ(doc, generated) << "docs/outputs.md is out of date: run "
                               "IBLRNN_UPDATE_DOCS=1 build/release/tests/test_pipeline "
                               "--gtest_filter=OutputSchemas.*";
  for (const SummarySchema* s : summary_schemas())
    EXPECT_NE(doc.find("<!-- schema:" + s->title + " -->"), std::string::npos) << s->title;
}

TEST(OutputSchemas, EachKeyIsDeclaredOnceWithAMeaning) {
  for (const SummarySchema* s : summary_schemas()) {
    std::set<std::string> seen;
    for (const SummaryKey& k : s->keys) {
      EXPECT_TRUE(seen.insert(k.key).second) << s->title << ": " << k.key << " declared twice";
      EXPECT_FALSE(k.meaning.empty()) << s->title << ": " << k.key;
      const auto slash = k.key.rfind('/');
      if (slash != std::string::npos) {
        const SummaryKey* parent = find_key(*s, k.key.substr(0, slash));
        ASSERT_NE(parent, nullptr) << s->title << ": " << k.key << " has no declared parent";
        EXPECT_EQ(parent->type, SummaryType::object) << k.key;
      }
    }
  }
}

TEST(OutputSchemas, UnknownOrUnclosedBlocksAreRejected) {
  EXPECT_THROW(with_schema_tables("<!-- schema:nope/summary.json -->\n<!-- /schema -->"), InvalidInput);
  EXPECT_THROW(with_schema_tables("<!-- schema:summary.json -->\n"), InvalidInput);
  const std::string once = with_schema_tables("a\n<!-- schema:summary.json -->\nSTALE-TABLE\n<!-- /schema -->\nb");
  EXPECT_EQ(with_schema_tables(once), once);
  EXPECT_EQ(once.find("STALE-TABLE"), std::string::npos);
  EXPECT_NE(once.find("| `rnn_accuracy` | seeds |"), std::string::npos);
}

TEST(OutputSchemas, EachFileIsDeclaredOnceWithAMeaningAndInTheDocs) {
  const std::string doc = read_text_file(kOutputsDoc);
  for (const FileSchema* s : file_schemas()) {
    EXPECT_NE(doc.find("<!-- schema:" + s->title + " -->"), std::string::npos) << s->title;
    std::set<std::string> seen;
    for (const OutputFile* f : s->files) {
      EXPECT_TRUE(seen.insert(f->path).second) << s->title << ": " << f->path << " declared twice";
      EXPECT_FALSE(f->meaning.empty()) << f->path;
      EXPECT_EQ(f->dtype == "csv", !f->columns.empty()) << f->path << ": CSV files declare their columns";
    }
  }
}
