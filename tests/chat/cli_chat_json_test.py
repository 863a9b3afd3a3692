"""`ponder-cli chat --prompt hi --json` on a generated QwQ-shaped model prints one JSON object with
the eight documented keys; QwQ's template opens <think>, so the (random) reply is reasoning. The same
with a quantized KV cache, and an unknown cache type is an error naming it."""
import json
import os
import subprocess
import sys

cli, gen, testdata, workdir = sys.argv[1:5]
os.makedirs(workdir, exist_ok=True)
model = os.path.join(workdir, "qwq-tiny.gguf")
subprocess.run([gen, "--arch", "qwen2", "--shape", "tiny", "--type", "q8_0",
                "--tokenizer", os.path.join(testdata, "tokenizers", "qwen3-tokenizer.json"),
                "--template", os.path.join(testdata, "templates", "Qwen-QwQ-32B.jinja"),
                "-o", model], check=True)
out = subprocess.run([cli, "chat", "-m", model, "--prompt", "hi", "--json", "-n", "8", "-c", "512"],
                     check=True, capture_output=True, text=True).stdout
reply = json.loads(out)
assert set(reply) == {"reasoning", "content", "stop_reason", "prompt_tokens", "completion_tokens",
                      "reasoning_tokens", "answer_tokens", "tokens_per_s"}, reply
assert reply["reasoning_tokens"] + reply["answer_tokens"] == reply["completion_tokens"], reply
assert reply["reasoning"], reply
assert "<think>" not in reply["reasoning"] + reply["content"], reply
assert reply["stop_reason"] in ("eos", "max_tokens"), reply
assert 0 < reply["completion_tokens"] <= 8, reply
assert reply["prompt_tokens"] > 0, reply
print("ok:", out.strip())

quantized = subprocess.run([cli, "chat", "-m", model, "--prompt", "hi", "--json", "-n", "8", "-c", "512",
                            "--cache-type-k", "q8_0", "--cache-type-v", "q4_0"],
                           check=True, capture_output=True, text=True).stdout
assert json.loads(quantized)["completion_tokens"] > 0, quantized
for command in (["chat", "--prompt", "hi"], ["run", "-p", "hi"], ["bench"], ["logits", "--tokens", "1", "-o", "x"]):
    bad = subprocess.run([cli, command[0], "-m", model, *command[1:], "--cache-type-k", "q5_1"],
                         capture_output=True, text=True)
    assert bad.returncode != 0 and "unknown KV cache type 'q5_1'" in bad.stderr, (command, bad.stderr)
print("ok: quantized cache and bad cache types")

# The load plan, printed first: on Vulkan the tiny model fits lavapipe whole. With the VRAM faked below
# one layer it runs on the CPU backend instead of being refused; with the RAM faked too it is too large,
# and the error names the sizes. --gpu-layers 1 splits it: one layer on the device, one on the CPU.
def chat(*extra, env=None):
    return subprocess.run([cli, "chat", "-m", model, "--prompt", "hi", "--json", "-n", "4", "-c", "512", *extra],
                          capture_output=True, text=True, env=dict(os.environ, **(env or {})))
whole = chat("--backend", "vulkan")
assert whole.returncode == 0 and "plan: all 2 layers and the output on " in whole.stderr, whole.stderr
on_cpu = chat("--backend", "vulkan", env={"PONDER_VRAM_BUDGET": "1k"})
assert on_cpu.returncode == 0, on_cpu.stderr
assert "plan: all 2 layers on the CPU" in on_cpu.stderr, on_cpu.stderr
assert json.loads(on_cpu.stdout)["completion_tokens"] > 0, on_cpu.stdout
nowhere = chat("--backend", "vulkan", env={"PONDER_VRAM_BUDGET": "1k", "PONDER_RAM_BUDGET": "1k"})
assert nowhere.returncode != 0 and "of RAM is free" in nowhere.stderr and "KV cache for 512 tokens" in nowhere.stderr, \
    nowhere.stderr
forced_cpu = chat("--gpu-layers", "0")
assert forced_cpu.returncode == 0 and "plan: all 2 layers on the CPU" in forced_cpu.stderr, forced_cpu.stderr
split = chat("--gpu-layers", "1")
assert split.returncode == 0 and "plan: 1 of 2 layers on " in split.stderr, split.stderr
assert json.loads(split.stdout)["completion_tokens"] > 0, split.stdout
bad = chat("--gpu-layers", "1", "--backend", "cpu")
assert bad.returncode != 0 and "--backend cpu puts no layers on the GPU" in bad.stderr, bad.stderr
print("ok: load plans")

# --think: QwQ always reasons, so "off" is refused; Qwen3's template renders "off" as an empty
# trace, so the reply starts in the answer.
refused = subprocess.run([cli, "chat", "-m", model, "--prompt", "hi", "--json", "-n", "4", "-c", "512",
                          "--think", "off"], capture_output=True, text=True)
assert refused.returncode != 0 and "always reasons" in refused.stderr, refused.stderr
qwen3 = os.path.join(workdir, "qwen3-tiny.gguf")
subprocess.run([gen, "--arch", "qwen3", "--shape", "tiny", "--type", "q8_0",
                "--tokenizer", os.path.join(testdata, "tokenizers", "qwen3-tokenizer.json"),
                "--template", os.path.join(testdata, "templates", "Qwen-Qwen3-0.6B.jinja"),
                "-o", qwen3], check=True)
direct = json.loads(subprocess.run([cli, "chat", "-m", qwen3, "--prompt", "hi", "--json", "-n", "6", "-c", "512",
                                    "--temp", "0", "--think", "off"],
                                   check=True, capture_output=True, text=True).stdout)
assert direct["reasoning"] == "" and direct["content"], direct
bad = subprocess.run([cli, "chat", "-m", qwen3, "--prompt", "hi", "--think", "maybe"], capture_output=True, text=True)
assert bad.returncode != 0 and "--think takes on or off" in bad.stderr, bad.stderr
print("ok: --think")
