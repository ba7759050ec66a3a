#include "bindings.hpp"

using namespace iblrnn::core;

namespace iblrnn::py {

pyb::object from_json(const nlohmann::json& value) {
  return pyb::module_::import("json").attr("loads")(value.dump());
}

ProgressFn checked_progress(pyb::object user) {
  auto callback = std::make_shared<pyb::object>(std::move(user));
  // The shared_ptr is released under the GIL by the last ProgressFn copy's owner, which is
  // always destroyed in a binding after the GIL is taken back.
  return [callback](const std::string& stage, std::int64_t done, std::int64_t total) {
    pyb::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) throw pyb::error_already_set();
    if (!callback->is_none()) (*callback)(stage, done, total);
  };
}

}  // namespace iblrnn::py
