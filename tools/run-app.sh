#!/usr/bin/env bash
# Sets up (Debian packages), builds and starts the Ponder desktop app. Arguments go to `ponder`.
# Builds the app and ponder-cli only, not the test suites, so the first start is as short as it
# can be; tools/run-tests.sh later reuses the same build folder.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup-debian.sh
cmake --preset app -G Ninja >/dev/null
cmake --build --preset app -j "${PONDER_JOBS:-$(nproc)}"
exec build/app/ponder "$@"
