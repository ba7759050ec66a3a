// Progress reporting from long work to a front end (lower layers never print).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace iblrnn::core {

/// Called with (stage label, units done, units total); may be empty. Must be cheap.
using ProgressFn = std::function<void(const std::string& stage, std::int64_t done, std::int64_t total)>;

}  // namespace iblrnn::core
