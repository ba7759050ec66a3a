// The real mouse data (../shared/data/ibl-mouse-may2020, when present): pooled over mice,
// biased blocks, no-go trials excluded, the headline figures must be close to SPEC §4's
// (computed on 54 mice; this export holds 44, so the tolerances allow for the difference).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "iblrnn/behavior/analyze.hpp"
#include "iblrnn/behavior/mouse_data.hpp"

using namespace iblrnn::behavior;

namespace iblrnn {
namespace {

const std::string kMice = std::string(IBLRNN_SHARED_DIR) + "/data/ibl-mouse-may2020";

TEST(MouseReference, PooledFiguresMatchTheSpec) {
  if (!std::filesystem::is_directory(kMice))
    GTEST_SKIP() << "mouse data not found at " << kMice << "; reference check skipped";
  const auto t0 = std::chrono::steady_clock::now();
  const BehaviorTable t = read_mouse_folder(kMice, false);
  const auto t1 = std::chrono::steady_clock::now();
  const BehaviorCurves c = analyze_rows(t, all_rows(t), BehaviorConfig{}, "");
  const auto t2 = std::chrono::steady_clock::now();
  const nlohmann::json& s = c.summary;

  auto acc_at = [&](double x) {
    for (const auto& p : s["accuracy_by_abs_signal"])
      if (p["x"].get<double>() == x) return p["mean"].get<double>();
    return -1.0;
  };
  auto median_at = [&](double x) {
    for (const auto& p : s["median_rt_by_abs_signal"])
      if (p["x"].get<double>() == x) return p["median"].get<double>();
    return -1.0;
  };
  const double acc100 = acc_at(1.0), acc0 = acc_at(0.0);
  const double pr_right = s["p_right_zero_signal"]["block_right"]["mean"].get<double>();
  const double pr_left = s["p_right_zero_signal"]["block_left"]["mean"].get<double>();
  const double rt100 = median_at(1.0), rt0 = median_at(0.0);
  std::printf("mice: %zu subjects, %lld trials, %lld RT missing; read %.2f s, analysed %.2f s\n",
              t.subjects.size(), static_cast<long long>(t.size()),
              static_cast<long long>(t.n_rt_missing()),
              std::chrono::duration<double>(t1 - t0).count(),
              std::chrono::duration<double>(t2 - t1).count());
  std::printf("accuracy 100%% %.4f (spec 0.944), 0%% %.4f (0.601)\n", acc100, acc0);
  std::printf("P(right|0%%) P(left)=0.2 %.4f (0.646), 0.8 %.4f (0.306)\n", pr_right, pr_left);
  std::printf("median RT 100%% %.4f s (0.261), 0%% %.4f s (0.424)\n", rt100, rt0);
  std::printf("bias shift (fit m) %.4f +- %.4f\n", s["bias_shift"]["fit_m"]["value"].get<double>(),
              s["bias_shift"]["fit_m"]["se"].get<double>());

  EXPECT_EQ(t.subjects.size(), 44u);
  EXPECT_GT(t.size(), 900000u);
  EXPECT_NEAR(acc100, 0.944, 0.01);
  EXPECT_NEAR(acc0, 0.601, 0.01);
  EXPECT_NEAR(pr_right, 0.646, 0.025);
  EXPECT_NEAR(pr_left, 0.306, 0.015);
  EXPECT_NEAR(rt100, 0.261, 0.015);
  EXPECT_NEAR(rt0, 0.424, 0.03);
  EXPECT_GT(s["bias_shift"]["fit_m"]["value"].get<double>(), 0.0);
}

}  // namespace
}  // namespace iblrnn
