// C++ errors as Python exceptions with the CLI's one-line messages: InvalidInput → ValueError,
// IoError → OSError, InternalError → RuntimeError. Ctrl-C during a long call
// surfaces as KeyboardInterrupt (raised by the progress callback, see progress.cpp).
#include "bindings.hpp"

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::py {

void bind_errors(pyb::module_& m) {
  (void)m;
  pyb::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const IoError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const InvalidInput& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const InternalError& e) {
      PyErr_SetString(PyExc_RuntimeError, e.what());
    }
  });
}

}  // namespace iblrnn::py
