#!/usr/bin/env bash
# Sets up (Debian packages), builds Ponder and runs every test suite (engine tests on whatever
# Vulkan device exists; lavapipe in CI), then rebuilds the GGUF reader under AddressSanitizer +
# UBSan and runs its malformed-file tests there, and cross-compiles the engine and command-line
# tools for Windows. Arguments go to the first ctest run.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup-debian.sh
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
jobs="${PONDER_JOBS:-$(nproc)}"

cmake --preset default -G Ninja
cmake --build --preset default -j "$jobs"
ctest --preset default -j "$jobs" "$@"

# Hostile input must not reach undefined behaviour or leak: the reader's tests again, sanitized
# (ponder-gen-model writes the split sets gguf_cli_split reads), and those of the local API server
# (its requests come from any program on the machine) and of its client (its input from any server).
cmake --preset asan -G Ninja
cmake --build --preset asan -j "$jobs" --target ponder_gguf_tests ponder-cli ponder-gen-model ponder_write_gguf_samples \
  ponder_serve_test
LSAN_OPTIONS="suppressions=$PWD/tools/lsan-suppressions.txt" ctest --preset asan -j "$jobs" -E gguf_fuzz \
  -R '^(gguf_|Gguf|Malformed|Truncated|Corrupted|Dequantize|Fp16|Bf16|GgmlTypes|HttpMessage|StopScanner|ReplyShaper|RequestPolicy|ServerEndpoints|ServerHardening|SseParser|ChunkedDecoder|RecordedStreams|HttpUrl|ClientAndServer)'

# Windows: the engine, ponder-cli and ponder-gen-model cross-compile with mingw-w64 (built, not run).
cmake --preset windows-cross -G Ninja
cmake --build --preset windows-cross -j "$jobs"
