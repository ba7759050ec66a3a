// The hand-built trial tables shared by the behaviour tests.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "iblrnn/behavior/behavior_table.hpp"

namespace iblrnn::test {

struct Row {
  double p_left;
  int side;
  double signal;
  int choice;
  double rt;
  int trial_in_block;
};

inline behavior::BehaviorTable make_table(const std::vector<Row>& rows, const std::string& rt_unit = "s") {
  behavior::BehaviorTable t;
  t.rt_unit = rt_unit;
  t.timeouts_are_errors = rt_unit == "steps";
  t.subjects = {"m"};
  for (const Row& r : rows) {
    t.subject.push_back(0);
    t.session.push_back(0);
    t.p_left.push_back(r.p_left);
    t.block_side.push_back(static_cast<std::int8_t>(behavior::block_side_of_p_left(r.p_left)));
    t.stim_side.push_back(static_cast<std::int8_t>(r.side));
    t.signal.push_back(r.signal);
    t.signed_signal.push_back(r.signal == 0 ? 0.0 : r.side * r.signal);
    t.choice.push_back(static_cast<std::int8_t>(r.choice));
    t.correct.push_back(r.choice == r.side);
    t.rt.push_back(r.rt);
    t.trial_in_block.push_back(r.trial_in_block);
  }
  return t;
}

// The hand table (see each test for its hand-computed curve):
//  #  p_left side signal choice  rt   trial_in_block   class
//  0   0.8   −1    1     −1     0.3   0   left block, concordant, correct
//  1   0.8   −1    1     −1     0.5   1   concordant, correct
//  2   0.8   +1    1     −1     0.4   2   discordant, wrong
//  3   0.8   +1    0     +1     0.6   3   discordant, correct (signed signal 0)
//  4   0.8   −1    0     −1     NaN   4   concordant, correct, RT missing
//  5   0.2   +1    1     +1     0.2   0   right block, concordant, correct
//  6   0.2   +1    0      0     NaN   1   no-go
//  7   0.2   −1    0     +1     0.7   2   discordant, wrong
//  8   0.5   −1    1     −1     0.25  0   unbiased, correct
//  9   0.5   +1    0     −1     0.9   1   unbiased, wrong
inline behavior::BehaviorTable hand_table() {
  return make_table({{0.8, -1, 1, -1, 0.3, 0},
                     {0.8, -1, 1, -1, 0.5, 1},
                     {0.8, +1, 1, -1, 0.4, 2},
                     {0.8, +1, 0, +1, 0.6, 3},
                     {0.8, -1, 0, -1, std::nan(""), 4},
                     {0.2, +1, 1, +1, 0.2, 0},
                     {0.2, +1, 0, 0, std::nan(""), 1},
                     {0.2, -1, 0, +1, 0.7, 2},
                     {0.5, -1, 1, -1, 0.25, 0},
                     {0.5, +1, 0, -1, 0.9, 1}});
}

}  // namespace iblrnn::test
