#include "iblrnn/distill/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;
using namespace iblrnn::task;

namespace iblrnn::distill {

SignalAccuracy accuracy_by_signal(const TrialTable& trials) {
  require(trials.has_agent, "accuracy_by_signal", "trials", "must come from an agent's run",
          "no choices");
  require(trials.size() > 0, "accuracy_by_signal", "trials", "must not be empty", 0);
  struct Count {
    std::int64_t n[3] = {0, 0, 0}, correct[3] = {0, 0, 0};  // all, concordant, discordant
  };
  std::map<double, Count> by_signal;
  Count total;
  for (std::size_t i = 0; i < trials.size(); ++i) {
    const double s = trials.stim_side[i] * trials.signal[i];
    const int c = trials.correct[i] ? 1 : 0;
    const int group = trials.block_side[i] == 0 ? -1 : (trials.concordant[i] ? 1 : 2);
    for (Count* k : {&by_signal[s], &total}) {
      k->n[0] += 1;
      k->correct[0] += c;
      if (group > 0) {
        k->n[group] += 1;
        k->correct[group] += c;
      }
    }
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto rate = [nan](std::int64_t c, std::int64_t n) { return n > 0 ? double(c) / double(n) : nan; };
  SignalAccuracy out;
  for (const auto& [s, k] : by_signal) {
    out.signed_signal.push_back(s == 0.0 ? 0.0 : s);  // −0 → 0
    out.all.push_back(rate(k.correct[0], k.n[0]));
    out.concordant.push_back(rate(k.correct[1], k.n[1]));
    out.discordant.push_back(rate(k.correct[2], k.n[2]));
    out.n_all.push_back(k.n[0]);
    out.n_concordant.push_back(k.n[1]);
    out.n_discordant.push_back(k.n[2]);
  }
  out.accuracy = rate(total.correct[0], total.n[0]);
  out.accuracy_concordant = rate(total.correct[1], total.n[1]);
  out.accuracy_discordant = rate(total.correct[2], total.n[2]);
  return out;
}

}  // namespace iblrnn::distill
