#!/usr/bin/env bash
# Sets up (Debian packages), builds and starts the Ponder desktop app. Arguments go to `ponder`.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup-debian.sh
cmake --preset default -G Ninja
cmake --build --preset default -j "$(nproc)" --target ponder ponder-cli ponder-gen-model
exec build/app/ponder "$@"
