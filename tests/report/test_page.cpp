// The HTML page: every table row and section present, figures or "not available" boxes,
// nothing loaded from outside the file, safe escaping; the libraries are really inlined.
#include <gtest/gtest.h>

#include <cstring>
#include <regex>

#include "../support/shell.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/report/assets.hpp"
#include "iblrnn/report/html_page.hpp"
#include "report_fixture.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::report;

using iblrnn::testing::TempDir;

namespace {
// The page without the inlined library bundles (which carry URLs in strings, e.g. the SVG
// namespace), i.e. everything the report itself wrote.
std::string own_part(const std::string& html) {
  std::string out = html;
  for (const char* id : {"lib-vega\"", "lib-vega-lite\"", "lib-vega-embed\""}) {
    const std::size_t a = out.find(std::string("<script id=\"") + id);
    if (a == std::string::npos) continue;
    const std::size_t b = out.find("</script>", a);
    out.erase(a, b - a);
  }
  return out;
}

const std::vector<std::string> kFigureIds = {
    "task_session", "task_block_lengths", "fig2a", "fig2b", "fig2c", "fig3a", "fig3b", "fig3c",
    "psychometric", "psychometric_params", "mice_chronometric", "pca", "fig4a", "fig4b", "fig4c", "fig5a", "fig5b",
    "fig5c", "fig6a", "fig6b", "fig7", "line_attractor", "fig8a", "fig8b", "fig9a", "fig9b", "fig9c"};
}  // namespace

TEST(ReportPage, FixturePageHasEveryRowSectionAndFigure) {
  TempDir dir;
  iblrnn::testing::make_report_fixture(dir.path(), 6);
  const ReportPage page = build_report_page(dir.path());
  const std::string html = render_report_html(page);
  for (const auto& row : paper_rows()) {
    EXPECT_NE(html.find("data-key=\"" + row.key + "\""), std::string::npos) << row.key;
    EXPECT_NE(html.find(html_escape(row.paper_text)), std::string::npos) << row.paper_text;
  }
  for (const char* s : {"reproduction", "task", "behavior", "representations", "dynamics",
                        "distillation", "pools"})
    EXPECT_NE(html.find("<section id=\"" + std::string(s) + "\""), std::string::npos) << s;
  std::size_t n = 0;
  for (const auto& s : page.sections)
    for (const auto& f : s.figures) {
      ++n;
      EXPECT_TRUE(f.available()) << f.id << ": " << f.missing;
      if (f.spec.is_null())  // a table card
        EXPECT_NE(html.find("id=\"card-" + f.id + "\"><figcaption><span class=\"label ours\">extra</span>" +
                            html_escape(f.title) + "</figcaption><div class=\"table-wrap\"><table"),
                  std::string::npos) << f.id;
      else
        EXPECT_NE(html.find("<div class=\"chart\" id=\"" + f.id + "\">"), std::string::npos) << f.id;
    }
  EXPECT_EQ(n, kFigureIds.size());
  for (const auto& id : kFigureIds) EXPECT_NE(html.find("id=\"card-" + id + "\""), std::string::npos) << id;
}

TEST(ReportPage, NothingIsLoadedFromOutsideTheFile) {
  TempDir dir;
  iblrnn::testing::make_report_fixture(dir.path(), 4);
  const std::string html = render_report_html(build_report_page(dir.path()));
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_TRUE(std::regex_search(html, std::regex("Content-Security-Policy\" content=\"default-src 'none'")));
  const std::string own = own_part(html);
  EXPECT_LT(own.size(), html.size() / 2);  // the libraries were found and cut out
  EXPECT_EQ(own.find("http://"), std::string::npos);
  EXPECT_EQ(own.find("https://"), std::string::npos);
  EXPECT_EQ(own.find("//cdn"), std::string::npos);
  for (const char* lib : {"lib-vega\"", "lib-vega-lite\"", "lib-vega-embed\""})
    EXPECT_NE(html.find(std::string("<script id=\"") + lib), std::string::npos) << lib;
}

TEST(ReportPage, InlinedLibrariesAreTheNpmBundles) {
  EXPECT_GT(assets::vega_js_size, 300000u);
  EXPECT_GT(assets::vega_lite_js_size, 150000u);
  EXPECT_GT(assets::vega_embed_js_size, 20000u);
  EXPECT_EQ(std::strlen(assets::vega_js), assets::vega_js_size);
  EXPECT_NE(std::string(assets::vega_embed_js, assets::vega_embed_js_size).find("vegaEmbed"),
            std::string::npos);
  for (const char* v : {assets::vega_version, assets::vega_lite_version,
                        assets::vega_embed_version})
    EXPECT_TRUE(std::regex_match(v, std::regex("[0-9]+\\.[0-9]+\\.[0-9]+"))) << v;
  // No bundle closes the <script> element it is placed in.
  for (const std::string& js :
       {std::string(assets::vega_js, assets::vega_js_size),
        std::string(assets::vega_lite_js, assets::vega_lite_js_size),
        std::string(assets::vega_embed_js, assets::vega_embed_js_size)})
    EXPECT_EQ(js.find("</script"), std::string::npos);
}

TEST(ReportPage, EmptyFolderGivesNotAvailableBoxesAndNotRunRows) {
  TempDir dir;
  const ReportPage page = build_report_page(dir.path());
  const std::string html = render_report_html(page);
  std::size_t boxes = 0;
  for (std::size_t p = 0; (p = html.find("class=\"missing\"", p)) != std::string::npos; ++p) ++boxes;
  EXPECT_EQ(boxes, kFigureIds.size());
  EXPECT_NE(html.find("not available: a session&#39;s trials (network/eval/trials.csv missing)"), std::string::npos);
  EXPECT_NE(html.find("not available: flow fields (analysis/flow/grid_pc1.npy missing)"), std::string::npos);
  EXPECT_EQ(html.find("<div class=\"chart\""), std::string::npos);
  for (const auto& r : page.table) EXPECT_EQ(r.judgement.verdict, Verdict::not_run);
}

TEST(ReportPage, MalformedInputBecomesANotAvailableBox) {
  TempDir dir;
  iblrnn::testing::make_report_fixture(dir.path(), 4);
  write_text_file(dir / "analysis/summary.json", "{ not json");
  write_text_file(dir / "analysis/trial_ends.csv", "pc1,pc2,p_right_block\n1,abc,0.5\n");
  const ReportPage page = build_report_page(dir.path());
  const std::string html = render_report_html(page);
  EXPECT_NE(html.find("not available: PCA variance"), std::string::npos);
  EXPECT_NE(html.find("analysis/trial_ends.csv unreadable"), std::string::npos);
}

TEST(ReportPage, CircuitCaptionGivesTimeConstants) {
  TempDir dir;
  iblrnn::testing::make_report_fixture(dir.path(), 4);
  const std::string html = render_report_html(build_report_page(dir.path()));
  // Paper A₁₁ = 0.54, A₂₂ = 0.84 → 1/(1 − A) = 2.17, 6.25 (6.2499… in binary); ours 0.5, 0.85.
  EXPECT_NE(html.find("paper 2.2 / 6.2, ours 2.0 / 6.7 steps"), std::string::npos);
}

TEST(ReportPage, NotAFolderIsAnIoError) {
  TempDir dir;
  EXPECT_THROW(build_report_page(dir / "absent"), IoError);
}

TEST(ReportPage, EscapingKeepsTextAndScriptsIntact) {
  EXPECT_EQ(html_escape("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
  const nlohmann::json j = {{"t", "</script><!-- x"}};
  const std::string s = script_safe_json(j);
  EXPECT_EQ(s.find("</"), std::string::npos);
  EXPECT_EQ(s.find("<!--"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(s), j);  // still the same JSON
}

TEST(ReportPage, RenderingIsDeterministic) {
  TempDir dir;
  iblrnn::testing::make_report_fixture(dir.path(), 4);
  const std::string a = render_report_html(build_report_page(dir.path()));
  const std::string b = render_report_html(build_report_page(dir.path()));
  EXPECT_EQ(a, b);  // deterministic: no clock, no random numbers
}

TEST(ReportPage, AModelThatNeverActsIsNamedNotDrawnAndTheClaimsComeFirst) {
  TempDir dir;
  iblrnn::testing::make_report_fixture(dir.path(), 4);
  auto distill = nlohmann::json::parse(iblrnn::io::read_text_file(dir / "distill/summary.json"));
  distill["never_acts"] = {"conventional"};
  iblrnn::io::write_json(dir / "distill/summary.json", distill);
  auto top = nlohmann::json::parse(iblrnn::io::read_text_file(dir / "summary.json"));
  top["claims"] = nlohmann::json::array(
      {{{"id", "C7"}, {"claim", "the two readouts are non-orthogonal"}, {"where", "§3.2.1"},
        {"counts", {{{"definition", "paper2020"}, {"criterion", "full-space angle < 80°"}, {"fraction", "3/3"},
                     {"n_tested", 3}},
                    {{"definition", "ours"}, {"criterion", "full-space angle < 80°"}, {"fraction", "0/3"},
                     {"n_tested", 3}}}}}});
  top["failed_seeds"] = {{{"seed", 4}, {"reason", "times out on 99.0 % of evaluation trials (not trained)"}}};
  iblrnn::io::write_json(dir / "summary.json", top);
  const ReportPage page = build_report_page(dir.path());
  const Figure* fig = nullptr;
  for (const auto& s : page.sections)
    for (const auto& f : s.figures)
      if (f.id == "fig8b") fig = &f;
  ASSERT_NE(fig, nullptr);
  EXPECT_NE(fig->caption.find("Never acts"), std::string::npos) << fig->caption;
  EXPECT_EQ(fig->spec.dump().find("conventional"), std::string::npos);  // not drawn as 0 %
  const std::string html = render_report_html(page);
  EXPECT_LT(html.find("<section id=\"claims\""), html.find("<section id=\"reproduction\""));
  EXPECT_NE(html.find("3/3"), std::string::npos);
  EXPECT_NE(html.find("Training failed, seed 4"), std::string::npos);
}
