// `iblrnn config`: the fuzz target's seed configurations (fuzz/corpus/toml_config) are what
// the command prints today, so the fuzzer starts from every field there is; the kernel set
// line is the machine's and is left out of the comparison.
#include <sstream>

#include "../support/cli_prelude.hpp"

namespace {

// `text` without its `kernels = …` line.
std::string without_kernels_line(const std::string& text) {
  std::istringstream in(text);
  std::string line, out;
  while (std::getline(in, line))
    if (line.rfind("kernels = ", 0) != 0) out += line + "\n";
  return out;
}

const fs::path kSeeds =
    (fs::path(IBLRNN_TEST_DATA_DIR) / ".." / ".." / "fuzz" / "corpus" / "toml_config").lexically_normal();

}  // namespace

TEST(CliConfig, FuzzSeedsAreWhatConfigPrints) {
  for (const auto& [seed, args] : {std::pair<std::string, std::string>{"default.toml", "config"},
                                   {"iblrig.toml", "config --preset iblrig"}}) {
    const auto r = iblrnn_cli(args);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(without_kernels_line(read_text_file((kSeeds / seed).string())), without_kernels_line(r.output))
        << seed << " is out of date: regenerate it with `iblrnn " << args << " > " << (kSeeds / seed).string() << "`";
  }
}
