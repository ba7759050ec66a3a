// The iblrnn executable: `report` on a simulated run writes one self-contained page (default
// DIR/report.html or --out), and a folder that does not exist is one line with exit 2.
#include <gtest/gtest.h>

#include <filesystem>

#include "../support/cli_prelude.hpp"

using namespace iblrnn::io;

TEST(CliReport, WritesTheReportOfASimulatedRun) {
  TempDir dir;
  ASSERT_EQ(iblrnn_cli("simulate --agent random --blocks 3 --out " + (dir / "run")).exit_code, 0);
  const auto r = iblrnn_cli("report " + (dir / "run"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("wrote " + (dir / "run/report.html")), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("11 not run"), std::string::npos) << r.output;  // no study outputs yet
  const std::string html = read_text_file(dir / "run/report.html");
  EXPECT_NE(html.find("Reproduction table"), std::string::npos);
  EXPECT_NE(html.find("<div class=\"chart\" id=\"task_session\">"), std::string::npos);
  EXPECT_NE(html.find("<div class=\"chart\" id=\"fig2a\">"), std::string::npos);  // from trials.csv
  const auto o = iblrnn_cli("report " + (dir / "run") + " --out " + (dir / "page.html"));
  ASSERT_EQ(o.exit_code, 0) << o.output;
  EXPECT_EQ(read_text_file(dir / "page.html"), html);
  for (const auto& e : fs::directory_iterator(dir.path() + "/run"))
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
}

TEST(CliReport, MissingFolderIsOneLineExitTwo) {
  TempDir dir;
  const auto r = iblrnn_cli("report " + (dir / "absent"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find(dir / "absent"), std::string::npos) << r.output;
  int lines = 0;
  for (char c : r.output) lines += c == '\n';
  EXPECT_EQ(lines, 1) << r.output;
}
