#!/usr/bin/env bash
# Runs the Python package's test suite (python/tests) against the build tree's package with
# the interpreter it was built for. Extra arguments go to pytest (e.g. -k simulate).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${IBLRNN_BUILD_DIR:-build/release}
python=$(sed -n 's/^Python_EXECUTABLE:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
if [ ! -d "$build/python/iblrnn" ] || [ -z "$python" ]; then
  echo "test_python: FAILED: $build has no Python package (install pybind11-dev, python3-dev and reconfigure)" >&2
  exit 1
fi
status=0
PYTHONPATH="$PWD/$build/python${PYTHONPATH:+:$PYTHONPATH}" IBLRNN_BINARY="$PWD/$build/iblrnn" \
  "$python" -m pytest -q -rs python/tests "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "test_python: FAILED: pytest collected no tests in python/tests" >&2
  exit 1
fi
exit "$status"
