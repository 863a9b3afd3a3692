#!/usr/bin/env bash
# Builds Ponder and runs every test suite (engine tests on whatever Vulkan device exists; lavapipe in CI).
set -euo pipefail
cd "$(dirname "$0")/.."
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
jobs="${PONDER_JOBS:-$(nproc)}"
cmake --preset default -G Ninja
cmake --build --preset default -j "$jobs"
ctest --preset default -j "$jobs" "$@"
