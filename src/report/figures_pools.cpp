// The unit pools section (Fig 9b–c) from the analysis folder of `iblrnn analyze`
// (docs/outputs.md, "analysis/ files"): pools/correlation_reordered.npy, pools/W_rec_reordered.npy.
#include "analysis_folder.hpp"

#include <cmath>
#include <cstdio>
#include <string>

using namespace iblrnn::io;

namespace iblrnn::report {
namespace {

using namespace analysis_folder;

Figure matrix_figure(ReportFolder& f, const char* id, const char* label, const char* title,
                     const char* caption, const std::string& rel, const char* what,
                     const char* value_title) {
  const NpyArray* m = f.npy(at(rel));
  if (!m || m->shape.size() != 2 || m->shape[0] != m->shape[1])
    return missing_figure(id, label, title, caption, what, m ? at(rel) + " is not square" : f.why(at(rel)));
  const std::size_t h = m->shape[0];
  json rows = json::array();
  for (std::size_t i = 0; i < h; ++i)
    for (std::size_t j = 0; j < h; ++j)
      rows.push_back({{"row", i}, {"col", j}, {"value", r4(m->data[i * h + j])}});
  json spec = parts::heatmap(rows, "unit (ordered by pool)", "unit (ordered by pool)", value_title, false, 260);
  spec["encoding"]["x"]["axis"] = {{"labels", false}, {"ticks", false}};
  spec["encoding"]["y"]["axis"] = {{"labels", false}, {"ticks", false}};
  return make_figure(id, label, title, caption, spec);
}

// What the weights measure on this network (analysis/summary.json pools/), rather than the
// structure the paper describes: the mean weight within each pool and between them, and
// whether that is self-excitation with mutual inhibition (both within > 0 > both between).
std::string pool_weights_sentence(ReportFolder& f) {
  const double aa = summary_number(f, "/pools/mean_weight_within_a"), bb = summary_number(f, "/pools/mean_weight_within_b");
  const double ab = summary_number(f, "/pools/mean_weight_a_to_b"), ba = summary_number(f, "/pools/mean_weight_b_to_a");
  if (!std::isfinite(aa) || !std::isfinite(bb) || !std::isfinite(ab) || !std::isfinite(ba))
    return "The mean weights within and between pools are not in analysis/summary.json.";
  char buf[320];
  std::snprintf(buf, sizeof buf,
                "Measured mean weight within pool A %.3g, within pool B %.3g, from A to B %.3g, from B to A %.3g: %s.",
                aa, bb, ab, ba,
                aa > 0 && bb > 0 && ab < 0 && ba < 0
                    ? "excitation within pools and inhibition between them, as in the paper"
                    : "not the paper's excitation within pools and inhibition between them");
  return buf;
}

}  // namespace

Section pools_section(ReportFolder& f) {
  Section s{"pools", "Unit pools",
            "Units fall into two anticorrelated pools with self-excitation and mutual inhibition "
            "(paper Fig 9b–c).",
            {}};
  s.figures.push_back(guarded("fig9b", [&] {
    return matrix_figure(f, "fig9b", "Fig 9b", "Correlation of units' activity",
                         "Pearson correlation between units' hidden activity, units ordered by "
                         "hierarchical clustering (complete linkage) into two pools.",
                         "pools/correlation_reordered.npy", "unit correlations", "correlation");
  }));
  s.figures.push_back(guarded("fig9c", [&] {
    const std::string caption = "W_rec with rows (to) and columns (from) in the same pool order. " +
                                pool_weights_sentence(f);
    return matrix_figure(f, "fig9c", "Fig 9c", "Recurrent weights by pool", caption.c_str(),
                         "pools/W_rec_reordered.npy", "recurrent weights", "weight");
  }));
  return s;
}

}  // namespace iblrnn::report
