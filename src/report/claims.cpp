#include "iblrnn/report/claims.hpp"

#include <cstdio>
#include <cmath>
#include <functional>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::report {
namespace {

using Values = std::vector<std::pair<std::string, double>>;
using Test = std::function<std::optional<bool>(const ClaimMeasurements&)>;

// Thresholds of the criteria (SPEC §8; docs/report.md K1).
constexpr double kPc12Min = 0.80;          // C4
constexpr double kInPlaneMin = 0.85;       // C5
constexpr double kDecoderGapMax = 0.02;    // C6
constexpr double kAngleMax = 80.0;         // C7
constexpr double kSlopeRatioMin = 3.0;     // C8
constexpr double kSlopePMax = 1e-5;        // C8
constexpr double kBayesCorrMin = 0.7;      // C9
constexpr double kLineAngleMax = 45.0;     // C11
constexpr double kFeedbackShareMax = 0.25; // C12
constexpr double kPoolCorrMax = -0.3;      // C13
constexpr double kRaddGapMax = 0.02;       // C14
constexpr double kDriveRatioMin = 3.0;     // C16

bool known(double v) { return !std::isnan(v); }

// Holds when every input is measured and the predicate is true; not tested otherwise.
std::optional<bool> when(std::initializer_list<double> inputs, bool predicate) {
  for (double v : inputs)
    if (!known(v)) return std::nullopt;
  return predicate;
}

struct Variant {
  std::string definition, criterion;
  Test test;
};

struct ClaimDef {
  std::string id, claim, where;
  std::vector<Variant> variants;
  std::function<Values(const ClaimMeasurements&)> values;
};

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Behaviour (SPEC §8 C1–C3): the RNN against the Bayesian agents.
std::vector<ClaimDef> behavior_claims() {
  return {
      {"C1", "the RNN's accuracy is close to the Bayesian baselines", "abstract, §3.1",
       {{"", "RNN accuracy ≥ the threshold Bayesian actor's",
         [](const ClaimMeasurements& m) {
           return when({m.rnn_accuracy, m.bayes_actor_accuracy},
                       m.rnn_accuracy >= m.bayes_actor_accuracy);
         }}},
       [](const ClaimMeasurements& m) {
         return Values{{"rnn_accuracy", m.rnn_accuracy},
                       {"bayes_actor_accuracy", m.bayes_actor_accuracy},
                       {"actor_commit_accuracy", m.actor_commit_accuracy}};
       }},
      {"C2", "after a block change, zero-signal accuracy rises from below to above chance",
       "Fig 3c",
       {{"", "mean of trials 1–5 < 0.5 < mean of trials 20–40",
         [](const ClaimMeasurements& m) {
           return when({m.zero_signal_early, m.zero_signal_late},
                       m.zero_signal_early < 0.5 && 0.5 < m.zero_signal_late);
         }}},
       [](const ClaimMeasurements& m) {
         return Values{{"zero_signal_early", m.zero_signal_early},
                       {"zero_signal_late", m.zero_signal_late}};
       }},
      {"C3", "concordant trials are more accurate than discordant ones at low signal", "Fig 3a",
       {{"", "accuracy at |μ| ≤ 0.5: concordant − 95 % CI > discordant + 95 % CI",
         [](const ClaimMeasurements& m) {
           return when({m.concordant_low, m.concordant_low_ci, m.discordant_low,
                        m.discordant_low_ci},
                       m.concordant_low - m.concordant_low_ci >
                           m.discordant_low + m.discordant_low_ci);
         }}},
       [](const ClaimMeasurements& m) {
         return Values{{"concordant_low", m.concordant_low},
                       {"concordant_low_ci", m.concordant_low_ci},
                       {"discordant_low", m.discordant_low},
                       {"discordant_low_ci", m.discordant_low_ci}};
       }},
  };
}

// Representation (C4–C9): the geometry of the hidden states.
std::vector<ClaimDef> representation_claims() {
  return {
      {"C4", "activity is essentially two-dimensional", "§3.2.1",
       {{"", "PC1 + PC2 ≥ " + num(100 * kPc12Min) + " % of variance",
         [](const ClaimMeasurements& m) {
           return when({m.pc12_variance}, m.pc12_variance >= kPc12Min);
         }}},
       [](const ClaimMeasurements& m) { return Values{{"pc12_variance", m.pc12_variance}}; }},
      {"C5", "the stimulus readout lies in the PC plane", "§3.2.1",
       {{"", "in-plane fraction ≥ " + num(100 * kInPlaneMin) + " %",
         [](const ClaimMeasurements& m) {
           return when({m.stimulus_in_plane}, m.stimulus_in_plane >= kInPlaneMin);
         }}},
       [](const ClaimMeasurements& m) {
         return Values{{"stimulus_in_plane", m.stimulus_in_plane}};
       }},
      {"C6", "block side is decodable as well from the plane as from the full state", "§3.2.1",
       {{"", "2-D decoder accuracy within " + num(100 * kDecoderGapMax) + " pp of the full one",
         [](const ClaimMeasurements& m) {
           return when({m.block_decoder_full, m.block_decoder_2d},
                       std::abs(m.block_decoder_full - m.block_decoder_2d) <= kDecoderGapMax);
         }}},
       [](const ClaimMeasurements& m) {
         return Values{{"block_decoder_full", m.block_decoder_full},
                       {"block_decoder_2d", m.block_decoder_2d}};
       }},
      {"C7", "the two readouts are non-orthogonal", "§3.2.1",
       {{"paper2020", "full-space angle < " + num(kAngleMax) + "° (right row vs lifted 2-D decoder)",
         [](const ClaimMeasurements& m) {
           return when({m.angle_full_paper2020}, m.angle_full_paper2020 < kAngleMax);
         }},
        {"ours", "full-space angle < " + num(kAngleMax) + "° (readout difference vs full-state decoder)",
         [](const ClaimMeasurements& m) {
           return when({m.angle_full_ours}, m.angle_full_ours < kAngleMax);
         }}},
       [](const ClaimMeasurements& m) {
         return Values{{"angle_full_paper2020", m.angle_full_paper2020},
                       {"angle_full_ours", m.angle_full_ours},
                       {"angle_plane_paper2020", m.angle_plane_paper2020},
                       {"angle_plane_ours", m.angle_plane_ours}};
       }},
      {"C8", "evidence moves the stimulus coordinate several times faster than the block coordinate",
       "§3.2.2",
       {{"", "slope ratio ≥ " + num(kSlopeRatioMin) + " and both slopes p < 1e-5",
         [](const ClaimMeasurements& m) {
           return when({m.slope_stimulus, m.slope_block, m.slope_stimulus_p, m.slope_block_p},
                       m.slope_block > 0 && m.slope_stimulus >= kSlopeRatioMin * m.slope_block &&
                           m.slope_stimulus_p < kSlopePMax && m.slope_block_p < kSlopePMax);
         }}},
       [](const ClaimMeasurements& m) {
         return Values{{"slope_stimulus", m.slope_stimulus}, {"slope_block", m.slope_block},
                       {"slope_ratio", m.slope_stimulus / m.slope_block},
                       {"slope_stimulus_p", m.slope_stimulus_p},
                       {"slope_block_p", m.slope_block_p}};
       }},
      {"C9", "the block coordinate tracks the Bayesian block posterior", "Fig 5c, 6a",
       {{"", "correlation ≥ " + num(kBayesCorrMin) + " at trial ends",
         [](const ClaimMeasurements& m) {
           return when({m.block_bayes_correlation}, m.block_bayes_correlation >= kBayesCorrMin);
         }}},
       [](const ClaimMeasurements& m) {
         return Values{{"block_bayes_correlation", m.block_bayes_correlation}};
       }},
  };
}

// Dynamics (C10–C13): fixed points, feedback and unit pools.
std::vector<ClaimDef> dynamics_claims() {
  return {
      {"C10", "under a one-sided stimulus the state flows to the concordant attractor", "Fig 7",
       {{"", "left input: a stable point in the left-stimulus, left-block quadrant; right likewise",
         [](const ClaimMeasurements& m) -> std::optional<bool> {
           if (!m.left_concordant_attractor || !m.right_concordant_attractor) return std::nullopt;
           return *m.left_concordant_attractor && *m.right_concordant_attractor;
         }}},
       [](const ClaimMeasurements& m) {
         auto b = [](const std::optional<bool>& v) { return v ? double(*v) : NAN; };
         return Values{{"left_concordant_attractor", b(m.left_concordant_attractor)},
                       {"right_concordant_attractor", b(m.right_concordant_attractor)}};
       }},
      {"C11", "with no stimulus and no feedback the dynamics are a line attractor mainly aligned "
              "with the block readout", "Fig 7",
       {{"", "label line_attractor and its angle with the in-plane block axis < " +
                 num(kLineAngleMax) + "°",
         [](const ClaimMeasurements& m) -> std::optional<bool> {
           if (m.no_stimulus_label.empty()) return std::nullopt;
           if (m.no_stimulus_label != "line_attractor") return false;
           return when({m.no_stimulus_angle_block_plane},
                       m.no_stimulus_angle_block_plane < kLineAngleMax);
         }},
        {"bistable_slow_channel", "finding: label bistable with a slow channel (not the claim)",
         [](const ClaimMeasurements& m) -> std::optional<bool> {
           if (m.no_stimulus_label.empty()) return std::nullopt;
           return m.no_stimulus_label == "bistable" && m.no_stimulus_slow_channel;
         }}},
       [](const ClaimMeasurements& m) {
         return Values{{"no_stimulus_angle_block_plane", m.no_stimulus_angle_block_plane},
                       {"no_stimulus_slow_channel", double(m.no_stimulus_slow_channel)}};
       }},
      {"C12", "feedback has little effect on the state", "§3.2.3",
       {{"", "mean |ΔQ| of feedback steps < " + num(100 * kFeedbackShareMax) +
                 " % of that of observation steps",
         [](const ClaimMeasurements& m) {
           return when({m.feedback_dq, m.observation_dq},
                       m.observation_dq > 0 && m.feedback_dq < kFeedbackShareMax * m.observation_dq);
         }}},
       [](const ClaimMeasurements& m) {
         return Values{{"feedback_dq", m.feedback_dq}, {"observation_dq", m.observation_dq}};
       }},
      {"C13", "units form two anticorrelated pools with self-excitation and mutual inhibition",
       "Fig 9b–c",
       {{"", "between-pool correlation < " + num(kPoolCorrMax) +
                 "; both within-pool mean weights > 0 > both between-pool mean weights",
         [](const ClaimMeasurements& m) {
           return when({m.pool_between_correlation, m.pool_within_weight_a, m.pool_within_weight_b,
                        m.pool_between_weight_ab, m.pool_between_weight_ba},
                       m.pool_between_correlation < kPoolCorrMax && m.pool_within_weight_a > 0 &&
                           m.pool_within_weight_b > 0 && m.pool_between_weight_ab < 0 &&
                           m.pool_between_weight_ba < 0);
         }}},
       [](const ClaimMeasurements& m) {
         return Values{{"pool_between_correlation", m.pool_between_correlation},
                       {"pool_within_weight_a", m.pool_within_weight_a},
                       {"pool_within_weight_b", m.pool_within_weight_b},
                       {"pool_between_weight_ab", m.pool_between_weight_ab},
                       {"pool_between_weight_ba", m.pool_between_weight_ba}};
       }},
  };
}

// The 2-unit circuit (C14–C16): RADD against the teacher and the baselines.
std::vector<ClaimDef> circuit_claims() {
  return {
      {"C14", "a 2-unit RADD model nearly matches the teacher's accuracy", "§3.3.3",
       {{"", "|RADD − teacher| ≤ " + num(100 * kRaddGapMax) + " pp on the same sessions",
         [](const ClaimMeasurements& m) {
           return when({m.radd_accuracy, m.teacher_accuracy},
                       std::abs(m.radd_accuracy - m.teacher_accuracy) <= kRaddGapMax);
         }}},
       [](const ClaimMeasurements& m) {
         return Values{{"radd_accuracy", m.radd_accuracy},
                       {"teacher_accuracy", m.teacher_accuracy}};
       }},
      {"C15", "only RADD keeps the teacher's phase portrait", "Fig 8a",
       {{"", "RADD has the teacher's count and stability of fixed points under left, equal and "
             "right inputs; the conventional and task-trained 2-unit models do not",
         [](const ClaimMeasurements& m) -> std::optional<bool> {
           if (!m.radd_keeps_portrait || !m.conventional_keeps_portrait ||
               !m.task_trained_keeps_portrait)
             return std::nullopt;
           return *m.radd_keeps_portrait && !*m.conventional_keeps_portrait &&
                  !*m.task_trained_keeps_portrait;
         }}},
       [](const ClaimMeasurements& m) {
         auto b = [](const std::optional<bool>& v) { return v ? double(*v) : NAN; };
         return Values{{"radd_keeps_portrait", b(m.radd_keeps_portrait)},
                       {"conventional_keeps_portrait", b(m.conventional_keeps_portrait)},
                       {"task_trained_keeps_portrait", b(m.task_trained_keeps_portrait)}};
       }},
      {"C16", "RADD's stimulus unit is driven ≈ 5× more strongly by the input and integrates "
              "faster than its block unit", "§3.3.3",
       {{"", "shared scaling: input-drive ratio ≥ " + num(kDriveRatioMin) +
                 " and 1/(1 − A_ss) < 1/(1 − A_bb) (none counts as infinite)",
         [](const ClaimMeasurements& m) {
           return when({m.radd_input_drive_ratio, m.radd_tau_stimulus, m.radd_tau_block},
                       m.radd_input_drive_ratio >= kDriveRatioMin &&
                           m.radd_tau_stimulus < m.radd_tau_block);
         }}},
       [](const ClaimMeasurements& m) {
         return Values{{"radd_input_drive_ratio", m.radd_input_drive_ratio},
                       {"radd_tau_stimulus", m.radd_tau_stimulus},
                       {"radd_tau_block", m.radd_tau_block}};
       }},
  };
}

const std::vector<ClaimDef>& claim_defs() {
  static const std::vector<ClaimDef> defs = [] {
    std::vector<ClaimDef> all;
    for (auto group : {behavior_claims, representation_claims, dynamics_claims, circuit_claims})
      for (ClaimDef& d : group()) all.push_back(std::move(d));
    return all;
  }();
  return defs;
}

}  // namespace

std::string ClaimCount::fraction() const {
  return std::to_string(n_holds) + "/" + std::to_string(n_tested);
}

std::optional<bool> claim_holds(const std::string& id, const std::string& definition,
                                const ClaimMeasurements& m) {
  for (const auto& def : claim_defs()) {
    if (def.id != id) continue;
    for (const auto& v : def.variants)
      if (v.definition == definition) return v.test(m);
    throw InvalidInput("claim_holds: definition of " + id + " unknown, got \"" + definition + "\"");
  }
  throw InvalidInput("claim_holds: id must be C1 … C16, got \"" + id + "\"");
}

std::string training_failure(const ClaimMeasurements& m) {
  if (!(m.rnn_timeout_rate > kFailedTrainingTimeoutRate)) return "";
  char buf[96];
  std::snprintf(buf, sizeof buf, "times out on %.1f %% of evaluation trials (not trained)", 100 * m.rnn_timeout_rate);
  return buf;
}

std::vector<ClaimResult> build_claims(const std::vector<ClaimMeasurements>& seeds) {
  std::vector<ClaimResult> out;
  for (const auto& def : claim_defs()) {
    ClaimResult r;
    r.id = def.id;
    r.claim = def.claim;
    r.where = def.where;
    for (const auto& v : def.variants) {
      ClaimCount c;
      c.definition = v.definition;
      c.criterion = v.criterion;
      for (const auto& m : seeds) {
        const std::optional<bool> h = training_failure(m).empty() ? v.test(m) : std::nullopt;
        c.holds.push_back(h);
        c.n_tested += h.has_value();
        c.n_holds += h.value_or(false);
      }
      r.counts.push_back(std::move(c));
    }
    for (const auto& m : seeds) {
      r.seeds.push_back(m.seed);
      r.values.push_back(def.values(m));
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace iblrnn::report
