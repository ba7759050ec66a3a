// Fig 9c's caption states what the weights measure on the network shown, not the paper's claim.
#include <gtest/gtest.h>

#include "../support/shell.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/report/figures.hpp"

using namespace iblrnn::io;
using namespace iblrnn::report;

using iblrnn::testing::TempDir;

namespace {

std::string fig9c_caption(const std::string& dir, double aa, double bb, double ab, double ba) {
  make_dirs(dir + "/analysis/pools");
  write_npy(dir + "/analysis/pools/W_rec_reordered.npy", std::vector<double>{aa, ab, ba, bb}, {2, 2});
  write_json(dir + "/analysis/summary.json",
             {{"pools", {{"mean_weight_within_a", aa}, {"mean_weight_within_b", bb},
                         {"mean_weight_a_to_b", ab}, {"mean_weight_b_to_a", ba}}}});
  ReportFolder f(dir);
  for (const Figure& fig : pools_section(f).figures)
    if (fig.id == "fig9c") {
      EXPECT_TRUE(fig.available()) << fig.missing;
      return fig.caption;
    }
  return "";
}

}  // namespace

TEST(PoolFigures, Fig9cCaptionStatesTheMeasuredWeights) {
  TempDir a, b;
  const std::string yes = fig9c_caption(a.path(), 0.25, 0.125, -0.5, -0.0625);
  EXPECT_NE(yes.find("within pool A 0.25, within pool B 0.125, from A to B -0.5, from B to A -0.0625"),
            std::string::npos) << yes;
  EXPECT_NE(yes.find(": excitation within pools and inhibition between them, as in the paper."), std::string::npos) << yes;
  const std::string no = fig9c_caption(b.path(), 0.25, -0.125, -0.5, -0.0625);
  EXPECT_NE(no.find("not the paper's excitation within pools"), std::string::npos) << no;
}
