// The report in a real browser: headless Chromium (Debian's `chromium`, driven by
// playwright-core through report/check_report.mjs) opens report.html built from the fixture
// folder and from an empty folder; no console or page error, no network request, and every
// figure an SVG with data marks (or, for the empty folder, a "not available" box).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "../support/browser.hpp"
#include "../support/shell.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/report/html_page.hpp"
#include "report_fixture.hpp"

using namespace iblrnn::io;
using namespace iblrnn::report;

using iblrnn::testing::check_in_browser;
using iblrnn::testing::run_command;
using iblrnn::testing::TempDir;
namespace fs = std::filesystem;

namespace {

void expect_clean(const nlohmann::json& r) {
  EXPECT_TRUE(r["console_errors"].empty()) << r["console_errors"].dump(1);
  EXPECT_TRUE(r["page_errors"].empty()) << r["page_errors"].dump(1);
  EXPECT_TRUE(r["external_requests"].empty()) << r["external_requests"].dump(1);
  EXPECT_EQ(r["rendered"], "done");
  EXPECT_EQ(r["failed_boxes"], 0);
}

}  // namespace

TEST(ReportBrowser, EveryFigureRendersAnSvgWithMarksAndNoErrors) {
  TempDir dir;
  const char* keep = std::getenv("IBLRNN_KEEP_REPORT_FIXTURE");  // for looking at it by hand
  const std::string root = keep && *keep ? keep : dir.path();
  iblrnn::testing::make_report_fixture(root, 10);
  const ReportPage page = build_report_page(root);
  write_text_file(root + "/report.html", render_report_html(page));
  const nlohmann::json r = check_in_browser(root + "/report.html");
  ASSERT_FALSE(r.is_null());
  expect_clean(r);
  EXPECT_EQ(r["missing_boxes"], 0);
  std::size_t n = 0;
  for (const auto& s : page.sections)
    for (const auto& f : s.figures) {
      if (f.spec.is_null()) continue;  // a table card: no Vega figure
      ++n;
      ASSERT_TRUE(r["figures"].contains(f.id)) << f.id;
      EXPECT_TRUE(r["figures"][f.id]["svg"].get<bool>()) << f.id;
      EXPECT_GT(r["figures"][f.id]["marks"].get<int>(), 0) << f.id;
    }
  EXPECT_EQ(r["figures"].size(), n);
}

TEST(ReportBrowser, EmptyFolderShowsNotAvailableBoxesWithoutErrors) {
  TempDir dir;
  const ReportPage page = build_report_page(dir.path());
  write_text_file(dir / "report.html", render_report_html(page));
  const nlohmann::json r = check_in_browser(dir / "report.html");
  ASSERT_FALSE(r.is_null());
  expect_clean(r);
  EXPECT_TRUE(r["figures"].empty());
  std::size_t n = 0;
  for (const auto& s : page.sections) n += s.figures.size();
  EXPECT_EQ(r["missing_boxes"], n);
}
