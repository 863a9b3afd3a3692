// `ponder-cli chat --remote URL --model NAME [--api-key K]`: the chat against an OpenAI-compatible
// server (vLLM, SGLang, llama.cpp's server, Ollama, ponder-cli serve) through Ponder's client.
#pragma once

#include "args.h"

#include <string>

namespace ponder::cli {

// `args` holds the chat arguments after --remote URL; the exit code.
int run_remote_chat(Args& args, const std::string& url);

} // namespace ponder::cli
