// Numbers in one-line messages and captions: three significant digits (printf "%.3g").
#pragma once

#include <cstdio>
#include <string>

namespace iblrnn::core {

/// `v` with three significant digits, e.g. 0.0123, 73.6, 1.2e+04.
inline std::string format_3g(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

}  // namespace iblrnn::core
