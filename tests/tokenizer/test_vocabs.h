// Loads the shared test vocabularies once per process: the llama.cpp vocab GGUFs and, for the
// vocabularies without a GGUF (qwen2, llama-bpe), the Hugging Face tokenizer.json they came from.
#pragma once

#include "tokenizer/tokenizer.h"

#include <string>

namespace ponder::test {

std::string testdata_path(const std::string& relative);
// "qwen2", "llama-bpe", "llama-spm", "phi-3", "gpt-2", "deepseek-llm", "deepseek-coder".
// Fails the calling test (ADD_FAILURE) and returns nullptr when the vocabulary cannot be loaded.
const Tokenizer* vocab_tokenizer(const std::string& name);

} // namespace ponder::test
