// The evaluation session's section [eval]: its rules, its fields reachable without a section
// name, and config files that still hold the fields it took over from [distill].
#include <filesystem>

#include <gtest/gtest.h>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/pipeline/study_config.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::pipeline;


namespace {

std::string message_of(const EvalConfig& c) {
  try {
    c.validate();
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "";
}

std::string temp_file(const std::string& name, const std::string& text) {
  const auto p = std::filesystem::temp_directory_path() / ("iblrnn_test_eval_config_" + name);
  write_text_file(p.string(), text);
  return p.string();
}

}  // namespace

TEST(EvalConfig, ValidateNamesTheFieldTheRuleAndTheValue) {
  EXPECT_EQ(message_of(EvalConfig{}), "");
  EvalConfig c;
  c.eval_blocks = 0;
  EXPECT_EQ(message_of(c), "EvalConfig: eval_blocks must be in [1, 1000000], got 0");
  c = {};
  c.eval_seed = -1;
  EXPECT_EQ(message_of(c), "EvalConfig: eval_seed must be >= 0, got -1");
}

TEST(EvalConfig, ItsFieldsNeedNoSectionName) {
  StudyConfig c;
  apply_set(c, "eval_blocks=7");
  apply_set(c, "eval_seed=3");
  EXPECT_EQ(c.eval.eval_blocks, 7);
  EXPECT_EQ(c.eval.eval_seed, 3);
  EXPECT_EQ(c.task.n_blocks, StudyConfig{}.task.n_blocks);
  EXPECT_EQ(c.train.seed, StudyConfig{}.train.seed);
  StudyConfig back;
  load_config_file(back, temp_file("roundtrip.toml", to_toml(c)));
  EXPECT_EQ(back.eval.eval_blocks, 7);
  EXPECT_EQ(back.eval.eval_seed, 3);
}

TEST(EvalConfig, FilesWithTheFormerDistillFieldsStillLoad) {
  StudyConfig c;
  load_config_file(c, temp_file("old.toml", "[distill]\neval_blocks = 9\neval_seed = -1\n"));
  EXPECT_EQ(c.eval.eval_blocks, 9);
  EXPECT_EQ(c.eval.eval_seed, EvalConfig{}.eval_seed);  // -1 meant RUN/eval's seed
  load_config_file(c, temp_file("old_seed.toml", "[distill]\neval_seed = 5\n"));
  EXPECT_EQ(c.eval.eval_seed, 5);
  try {
    load_config_file(c, temp_file("old_bad.toml", "[distill]\neval_blocks = \"many\"\n"));
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("old_bad.toml:2: eval_blocks expects an integer"),
              std::string::npos)
        << e.what();
  }
}
