// Imports a Hugging Face tokenizer.json (byte-level BPE models: Qwen, Llama 3, DeepSeek) as a
// TokenizerVocab, and writes a TokenizerVocab into a GGUF file as llama.cpp's converter would.
#pragma once

#include "error.h"
#include "tokenizer/vocab.h"

#include <string>
#include <string_view>

namespace ponder {

class GgufWriter;

// Reads model.vocab, model.merges ("a b" strings or ["a", "b"] pairs) and added_tokens (special ->
// control, otherwise user-defined, as convert_hf_to_gguf.py does). The pre-tokenizer is guessed from
// the pre_tokenizer regex (Qwen 2 -> "qwen2", Llama 3 -> "llama-bpe") unless `pre` is given.
// BOS/EOS come from a sibling "...tokenizer_config.json" when there is one, else from the
// post-processor and well-known token texts.
Result<TokenizerVocab> vocab_from_hf_tokenizer_json(const std::string& path, std::string_view pre = {});

// Adds the tokenizer.ggml.* keys describing `vocab`.
void write_tokenizer_metadata(GgufWriter& writer, const TokenizerVocab& vocab);

} // namespace ponder
