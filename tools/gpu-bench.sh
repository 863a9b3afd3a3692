#!/usr/bin/env bash
# GPU benchmark: writes Qwen2.5-1.5B-, Qwen2.5-7B- and QwQ-32B-shaped Q4_K_M models (real shapes,
# random quantized blocks) on this machine, measures the device's copy bandwidth with
# `ponder-cli membw --device N`, and for each model prints pp512, tg128 and tg128 at depth 8192, with
# decode's bytes per token over time as a fraction of that bandwidth. Meant to take under 8 minutes
# on one NVIDIA GPU; --quick (the 0.5B shape, small sizes) proves the script on lavapipe.
#
# usage: tools/gpu-bench.sh [--cli PATH] [--gen PATH] [--device N] [--dir DIR] [--shapes "A B"]
#                           [-r REPS] [--quick] [--keep]
#   --cli, --gen  the built binaries (or $PONDER_CLI, $PONDER_GEN; default build/tools/...)
#   --device N    the Vulkan device (default: the one ponder-cli picks)
#   --dir DIR     where the models are written (default $TMPDIR/ponder-gpu-bench; ~26 GB for all three)
#   --shapes      generator shapes to run (default "qwen2.5-1.5b qwen2.5-7b qwq-32b")
#   --keep        keep the models afterwards (they are reused when present)
set -euo pipefail
cd "$(dirname "$0")/.."

cli="${PONDER_CLI:-build/tools/ponder-cli}"
gen="${PONDER_GEN:-build/tools/ponder-gen-model}"
device=""
dir="${TMPDIR:-/tmp}/ponder-gpu-bench"
shapes="qwen2.5-1.5b qwen2.5-7b qwq-32b"
reps=2 pp=512 tg=128 depth=8192 membw_mib=1024 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --cli) cli="$2"; shift 2 ;;
    --gen) gen="$2"; shift 2 ;;
    --device) device="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --shapes) shapes="$2"; shift 2 ;;
    -r) reps="$2"; shift 2 ;;
    --quick) shapes="qwen2.5-0.5b" pp=64 tg=16 depth=256 reps=1 membw_mib=128; shift ;;
    --keep) keep=1; shift ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "gpu-bench: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for tool in "$cli" "$gen"; do
  [ -x "$tool" ] || { echo "gpu-bench: $tool is not an executable; build it or pass --cli/--gen" >&2; exit 2; }
done
mkdir -p "$dir"
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
start_all=$(now)

"$cli" devices | grep -E '^device|memory heap|device-local buffers|kernels:'
if [ -z "$device" ]; then
  device=$("$cli" devices | sed -n 's/^device \([0-9]*\) \[default\].*/\1/p')
fi
bandwidth_line=$("$cli" membw --device "$device" --mib "$membw_mib" -r 10)
echo "$bandwidth_line"
bandwidth=$(echo "$bandwidth_line" | awk '{ print $4 }')

summary=()
for shape in $shapes; do
  model="$dir/$shape-q4_k_m.gguf"
  if [ ! -s "$model" ]; then
    t=$(now)
    "$gen" --shape "$shape" --type q4_k_m --weights blocks -o "$model.part"
    mv "$model.part" "$model"
    echo "wrote $model ($(du -h --apparent-size "$model" | cut -f1)) in $(since "$t") s"
  fi
  common=(-m "$model" --device "$device" --membw "$bandwidth" -r "$reps")
  t=$(now)
  results=$("$cli" bench "${common[@]}" -p "$pp" -n "$tg")
  results+=$'\n'$("$cli" bench "${common[@]}" -p 0 -n "$tg" -d "$depth" | grep -v ' on ')
  echo "$results"
  echo "($shape: $(since "$t") s)"
  while read -r line; do summary+=("$(printf '%-14s %s' "$shape" "$line")"); done < <(echo "$results" | grep -E '^(pp|tg)')
  [ "$keep" = 1 ] || rm -f "$model"
done

echo
echo "summary (device $device, copy bandwidth $bandwidth GB/s; decode bound = bytes of weights + KV read per token):"
printf '%s\n' "${summary[@]}"
echo "total $(since "$start_all") s"
