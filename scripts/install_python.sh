#!/usr/bin/env bash
# Installs the built Python package `iblrnn` (build/release/python/iblrnn) for the interpreter
# it was built for (Debian's /usr/bin/python3 by default) with `cmake --install`: into that
# interpreter's site folder (as root, or through sudo), else into the user's site folder.
# Idempotent; does nothing when the build has no Python package (pybind11 missing).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/as_root.sh
build=build/release
if ! grep -q '^IBLRNN_PYTHON_INSTALL_DIR:' "$build/CMakeCache.txt" 2>/dev/null; then
  echo "install_python: the build has no Python package (needs pybind11-dev and python3-dev)" >&2
  exit 0
fi
python=$(sed -n 's/^Python_EXECUTABLE:[A-Z]*=//p' "$build/CMakeCache.txt")
site=$(sed -n 's/^IBLRNN_PYTHON_INSTALL_DIR:[A-Z]*=//p' "$build/CMakeCache.txt")
if [ "$(id -u)" -ne 0 ] && ! { mkdir -p "$site" 2>/dev/null && [ -w "$site" ]; } && \
   ! command -v sudo >/dev/null 2>&1; then
  # No root and no sudo: the user's own site folder (on the interpreter's path by default).
  site=$("$python" -c 'import site; print(site.getusersitepackages())')
  cmake -S . -B "$build" -DIBLRNN_PYTHON_INSTALL_DIR="$site" >/dev/null
  cmake --install "$build" --component python >/dev/null
elif [ "$(id -u)" -ne 0 ] && [ ! -w "$site" ]; then
  as_root cmake --install "$build" --component python >/dev/null
else
  cmake --install "$build" --component python >/dev/null
fi
echo "install_python: iblrnn installed into $site for $python"
