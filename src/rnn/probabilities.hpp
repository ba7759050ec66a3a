// eq. N4 from the logit difference d = logit_R − logit_L: p = (σ(−d), σ(d)), with one
// exponential: for e = exp(−|d|) the larger is 1/(1 + e), the smaller e/(1 + e). Shared by
// the cells' double and float32 steps (cell.cpp, cell_f32.cpp).
#pragma once

#include <cmath>

namespace iblrnn::rnn::detail {

template <class Col>
void write_probabilities(double d, Col&& p) {
  const double e = std::exp(-std::abs(d));
  const double large = 1.0 / (1.0 + e), small = e * large;
  p(1) = d >= 0 ? large : small;
  p(0) = d >= 0 ? small : large;
}

}  // namespace iblrnn::rnn::detail
