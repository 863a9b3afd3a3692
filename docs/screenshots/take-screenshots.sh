#!/bin/sh
# Regenerates the screenshots in this folder from the real `ponder` on a generated tiny
# QwQ-shaped model (random weights: its own replies are noise, see docs/APP.md).
# usage: docs/screenshots/take-screenshots.sh BUILD_DIR [NAME...]   (needs xvfb-run)
# With NAMEs (main-light, math-dark, ...) only those pictures are taken again.
set -eu
build=$(cd "${1:?usage: $0 BUILD_DIR [NAME...]}" && pwd)
shift
only=" $* "
here=$(cd "$(dirname "$0")" && pwd)
testdata=${PONDER_TESTDATA_DIR:-$here/../../../shared/testdata}
ponder=${PONDER:-$build/app/ponder}  # PONDER=... to try another build of the app
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
model="$work/QwQ-tiny-Q4_K_M.gguf"
"$build/tools/ponder-gen-model" --arch qwen2 --shape tiny --type q4_k_m \
    --tokenizer "$testdata/tokenizers/qwen3-tokenizer.json" \
    --template "$testdata/templates/Qwen-QwQ-32B.jinja" -o "$model"
# A hybrid model (Qwen3's template reads enable_thinking): the composer shows the Think switch.
hybrid="$work/Qwen3-tiny-Q4_K_M.gguf"
"$build/tools/ponder-gen-model" --arch qwen3 --shape tiny --type q4_k_m \
    --tokenizer "$testdata/tokenizers/qwen3-tokenizer.json" \
    --template "$testdata/templates/Qwen-Qwen3-0.6B.jinja" -o "$hybrid"

# shot NAME THEME [ponder arguments...]: one run with its own settings and history
# ($settings: more lines for Ponder.conf).
shot() {
    name=$1 theme=$2
    shift 2
    [ "$only" = "  " ] || case "$only" in *" $name "*) ;; *) return 0 ;; esac
    mkdir -p "$work/config/Ponder"
    printf '[ui]\ntheme=%s\n%b' "$theme" "${settings:-}" > "$work/config/Ponder/Ponder.conf"
    XDG_CONFIG_HOME="$work/config" XDG_RUNTIME_DIR="$work" \
        xvfb-run -a -s "-screen 0 1280x820x24" \
        "$ponder" --data-dir "$work/data-$name" --screenshot "$here/$name.png" "$@"
}

example="$here/example-conversation.json"
sed 's/"reasoning_expanded": false/"reasoning_expanded": true/' "$example" > "$work/expanded.json"
# The example chat (reasoning folded) next to the loaded generated model.
shot main-light light --import "$example" --model "$model" --screenshot-delay 4000
shot main-dark dark --import "$example" --model "$model" --screenshot-delay 4000
shot thinking-expanded light --import "$work/expanded.json" --screenshot-delay 2000
# The live model mid-reply: its (random-weight) reasoning streams into the open panel.
shot thinking-live dark --model "$model" --new-chat "Why is the sky blue?" --screenshot-delay 12000
# Math in an answer and its reasoning: inline, display and \boxed (an imported example).
shot math-light light --import "$here/math-conversation.json" --screenshot-delay 2500
shot math-dark dark --import "$here/math-conversation.json" --screenshot-delay 2500
# A thinking budget of 24 tokens: Ponder ends the (random) reasoning and the model answers;
# the folded panel says so, with the reply's reasoning and answer tokens.
settings='[reasoning]\nbudget=24\n[sampling]\nmax_tokens=30\ntemperature=0\n'
shot reasoning-budget light --model "$model" --new-chat "How many primes are there below 100?" \
    --screenshot-delay 50000
settings=
# The Think switch under the message box, for a model whose template can turn reasoning off.
shot think-switch dark --model "$hybrid" --screenshot-delay 8000
shot settings light --show settings
shot model-open light --show model --inspect "$model" --screenshot-delay 3000

# Remote servers: another process, `ponder-cli serve`, on loopback, added in Settings (the reply
# through it is the generated model's noise).
"$build/tools/ponder-cli" serve -m "$model" --port 0 -c 512 > "$work/serve.out" &
serve_pid=$!
while ! [ -s "$work/serve.out" ]; do sleep 0.5; done
url=$(head -n 1 "$work/serve.out")
settings="[remote_servers]\n1\\\\id=docs-1\n1\\\\name=GPU box\n1\\\\base_url=$url/v1\n1\\\\has_key=false\nsize=1\n"
shot remote-servers light --show remote-servers
shot remote-chat dark --remote-model "GPU box/QwQ-tiny-Q4_K_M" --new-chat "Why is the sky blue?" \
    --screenshot-delay 8000
settings=
kill "$serve_pid"

# The model library over a home laid out like other tools' folders: a Hugging Face cache (snapshot
# symlink into blobs), an LM Studio split set, an Ollama manifest and blob, a file that is no model.
library_home() {
    home="$work/home"
    repo="$home/.cache/huggingface/hub/models--Qwen--QwQ-32B-GGUF"
    mkdir -p "$repo/blobs" "$repo/snapshots/main" "$home/.lmstudio/models/unsloth/Llama-tiny-GGUF" \
        "$home/.ollama/models/blobs" "$home/.ollama/models/manifests/registry.ollama.ai/library/qwen3" \
        "$home/.lmstudio/models/misc"
    cp "$model" "$repo/blobs/5d3c0ffee"
    ln -sf ../../blobs/5d3c0ffee "$repo/snapshots/main/qwq-tiny-q4_k_m.gguf"
    "$build/tools/ponder-gen-model" --arch llama --shape tiny --type q8_0 --layers 4 --split 2 \
        -o "$home/.lmstudio/models/unsloth/Llama-tiny-GGUF/Llama-tiny-Q8_0.gguf"
    "$build/tools/ponder-gen-model" --arch qwen3 --shape tiny --type q6_k \
        --template "$testdata/templates/Qwen-QwQ-32B.jinja" -o "$home/.ollama/models/blobs/sha256-0a0b0c0d"
    printf '{"layers":[{"mediaType":"application/vnd.ollama.image.model","digest":"sha256:0a0b0c0d"}]}' \
        > "$home/.ollama/models/manifests/registry.ollama.ai/library/qwen3/tiny"
    printf 'notes, not a model\n' > "$home/.lmstudio/models/misc/notes.gguf"
}
case "$only" in "  "|*" library "*) library_home ;; esac
(export HOME="$work/home"; unset HF_HOME HF_HUB_CACHE XDG_CACHE_HOME OLLAMA_MODELS; \
 shot library light --show library --screenshot-delay 5000)
ls -l "$here"/*.png

# The library's Download tab against a loopback stand-in for the hub (loopback-hub.py, sending
# 250 KB/s): a repo with generated models in three quantizations, one split in two, listed and one
# downloading (`ponder --download owner/repo/file`), with its progress, speed and time left.
download_shot() {
    hub="$work/hub"
    mkdir -p "$hub/Q8_0"
    for type in q4_k_m q6_k; do
        "$build/tools/ponder-gen-model" --arch qwen2 --shape tiny --type $type \
            --tokenizer "$testdata/tokenizers/qwen3-tokenizer.json" \
            --template "$testdata/templates/Qwen-QwQ-32B.jinja" -o "$hub/QwQ-tiny-$(echo $type | tr a-z A-Z).gguf"
    done
    "$build/tools/ponder-gen-model" --arch qwen2 --shape tiny --type q8_0 --split 2 \
        --tokenizer "$testdata/tokenizers/qwen3-tokenizer.json" -o "$hub/Q8_0/QwQ-tiny-Q8_0.gguf"
    python3 "$here/loopback-hub.py" "$hub" ponder-demo/QwQ-tiny-GGUF 250000 > "$work/hub-url" &
    hub_pid=$!
    while [ ! -s "$work/hub-url" ]; do sleep 0.2; done
    (export HF_ENDPOINT=$(cat "$work/hub-url"); \
     shot download light --download ponder-demo/QwQ-tiny-GGUF/QwQ-tiny-Q6_K.gguf --screenshot-delay 6000)
    kill $hub_pid
}
case "$only" in "  "|*" download "*) download_shot ;; esac
