// The report in a real browser: headless Chromium (Debian's `chromium`, driven by
// playwright-core through report/check_report.mjs) opens report.html built from the fixture
// folder and from an empty folder; no console or page error, no network request, and every
// figure an SVG with data marks (or, for the empty folder, a "not available" box).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "../support/shell.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/report/html_page.hpp"
#include "report_fixture.hpp"

using namespace iblrnn;
using iblrnn::testing::run_command;
using iblrnn::testing::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string kSourceRoot = std::string(IBLRNN_TEST_DATA_DIR) + "/../..";

// The first of `names` found on PATH (or the value of env_var when set), else "".
std::string find_program(const char* env_var, std::initializer_list<const char*> names) {
  if (const char* v = std::getenv(env_var); v && *v) return v;
  const char* path = std::getenv("PATH");
  std::stringstream ss(path ? path : "");
  std::string dir;
  while (std::getline(ss, dir, ':'))
    for (const char* n : names)
      if (fs::exists(dir + "/" + n)) return dir + "/" + n;
  return "";
}

// Runs the browser check on `html`; fails the test with a clear message when a tool is missing.
nlohmann::json check_in_browser(const std::string& html) {
  const std::string chromium = find_program("IBLRNN_CHROMIUM", {"chromium", "chromium-browser", "google-chrome"});
  const std::string node = find_program("IBLRNN_NODE", {"node", "nodejs"});
  const std::string script = kSourceRoot + "/report/check_report.mjs";
  if (chromium.empty())
    ADD_FAILURE() << "headless Chromium not found on PATH: run scripts/install_deps.sh (Debian package "
                     "chromium) or set IBLRNN_CHROMIUM";
  if (node.empty()) ADD_FAILURE() << "node not found: run scripts/install_deps.sh (Debian package nodejs)";
  if (!fs::exists(kSourceRoot + "/report/node_modules/playwright-core"))
    ADD_FAILURE() << "report/node_modules/playwright-core missing: run scripts/install_deps.sh (npm ci in report/)";
  if (chromium.empty() || node.empty()) return nullptr;
  const auto r = run_command("'" + node + "' '" + script + "' '" + html + "' '" + chromium + "'");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const std::size_t brace = r.output.rfind("\n{");
  const std::string last = r.output.substr(brace == std::string::npos ? 0 : brace + 1);
  try {
    return nlohmann::json::parse(last);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "browser check printed no JSON: " << r.output;
    return nullptr;
  }
}

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
