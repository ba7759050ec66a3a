// Report helpers on hand-made records: the mice's rare contrasts left out of curves.
#include <gtest/gtest.h>

#include "../../src/report/figure_parts.hpp"

using namespace iblrnn::report;

using nlohmann::json;

TEST(RareMouseLevels, LevelsUnderFivePercentOfTheMedianAreDroppedForMiceOnly) {
  json rows = json::array();
  // Mice: 0, ±0.0625, ±0.25 with 1000 trials; ±0.04 with 49 (< 5 % of 1000) and 0.08 with 50.
  for (double x : {0.0, 0.0625, -0.0625, 0.25, -0.25})
    for (const char* g : {"correct", "wrong"}) rows.push_back({{"mice", true}, {"signed_signal", x}, {"n", 1000}, {"g", g}});
  rows.push_back({{"mice", true}, {"signed_signal", 0.04}, {"n", 49}});
  rows.push_back({{"mice", true}, {"signed_signal", -0.04}, {"n", 30}});
  rows.push_back({{"mice", true}, {"signed_signal", 0.08}, {"n", 50}});
  // An agent's record at a rare level is kept.
  rows.push_back({{"agent", "RNN"}, {"signed_signal", 0.04}, {"n", 1}});
  std::string note;
  const json kept = parts::without_rare_mouse_levels(rows, "signed_signal", note);
  ASSERT_EQ(kept.size(), rows.size() - 2);
  for (const auto& r : kept)
    if (r.contains("mice")) EXPECT_NE(std::abs(r["signed_signal"].get<double>()), 0.04) << r.dump();
  EXPECT_EQ(kept.back()["agent"], "RNN");
  EXPECT_EQ(note, " The mice's rare contrasts (4 %: under 5 % of a usual contrast's trials) are left out.");
}

TEST(RareMouseLevels, NothingRareNothingSaid) {
  json rows = json::array();
  for (double x : {0.0, 0.5, 1.0}) rows.push_back({{"mice", true}, {"signed_signal", x}, {"n", 100}});
  std::string note = "stale";
  EXPECT_EQ(parts::without_rare_mouse_levels(rows, "signed_signal", note), rows);
  EXPECT_EQ(note, "");
}
