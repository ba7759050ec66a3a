// The Bayesian actors (SPEC §3; docs/bayes.md eq. B1–B12): closed-loop agents of the task
// engine built from the block filter and the stimulus model.  They see only the engine's
// inputs: a trial starts at k = 0, and the feedback r at k = 0 tells whether the previous
// action was right (so the side is learned), or that the trial timed out (then the block
// filter takes the trial's evidence instead).
//   actor           p = stimulus posterior; the engine acts when it exceeds act_threshold.
//   actor_commit    the same, but on the last observation step p = 1 for the MAP side.
//   reward_optimal  acts (p = 1 for the MAP side) when the optimal stopping policy says so.
// Shapes as in task/agent.hpp: x is 3 × B, p is 2 × B.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "iblrnn/bayes/bayes_config.hpp"
#include "iblrnn/bayes/block_filter.hpp"
#include "iblrnn/bayes/reward_policy.hpp"
#include "iblrnn/bayes/stimulus_model.hpp"
#include "iblrnn/task/agent.hpp"
#include "iblrnn/task/run_record.hpp"

namespace iblrnn::bayes {

/// Which Bayesian decision rule an agent uses.
enum class BayesAgentKind { actor, actor_commit, reward_optimal };

/// Parses "actor" | "actor_commit" | "reward_optimal". Throws InvalidInput otherwise.
BayesAgentKind parse_bayes_agent_kind(const std::string& name);

/// A Bayesian agent playing B sessions in lock-step.
class BayesAgent : public task::Agent {
 public:
  /// Builds the agent (and, for reward_optimal, the policy tables unless `policy` is given).
  /// Throws InvalidInput if a config is invalid.
  BayesAgent(const task::TaskConfig& task, const BayesConfig& bayes, BayesAgentKind kind,
             std::shared_ptr<const RewardPolicy> policy = nullptr);

  void begin(int n_sessions) override;
  void step(const Eigen::Ref<const Eigen::MatrixXd>& x, const task::StepContext& ctx,
            Eigen::Ref<Eigen::MatrixXd> p) override;

  /// Sides learned from feedback for each finished trial of session b (−1 / +1; 0 after a
  /// timeout). The last trial of a session has no feedback step, so it is not listed.
  const std::vector<std::int8_t>& learned_sides(int session) const {
    return lanes_[session].learned;
  }

  /// When true (default false), learned_sides() is filled.
  void record_learned_sides(bool on) { record_learned_ = on; }

  /// When true (default false), the agent keeps its own beliefs of every trial as it plays:
  /// π_n, its stimulus prior and β_n after its update (see beliefs()).
  void record_beliefs(bool on) { record_beliefs_ = on; }

  /// The agent's beliefs over the trials of `run` (the run it just played with
  /// record_beliefs(true)) in run order, as the observer's arrays (observer.hpp): block_prior,
  /// block_posterior, stim_prior_right. The last trial of each session has no feedback step
  /// to play, so its update is made here from the trial's outcome in `run`. They equal
  /// observe(run, bayes, BlockUpdate::feedback)'s, without replaying the run.
  struct Beliefs {
    std::vector<double> block_prior, block_posterior, stim_prior_right;
  };
  Beliefs beliefs(const task::RunRecord& run);

 private:
  struct Lane {
    BlockFilter filter;
    TrialEvidence evidence;
    double prior_right = 0.5;
    double post_right = 0.5;
    int chosen = 0;        // side the engine acted on this trial (0: none yet)
    bool started = false;  // a trial has begun in this session
    std::vector<std::int8_t> learned;
    std::vector<double> block_prior, block_posterior, stim_prior;  // with record_beliefs
  };
  void finish_trial(Lane& lane, double feedback) const;

  task::TaskConfig task_;
  BayesConfig bayes_;
  BayesAgentKind kind_;
  StimulusModel model_;
  BlockFilter filter_template_;
  std::shared_ptr<const RewardPolicy> policy_;
  std::vector<Lane> lanes_;
  bool record_learned_ = false;
  bool record_beliefs_ = false;
  bool compat_ = false;
};

}  // namespace iblrnn::bayes
