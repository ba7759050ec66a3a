// Spec builders shared by the figure files (internal to the report library).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "iblrnn/io/npy.hpp"
#include "iblrnn/report/figure.hpp"

namespace iblrnn::report::parts {

using nlohmann::json;

/// Lines with points and ±SEM bars: x, y, sem fields of `data`; `color` and optional `dash`
/// channels; y_domain empty = automatic.
json line_sem(const json& data, const json& x, const json& y, const std::string& sem_field,
              const json& color, const json& dash = nullptr, const json& y_domain = nullptr);

/// A heatmap of records {row, col, value} (ordinal rows/cols) with a diverging colour scale
/// symmetric around 0 (domain ±max |value|) and optional text labels.
json heatmap(const json& data, const std::string& row_title, const std::string& col_title,
             const std::string& value_title, bool labels, int size_px);

/// Column `c` of a 2-D array (rows × cols), or the whole 1-D array for c = 0.
std::vector<double> column(const io::NpyArray& a, std::size_t c);

/// Number of rows (leading axis) of an array.
std::size_t n_rows(const io::NpyArray& a);

/// Number of columns (second axis, 1 for a 1-D array).
std::size_t n_cols(const io::NpyArray& a);

/// Base of a spec: width, height and inline data.
json base(int width, int height, const json& values);

/// Labels of the behaviour inputs whose reaction times are in seconds in
/// behavior/summary.json (rt_unit "s"): the mice, whose x is a contrast fraction.
std::vector<std::string> mouse_inputs(ReportFolder& folder);

/// A JSON flag that may be stored as a boolean, a number or a string ("true", "1").
bool truthy(const json& v);

/// The mice's rare stimulus levels left out of a curve: among the records holding "mice", a
/// level of `x_field` whose trial count (the largest "n" of its records) is under 5 % of the
/// median level's is dropped (the May 2020 export's 4 % and 8 % contrasts: about 1 % of a
/// usual level's trials, with SEMs ten times wider). Agents' records are kept. Returns the
/// kept records; `note` gets a caption sentence naming the dropped levels in % ("" if none).
json without_rare_mouse_levels(const json& rows, const std::string& x_field, std::string& note);

/// The mice's x channel: `field` in signed contrast (%) on a symmetric-log scale whose linear
/// part (constant 6 %) spaces 6.25, 12.5 and 25 % apart, ticks at the IBL levels.
json mouse_contrast_axis(const std::string& field);

/// Symmetric-log coordinate of that axis, sign(x)·log(1 + |x|/6), and its inverse.
double symlog_pct(double x_pct);
double symlog_pct_inverse(double t);

/// A value rounded to 4 significant digits (keeps the page small).
double r4(double v);

}  // namespace iblrnn::report::parts
