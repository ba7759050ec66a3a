#include "iblrnn/report/psychometric_params.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "figure_parts.hpp"

namespace iblrnn::report {
namespace {

using nlohmann::json;

std::string text_of(const json& r, const char* key) {
  if (!r.contains(key) || r[key].is_null()) return "";
  return r[key].is_string() ? r[key].get<std::string>() : r[key].dump();
}

double number_of(const json& r, const std::string& key) {
  return r.contains(key) && r[key].is_number() ? r[key].get<double>() : std::nan("");
}

Estimate estimate(const json& r, const std::string& key) {
  return {number_of(r, key), number_of(r, key + "_se")};
}

// The fit's x is not % contrast for an agent fitted by `iblrnn` (x = the signal μ).
bool x_is_signal(const PsychometricParamsRow& row) { return !row.mice && row.fit == "iblrnn"; }

// Status per block of one input/subject from psychometric_fits.csv, and m, w in the fit's x
// units when they are not % contrast.
void fill_from_fits(const json& fits, PsychometricParamsRow& row) {
  if (!fits.is_array()) return;
  for (const auto& f : fits) {
    if (text_of(f, "input") != row.input || text_of(f, "subject") != row.subject) continue;
    const std::string group = text_of(f, "group");
    if (group == "block_left") {
      row.status_left = text_of(f, "status");
      if (x_is_signal(row)) row.bias_left_x = estimate(f, "m"), row.threshold_left_x = estimate(f, "w");
    }
    if (group == "block_right") {
      row.status_right = text_of(f, "status");
      if (x_is_signal(row)) row.bias_right_x = estimate(f, "m"), row.threshold_right_x = estimate(f, "w");
    }
  }
}

// The row's name; a second line with the fits' status when a block's fit is not "ok".
std::string name_cell(const PsychometricParamsRow& r, bool with_input) {
  std::string s = r.subject.empty() ? vl::agent_display_name(r.input)
                  : with_input      ? r.subject + " (" + vl::agent_display_name(r.input) + ")"
                                    : r.subject;
  const bool ok_l = r.status_left.empty() || r.status_left == "ok";
  const bool ok_r = r.status_right.empty() || r.status_right == "ok";
  if (!ok_l || !ok_r)
    s += "\nfit: " + (r.status_left == r.status_right ? r.status_left
                                                       : "left " + r.status_left + ", right " + r.status_right);
  return s;
}

// Δm in the fit's x units from summary.json: inputs[label].bias_shift.fit_m (a subject's
// under inputs[label].subjects[name]).
void fill_shift_from_summary(const json* summary, PsychometricParamsRow& row) {
  if (!summary || !summary->contains("inputs") || !(*summary)["inputs"].is_array()) return;
  for (const auto& in : (*summary)["inputs"]) {
    if (text_of(in, "label") != row.input) continue;
    const json* s = &in;
    if (!row.subject.empty()) {
      if (!in.contains("subjects") || !in["subjects"].is_object() || !in["subjects"].contains(row.subject)) return;
      s = &in["subjects"][row.subject];
    }
    const json fit_m = s->value("bias_shift", json::object()).value("fit_m", json::object());
    if (fit_m.is_object()) row.bias_shift_x = {number_of(fit_m, "value"), number_of(fit_m, "se")};
    return;
  }
}

std::string two_lines(const Estimate& pct, const Estimate& x, bool with_x) {
  std::string s = format_estimate(pct, 2);
  if (with_x) s += "\nμ: " + format_estimate(x, 3);
  return s;
}

std::vector<std::string> table_row(const PsychometricParamsRow& r, bool fit_column, bool with_input) {
  const bool x = x_is_signal(r);
  std::vector<std::string> cells = {name_cell(r, with_input), std::to_string(r.n_trials)};
  if (fit_column) cells.push_back(r.fit);
  for (std::string c : {two_lines(r.bias_left_pct, r.bias_left_x, x), two_lines(r.bias_right_pct, r.bias_right_x, x),
                        two_lines(r.bias_shift_pct, r.bias_shift_x, x),
                        two_lines(r.threshold_left_pct, r.threshold_left_x, x),
                        two_lines(r.threshold_right_pct, r.threshold_right_x, x),
                        format_estimate(r.lapse_low_left, 3), format_estimate(r.lapse_high_left, 3),
                        format_estimate(r.lapse_low_right, 3), format_estimate(r.lapse_high_right, 3)})
    cells.push_back(std::move(c));
  return cells;
}

// "Fit `iblrnn` (…)" for every fit kind present, naming the inputs when several kinds are.
std::string fit_sentence(const std::vector<PsychometricParamsRow>& rows) {
  std::map<std::string, std::vector<std::string>> inputs_of;  // fit → display names
  for (const auto& r : rows) {
    auto& names = inputs_of[r.fit];
    const std::string name = vl::agent_display_name(r.input);
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  std::string s;
  for (const auto& [fit, names] : inputs_of) {
    s += s.empty() ? " Fit " : "; fit ";
    s += "`" + fit + "`";
    if (fit == "iblrnn") s += " (x = the signal, bounds relative to its range, no-go trials left out)";
    else if (fit == "ibl") s += " (ibllib's ranges: m ∈ [−50, 50] %, w ∈ [10, 50] %, lapses ≤ 0.2; a no-go counts as not right)";
    if (inputs_of.size() > 1) {
      s += " for ";
      for (std::size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + names[i];
    }
  }
  return s.empty() ? s : s + ".";
}

}  // namespace

std::string format_estimate(const Estimate& e, int decimals) {
  if (!std::isfinite(e.value)) return "—";
  char buf[64];
  if (std::isfinite(e.se)) std::snprintf(buf, sizeof buf, "%.*f ± %.*f", decimals, e.value, decimals, e.se);
  else std::snprintf(buf, sizeof buf, "%.*f ± n/a", decimals, e.value);
  return buf;
}

std::vector<PsychometricParamsRow> read_psychometric_params(ReportFolder& folder, std::string& why) {
  std::vector<PsychometricParamsRow> rows;
  json table;
  try {
    table = load_records(folder, "behavior/psychometric_table", why);
  } catch (const std::exception& e) {
    why = std::string("behavior/psychometric_table unreadable: ") + e.what();
    return rows;
  }
  if (!table.is_array()) return rows;
  std::string why_fits;
  const json fits = load_records(folder, "behavior/psychometric_fits", why_fits);
  const json* summary = folder.json("behavior/summary.json");
  const std::vector<std::string> mice = parts::mouse_inputs(folder);
  for (const auto& t : table) {
    PsychometricParamsRow r;
    r.input = text_of(t, "input");
    r.subject = text_of(t, "subject");
    r.fit = text_of(t, "fit");
    const double n = number_of(t, "n_trials");
    r.n_trials = std::isfinite(n) ? static_cast<std::int64_t>(n) : 0;
    r.mice = std::find(mice.begin(), mice.end(), r.input) != mice.end();
    r.bias_left_pct = estimate(t, "bias_left_pct");
    r.bias_right_pct = estimate(t, "bias_right_pct");
    r.bias_shift_pct = estimate(t, "bias_shift_pct");
    r.threshold_left_pct = estimate(t, "threshold_left_pct");
    r.threshold_right_pct = estimate(t, "threshold_right_pct");
    r.lapse_low_left = estimate(t, "lapse_low_left");
    r.lapse_high_left = estimate(t, "lapse_high_left");
    r.lapse_low_right = estimate(t, "lapse_low_right");
    r.lapse_high_right = estimate(t, "lapse_high_right");
    fill_from_fits(fits, r);
    if (x_is_signal(r)) fill_shift_from_summary(summary, r);
    rows.push_back(std::move(r));
  }
  if (rows.empty()) why = "behavior/psychometric_table has no rows";
  return rows;
}

Figure psychometric_params_figure(ReportFolder& folder) {
  const char* id = "psychometric_params";
  const char* title = "Psychometric parameters by block";
  const std::string caption =
      "The erf psychometric with two lapse rates (docs/behavior.md H5) fitted in each biased "
      "block, ± one SE (expected Fisher information, H7; n/a: at a bound of the fit or not "
      "identified). Bias m: the signed contrast at which P(right) is halfway between the "
      "lapses; threshold w: the erf's width; bias shift Δm = m(left block) − m(right block) "
      "(H10), positive when choices lean towards the block's side; lapse low γ₁ = P(right) far "
      "left, lapse high γ₂ = 1 − P(right) far right. m and w in % contrast: the mice's contrast "
      "× 100, an agent's signal μ through the ALF contrast map 100 · μ / max(1, max μ) "
      "(docs/outputs.md), with its value in μ below.";
  std::string why;
  const auto rows = read_psychometric_params(folder, why);
  if (rows.empty()) return missing_figure(id, "", title, caption, "psychometric parameters", why);
  std::set<std::string> fit_kinds;
  for (const auto& r : rows) fit_kinds.insert(r.fit);
  const bool fit_column = fit_kinds.size() > 1;
  Figure f = make_figure(id, "", title, caption + fit_sentence(rows) + " Read from behavior/psychometric_table.csv.",
                         nullptr);
  f.table.columns = {"", "trials"};
  if (fit_column) f.table.columns.push_back("fit");
  for (const char* c : {"bias m (%) left block", "bias m (%) right block", "bias shift Δm (%)",
                        "threshold w (%) left block", "threshold w (%) right block", "lapse low γ₁ left block",
                        "lapse high γ₂ left block", "lapse low γ₁ right block", "lapse high γ₂ right block"})
    f.table.columns.push_back(c);
  std::set<std::string> inputs_with_subjects;
  for (const auto& r : rows)
    if (!r.subject.empty()) inputs_with_subjects.insert(r.input);
  const bool with_input = inputs_with_subjects.size() > 1;
  std::size_t n_subject_rows = 0;
  bool all_mice = true;
  for (const auto& r : rows) {
    if (r.subject.empty()) {
      f.table.rows.push_back(table_row(r, fit_column, with_input));
    } else {
      f.table.folded_rows.push_back(table_row(r, fit_column, with_input));
      ++n_subject_rows;
      all_mice = all_mice && r.mice;
    }
  }
  bool not_ok = false;
  for (const auto& r : rows)
    for (const std::string& st : {r.status_left, r.status_right}) not_ok = not_ok || (!st.empty() && st != "ok");
  if (not_ok)
    f.caption += " \"fit: …\" under a name: a block's fit did not give estimates (too_few_levels: fewer "
                 "than 3 signal levels with responses) or did not converge (not_converged).";
  if (n_subject_rows > 0) {
    f.table.folded_label = (all_mice ? "each mouse (" : "each subject (") + std::to_string(n_subject_rows) + ")";
    f.caption += " The rows of " + f.table.folded_label + " unfold below the table.";
  }
  return f;
}

}  // namespace iblrnn::report
