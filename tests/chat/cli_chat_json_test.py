"""`ponder-cli chat --prompt hi --json` on a generated QwQ-shaped model prints one JSON object with
the six documented keys; QwQ's template opens <think>, so the (random) reply is reasoning."""
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
                      "tokens_per_s"}, reply
assert reply["reasoning"], reply
assert "<think>" not in reply["reasoning"] + reply["content"], reply
assert reply["stop_reason"] in ("eos", "max_tokens"), reply
assert 0 < reply["completion_tokens"] <= 8, reply
assert reply["prompt_tokens"] > 0, reply
print("ok:", out.strip())
