#include "iblrnn/behavior/analyze.hpp"

#include <charconv>
#include <cmath>
#include <set>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::behavior {
namespace {

using nlohmann::json;

// Positions in behavior_curve_names().
constexpr std::size_t kAbsSignal = 3, kPsychometric = 4;

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json mean_sem_json(const MeanSem& m) {
  return {{"mean", num(m.mean)}, {"sem", num(m.sem)}, {"n", m.n}};
}

json fit_json(const PsychometricFit& f) {
  return {{"m", num(f.params.m)},          {"m_se", num(f.se.m)},
          {"w", num(f.params.w)},          {"w_se", num(f.se.w)},
          {"gamma1", num(f.params.gamma1)}, {"gamma1_se", num(f.se.gamma1)},
          {"gamma2", num(f.params.gamma2)}, {"gamma2_se", num(f.se.gamma2)},
          {"nll", num(f.nll)},             {"n_trials", f.n_trials},
          {"n_levels", f.n_levels},        {"status", f.status}};
}

std::string fmt(double v) {
  if (!std::isfinite(v)) return "";
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// CSV cell: quoted when it holds a comma or a quote.
std::string cell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// Difference a − b of two independent estimates with SE sqrt(se_a² + se_b²).
json difference(double a, double se_a, double b, double se_b) {
  return {{"value", num(a - b)}, {"se", num(std::sqrt(se_a * se_a + se_b * se_b))}};
}

json summarize(const BehaviorTable& t, const std::vector<std::size_t>& rows,
               const BehaviorCurves& c, bool timeouts_wrong) {
  json s;
  std::int64_t n_biased = 0, n_timeouts = 0, n_rt_missing = 0, n_side_unknown = 0;
  Moments acc;
  for (std::size_t i : rows) {
    n_timeouts += t.choice[i] == 0;
    n_side_unknown += t.side_unknown(i);
    n_rt_missing += std::isnan(t.rt[i]);
    if (t.block_side[i] == 0) continue;
    ++n_biased;
    if (timeouts_wrong || t.choice[i] != 0) acc.add(t.correct[i]);
  }
  s["n_trials"] = rows.size();
  s["n_biased_trials"] = n_biased;
  s["n_timeouts"] = n_timeouts;
  s["timeout_rate"] = num(rows.empty() ? std::nan("") : double(n_timeouts) / double(rows.size()));
  s["n_rt_missing"] = n_rt_missing;
  s["n_side_unknown"] = n_side_unknown;  // left out of the side-dependent curves
  s["accuracy"] = mean_sem_json(acc.result());
  const Curve& by_abs = c.curves[kAbsSignal];
  json by = json::array();
  for (const auto& p : by_abs.points) {
    json e = mean_sem_json(p.value);
    e["x"] = p.x;
    by.push_back(e);
  }
  s["accuracy_by_abs_signal"] = by;
  const CurvePoint* zero = by_abs.find("all", 0.0);
  s["accuracy_zero_signal"] = mean_sem_json(zero ? zero->value : MeanSem{});
  const Curve& psy = c.curves[kPsychometric];
  const CurvePoint* pl = psy.find("block_left", 0.0);
  const CurvePoint* pr = psy.find("block_right", 0.0);
  const MeanSem ml = pl ? pl->value : MeanSem{}, mr = pr ? pr->value : MeanSem{};
  s["p_right_zero_signal"] = {{"block_left", mean_sem_json(ml)},
                              {"block_right", mean_sem_json(mr)}};
  const PsychometricFit& fl = c.fits[0];
  const PsychometricFit& fr = c.fits[1];
  s["bias_shift"] = {
      {"fit_m", difference(fl.params.m, fl.se.m, fr.params.m, fr.se.m)},
      {"p_right_zero_signal", difference(mr.mean, mr.sem, ml.mean, ml.sem)}};
  json med = json::array();
  for (const auto& m : c.median_rt) med.push_back({{"x", m.x}, {"median", num(m.median)}, {"n", m.n}});
  s["median_rt_by_abs_signal"] = med;
  s["reward_rate"] = {{"per_trial", mean_sem_json(c.reward.per_trial)},
                      {"per_rt_unit", mean_sem_json(c.reward.per_rt_unit)}};
  return s;
}

std::size_t curve_index(const std::string& name) {
  const auto& names = behavior_curve_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return i;
  std::string valid;
  for (const auto& n : names) valid += (valid.empty() ? "" : ", ") + n;
  throw InvalidInput("behavior: curve must be one of " + valid + ", got \"" + name + "\"");
}

}  // namespace

const std::vector<std::string>& behavior_curve_names() {
  static const std::vector<std::string> names = {
      "outcome_fractions",       "chronometric", "accuracy_concordance", "accuracy_abs_signal",
      "psychometric",            "accuracy_trial_in_block", "accuracy_rt"};
  return names;
}

BehaviorCurves analyze_rows(const BehaviorTable& t, const std::vector<std::size_t>& rows,
                            const BehaviorConfig& config, const std::string& subject) {
  const bool wrong = timeouts_count_as_wrong(t, config);
  BehaviorCurves c;
  c.subject = subject;
  c.n_trials = static_cast<std::int64_t>(rows.size());
  c.curves = {outcome_fractions(t, rows),
              chronometric(t, rows),
              accuracy_by_concordance(t, rows, wrong),
              accuracy_by_abs_signal(t, rows, wrong),
              psychometric_curve(t, rows),
              accuracy_by_trial_in_block(t, rows, wrong, config.trial_in_block_max),
              accuracy_by_rt(t, rows, config.rt_bins)};
  PsychometricFitOptions fo;
  fo.restarts = config.fit_restarts;
  fo.seed = static_cast<std::uint64_t>(config.fit_seed);
  fo.max_iterations = config.fit_max_iterations;
  c.fit_groups = {"block_left", "block_right", "unbiased"};
  c.fit_kind = config.fit;
  // ibl: x in % contrast, ibllib's ranges, no-go counted (brainbox); iblrnn: x = signal.
  const bool ibl = config.fit == FitRanges::ibl;
  fo.ranges = ibl ? "ibl" : "data";
  c.pct_per_x = ibl ? 1.0 : 100.0 * t.contrast_per_signal;
  const Curve fitted = ibl ? psychometric_curve_ibl(t, rows) : c.curves[kPsychometric];
  for (const auto& g : c.fit_groups) c.fits.push_back(fit_psychometric_group(fitted, g, fo));
  c.median_rt = median_rt_by_abs_signal(t, rows);
  c.reward = reward_rate(t, rows);
  c.summary = summarize(t, rows, c, wrong);
  return c;
}

BehaviorAnalysis analyze_behavior(const std::vector<LabeledTable>& inputs,
                                  const BehaviorConfig& config) {
  config.validate();
  std::set<std::string> labels;
  BehaviorAnalysis a;
  for (const auto& in : inputs) {
    require(!in.label.empty(), "behavior", "label", "must not be empty", in.label);
    require(labels.insert(in.label).second, "behavior", "label", "must be unique per input",
            in.label);
    const BehaviorTable& t = in.table;
    t.check_shape();
    InputBehavior r;
    r.label = in.label;
    r.rt_unit = t.rt_unit;
    r.timeouts_wrong = timeouts_count_as_wrong(t, config);
    r.n_rt_missing = t.n_rt_missing();
    std::set<std::int32_t> sessions(t.session.begin(), t.session.end());
    r.n_sessions = static_cast<std::int64_t>(sessions.size());
    r.pooled = analyze_rows(t, all_rows(t), config, "");
    if (t.subjects.size() > 1)
      for (std::size_t s = 0; s < t.subjects.size(); ++s)
        r.subjects.push_back(analyze_rows(t, rows_of_subject(t, int(s)), config, t.subjects[s]));
    a.inputs.push_back(std::move(r));
  }
  return a;
}

json behavior_summary_json(const BehaviorAnalysis& a) {
  json inputs = json::array();
  for (const auto& in : a.inputs) {
    json j = in.pooled.summary;
    j["label"] = in.label;
    j["rt_unit"] = in.rt_unit;
    j["timeouts"] = in.timeouts_wrong ? "wrong" : "excluded";
    j["n_sessions"] = in.n_sessions;
    j["n_subjects"] = in.subjects.empty() ? 1 : in.subjects.size();
    if (!in.subjects.empty()) {
      json subjects = json::object();
      for (const auto& s : in.subjects) subjects[s.subject] = s.summary;
      j["subjects"] = subjects;
    }
    inputs.push_back(j);
  }
  return {{"inputs", inputs}};
}

json curve_json(const BehaviorAnalysis& a, const std::string& name) {
  const std::size_t k = curve_index(name);
  auto one = [&](const BehaviorCurves& c) {
    json points = json::array();
    for (const auto& p : c.curves[k].points)
      points.push_back({{"group", p.group}, {"x", p.x}, {"mean", num(p.value.mean)},
                        {"sem", num(p.value.sem)}, {"n", p.value.n}});
    json j = {{"n_trials", c.n_trials}, {"points", points}};
    if (name == "psychometric") {
      json fits = json::object();
      for (std::size_t g = 0; g < c.fit_groups.size(); ++g) fits[c.fit_groups[g]] = fit_json(c.fits[g]);
      j["fits"] = fits;
    }
    return j;
  };
  json inputs = json::array();
  std::string x_name, y_name;
  std::vector<std::string> groups;
  for (const auto& in : a.inputs) {
    const Curve& c = in.pooled.curves[k];
    x_name = c.x_name, y_name = c.y_name, groups = c.groups;
    json j = {{"label", in.label}, {"rt_unit", in.rt_unit}, {"x", c.x_name},
              {"pooled", one(in.pooled)}};
    if (!in.subjects.empty()) {
      json subjects = json::object();
      for (const auto& s : in.subjects) subjects[s.subject] = one(s);
      j["subjects"] = subjects;
    }
    inputs.push_back(j);
  }
  if (a.inputs.empty()) {
    // Names and groups are the same for every table; take them from an empty one.
    const Curve c = analyze_rows(BehaviorTable{}, {}, BehaviorConfig{}, "").curves[k];
    x_name = c.x_name, y_name = c.y_name, groups = c.groups;
  }
  return {{"name", name}, {"x", x_name}, {"y", y_name}, {"groups", groups}, {"inputs", inputs}};
}

std::string curve_csv(const BehaviorAnalysis& a, const std::string& name) {
  const std::size_t k = curve_index(name);
  std::string out = "input,subject,group,x,mean,sem,n\n";
  auto rows = [&](const std::string& label, const BehaviorCurves& c) {
    for (const auto& p : c.curves[k].points)
      out += cell(label) + ',' + cell(c.subject) + ',' + p.group + ',' + fmt(p.x) + ',' +
             fmt(p.value.mean) + ',' + fmt(p.value.sem) + ',' + std::to_string(p.value.n) + '\n';
  };
  for (const auto& in : a.inputs) {
    rows(in.label, in.pooled);
    for (const auto& s : in.subjects) rows(in.label, s);
  }
  return out;
}

std::string psychometric_fits_csv(const BehaviorAnalysis& a) {
  std::string out =
      "input,subject,group,fit,m,m_se,w,w_se,gamma1,gamma1_se,gamma2,gamma2_se,nll,n_trials,"
      "n_levels,status,bias_pct,bias_pct_se,threshold_pct,threshold_pct_se\n";
  auto rows = [&](const std::string& label, const BehaviorCurves& c) {
    for (std::size_t g = 0; g < c.fits.size(); ++g) {
      const auto& f = c.fits[g];
      const double k = c.pct_per_x;
      out += cell(label) + ',' + cell(c.subject) + ',' + c.fit_groups[g] + ',' + choice_name(c.fit_kind) + ',' +
             fmt(f.params.m) + ',' + fmt(f.se.m) + ',' + fmt(f.params.w) + ',' + fmt(f.se.w) +
             ',' + fmt(f.params.gamma1) + ',' + fmt(f.se.gamma1) + ',' + fmt(f.params.gamma2) +
             ',' + fmt(f.se.gamma2) + ',' + fmt(f.nll) + ',' + std::to_string(f.n_trials) +
             ',' + std::to_string(f.n_levels) + ',' + f.status + ',' + fmt(k * f.params.m) + ',' +
             fmt(k * f.se.m) + ',' + fmt(k * f.params.w) + ',' + fmt(k * f.se.w) + '\n';
    }
  };
  for (const auto& in : a.inputs) {
    rows(in.label, in.pooled);
    for (const auto& s : in.subjects) rows(in.label, s);
  }
  return out;
}

}  // namespace iblrnn::behavior

namespace iblrnn::behavior {

std::string psychometric_table_csv(const BehaviorAnalysis& a) {
  std::string out =
      "input,subject,fit,n_trials,bias_left_pct,bias_left_pct_se,bias_right_pct,"
      "bias_right_pct_se,bias_shift_pct,bias_shift_pct_se,threshold_left_pct,"
      "threshold_left_pct_se,threshold_right_pct,threshold_right_pct_se,lapse_low_left,"
      "lapse_low_left_se,lapse_high_left,lapse_high_left_se,lapse_low_right,lapse_low_right_se,"
      "lapse_high_right,lapse_high_right_se\n";
  auto row = [&](const std::string& label, const BehaviorCurves& c) {
    const PsychometricFit& l = c.fits[0];  // block_left (P(left) > 0.5)
    const PsychometricFit& r = c.fits[1];  // block_right
    const double k = c.pct_per_x;
    const double shift = k * (l.params.m - r.params.m);
    const double shift_se = k * std::hypot(l.se.m, r.se.m);  // independent blocks
    out += cell(label) + ',' + cell(c.subject) + ',' + choice_name(c.fit_kind) + ',' +
           std::to_string(c.n_trials) + ',' + fmt(k * l.params.m) + ',' + fmt(k * l.se.m) + ',' +
           fmt(k * r.params.m) + ',' + fmt(k * r.se.m) + ',' + fmt(shift) + ',' + fmt(shift_se) +
           ',' + fmt(k * l.params.w) + ',' + fmt(k * l.se.w) + ',' + fmt(k * r.params.w) + ',' +
           fmt(k * r.se.w) + ',' + fmt(l.params.gamma1) + ',' + fmt(l.se.gamma1) + ',' +
           fmt(l.params.gamma2) + ',' + fmt(l.se.gamma2) + ',' + fmt(r.params.gamma1) + ',' +
           fmt(r.se.gamma1) + ',' + fmt(r.params.gamma2) + ',' + fmt(r.se.gamma2) + '\n';
  };
  for (const auto& in : a.inputs) {
    row(in.label, in.pooled);
    for (const auto& s : in.subjects) row(in.label, s);
  }
  return out;
}

}  // namespace iblrnn::behavior
