#!/usr/bin/env bash
# Installs what is missing, builds (Release) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake --preset release
cmake --build --preset release
ctest --preset release
