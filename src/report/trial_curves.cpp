#include "iblrnn/report/trial_curves.hpp"

#include <cmath>
#include <map>
#include <tuple>
#include <utility>
#include <algorithm>

using namespace iblrnn::task;

namespace iblrnn::report {
namespace {

using nlohmann::json;

// Running mean and sample variance of one point (Welford).
struct Acc {
  double n = 0, mean = 0, m2 = 0;
  void add(double v) {
    n += 1;
    const double d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  }
  double sem() const { return n >= 2 ? std::sqrt(m2 / (n - 1) / n) : 0.0; }
};

double signed_signal(const TrialTable& t, std::size_t i) {
  const double s = t.stim_side[i] * t.signal[i];
  return s == 0 ? 0.0 : s;  // no −0 in the page
}

const char* congruence(const TrialTable& t, std::size_t i) {
  return t.concordant[i] ? "concordant" : "discordant";
}

// Trials after a block change: a biased block that is not its session's first block.
bool after_switch(const TrialTable& t, std::size_t i) {
  return t.block_side[i] != 0 && t.block[i] > 0;
}

}  // namespace

std::vector<AgentRun> find_agent_runs(ReportFolder& folder) {
  std::vector<std::string> dirs = {"", "network/eval"};
  for (const char* parent : {"bayes", "distill"}) {
    for (const auto& name : folder.list(parent, "")) {
      dirs.push_back(std::string(parent) + "/" + name);
      dirs.push_back(std::string(parent) + "/" + name + "/eval");
    }
  }
  for (const auto& name : folder.list("", "")) {
    if (name.rfind("network_", 0) == 0) dirs.push_back(name + "/eval");
  }
  std::vector<AgentRun> runs;
  for (const auto& d : dirs) {
    const std::string prefix = d.empty() ? "" : d + "/";
    if (!folder.exists(prefix + "trials.csv")) continue;
    const TrialTable* t = folder.trials(prefix + "trials.csv");
    if (!t || !t->has_agent) continue;
    std::string agent;
    const nlohmann::json* s = folder.json(prefix + "summary.json");
    if (s && s->contains("agent") && (*s)["agent"].is_string()) agent = (*s)["agent"];
    if (agent.empty()) {
      if (d == "network/eval") agent = "rnn";
      else if (d.empty()) agent = "agent";
      else {
        std::string base = d.size() > 5 && d.substr(d.size() - 5) == "/eval" ? d.substr(0, d.size() - 5) : d;
        agent = base.substr(base.rfind('/') + 1);
      }
    }
    // Two runs of the same agent kind (e.g. two networks): name the later one by its folder.
    for (const auto& r : runs)
      if (r.agent == agent) agent += " (" + (d.empty() ? std::string(".") : d) + ")";
    runs.push_back({agent, d});
  }
  return runs;
}

json outcome_fractions(const TrialTable& t, const std::string& agent) {
  std::map<std::pair<double, int>, Acc> acc;  // (signed signal, outcome) → indicator
  for (std::size_t i = 0; i < t.size(); ++i) {
    const int outcome = t.choice[i] == 0 ? 2 : t.correct[i] ? 0 : 1;
    for (int o = 0; o < 3; ++o) acc[{signed_signal(t, i), o}].add(o == outcome);
  }
  static const char* names[] = {"correct", "wrong", "timeout"};
  json rows = json::array();
  for (const auto& [key, a] : acc)
    rows.push_back({{"agent", agent}, {"signed_signal", key.first}, {"outcome", names[key.second]},
                    {"fraction", a.mean}, {"sem", a.sem()}, {"n", a.n}});
  return rows;
}

json chronometric(const TrialTable& t, const std::string& agent) {
  std::map<std::tuple<double, int, int>, Acc> acc;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t.choice[i] == 0 || t.block_side[i] == 0) continue;
    acc[{signed_signal(t, i), t.correct[i] ? 0 : 1, t.concordant[i] ? 0 : 1}].add(t.n_obs[i]);
  }
  json rows = json::array();
  for (const auto& [key, a] : acc)
    rows.push_back({{"agent", agent},
                    {"signed_signal", std::get<0>(key)},
                    {"outcome", std::get<1>(key) == 0 ? "correct" : "wrong"},
                    {"congruence", std::get<2>(key) == 0 ? "concordant" : "discordant"},
                    {"n_obs", a.mean},
                    {"sem", a.sem()},
                    {"n", a.n}});
  return rows;
}

json accuracy_by_congruence(const TrialTable& t, const std::string& agent) {
  std::map<std::pair<double, std::string>, Acc> acc;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t.block_side[i] == 0) continue;
    acc[{signed_signal(t, i), congruence(t, i)}].add(t.correct[i]);
  }
  json rows = json::array();
  for (const auto& [key, a] : acc)
    rows.push_back({{"agent", agent}, {"signed_signal", key.first}, {"congruence", key.second},
                    {"accuracy", a.mean}, {"sem", a.sem()}, {"n", a.n}});
  return rows;
}

json accuracy_after_switch(const TrialTable& t, const std::string& agent, bool zero_signal_only,
                           int max_trial) {
  std::map<int, Acc> acc;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!after_switch(t, i) || t.trial_in_block[i] >= max_trial) continue;
    if (zero_signal_only && t.signal[i] != 0) continue;
    acc[t.trial_in_block[i]].add(t.correct[i]);
  }
  json rows = json::array();
  for (const auto& [k, a] : acc)
    rows.push_back({{"agent", agent}, {"trial_in_block", k}, {"accuracy", a.mean},
                    {"sem", a.sem()}, {"n", a.n}});
  return rows;
}

json psychometric_points(const TrialTable& t, const std::string& agent) {
  std::map<std::pair<int, double>, Acc> acc;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t.block_side[i] == 0 || t.choice[i] == 0) continue;
    acc[{t.block_side[i], signed_signal(t, i)}].add(t.choice[i] > 0);
  }
  json rows = json::array();
  for (const auto& [key, a] : acc)
    rows.push_back({{"agent", agent}, {"block", key.first < 0 ? "left" : "right"},
                    {"signed_signal", key.second}, {"p_right", a.mean}, {"sem", a.sem()},
                    {"n", a.n}});
  return rows;
}

double psychometric_p(double x, double m, double w, double gamma1, double gamma2) {
  return gamma1 + (1 - gamma1 - gamma2) * (std::erf((x - m) / w) + 1) / 2;
}

json records_from_behavior(const json& rows, const std::string& curve,
                           const std::vector<std::string>& mice) {
  json out = json::array();
  if (!rows.is_array()) return out;
  for (const auto& r : rows) {
    const bool pooled = !r.contains("subject") || r["subject"].is_null() ||
                        (r["subject"].is_string() && r["subject"].get<std::string>().empty());
    if (!pooled || !r.contains("x") || !r["x"].is_number()) continue;
    const std::string input = r.contains("input") && r["input"].is_string() ? r["input"].get<std::string>()
                              : r.contains("input") ? r["input"].dump() : "";
    const std::string group = r.contains("group") && r["group"].is_string() ? r["group"].get<std::string>() : "";
    const json mean = r.value("mean", json()), sem = r.value("sem", json()), n = r.value("n", json());
    const double x = r["x"].get<double>() == 0 ? 0.0 : r["x"].get<double>();
    json rec = {{"agent", input}, {"sem", sem.is_number() ? sem : json(0.0)}, {"n", n}};
    if (std::find(mice.begin(), mice.end(), input) != mice.end()) rec["mice"] = true;
    if (curve == "outcome_fractions") {
      rec["signed_signal"] = x, rec["outcome"] = group, rec["fraction"] = mean;
    } else if (curve == "chronometric") {
      const auto cut = group.find('_');
      if (cut == std::string::npos) continue;
      const std::string outcome = group.substr(0, cut), congruence = group.substr(cut + 1);
      if ((outcome != "correct" && outcome != "wrong") ||
          (congruence != "concordant" && congruence != "discordant"))
        continue;
      rec["signed_signal"] = x, rec["outcome"] = outcome;
      rec["congruence"] = congruence, rec["n_obs"] = mean;
    } else if (curve == "accuracy_concordance") {
      rec["signed_signal"] = x, rec["congruence"] = group, rec["accuracy"] = mean;
    } else if (curve == "psychometric") {
      if (group != "block_left" && group != "block_right") continue;
      rec["signed_signal"] = x, rec["block"] = group == "block_left" ? "left" : "right";
      rec["p_right"] = mean;
    } else if (curve == "accuracy_trial_in_block" || curve == "accuracy_trial_in_block_zero") {
      if (group != (curve == "accuracy_trial_in_block" ? "all" : "zero_signal")) continue;
      rec["trial_in_block"] = x, rec["accuracy"] = mean;
    } else {
      continue;
    }
    if (!mean.is_number()) continue;
    out.push_back(std::move(rec));
  }
  return out;
}

std::pair<double, double> zero_signal_rise(const json& records, int end_from, int end_to) {
  double start = std::nan(""), sum = 0, n = 0;
  for (const auto& r : records) {
    if (!r.contains("trial_in_block") || !r.contains("accuracy") || !r["accuracy"].is_number()) continue;
    const double k = r["trial_in_block"].get<double>();
    const double w = r.contains("n") && r["n"].is_number() ? r["n"].get<double>() : 1.0;
    if (k == 0) start = r["accuracy"].get<double>();
    if (k >= end_from && k < end_to) sum += w * r["accuracy"].get<double>(), n += w;
  }
  return {start, n > 0 ? sum / n : std::nan("")};
}

}  // namespace iblrnn::report
