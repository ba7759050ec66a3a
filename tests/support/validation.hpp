// Test support: the message a config's validate() throws after a change ("" if it passes).
#pragma once

#include <functional>
#include <string>

#include "iblrnn/core/error.hpp"

namespace iblrnn::testing {

/// Applies `change` to a default Config and returns validate()'s InvalidInput message.
template <class Config>
std::string validation_message(const std::function<void(Config&)>& change) {
  Config c;
  change(c);
  try {
    c.validate();
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "";
}

/// The InvalidInput message that `f()` throws ("(no error)" if it throws none).
template <class F>
std::string invalid_input_message(F f) {
  try {
    f();
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace iblrnn::testing
