#!/usr/bin/env bash
# Installs what is missing, builds (Release), installs the Python package `iblrnn` for
# /usr/bin/python3 and runs the main job, `iblrnn reproduce`, on built-in defaults. Extra
# arguments go to `iblrnn reproduce` (e.g. --mouse-data PATH). Run as root or as a user with
# sudo (used only to install missing Debian packages and the Python package).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake --preset release
cmake --build --preset release
bash scripts/install_python.sh
exec ./build/release/iblrnn reproduce --out runs/reproduce "$@"
