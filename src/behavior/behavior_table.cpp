#include "iblrnn/behavior/behavior_table.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/run_files.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::task;

namespace iblrnn::behavior {

std::int64_t BehaviorTable::n_rt_missing() const {
  std::int64_t n = 0;
  for (double v : rt) n += std::isnan(v);
  return n;
}

void BehaviorTable::check_shape() const {
  const std::size_t n = size();
  check_internal(subject.size() == n && session.size() == n && p_left.size() == n &&
                     block_side.size() == n && stim_side.size() == n && signal.size() == n &&
                     signed_signal.size() == n && correct.size() == n && rt.size() == n &&
                     trial_in_block.size() == n,
                 "BehaviorTable columns differ in length");
}

void BehaviorTable::append(const BehaviorTable& o) {
  std::unordered_map<std::string, std::int32_t> index;
  for (std::size_t s = 0; s < subjects.size(); ++s) index[subjects[s]] = std::int32_t(s);
  std::vector<std::int32_t> remap(o.subjects.size());
  for (std::size_t s = 0; s < o.subjects.size(); ++s) {
    auto it = index.find(o.subjects[s]);
    if (it == index.end()) {
      it = index.emplace(o.subjects[s], std::int32_t(subjects.size())).first;
      subjects.push_back(o.subjects[s]);
    }
    remap[s] = it->second;
  }
  std::int32_t session_offset = 0;
  for (auto s : session) session_offset = std::max(session_offset, s + 1);
  for (std::size_t i = 0; i < o.size(); ++i) {
    subject.push_back(remap[o.subject[i]]);
    session.push_back(o.session[i] + session_offset);
  }
  auto cat = [](auto& a, const auto& b) { a.insert(a.end(), b.begin(), b.end()); };
  cat(p_left, o.p_left);
  cat(block_side, o.block_side);
  cat(stim_side, o.stim_side);
  cat(signal, o.signal);
  cat(signed_signal, o.signed_signal);
  cat(choice, o.choice);
  cat(correct, o.correct);
  cat(rt, o.rt);
  cat(trial_in_block, o.trial_in_block);
}

int block_side_of_p_left(double p_left) {
  return p_left > 0.5 ? -1 : (p_left < 0.5 ? 1 : 0);
}

BehaviorTable table_from_trials(const TrialTable& t, const std::string& subject) {
  if (!t.has_agent)
    throw InvalidInput("table_from_trials: trials has no agent's choices (a run without an "
                       "agent); play an agent first");
  BehaviorTable b;
  b.rt_unit = "steps";
  b.timeouts_are_errors = true;
  b.subjects = {subject};
  const std::size_t n = t.size();
  b.subject.assign(n, 0);
  b.session.assign(t.session.begin(), t.session.end());
  b.p_left = t.p_left;
  b.block_side.assign(t.block_side.begin(), t.block_side.end());
  b.stim_side.assign(t.stim_side.begin(), t.stim_side.end());
  b.signal = t.signal;
  b.signed_signal.resize(n);
  b.choice.assign(t.choice.begin(), t.choice.end());
  b.correct.assign(t.correct.begin(), t.correct.end());
  b.rt.resize(n);
  b.trial_in_block.assign(t.trial_in_block.begin(), t.trial_in_block.end());
  double top = 1.0;  // the ALF contrast map over the levels the run played
  for (double v : t.signal) top = std::max(top, v);
  b.contrast_per_signal = 1.0 / top;
  for (std::size_t i = 0; i < n; ++i) {
    const double s = t.stim_side[i] * t.signal[i];
    b.signed_signal[i] = s == 0.0 ? 0.0 : s;
    b.rt[i] = t.n_obs[i];
  }
  return b;
}

BehaviorTable read_run_trials(const std::string& path, const std::string& subject) {
  const TrialTable t = read_trials_csv(path);
  if (!t.has_agent)
    throw InvalidInput(path + ":1: missing columns response_side, correct, n_obs (a run without an "
                       "agent has no behaviour to analyze)");
  return table_from_trials(t, subject);
}

}  // namespace iblrnn::behavior
