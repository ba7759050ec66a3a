// The extension module iblrnn._iblrnn: thin pybind11 bindings over the core library; the
// package python/iblrnn/ wraps them into the public API (docs/python.md).
#include "bindings.hpp"

PYBIND11_MODULE(_iblrnn, m) {
  m.doc() = "iblrnn core bindings (use the iblrnn package, not this module directly)";
  m.attr("__version__") = IBLRNN_VERSION;
  iblrnn::py::bind_errors(m);
  iblrnn::py::bind_config(m);
  iblrnn::py::bind_task(m);
  iblrnn::py::bind_network(m);
  iblrnn::py::bind_bayes(m);
  iblrnn::py::bind_behavior(m);
  iblrnn::py::bind_analysis(m);
}
