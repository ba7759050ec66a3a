#!/usr/bin/env bash
# Installs everything iblrnn needs on Debian 12 (idempotent). As root it installs directly;
# otherwise it calls sudo for the Debian packages (only when some are missing).
# Build: compiler, CMake, Eigen, CLI11, toml++, nlohmann-json, GoogleTest, Google Benchmark.
# Python package: Python headers, pybind11, NumPy; its tests: pytest, pandas, matplotlib.
# Tests: NumPy (file-format checks), Chromium + Node (report browser test), clang-14 and
# libFuzzer (the fuzz targets, scripts/fuzz.sh); Slurm and MUNGE (the sweep's Slurm executor and
# its test, which starts a single-node cluster: scripts/slurm_test.sh).
# With --tests (scripts/test.sh) also what only the test suite uses: PyTorch (Network.to_torch
# is checked against probs.npy; about 136 MB of packages, 571 MB installed).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/as_root.sh"
packages=(
  g++ cmake make pkg-config
  libeigen3-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  python3 python3-numpy python3-dev pybind11-dev python3-pybind11
  python3-pytest python3-pandas python3-matplotlib
  nodejs chromium
  clang-14 libfuzzer-14-dev
  slurmctld slurmd slurm-client munge
)
if [[ "${1:-}" == --tests ]]; then
  packages+=(python3-torch)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install_deps: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# Some Node.js builds bring npm themselves; Debian's nodejs needs the npm package.
if ! command -v npm >/dev/null 2>&1; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm
fi
# Front-end packages for the HTML report (inlined into the page at build time).
if [ -f "$here/report/package.json" ] && [ ! -d "$here/report/node_modules" ]; then
  (cd "$here/report" && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "install_deps: all dependencies present"
