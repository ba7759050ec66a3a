#!/usr/bin/env bash
# Installs what is missing (with the test-only packages), builds and runs the whole test suite
# (preset release: the portable build, whose kernel-set tests run every set this CPU has, generic
# included, with the benchmark programs of bench/), then the Python package's tests (pytest, with the interpreter the package was built
# for), then — when clang-14 is installed — the build under AddressSanitizer + UBSan (preset
# asan, no Python package): the test programs of the modules that read user files (core, task,
# io, behavior, train) and a FUZZ_SECONDS (default 20) run of every libFuzzer target.
# IBLRNN_ASAN_ALL=1 runs the whole suite under the sanitizers instead of that subset;
# IBLRNN_SKIP_ASAN=1 skips the sanitizer part.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh --tests
cmake --preset release -DIBLRNN_BUILD_BENCH=ON   # the benchmark programs are built and started too
cmake --build --preset release
bash scripts/install_python.sh
ctest --preset release
bash scripts/test_python.sh
if [[ "${IBLRNN_SKIP_ASAN:-0}" == 1 ]] || ! command -v clang++-14 >/dev/null; then
  echo "test.sh: sanitizer suite and fuzzing skipped (clang++-14 missing or IBLRNN_SKIP_ASAN=1)"
  exit 0
fi
cmake --preset asan
if [[ "${IBLRNN_ASAN_ALL:-0}" == 1 ]]; then
  cmake --build --preset asan
  ctest --preset asan
else
  cmake --build --preset asan --target test_core test_task test_io test_behavior test_train
  ctest --preset asan -L '^(core|task|io|behavior|train)$'
fi
bash scripts/fuzz.sh "${FUZZ_SECONDS:-20}"
