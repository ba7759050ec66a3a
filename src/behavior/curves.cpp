#include "iblrnn/behavior/curves.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::behavior {
namespace {

// Moments per (group, x), emitted as a Curve in group order then x order.
class Grouped {
 public:
  explicit Grouped(std::vector<std::string> groups)
      : groups_(std::move(groups)), by_group_(groups_.size()) {}
  void add(std::size_t group, double x, double value) {
    by_group_[group][x == 0 ? 0.0 : x].add(value);
  }
  Curve to_curve(std::string name, std::string x_name, std::string y_name) const {
    Curve c{std::move(name), std::move(x_name), std::move(y_name), groups_, {}};
    for (std::size_t g = 0; g < groups_.size(); ++g)
      for (const auto& [x, m] : by_group_[g]) c.points.push_back({groups_[g], x, m.result()});
    return c;
  }

 private:
  std::vector<std::string> groups_;
  std::vector<std::map<double, Moments>> by_group_;
};

// Whether the trial enters an accuracy: every trial when timeouts count as wrong,
// else trials with a response.
bool in_accuracy(const BehaviorTable& t, std::size_t i, bool timeouts_wrong) {
  return timeouts_wrong || t.choice[i] != 0;
}

}  // namespace

const CurvePoint* Curve::find(const std::string& group, double x) const {
  for (const auto& p : points)
    if (p.group == group && p.x == x) return &p;
  return nullptr;
}

std::vector<std::size_t> all_rows(const BehaviorTable& t) {
  std::vector<std::size_t> r(t.size());
  std::iota(r.begin(), r.end(), std::size_t{0});
  return r;
}

std::vector<std::size_t> rows_of_subject(const BehaviorTable& t, int s) {
  std::vector<std::size_t> r;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t.subject[i] == s) r.push_back(i);
  return r;
}

bool timeouts_count_as_wrong(const BehaviorTable& t, const BehaviorConfig& config) {
  if (config.timeouts == TimeoutRule::wrong) return true;
  if (config.timeouts == TimeoutRule::exclude) return false;
  return t.timeouts_are_errors;
}

Curve outcome_fractions(const BehaviorTable& t, const std::vector<std::size_t>& rows) {
  Grouped g({"correct", "wrong", "timeout"});
  for (std::size_t i : rows) {
    if (t.side_unknown(i)) continue;
    const double x = t.signed_signal[i];
    const bool timeout = t.choice[i] == 0;
    g.add(0, x, t.correct[i]);
    g.add(1, x, !timeout && !t.correct[i]);
    g.add(2, x, timeout);
  }
  return g.to_curve("outcome_fractions", "signed_signal", "fraction");
}

Curve chronometric(const BehaviorTable& t, const std::vector<std::size_t>& rows) {
  Grouped g({"correct_concordant", "correct_discordant", "wrong_concordant", "wrong_discordant"});
  for (std::size_t i : rows) {
    if (t.choice[i] == 0 || std::isnan(t.rt[i])) continue;
    const bool con = t.concordant(i);
    if (!con && !t.discordant(i)) continue;
    g.add((t.correct[i] ? 0 : 2) + (con ? 0 : 1), t.signed_signal[i], t.rt[i]);
  }
  return g.to_curve("chronometric", "signed_signal", "reaction_time");
}

Curve accuracy_by_concordance(const BehaviorTable& t, const std::vector<std::size_t>& rows,
                              bool timeouts_wrong) {
  Grouped g({"concordant", "discordant"});
  for (std::size_t i : rows) {
    if (!in_accuracy(t, i, timeouts_wrong)) continue;
    if (t.concordant(i)) g.add(0, t.signed_signal[i], t.correct[i]);
    else if (t.discordant(i)) g.add(1, t.signed_signal[i], t.correct[i]);
  }
  return g.to_curve("accuracy_concordance", "signed_signal", "accuracy");
}

Curve accuracy_by_abs_signal(const BehaviorTable& t, const std::vector<std::size_t>& rows,
                             bool timeouts_wrong) {
  Grouped g({"all"});
  for (std::size_t i : rows)
    if (t.block_side[i] != 0 && !t.side_unknown(i) && in_accuracy(t, i, timeouts_wrong))
      g.add(0, t.signal[i], t.correct[i]);
  return g.to_curve("accuracy_abs_signal", "abs_signal", "accuracy");
}

Curve accuracy_by_trial_in_block(const BehaviorTable& t, const std::vector<std::size_t>& rows,
                                 bool timeouts_wrong, int max_trial) {
  Grouped g({"all", "zero_signal"});
  for (std::size_t i : rows) {
    if (t.block_side[i] == 0 || t.trial_in_block[i] > max_trial) continue;
    if (!in_accuracy(t, i, timeouts_wrong)) continue;
    g.add(0, t.trial_in_block[i], t.correct[i]);
    if (t.signal[i] == 0) g.add(1, t.trial_in_block[i], t.correct[i]);
  }
  return g.to_curve("accuracy_trial_in_block", "trial_in_block", "accuracy");
}

Curve psychometric_curve(const BehaviorTable& t, const std::vector<std::size_t>& rows) {
  Grouped g({"block_left", "block_right", "unbiased"});
  for (std::size_t i : rows) {
    if (t.choice[i] == 0 || t.side_unknown(i)) continue;
    const std::size_t group = t.block_side[i] < 0 ? 0 : (t.block_side[i] > 0 ? 1 : 2);
    g.add(group, t.signed_signal[i], t.choice[i] > 0);
  }
  return g.to_curve("psychometric", "signed_signal", "p_right");
}

Curve psychometric_curve_ibl(const BehaviorTable& t, const std::vector<std::size_t>& rows) {
  Grouped g({"block_left", "block_right", "unbiased"});
  const double pct = 100.0 * t.contrast_per_signal;
  for (std::size_t i : rows) {
    if (t.side_unknown(i)) continue;
    const std::size_t group = t.block_side[i] < 0 ? 0 : (t.block_side[i] > 0 ? 1 : 2);
    const double x = pct * t.signed_signal[i];
    g.add(group, x == 0 ? 0.0 : x, t.choice[i] > 0);  // brainbox: a no-go is not rightward
  }
  return g.to_curve("psychometric_ibl", "signed_contrast_pct", "p_right");
}

PsychometricFit fit_psychometric_group(const Curve& c, const std::string& group,
                                       const PsychometricFitOptions& options) {
  std::vector<double> x, n, k;
  for (const auto& p : c.points) {
    if (p.group != group) continue;
    x.push_back(p.x);
    n.push_back(double(p.value.n));
    k.push_back(std::round(p.value.mean * double(p.value.n)));
  }
  return fit_psychometric(x, n, k, options);
}

Curve accuracy_by_rt(const BehaviorTable& t, const std::vector<std::size_t>& rows, int rt_bins) {
  require(rt_bins >= 1, "accuracy_by_rt", "rt_bins", "must be >= 1", rt_bins);
  Grouped g({"all"});
  if (t.rt_unit == "steps") {
    for (std::size_t i : rows)
      if (t.choice[i] != 0 && !std::isnan(t.rt[i])) g.add(0, t.rt[i], t.correct[i]);
    return g.to_curve("accuracy_rt", "n_obs", "accuracy");
  }
  // Equal-count bins of the sorted (RT, correct) pairs; each bin's x is its median RT.
  std::vector<std::pair<double, std::uint8_t>> r;
  r.reserve(rows.size());
  for (std::size_t i : rows)
    if (t.choice[i] != 0 && !std::isnan(t.rt[i])) r.emplace_back(t.rt[i], t.correct[i]);
  std::sort(r.begin(), r.end());
  const std::size_t n = r.size(), bins = std::min<std::size_t>(rt_bins, n);
  for (std::size_t b = 0; b < bins; ++b) {
    const std::size_t lo = b * n / bins, hi = (b + 1) * n / bins;
    const std::size_t mid = lo + (hi - lo) / 2;
    const double x = (hi - lo) % 2 ? r[mid].first : 0.5 * (r[mid - 1].first + r[mid].first);
    for (std::size_t j = lo; j < hi; ++j) g.add(0, x, r[j].second);
  }
  return g.to_curve("accuracy_rt", "reaction_time", "accuracy");
}

std::vector<MedianPoint> median_rt_by_abs_signal(const BehaviorTable& t,
                                                 const std::vector<std::size_t>& rows) {
  std::map<double, std::vector<double>> by;
  for (std::size_t i : rows)
    if (t.block_side[i] != 0 && t.choice[i] != 0 && !std::isnan(t.rt[i]) && !t.side_unknown(i))
      by[t.signal[i]].push_back(t.rt[i]);
  std::vector<MedianPoint> out;
  for (auto& [x, v] : by) out.push_back({x, median(v), static_cast<std::int64_t>(v.size())});
  return out;
}

RewardRate reward_rate(const BehaviorTable& t, const std::vector<std::size_t>& rows) {
  Moments per_trial;
  std::vector<double> y, x;
  for (std::size_t i : rows) {
    per_trial.add(t.correct[i]);
    if (!std::isnan(t.rt[i])) y.push_back(t.correct[i]), x.push_back(t.rt[i]);
  }
  return {per_trial.result(), ratio_of_means(y, x)};
}

}  // namespace iblrnn::behavior
