#include "iblrnn/report/html_page.hpp"

#include <map>

#include "iblrnn/report/assets.hpp"
#include "iblrnn/report/figures.hpp"

namespace iblrnn::report {
namespace {

using nlohmann::json;

const char* kStyle = R"CSS(
:root { --ink: #1a1a1a; --muted: #666; --rule: #d9d9d9; --paper: #fff; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #f6f6f4;
       font: 14px/1.45 "Helvetica Neue", Helvetica, Arial, sans-serif; }
header { background: #20262e; color: #fff; padding: 22px 40px 16px; }
header h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; letter-spacing: .2px; }
header p { margin: 2px 0; color: #c9d1d9; font-size: 13px; }
nav { position: sticky; top: 0; z-index: 10; background: #fff; border-bottom: 1px solid var(--rule);
      padding: 8px 40px; font-size: 13px; }
nav a { color: #2166ac; text-decoration: none; margin-right: 18px; }
main { max-width: 1500px; margin: 0 auto; padding: 10px 40px 40px; }
section { margin-top: 26px; }
h2 { font-size: 18px; font-weight: 600; border-bottom: 2px solid var(--ink); padding-bottom: 4px;
     margin: 0 0 6px; }
.intro { color: var(--muted); margin: 0 0 12px; max-width: 900px; }
.grid { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
figure.fig { margin: 0; background: var(--paper); border: 1px solid var(--rule); border-radius: 4px;
             padding: 12px 14px 10px; break-inside: avoid; page-break-inside: avoid; max-width: 100%; }
figure.fig.wide { flex-basis: 100%; }
figcaption { font-weight: 600; font-size: 14px; margin-bottom: 6px; }
figcaption .label { display: inline-block; min-width: 54px; color: #fff; background: #20262e;
                    border-radius: 3px; padding: 0 6px; margin-right: 8px; font-size: 12px;
                    text-align: center; }
figcaption .label.ours { background: #8c8c8c; }
.caption { color: var(--muted); font-size: 12px; margin: 6px 0 0; max-width: 520px; }
.chart { min-height: 40px; }
.missing { border: 1px dashed #b0b0b0; background: repeating-linear-gradient(135deg, #fafafa 0 8px, #f2f2f2 8px 16px);
           color: #555; padding: 26px 18px; font-size: 13px; min-width: 300px; max-width: 520px; border-radius: 3px; }
.missing b { color: #8a4b08; }
.failed { border: 1px solid #d6604d; background: #fdf0ec; color: #8a1c0c; padding: 10px; font-size: 12px; }
table.repro { border-collapse: collapse; width: 100%; background: var(--paper); font-size: 13px;
              border: 1px solid var(--rule); }
table.repro th { text-align: left; font-weight: 600; background: #eef0f2; padding: 7px 10px;
                 border-bottom: 1px solid #bbb; white-space: nowrap; }
table.repro td { padding: 6px 10px; border-bottom: 1px solid #eee; vertical-align: top; }
table.repro td.num { font-variant-numeric: tabular-nums; }
table.repro td.spread { white-space: nowrap; }
table.repro td.spread .per-seed { white-space: normal; color: var(--muted); font-size: 11px; max-width: 220px; }
p.training-failed { border-left: 4px solid #c0392b; padding: 4px 10px; background: #fdecea; }
.table-wrap { overflow-x: auto; }
table.repro td.reason { color: var(--muted); font-size: 12px; min-width: 230px; }
table.repro td.quantity { min-width: 190px; }
table.repro tr { break-inside: avoid; page-break-inside: avoid; }
table.params { font-size: 12px; }
table.params th { white-space: normal; vertical-align: bottom; padding: 5px 6px; }
table.params td { padding: 4px 6px; }
table.params td.num { white-space: nowrap; }
table.params td .sub { color: var(--muted); font-size: 11px; }
details.folded { margin-top: 6px; }
details.folded summary { cursor: pointer; color: #2166ac; font-size: 13px; }
.verdict { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px;
           font-weight: 600; white-space: nowrap; }
.v-reproduced { background: #d9f0d3; color: #1b5e20; }
.v-qualitatively { background: #fdeeb5; color: #7a5300; }
.v-differs { background: #f9d0c4; color: #8a1c0c; }
.v-not-run { background: #e6e6e6; color: #555; }
.tally { margin: 6px 0 10px; color: var(--muted); }
.tally .verdict { margin-right: 6px; }
footer { color: var(--muted); font-size: 12px; padding: 16px 40px 30px; max-width: 1500px; margin: 0 auto; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { background: #fff; font-size: 10pt; }
  header { background: #fff; color: #000; padding: 0 0 6px; border-bottom: 2px solid #000; }
  header p { color: #333; }
  nav, .vega-embed details, .vega-embed summary { display: none !important; }
  main { padding: 0; max-width: none; }
  .grid { display: block; }
  /* Two figures side by side, each drawing scaled to its half of the page (wide ones whole):
     figures flow two to four to a page instead of one. */
  figure.fig { display: inline-block; vertical-align: top; box-sizing: border-box;
               width: calc(50% - 12px); margin: 0 4px 8px 0; padding: 6px 8px; border-color: #ccc; }
  figure.fig.wide { width: calc(100% - 6px); }
  .chart svg { max-width: 100%; height: auto; }
  .caption { max-width: none; font-size: 9pt; }
  figcaption { font-size: 10pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section { break-before: auto; }
  .vega-embed.has-actions { padding-right: 0; }
  /* The parameter table fits the page width: smaller type, no scrolling box. */
  .table-wrap { overflow: visible; }
  table.params { font-size: 7.5pt; }
  table.params th, table.params td { padding: 3px 4px; }
  table.params td .sub { font-size: 7pt; }
}
)CSS";

// Renders each figure with vega-embed (SVG renderer; actions: save as SVG / PNG only) and
// records completion on <body data-rendered> so that a test or a user can see failures.
const char* kScript = R"JS(
(function () {
  var data = JSON.parse(document.getElementById('report-specs').textContent);
  var options = {
    mode: 'vega-lite', renderer: 'svg', config: data.config,
    actions: { export: { svg: true, png: true }, source: false, compiled: false, editor: false },
    scaleFactor: { png: 3 }
  };
  var ids = Object.keys(data.figures);
  var failed = [];
  var jobs = ids.map(function (id) {
    var opts = Object.assign({}, options, { downloadFileName: id });
    return vegaEmbed('#' + id, data.figures[id], opts).catch(function (err) {
      failed.push(id);
      var box = document.getElementById(id);
      box.innerHTML = '';
      var div = document.createElement('div');
      div.className = 'failed';
      div.textContent = 'figure failed to render: ' + (err && err.message ? err.message : err);
      box.appendChild(div);
      console.error('figure ' + id + ' failed: ' + (err && err.message ? err.message : err));
    });
  });
  Promise.all(jobs).then(function () {
    document.body.setAttribute('data-rendered', failed.length ? 'failed' : 'done');
    document.body.setAttribute('data-figures', String(ids.length));
  });
})();
)JS";

std::string verdict_class(Verdict v) {
  switch (v) {
    case Verdict::reproduced: return "v-reproduced";
    case Verdict::qualitatively: return "v-qualitatively";
    case Verdict::differs: return "v-differs";
    case Verdict::not_run: return "v-not-run";
  }
  return "v-not-run";
}

std::string pill(Verdict v) {
  return "<span class=\"verdict " + verdict_class(v) + "\">" + html_escape(verdict_name(v)) + "</span>";
}

std::string render_table(const std::vector<ReproRow>& rows) {
  std::map<Verdict, int> tally;
  for (const auto& r : rows) ++tally[r.judgement.verdict];
  std::string h = "<section id=\"reproduction\"><h2>Reproduction table</h2>\n";
  h += "<p class=\"intro\">Every number the paper reports beside ours. \"Ours\" is the mean "
       "over the seeds run; the spread is their standard deviation. Verdicts follow fixed rules "
       "(docs/report.md): <b>reproduced</b> within the row's tolerance (or twice the seeds' spread), "
       "<b>qualitatively</b> the same effect outside it, <b>differs</b> otherwise, <b>not run</b> "
       "when the output folder lacks the value.</p>\n<p class=\"tally\">";
  for (Verdict v : {Verdict::reproduced, Verdict::qualitatively, Verdict::differs, Verdict::not_run})
    h += pill(v) + std::to_string(tally[v]) + " &nbsp; ";
  h += "</p>\n<div class=\"table-wrap\"><table class=\"repro\"><thead><tr><th>quantity</th><th>where</th><th>paper</th>"
       "<th>ours</th><th>spread over seeds</th><th>verdict</th><th>why</th></tr></thead><tbody>\n";
  for (const auto& r : rows) {
    h += "<tr data-key=\"" + html_escape(r.key) + "\"><td class=\"quantity\">" + html_escape(r.quantity) + "</td><td>" +
         html_escape(r.where) + "</td><td class=\"num\">" + html_escape(r.paper_text) +
         "</td><td class=\"num\">" + html_escape(format_ours(r)) + "</td><td class=\"num spread\">" +
         html_escape(format_spread(r)) +
         (r.per_seed.size() > 1 ? "<div class=\"per-seed\">each seed: " + html_escape(format_per_seed(r)) + "</div>" : "") +
         "</td><td>" + pill(r.judgement.verdict) +
         "</td><td class=\"reason\">" + html_escape(r.judgement.reason) + "</td></tr>\n";
  }
  return h + "</tbody></table></div></section>\n";
}

// The claims table (docs/report.md "Claims table"): each claim of SPEC §8, its criterion per
// definition and the seeds on which it holds.
std::string render_claims(const json& claims, const json& failed) {
  if (!claims.is_array() || claims.empty()) return "";
  std::string h = "<section id=\"claims\"><h2>The paper's claims, seed by seed</h2>\n";
  if (failed.is_array())
    for (const auto& f : failed)
      h += "<p class=\"training-failed\"><b>Training failed, seed " + std::to_string(f.value("seed", std::int64_t(0))) +
           ":</b> " + html_escape(f.value("reason", "")) +
           ". Its numbers below are not evidence for or against any claim; every claim is not tested on it.</p>\n";
  h += "<p class=\"intro\">Each claim of the paper with a measurable criterion, counted over the "
       "seeds run: \"k/n\" holds on k of the n seeds where it could be tested. Where the paper's "
       "definition (paper2020, what its 2020 code computed) and ours differ, both are counted; a "
       "row marked <i>finding</i> is an alternative observed instead of the claim.</p>\n";
  h += "<div class=\"table-wrap\"><table class=\"repro claims\"><thead><tr><th>claim</th><th>where</th>"
       "<th>definition</th><th>criterion</th><th>holds on</th></tr></thead><tbody>\n";
  for (const auto& c : claims) {
    const auto& counts = c.value("counts", json::array());
    bool first = true;
    for (const auto& k : counts) {
      std::string def = k.value("definition", "");
      if (def.empty()) def = "one definition";
      const bool finding = k.value("criterion", "").rfind("finding", 0) == 0;
      h += "<tr data-claim=\"" + html_escape(c.value("id", "")) + "\">";
      h += first ? "<td class=\"quantity\">" + html_escape(c.value("id", "") + " " + c.value("claim", "")) +
                       "</td><td>" + html_escape(c.value("where", "")) + "</td>"
                 : "<td></td><td></td>";
      h += "<td>" + html_escape(def) + (finding ? " <i>finding</i>" : "") + "</td><td class=\"reason\">" +
           html_escape(k.value("criterion", "")) + "</td><td class=\"num\">" +
           html_escape(k.value("fraction", "")) + (k.value("n_tested", 0) == 0 ? " (not tested)" : "") +
           "</td></tr>\n";
      first = false;
    }
  }
  return h + "</tbody></table></div></section>\n";
}

// A cell's text; a second line ("\n") in a smaller, muted line below.
std::string render_cell(const std::string& text) {
  const std::size_t cut = text.find('\n');
  if (cut == std::string::npos) return html_escape(text);
  return html_escape(text.substr(0, cut)) + "<div class=\"sub\">" + html_escape(text.substr(cut + 1)) + "</div>";
}

std::string render_card_rows(const std::vector<std::string>& columns,
                             const std::vector<std::vector<std::string>>& rows) {
  std::string h = "<div class=\"table-wrap\"><table class=\"repro params\"><thead><tr>";
  for (const auto& c : columns) h += "<th>" + html_escape(c) + "</th>";
  h += "</tr></thead><tbody>\n";
  for (const auto& r : rows) {
    h += "<tr>";
    for (std::size_t i = 0; i < r.size(); ++i)
      h += (i == 0 ? "<td class=\"quantity\">" : "<td class=\"num\">") + render_cell(r[i]) + "</td>";
    h += "</tr>\n";
  }
  return h + "</tbody></table></div>";
}

// A card's table; its folded rows behind a <details> toggle.
std::string render_card_table(const CardTable& t) {
  std::string h = render_card_rows(t.columns, t.rows);
  if (!t.folded_rows.empty())
    h += "<details class=\"folded\"><summary>" + html_escape(t.folded_label) + "</summary>" +
         render_card_rows(t.columns, t.folded_rows) + "</details>";
  return h;
}

std::string render_figure(const Figure& f) {
  const bool wide = f.id == "task_session" || f.id == "fig7" || f.id == "fig8a" || f.id == "psychometric" ||
                    !f.table.empty();
  std::string h = "<figure class=\"fig" + std::string(wide ? " wide" : "") + "\" id=\"card-" +
                  html_escape(f.id) + "\"><figcaption>";
  h += f.label.empty() ? "<span class=\"label ours\">extra</span>"
                       : "<span class=\"label\">" + html_escape(f.label) + "</span>";
  h += html_escape(f.title) + "</figcaption>";
  if (!f.spec.is_null()) h += "<div class=\"chart\" id=\"" + html_escape(f.id) + "\"></div>";
  else if (!f.table.empty()) h += render_card_table(f.table);
  else h += "<div class=\"missing\"><b>" + html_escape(f.missing) + "</b></div>";
  return h + "<p class=\"caption\">" + html_escape(f.caption) + "</p></figure>\n";
}

void append_library(std::string& h, const char* id, const char* js, std::size_t size) {
  // The bundles contain no "</script" (checked by a test); escape defensively anyway.
  std::string body(js, size);
  for (std::size_t p = 0; (p = body.find("</script", p)) != std::string::npos; p += 2)
    body.replace(p, 2, "<\\/");
  h += "<script id=\"" + std::string(id) + "\">" + body + "</script>\n";
}

}  // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string script_safe_json(const nlohmann::json& value) {
  std::string s = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<' && (s.compare(i, 2, "</") == 0 || s.compare(i, 4, "<!--") == 0)) {
      out += "\\u003c";  // valid inside JSON strings, where '<' can only occur
    } else {
      out += s[i];
    }
  }
  return out;
}

ReportPage build_report_page(const std::string& dir) {
  ReportFolder folder(dir);
  ReportPage page;
  page.source = dir;
  if (folder.exists("sweep.toml")) {  // a sweep folder: its per-axis summary
    page.title = "iblrnn sweep report";
    page.sections = {sweep_section(folder)};
    return page;
  }
  page.table = build_repro_table(folder);
  if (const json* top = folder.json("summary.json"); top && top->contains("claims") && (*top)["claims"].is_array())
    page.claims = (*top)["claims"];
  if (const json* top = folder.json("summary.json"); top && top->contains("failed_seeds"))
    page.failed_seeds = (*top)["failed_seeds"];
  page.sections = build_sections(folder);
  return page;
}

std::string render_report_html(const ReportPage& page) {
  json figures = json::object();
  for (const auto& s : page.sections)
    for (const auto& f : s.figures)
      if (!f.spec.is_null()) figures[f.id] = f.spec;
  const json data = {{"config", vl::config()}, {"figures", figures}};

  std::string h;
  h.reserve(1 << 21);
  h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  h += std::string(kReportGenerator) + "\n";
  h += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
       "script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; "
       "font-src data:\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + html_escape(page.title) + "</title>\n<style>" + std::string(kStyle) + "</style>\n";
  h += "</head><body>\n<header><h1>" + html_escape(page.title) + "</h1>";
  h += "<p>Reverse-engineering recurrent network solutions to a hierarchical inference task for "
       "mice (Schaeffer, Khona, Meshulam, International Brain Laboratory, Fiete; NeurIPS 2020) — "
       "our reproduction.</p>";
  h += "<p>Output folder: <code>" + html_escape(page.source) + "</code> · iblrnn " +
       html_escape(IBLRNN_VERSION) + "</p></header>\n";
  h += "<nav>";
  if (page.claims.is_array() && !page.claims.empty()) h += "<a href=\"#claims\">Claims</a>";
  if (!page.table.empty()) h += "<a href=\"#reproduction\">Reproduction table</a>";
  for (const auto& s : page.sections)
    h += "<a href=\"#" + html_escape(s.id) + "\">" + html_escape(s.title) + "</a>";
  h += "</nav>\n<main>\n" + render_claims(page.claims, page.failed_seeds) +
       (page.table.empty() ? std::string() : render_table(page.table));
  for (const auto& s : page.sections) {
    h += "<section id=\"" + html_escape(s.id) + "\"><h2>" + html_escape(s.title) + "</h2>\n";
    h += "<p class=\"intro\">" + html_escape(s.intro) + "</p>\n<div class=\"grid\">\n";
    for (const auto& f : s.figures) h += render_figure(f);
    h += "</div></section>\n";
  }
  h += "</main>\n<footer>Each figure's menu (⋯, top right) saves it as SVG or PNG; the page prints "
       "to PDF with one figure never split across pages. Rendered offline with Vega " +
       std::string(assets::vega_version) + ", Vega-Lite " + assets::vega_lite_version +
       " and vega-embed " + assets::vega_embed_version + ", inlined.</footer>\n";
  h += "<script type=\"application/json\" id=\"report-specs\">" + script_safe_json(data) + "</script>\n";
  append_library(h, "lib-vega", assets::vega_js, assets::vega_js_size);
  append_library(h, "lib-vega-lite", assets::vega_lite_js, assets::vega_lite_js_size);
  append_library(h, "lib-vega-embed", assets::vega_embed_js, assets::vega_embed_js_size);
  h += "<script id=\"report-main\">" + std::string(kScript) + "</script>\n</body></html>\n";
  return h;
}

}  // namespace iblrnn::report
