// The arithmetic of the training path (docs/rnn.md, "Float32 training").
//   float64  every step and its gradient in double: the default, and the reference of the
//            gradient checks
//   float32  the network's steps during training and their backpropagation in float (16 lanes
//            per AVX-512 vector instead of 8); the weights, the optimiser, evaluation and every
//            output stay in double
#pragma once

#include <array>
#include <string_view>

namespace iblrnn::rnn {

enum class Precision { float64, float32 };
constexpr std::array<std::string_view, 2> choice_names(Precision) { return {"float64", "float32"}; }

}  // namespace iblrnn::rnn
