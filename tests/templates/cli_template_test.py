#!/usr/bin/env python3
"""`ponder-cli template` prints exactly what HF transformers renders, and fails like it.

Usage: cli_template_test.py PONDER_CLI PONDER_GEN_MODEL TESTDATA_DIR WORK_DIR
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jinja2_oracle  # noqa: E402

cli, gen_model, testdata, work = sys.argv[1:5]
os.makedirs(work, exist_ok=True)
env = jinja2_oracle.make_environment()
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "conversations.json"), encoding="utf-8") as f:
    conversations = json.load(f)
failures = []


def check(label, args, template, context):
    expected = jinja2_oracle.render(env, {"template": template, "context": context})
    run = subprocess.run([cli, "template", *args], capture_output=True)
    if not expected["ok"]:
        if run.returncode != 1 or run.stdout:
            failures.append(f"{label}: jinja2 raised ({expected['error']}) but ponder-cli exited {run.returncode}")
        return
    if run.returncode != 0:
        failures.append(f"{label}: ponder-cli exited {run.returncode}: {run.stderr.decode()}")
    elif run.stdout.decode("utf-8") != expected["output"]:
        failures.append(f"{label}: output differs\n--- ponder-cli\n{run.stdout.decode()}\n--- jinja2\n{expected['output']}")


templates_dir = os.path.join(testdata, "templates")
for name in sorted(os.listdir(templates_dir)):
    path = os.path.join(templates_dir, name)
    with open(path, encoding="utf-8") as f:
        template = f.read()
    for conversation in ("system_and_user", "unicode", "assistant_reasoning_content"):
        conv_path = os.path.join(work, f"cli_{conversation}.json")
        with open(conv_path, "w", encoding="utf-8") as f:
            json.dump({"messages": conversations[conversation], "enable_thinking": False}, f, ensure_ascii=False)
        for generation_prompt in (False, True):
            args = ["--template", path, "--messages", conv_path, "--bos-token", "<B>", "--eos-token", "<E>"]
            if generation_prompt:
                args.append("--add-generation-prompt")
            context = {"messages": conversations[conversation], "enable_thinking": False,
                       "add_generation_prompt": generation_prompt, "bos_token": "<B>", "eos_token": "<E>"}
            check(f"{name} {conversation} agp={generation_prompt}", args, template, context)

# -m: the template and BOS/EOS come from the model file.
phi = os.path.join(templates_dir, "microsoft-Phi-3.5-mini-instruct.jinja")
model = os.path.join(work, "cli_phi_template.gguf")
subprocess.run([gen_model, "--arch", "llama", "--tokenizer", os.path.join(testdata, "vocab", "ggml-vocab-llama-spm.gguf"),
                "--template", phi, "-o", model], check=True)
conv_path = os.path.join(work, "cli_system_and_user.json")
with open(phi, encoding="utf-8") as f:
    phi_template = f.read()
context = {"messages": conversations["system_and_user"], "enable_thinking": False,
           "add_generation_prompt": False, "bos_token": "<s>", "eos_token": "</s>"}
check("-m model tokens", ["-m", model, "--messages", conv_path], phi_template, context)

usage = subprocess.run([cli, "template", "--messages", conv_path], capture_output=True)
if usage.returncode != 1 or usage.stdout or not usage.stderr:
    failures.append("missing --template/-m must print an error to stderr and exit 1")

for failure in failures:
    print(failure)
print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
