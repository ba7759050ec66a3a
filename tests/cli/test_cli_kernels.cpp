// The kernel set of the iblrnn executable: --version names it, IBLRNN_KERNELS forces one and
// is refused (one line, exit 2, nothing written) when it names no set or one the CPU lacks,
// and config.toml records the set that made the folder.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "iblrnn/rnn/kernel_set.hpp"
#include "../support/cli_prelude.hpp"

using namespace iblrnn::rnn;

namespace {

CommandResult iblrnn_with_kernels(const std::string& value, const std::string& args) {
  return run_command("IBLRNN_KERNELS=" + value + " " + IBLRNN_BINARY + " " + args + " </dev/null");
}

}  // namespace

TEST(CliKernels, VersionNamesTheBestSetThisCpuRuns) {
  const auto r = run_command("env -u IBLRNN_KERNELS " + std::string(IBLRNN_BINARY) + " --version");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string best = kernel_set_name(supported_kernel_sets().back());
  EXPECT_EQ(r.output, "iblrnn " IBLRNN_VERSION "\nkernels: " + best + " (cpu: " +
                          (cpu_kernel_features().empty() ? "none" : cpu_kernel_features()) +
                          ")\n");
}

TEST(CliKernels, EachSupportedSetCanBeForcedAndIsRecorded) {
  for (KernelSet set : supported_kernel_sets()) {
    const std::string name = kernel_set_name(set);
    const auto v = iblrnn_with_kernels(name, "--version");
    ASSERT_EQ(v.exit_code, 0) << v.output;
    EXPECT_NE(v.output.find("\nkernels: " + name + " (cpu: "), std::string::npos) << v.output;
    TempDir dir;
    const auto t = iblrnn_with_kernels(name, "train --hidden 5 --steps 2 --set task.n_blocks=1 "
                                             "--set train.batch_size=2 --out " + (dir / "run"));
    ASSERT_EQ(t.exit_code, 0) << t.output;
    EXPECT_NE(read_text_file(dir / "run/config.toml").find("[iblrnn]\nversion = \"" IBLRNN_VERSION
                                                          "\"\nkernels = \"" + name + "\"\n"),
              std::string::npos)
        << name;
  }
}

TEST(CliKernels, AnUnknownOrUnsupportedSetIsRefusedBeforeAnythingIsWritten) {
  TempDir dir;
  const auto r = iblrnn_with_kernels("avx1024", "train --hidden 5 --steps 2 --out " + (dir / "run"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.output, "iblrnn: error: IBLRNN_KERNELS: kernel set must be one of generic, avx2, avx512, "
                      "got \"avx1024\"\n");
  EXPECT_FALSE(fs::exists(dir / "run"));
  bool any_unsupported = false;
  for (KernelSet set : {KernelSet::avx2, KernelSet::avx512}) {
    if (kernel_set_supported(set)) continue;
    any_unsupported = true;
    const auto u = iblrnn_with_kernels(kernel_set_name(set), "--version");
    EXPECT_EQ(u.exit_code, 2) << u.output;
    EXPECT_NE(u.output.find("kernel set must be one this CPU runs"), std::string::npos) << u.output;
  }
  // The refusal of a set the CPU lacks is also tested on a described CPU (test_kernel_set.cpp).
  if (!any_unsupported) std::printf("(this CPU runs every kernel set: the lacking-CPU case is tested in test_rnn)\n");
  // Empty means automatic, as if unset.
  const auto e = iblrnn_with_kernels("", "--version");
  EXPECT_EQ(e.exit_code, 0) << e.output;
}

// train.precision = float32 under a kernel set without the float32 steps: one line naming the
// field, what it needs and what it got; exit 2; nothing written.
TEST(CliKernels, Float32TrainingOutsideTheAvx512SetIsRefused) {
  if (!kernel_set_supported(KernelSet::avx2)) GTEST_SKIP() << "this CPU does not run the avx2 set";
  TempDir dir;
  const auto r = iblrnn_with_kernels("avx2", "train --hidden 5 --steps 2 --set train.precision=float32 --out " +
                                                 (dir / "run"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.output, "iblrnn: error: train: precision float32 needs the avx512 kernel set and, for "
                      "network.arch = rnn, network.n_hidden <= 512, got \"arch = rnn, n_hidden = 5, "
                      "kernels = avx2\"\n");
  EXPECT_FALSE(fs::exists(dir / "run"));
}
