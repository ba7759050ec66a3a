// The representation section (Fig 4–6) from the analysis folder of `iblrnn analyze`
// (docs/outputs.md, "analysis/ files"): summary.json, pca/explained.npy, step_pc.npy,
// trial_ends.csv, evidence_velocity.csv, block_belief_by_trial.csv.
#include <algorithm>
#include <cmath>

#include "analysis_folder.hpp"

using namespace iblrnn::io;

namespace iblrnn::report {
namespace {

using namespace analysis_folder;

Figure pca_figure(ReportFolder& f) {
  const char* id = "pca";
  const char* title = "Variance explained by principal components";
  const char* caption = "Share of the hidden-state variance per component (bars) and cumulative "
                        "(line); paper: PC1 + PC2 = 88.74 %.";
  std::vector<double> ratio;
  if (const json* s = analysis_summary(f); s && s->contains("pca_variance_explained") &&
                                           (*s)["pca_variance_explained"].is_array())
    for (const auto& v : (*s)["pca_variance_explained"]) ratio.push_back(v.is_number() ? v.get<double>() : 0.0);
  if (ratio.empty())
    if (const NpyArray* a = f.npy(at("pca/explained.npy"))) ratio = a->data;
  if (ratio.empty())
    return missing_figure(id, "§3.2.1", title, caption, "PCA variance",
                          f.why(at("summary.json")) + "; " + f.why(at("pca/explained.npy")));
  json rows = json::array();
  double cum = 0;
  for (std::size_t i = 0; i < ratio.size() && i < 10; ++i) {
    cum += ratio[i];
    rows.push_back({{"pc", i + 1}, {"ratio", r4(100 * ratio[i])}, {"cumulative", r4(100 * cum)}});
  }
  json spec = base(300, 210, rows);
  const json x = {{"field", "pc"}, {"type", "ordinal"}, {"title", "principal component"},
                  {"axis", {{"labelAngle", 0}}}};
  spec["layer"] = {{{"mark", {{"type", "bar"}, {"color", "#9ecae1"}}},
                    {"encoding", {{"x", x}, {"y", vl::channel("ratio", "quantitative", "variance explained (%)")}}}},
                   {{"mark", {{"type", "line"}, {"point", true}, {"color", "#08519c"}}},
                    {"encoding", {{"x", x}, {"y", {{"field", "cumulative"}, {"type", "quantitative"},
                                                    {"scale", {{"domain", {0, 100}}}}}}}}}};
  return make_figure(id, "§3.2.1", title, caption, spec);
}

Figure trial_end_pc_figure(ReportFolder& f) {
  const char* id = "fig4a";
  const char* title = "Block decoder in the PC plane";
  const char* caption = "Hidden state at the end of each trial on PC1–PC2 (stimulus readout → +PC1), "
                        "coloured by the 2-D block decoder's P(right block).";
  std::string why;
  const Columns* t = table(f, "trial_ends.csv", {"pc1", "pc2", "p_right_block"}, why);
  if (!t) return missing_figure(id, "Fig 4a", title, caption, "trial-end states", why);
  const auto &a = t->at("pc1"), &b = t->at("pc2"), &p = t->at("p_right_block");
  json rows = json::array();
  for (std::size_t i : even_subsample(a.size(), kMaxPoints))
    rows.push_back({{"pc1", r4(a[i])}, {"pc2", r4(b[i])}, {"p", r4(p[i])}});
  json spec = base(300, 260, rows);
  spec["mark"] = {{"type", "circle"}, {"size", 9}, {"opacity", 0.6}};
  spec["encoding"] = {{"x", vl::channel("pc1", "quantitative", "PC1 (a.u.)")},
                      {"y", vl::channel("pc2", "quantitative", "PC2 (a.u.)")},
                      {"color", {{"field", "p"}, {"type", "quantitative"}, {"title", "P(right block)"},
                                 {"scale", {{"scheme", "redblue"}, {"reverse", true}, {"domain", {0, 1}}}}}}};
  return make_figure(id, "Fig 4a", title, caption, spec);
}

// Trial-end states of one block of the given side (the first after the session's first
// block that lasts ≥ 20 trials), in the PC plane coloured by trial in block (Fig 4b,c).
Figure block_trajectory_figure(ReportFolder& f, int side) {
  const bool left = side < 0;
  const char* id = left ? "fig4b" : "fig4c";
  const char* label = left ? "Fig 4b" : "Fig 4c";
  const std::string title = std::string("Trial-end states across a ") + (left ? "left" : "right") + " block";
  const char* caption = "State at the end of each trial of one block on PC1–PC2, coloured by "
                        "trial in the block (blue = early, red = late): the state jumps across the "
                        "stimulus boundary while drifting toward the block's side.";
  std::string why;
  const Columns* t = table(f, "trial_ends.csv", {"session", "block", "block_side", "trial_in_block", "pc1", "pc2"}, why);
  if (!t) return missing_figure(id, label, title, caption, "trial-end states", why);
  const auto &ses = t->at("session"), &blk = t->at("block"), &bs = t->at("block_side"),
             &k = t->at("trial_in_block"), &a = t->at("pc1"), &b = t->at("pc2");
  const std::size_t n = ses.size();
  json rows = json::array();
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && ses[j] == ses[i] && blk[j] == blk[i]) ++j;
    if (bs[i] == side && blk[i] > 0 && j - i >= 20) {
      for (std::size_t r = i; r < j; ++r)
        rows.push_back({{"k", k[r]}, {"pc1", r4(a[r])}, {"pc2", r4(b[r])}});
      break;
    }
    i = j;
  }
  if (rows.empty())
    return missing_figure(id, label, title, caption, "a block of this side", at("trial_ends.csv") + " has none");
  json spec = base(280, 240, rows);
  const json color = {{"field", "k"}, {"type", "quantitative"}, {"title", "trial in block"},
                      {"scale", {{"scheme", "redblue"}, {"reverse", true}}}};
  spec["layer"] = {{{"mark", {{"type", "line"}, {"color", "#bbb"}, {"strokeWidth", 0.8}}},
                    {"encoding", {{"x", vl::channel("pc1", "quantitative", "PC1 (a.u.)")},
                                  {"y", vl::channel("pc2", "quantitative", "PC2 (a.u.)")},
                                  {"order", {{"field", "k"}}}}}},
                   {{"mark", {{"type", "circle"}, {"size", 30}, {"opacity", 0.9}}},
                    {"encoding", {{"x", {{"field", "pc1"}, {"type", "quantitative"}}},
                                  {"y", {{"field", "pc2"}, {"type", "quantitative"}}},
                                  {"color", color}}}}};
  return make_figure(id, label, title, caption, spec);
}

Figure evidence_figure(ReportFolder& f, bool stimulus) {
  const char* id = stimulus ? "fig5a" : "fig5b";
  const char* label = stimulus ? "Fig 5a" : "Fig 5b";
  const std::string coord = stimulus ? "stimulus" : "block";
  const std::string title = "Evidence velocity along the " + coord + " readout";
  const std::string caption = "Change of the " + coord + " coordinate caused by one input, binned by "
                              "its evidence d = oᴿ − oᴸ (mean ± SEM); line: least-squares slope (paper " +
                              (stimulus ? "0.84" : "0.18") + ").";
  const std::string col = stimulus ? "dq_stim" : "dq_block";
  std::string why;
  const Columns* t = table(f, "evidence_velocity.csv",
                           {"d_lo", "d_hi", (stimulus ? "dq_stim_mean" : "dq_block_mean"),
                            (stimulus ? "dq_stim_sem" : "dq_block_sem")}, why);
  if (!t) return missing_figure(id, label, title, caption, "evidence velocities", why);
  const double slope = summary_number(f, stimulus ? "/slope_stimulus/slope" : "/slope_block/slope");
  const double icpt = summary_number(f, stimulus ? "/slope_stimulus/intercept" : "/slope_block/intercept");
  json rows = json::array();
  const auto &lo = t->at("d_lo"), &hi = t->at("d_hi"), &m = t->at(col + "_mean"), &s = t->at(col + "_sem");
  for (std::size_t i = 0; i < lo.size(); ++i) {
    const double x = 0.5 * (lo[i] + hi[i]);
    json r = {{"x", r4(x)}, {"y", r4(m[i])}, {"sem", r4(std::isnan(s[i]) ? 0.0 : s[i])}};
    if (!std::isnan(slope)) r["fit"] = r4(slope * x + (std::isnan(icpt) ? 0.0 : icpt));
    rows.push_back(r);
  }
  const char* color = stimulus ? "#1b9e77" : "#7570b3";
  json spec = parts::line_sem(rows, vl::channel("x", "quantitative", "evidence d = oᴿ − oᴸ"),
                              vl::channel("y", "quantitative", "Δ " + coord + " coordinate per step (a.u.)"),
                              "sem", {{"value", color}});
  spec["layer"][0]["mark"] = {{"type", "point"}, {"filled", true}};
  if (!std::isnan(slope))
    spec["layer"].push_back({{"mark", {{"type", "line"}, {"strokeWidth", 1.2}, {"color", color}}},
                             {"encoding", {{"x", {{"field", "x"}, {"type", "quantitative"}}},
                                           {"y", {{"field", "fit"}, {"type", "quantitative"}}}}}});
  return make_figure(id, label, title, caption, spec);
}

Figure block_vs_bayes_figure(ReportFolder& f) {
  const char* id = "fig5c";
  const char* title = "Block coordinate vs the Bayesian observer across a block";
  const char* caption = "Mean block coordinate of trial-end states (± SEM) by trial in left and right "
                        "blocks (solid), and the observer's block posterior 2β(right) − 1 scaled by "
                        "least squares (dashed).";
  std::string why;
  const Columns* t = table(f, "block_belief_by_trial.csv",
                           {"block_side", "trial_in_block", "q_block_mean", "q_block_sem", "bayes_scaled_mean"}, why);
  if (!t) return missing_figure(id, "Fig 5c", title, caption, "block belief by trial", why);
  json rows = json::array();
  const auto &bs = t->at("block_side"), &k = t->at("trial_in_block"), &q = t->at("q_block_mean"),
             &s = t->at("q_block_sem"), &bayes = t->at("bayes_scaled_mean");
  for (std::size_t i = 0; i < bs.size(); ++i) {
    if (k[i] > 80) continue;
    const std::string side = bs[i] < 0 ? "left" : "right";
    rows.push_back({{"block", side}, {"k", k[i]}, {"source", "RNN"}, {"y", r4(q[i])},
                    {"sem", r4(std::isnan(s[i]) ? 0.0 : s[i])}});
    rows.push_back({{"block", side}, {"k", k[i]}, {"source", "Bayesian observer (scaled)"},
                    {"y", r4(bayes[i])}, {"sem", 0.0}});
  }
  json spec = parts::line_sem(rows, vl::channel("k", "quantitative", "trials since block change"),
                              vl::channel("y", "quantitative", "block coordinate (a.u.)"), "sem",
                              vl::channel("block", "nominal", "block side", vl::side_scale()),
                              vl::channel("source", "nominal", "belief",
                                          {{"domain", {"RNN", "Bayesian observer (scaled)"}}, {"range", {{1, 0}, {4, 3}}}}));
  spec["layer"][0]["mark"] = {{"type", "line"}};
  spec["layer"][0]["encoding"]["detail"] = {{"field", "block"}};
  return make_figure(id, "Fig 5c", title, caption, spec);
}

// Trial by trial over the first trials of the evaluation (Fig 6a,b).
Figure fluctuation_figure(ReportFolder& f, bool residual) {
  const char* id = residual ? "fig6b" : "fig6a";
  const char* label = residual ? "Fig 6b" : "Fig 6a";
  const char* title = residual ? "Belief fluctuations follow the evidence"
                               : "Block belief trial by trial";
  const std::string caption =
      residual ? "RNN block coordinate minus the scaled Bayesian posterior (black, right axis) and each "
                 "trial's signed signal s·μ (orange bars, left axis): the RNN's extra fluctuations follow "
                 "strong single-trial evidence."
               : "Block coordinate at each trial end (black), the Bayesian observer's posterior "
                 "2β(right) − 1 scaled by least squares (purple) and the true block side (shaded).";
  std::string why;
  const Columns* t = table(f, "trial_ends.csv",
                           {"session", "block_side", "q_block", "bayes_block_right", "stim_side", "signal"}, why);
  double scale = summary_number(f, "/block_belief_scale/scale");
  if (t && std::isnan(scale)) why = at("summary.json") + " has no block_belief_scale";
  if (!t || std::isnan(scale)) return missing_figure(id, label, title, caption, "block beliefs by trial", why);
  const auto &ses = t->at("session"), &bs = t->at("block_side"), &q = t->at("q_block"),
             &beta = t->at("bayes_block_right"), &side = t->at("stim_side"), &mu = t->at("signal");
  json rows = json::array();
  for (std::size_t i = 0; i < ses.size() && i < 400 && ses[i] == ses[0]; ++i) {
    const double bayes = scale * (2 * beta[i] - 1);
    if (residual) {
      rows.push_back({{"trial", i}, {"series", "RNN − Bayes"}, {"y", r4(q[i] - bayes)}});
      rows.push_back({{"trial", i}, {"series", "signed signal"}, {"s", r4(side[i] * mu[i])}});
    } else {
      rows.push_back({{"trial", i}, {"series", "RNN"}, {"y", r4(q[i])}});
      rows.push_back({{"trial", i}, {"series", "Bayesian observer"}, {"y", r4(bayes)}});
      rows.push_back({{"trial", i}, {"series", "block side"}, {"band", r4(std::abs(scale) * bs[i])}});
    }
  }
  json spec = base(640, 200, rows);
  std::size_t n_shown = 0;
  for (const auto& r : rows) n_shown = std::max<std::size_t>(n_shown, r["trial"].get<std::size_t>() + 1);
  const json x = vl::channel("trial", "quantitative", "trial in session",
                             {{"domain", {0, n_shown > 0 ? n_shown - 1 : 0}}, {"nice", false}});
  if (residual) {
    spec["layer"] = {{{"transform", {{{"filter", "datum.series == 'signed signal'"}}}},
                      {"mark", {{"type", "bar"}, {"color", "#e08214"}, {"opacity", 0.35}, {"width", 1.2}}},
                      {"encoding", {{"x", x}, {"y", vl::channel("s", "quantitative", "signed signal s·μ")}}}},
                     {{"transform", {{{"filter", "datum.series == 'RNN − Bayes'"}}}},
                      {"mark", {{"type", "line"}, {"color", "#1a1a1a"}, {"strokeWidth", 1.2}}},
                      {"encoding", {{"x", x}, {"y", vl::channel("y", "quantitative", "RNN − Bayes block belief (a.u.)")}}}}};
    spec["resolve"] = {{"scale", {{"y", "independent"}}}};
  } else {
    spec["layer"] = {{{"transform", {{{"filter", "datum.series == 'block side'"}}}},
                      {"mark", {{"type", "area"}, {"color", "#cccccc"}, {"opacity", 0.5}, {"interpolate", "step-after"}}},
                      {"encoding", {{"x", x}, {"y", {{"field", "band"}, {"type", "quantitative"}}}}}},
                     {{"transform", {{{"filter", "datum.series != 'block side'"}}}},
                      {"mark", {{"type", "line"}, {"strokeWidth", 1.2}}},
                      {"encoding", {{"x", x},
                                    {"y", vl::channel("y", "quantitative", "block belief (a.u.)")},
                                    {"color", vl::channel("series", "nominal", "belief",
                                                          {{"domain", {"RNN", "Bayesian observer"}},
                                                           {"range", {"#1a1a1a", "#7570b3"}}})}}}}};
  }
  return make_figure(id, label, title, caption, spec);
}

}  // namespace

Section representation_section(ReportFolder& f) {
  Section s{"representations", "Representations",
            "The trained network's hidden states are low-dimensional: a stimulus and a block axis "
            "span most of the variance, and observations move the state along both at different "
            "rates (paper Fig 4–6).",
            {}};
  s.figures.push_back(guarded("pca", [&] { return pca_figure(f); }));
  s.figures.push_back(guarded("fig4a", [&] { return trial_end_pc_figure(f); }));
  s.figures.push_back(guarded("fig4b", [&] { return block_trajectory_figure(f, -1); }));
  s.figures.push_back(guarded("fig4c", [&] { return block_trajectory_figure(f, +1); }));
  s.figures.push_back(guarded("fig5a", [&] { return evidence_figure(f, true); }));
  s.figures.push_back(guarded("fig5b", [&] { return evidence_figure(f, false); }));
  s.figures.push_back(guarded("fig5c", [&] { return block_vs_bayes_figure(f); }));
  s.figures.push_back(guarded("fig6a", [&] { return fluctuation_figure(f, false); }));
  s.figures.push_back(guarded("fig6b", [&] { return fluctuation_figure(f, true); }));
  return s;
}

}  // namespace iblrnn::report
