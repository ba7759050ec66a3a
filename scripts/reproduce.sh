#!/usr/bin/env bash
# Installs what is missing, builds (Release) and runs the main job, `iblrnn reproduce`, on
# built-in defaults. Extra arguments go to `iblrnn reproduce` (e.g. --mouse-data PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake --preset release
cmake --build --preset release
exec ./build/release/iblrnn reproduce --out runs/reproduce "$@"
