#!/usr/bin/env bash
# Installs what is missing, builds (Release) and runs the whole test suite: the C++ tests
# (ctest), then the Python package's tests (pytest, with the interpreter the package was
# built for, importing the package from the build tree).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake --preset release
cmake --build --preset release
bash scripts/install_python.sh
ctest --preset release
bash scripts/test_python.sh
