// Splits text into words before BPE, the way llama.cpp does for each `tokenizer.ggml.pre` value:
// hand-written splitters for the GPT-2 and Llama-3/Qwen-2 patterns, SplitPattern for the rest.
#pragma once

#include "error.h"
#include "tokenizer/split_pattern.h"

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ponder {

class PreTokenizer {
public:
    // `name` is tokenizer.ggml.pre; empty means "default". Unknown names are an Error (as in llama.cpp).
    static Result<PreTokenizer> for_name(std::string_view name);

    // Words of `text` in order, as UTF-8 (invalid input bytes come back as U+FFFD).
    std::vector<std::string> split(std::string_view text) const;

    // Llama-3 style vocabularies look a whole word up before merging (llama.cpp's ignore_merges).
    bool words_are_tokens_first() const { return ignore_merges_; }

private:
    struct Gpt2Splitter {};
    struct Llama3Splitter {
        size_t max_digits;  // \p{N}{1,3} for Llama 3, \p{N} for Qwen 2
    };
    using Pass = std::variant<Gpt2Splitter, Llama3Splitter, SplitPattern>;

    std::vector<Pass> passes_;
    bool ignore_merges_ = false;
};

} // namespace ponder
