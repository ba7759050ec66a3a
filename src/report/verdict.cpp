#include "iblrnn/report/verdict.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::report {
namespace {

std::string num(double v, const VerdictRule& rule) {
  char buf[48];
  const double x = v * rule.scale;
  std::snprintf(buf, sizeof buf, std::abs(x) >= 1000 ? "%.0f" : "%.3g", x);
  if (rule.unit.empty()) return buf;
  return std::string(buf) + (rule.unit == "°" ? "" : " ") + rule.unit;
}

bool all_nan(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return std::isnan(x); });
}

// V1: the largest deviation over the entries that were run, each against max(tol, 2 sd).
struct Band {
  bool within_tol = true;
  bool within_qual = true;
  double worst = 0;   // largest |ours − paper|
  double allowed = 0; // its allowance
  int n_missing = 0;
};

Band compare_band(const VerdictRule& rule, const std::vector<double>& paper,
                  const std::vector<double>& ours, const std::vector<double>& sd) {
  Band b;
  for (std::size_t i = 0; i < paper.size(); ++i) {
    if (std::isnan(ours[i])) {
      ++b.n_missing;
      continue;
    }
    const double spread = sd.empty() || std::isnan(sd[i]) ? 0.0 : 2.0 * sd[i];
    const double allowed = std::max(rule.tol, spread);
    const double dev = std::abs(ours[i] - paper[i]);
    b.within_tol = b.within_tol && dev <= allowed;
    b.within_qual = b.within_qual && dev <= std::max(rule.qual_tol, allowed);
    if (dev >= b.worst) b.worst = dev, b.allowed = allowed;
  }
  return b;
}

bool same_signs(const VerdictRule& rule, const std::vector<double>& paper,
                const std::vector<double>& ours) {
  for (std::size_t i = 0; i < paper.size(); ++i) {
    if (std::isnan(ours[i]) || std::abs(paper[i]) < rule.sign_floor) continue;
    if ((paper[i] > 0) != (ours[i] > 0)) return false;
  }
  return true;
}

std::string missing_note(int n_missing) {
  return n_missing ? " (" + std::to_string(n_missing) + " value(s) not run)" : "";
}

}  // namespace

std::string verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::reproduced: return "reproduced";
    case Verdict::qualitatively: return "qualitatively";
    case Verdict::differs: return "differs";
    case Verdict::not_run: return "not run";
  }
  return "not run";
}

void VerdictRule::validate() const {
  const char* where = "VerdictRule";
  for (auto [name, v] : {std::pair{"tol", tol}, {"qual_tol", qual_tol}, {"sign_floor", sign_floor},
                         {"min_rise", min_rise}, {"limit", limit}, {"ratio", ratio},
                         {"scale", scale}}) {
    require(v >= 0, where, name, "must be >= 0", v);
  }
}

Judgement judge(const VerdictRule& rule, const std::vector<double>& paper,
                const std::vector<double>& ours, const std::vector<double>& sd) {
  rule.validate();
  const char* where = "judge";
  if (rule.kind == RuleKind::rise) {
    require(paper.size() == 4, where, "paper", "must be {start_lo, start_hi, end_lo, end_hi} for a rise",
            paper.size());
    require(ours.size() == 2, where, "ours", "must be {start, end} for a rise", ours.size());
  } else {
    require(ours.size() == paper.size(), where, "ours", "must have as many values as the paper",
            ours.size());
  }
  require(sd.empty() || sd.size() == ours.size(), where, "sd", "must be empty or match ours",
          sd.size());
  if (rule.kind == RuleKind::speed || rule.kind == RuleKind::signs_and_order)
    require(paper.size() == 2, where, "paper", "must hold two values for this rule", paper.size());

  Judgement j;
  if (ours.empty() || all_nan(ours)) {
    j.reason = "no value in the output folder";
    return j;
  }

  switch (rule.kind) {
    case RuleKind::band:
    case RuleKind::signs:
    case RuleKind::signs_and_order: {
      const Band b = compare_band(rule, paper, ours, sd);
      const std::string dev = "largest |ours − paper| = " + num(b.worst, rule);
      if (b.within_tol) {
        j = {Verdict::reproduced, dev + " ≤ " + num(b.allowed, rule)};
      } else if (rule.kind == RuleKind::band) {
        j = b.within_qual
                ? Judgement{Verdict::qualitatively, dev + " ≤ " + num(rule.qual_tol, rule) +
                                                        " (tolerance " + num(b.allowed, rule) + ")"}
                : Judgement{Verdict::differs, dev + " > " + num(std::max(rule.qual_tol, b.allowed), rule)};
      } else {
        bool ok = same_signs(rule, paper, ours);
        std::string why = ok ? "same signs as the paper" : "a sign differs from the paper";
        if (ok && rule.kind == RuleKind::signs_and_order && !std::isnan(ours[0]) &&
            !std::isnan(ours[1])) {
          ok = (ours[0] > ours[1]) == (paper[0] > paper[1]);
          why += ok ? ", same order" : ", but the order is reversed";
        }
        j = {ok ? Verdict::qualitatively : Verdict::differs,
             dev + " > " + num(b.allowed, rule) + "; " + why};
      }
      j.reason += missing_note(b.n_missing);
      return j;
    }
    case RuleKind::rise: {
      const double start = ours[0], end = ours[1];
      if (std::isnan(start) || std::isnan(end)) {
        j.reason = "start or end of the curve missing";
        return j;
      }
      const bool start_in = start >= paper[0] - rule.tol && start <= paper[1] + rule.tol;
      const bool end_in = end >= paper[2] - rule.tol && end <= paper[3] + rule.tol;
      const std::string what = "from " + num(start, rule) + " to " + num(end, rule);
      if (start_in && end_in) return {Verdict::reproduced, what + ", inside the paper's ranges"};
      if (end - start >= rule.min_rise)
        return {Verdict::qualitatively, what + ": rises by ≥ " + num(rule.min_rise, rule) +
                                            ", outside the paper's ranges"};
      return {Verdict::differs, what + ": rises by less than " + num(rule.min_rise, rule)};
    }
    case RuleKind::speed: {
      const double fast = ours[0], slow = ours[1];
      if (std::isnan(fast)) {
        j.reason = "fast method not run";
        return j;
      }
      const std::string f = num(fast, rule);
      if (std::isnan(slow)) {
        return fast < rule.limit
                   ? Judgement{Verdict::qualitatively, f + " < " + num(rule.limit, rule) +
                                                           "; slow method not run"}
                   : Judgement{Verdict::differs, f + " ≥ " + num(rule.limit, rule)};
      }
      const std::string both = f + " vs " + num(slow, rule);
      if (fast < rule.limit && slow >= rule.ratio * fast)
        return {Verdict::reproduced, both + ": under the limit and ≥ " +
                                         std::to_string(static_cast<int>(rule.ratio)) + "× faster"};
      if (fast < slow) return {Verdict::qualitatively, both + ": faster, by less than claimed"};
      return {Verdict::differs, both + ": not faster"};
    }
  }
  return j;
}

}  // namespace iblrnn::report
