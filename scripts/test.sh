#!/usr/bin/env bash
# Installs what is missing, builds and runs the whole test suite twice — the optimised build
# (preset release, -march=native) with the Python package's tests (pytest, with the
# interpreter the package was built for, importing it from the build tree) after ctest, and
# the generic build under AddressSanitizer + UBSan (preset asan, clang-14, no -march=native,
# no Python package) — then runs each libFuzzer target for FUZZ_SECONDS (default 20)
# seconds. Set IBLRNN_SKIP_ASAN=1 to run the release suite only.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake --preset release
cmake --build --preset release
bash scripts/install_python.sh
ctest --preset release
bash scripts/test_python.sh
if [[ "${IBLRNN_SKIP_ASAN:-0}" != 1 ]] && command -v clang++-14 >/dev/null; then
  cmake --preset asan
  cmake --build --preset asan
  ctest --preset asan
  bash scripts/fuzz.sh "${FUZZ_SECONDS:-20}"
else
  echo "test.sh: clang++-14 not found (or IBLRNN_SKIP_ASAN=1): sanitizer suite and fuzzing skipped"
fi
