#!/usr/bin/env python3
"""Renders chat templates exactly as HF transformers does, as the reference for Ponder's tests.

Usage: jinja2_oracle.py CASES.json RESULTS.json
CASES.json is [{"template": "...", "context": {...}}, ...]; RESULTS.json gets, per case,
{"ok": true, "output": "..."} or {"ok": false, "error": "..."}.
strftime_now uses the date in $PONDER_TEMPLATE_DATE (YYYY-MM-DD) when set, as Ponder does.
"""
import datetime
import json
import os
import sys

import jinja2
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


# transformers.utils.chat_template_utils: tojson without jinja2's HTML-safe escaping.
def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(format):
    fixed = os.environ.get("PONDER_TEMPLATE_DATE")
    if fixed:
        now = datetime.datetime.strptime(fixed, "%Y-%m-%d").replace(hour=12)
    else:
        now = datetime.datetime.now()
    return now.strftime(format)


def make_environment():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def render(env, case):
    try:
        return {"ok": True, "output": env.from_string(case["template"]).render(**case["context"])}
    except Exception as error:  # any failure counts: Ponder must fail on the same cases
        return {"ok": False, "error": f"{type(error).__name__}: {error}"}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    env = make_environment()
    results = [render(env, case) for case in cases]
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(results, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
