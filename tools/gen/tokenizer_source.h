// The tokenizer a generated model carries: its tokenizer.* metadata, copied from a vocabulary
// GGUF (llama.cpp's ggml-vocab-*.gguf files or any model) or converted from a Hugging Face
// tokenizer.json (via hf_tokenizer.h).
#pragma once

#include "error.h"
#include "gguf/gguf_file.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ponder {
class GgufWriter;
}

namespace ponder::gen {

struct TokenizerMetadata {
    std::vector<GgufKeyValue> entries;  // every tokenizer.* key, types kept
    uint32_t n_tokens = 0;              // size of tokenizer.ggml.tokens: the model's n_vocab

    void write(GgufWriter& writer) const;
};

// `path` ending in .json is read as a Hugging Face tokenizer.json; anything else as a GGUF.
Result<TokenizerMetadata> load_tokenizer_metadata(const std::string& path);

} // namespace ponder::gen
