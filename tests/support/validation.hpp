// Test support: the message a config's validate() throws after a change ("" if it passes).
#pragma once

#include <functional>
#include <string>

#include "iblrnn/core/error.hpp"

namespace iblrnn::testing {

/// The InvalidInput message that `f()` throws (`none` if it throws none).
template <class F>
std::string invalid_input_message(F f, const std::string& none = "(no error)") {
  try {
    f();
  } catch (const core::InvalidInput& e) {
    return e.what();
  }
  return none;
}

/// Applies `change` to a default Config and returns validate()'s InvalidInput message ("" if
/// it passes).
template <class Config>
std::string validation_message(const std::function<void(Config&)>& change) {
  Config c;
  change(c);
  return invalid_input_message([&] { c.validate(); }, "");
}

}  // namespace iblrnn::testing
