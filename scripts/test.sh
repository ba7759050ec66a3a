#!/usr/bin/env bash
# Installs what is missing, builds and runs the whole test suite twice — the optimised build
# (preset release, -march=native) and the generic build under AddressSanitizer + UBSan
# (preset asan, clang-14, no -march=native) — then runs each libFuzzer target for
# FUZZ_SECONDS (default 20) seconds. Set IBLRNN_SKIP_ASAN=1 to run the release suite only.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake --preset release
cmake --build --preset release
ctest --preset release
if [[ "${IBLRNN_SKIP_ASAN:-0}" != 1 ]] && command -v clang++-14 >/dev/null; then
  cmake --preset asan
  cmake --build --preset asan
  ctest --preset asan
  bash scripts/fuzz.sh "${FUZZ_SECONDS:-20}"
else
  echo "test.sh: clang++-14 not found (or IBLRNN_SKIP_ASAN=1): sanitizer suite and fuzzing skipped"
fi
