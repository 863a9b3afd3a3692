"""`ponder-cli serve` and `ponder-cli chat --remote` as processes: the server prints its address, a
remote chat through it replies what the same local chat replies (greedy), a wrong key is an
`unauthorized` error, https is refused with a clear message, and Ctrl-C (SIGINT) stops the server."""
import json
import os
import signal
import subprocess
import sys

cli, gen, testdata, workdir = sys.argv[1:5]
os.makedirs(workdir, exist_ok=True)
model = os.path.join(workdir, "qwq-tiny.gguf")
subprocess.run([gen, "--arch", "qwen2", "--shape", "tiny", "--type", "q8_0",
                "--tokenizer", os.path.join(testdata, "tokenizers", "qwen3-tokenizer.json"),
                "--template", os.path.join(testdata, "templates", "Qwen-QwQ-32B.jinja"),
                "-o", model], check=True)
local = json.loads(subprocess.run([cli, "chat", "-m", model, "--prompt", "hi", "--json", "-n", "6", "-c", "512",
                                   "--temp", "0"], check=True, capture_output=True, text=True).stdout)

server = subprocess.Popen([cli, "serve", "-m", model, "--port", "0", "-c", "512", "--api-key", "k-123"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
try:
    url = server.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:"), url
    remote = subprocess.run([cli, "chat", "--remote", url + "/v1", "--model", "qwq-tiny", "--api-key", "k-123",
                             "--prompt", "hi", "--json", "-n", "6", "--temp", "0"],
                            capture_output=True, text=True, timeout=120)
    assert remote.returncode == 0, remote.stderr
    reply = json.loads(remote.stdout)
    assert reply["reasoning"] == local["reasoning"] and reply["content"] == local["content"], (reply, local)
    assert reply["usage"]["completion_tokens"] == local["completion_tokens"], (reply, local)
    assert reply["usage"]["prompt_tokens"] == local["prompt_tokens"], (reply, local)
    print("ok: remote chat through ponder-cli serve equals the local chat")

    unnamed = subprocess.run([cli, "chat", "--remote", url, "--api-key", "k-123", "--prompt", "hi"],
                             capture_output=True, text=True, timeout=60)
    assert unnamed.returncode != 0 and "serves:\n  qwq-tiny" in unnamed.stderr, unnamed.stderr
    wrong = subprocess.run([cli, "chat", "--remote", url, "--model", "qwq-tiny", "--api-key", "nope",
                            "--prompt", "hi", "--json"], capture_output=True, text=True, timeout=60)
    assert wrong.returncode != 0 and json.loads(wrong.stdout)["error"]["kind"] == "unauthorized", wrong.stdout
    https = subprocess.run([cli, "chat", "--remote", "https://example.com/v1", "--model", "m", "--prompt", "hi"],
                           capture_output=True, text=True, timeout=60)
    assert https.returncode != 0 and "https is not supported" in https.stderr, https.stderr
    print("ok: errors")
finally:
    server.send_signal(signal.SIGINT)
    assert server.wait(timeout=30) == 0
print("ok: SIGINT stops the server")
