#include "tokenizer/vocab.h"

#include "gguf/gguf_file.h"

#include <unordered_set>

namespace ponder {
namespace {

std::string key_error(const GgufFile& file, std::string_view key, const std::string& what) {
    return file.path() + ": " + std::string(key) + " " + what;
}

// A special-token id key: absent keeps the default; out of range is an error (the file is broken).
Status read_token_id(const GgufFile& file, std::string_view key, size_t n_tokens, int32_t& id) {
    auto value = file.get_uint(key);
    if (!value) return value.error();
    if (!*value) return {};
    if (**value >= n_tokens)
        return make_error(key_error(file, key, "is " + std::to_string(**value) + ", past the vocabulary of " +
                                                   std::to_string(n_tokens) + " tokens"));
    id = static_cast<int32_t>(**value);
    return {};
}

Status read_flag(const GgufFile& file, std::string_view key, bool& flag) {
    auto value = file.get_bool(key);
    if (!value) return value.error();
    if (*value) flag = **value;
    return {};
}

} // namespace

Status validate_tokenizer_vocab(const TokenizerVocab& v) {
    if (v.model != "gpt2" && v.model != "llama")
        return make_error("tokenizer model '" + v.model + "' is not supported (Ponder reads 'gpt2' and 'llama')");
    const size_t n = v.tokens.size();
    if (n == 0) return make_error("the vocabulary has no tokens");
    if (v.types.size() != n)
        return make_error("the vocabulary has " + std::to_string(n) + " tokens but " +
                          std::to_string(v.types.size()) + " token types");
    if (!v.scores.empty() && v.scores.size() != n)
        return make_error("the vocabulary has " + std::to_string(n) + " tokens but " +
                          std::to_string(v.scores.size()) + " scores");
    for (int32_t id : {v.bos_id, v.eos_id, v.eot_id, v.eom_id, v.pad_id, v.unk_id})
        if (id != kNoToken && (id < 0 || size_t(id) >= n))
            return make_error("special token id " + std::to_string(id) + " is outside the vocabulary of " +
                              std::to_string(n) + " tokens");
    if (v.add_bos && v.bos_id == kNoToken) return make_error("the vocabulary asks to add BOS but has no BOS token");
    if (v.add_eos && v.eos_id == kNoToken) return make_error("the vocabulary asks to add EOS but has no EOS token");
    if (v.model == "gpt2" && v.merges.empty()) return make_error("a BPE vocabulary without merges");
    for (size_t i = 0; i < v.merges.size(); ++i) {
        const size_t space = v.merges[i].find(' ', 1);
        if (space == std::string::npos || space + 1 >= v.merges[i].size())
            return make_error("merge " + std::to_string(i) + " ('" + v.merges[i] + "') is not of the form 'left right'");
    }
    std::unordered_set<std::string_view> seen;
    seen.reserve(n);
    for (size_t i = 0; i < n; ++i)
        if (!seen.insert(v.tokens[i]).second)
            return make_error("token " + std::to_string(i) + " ('" + v.tokens[i] + "') appears twice in the vocabulary");
    return {};
}

Result<TokenizerVocab> read_tokenizer_vocab(const GgufFile& file) {
    TokenizerVocab v;
    auto model = file.get_string("tokenizer.ggml.model");
    if (!model) return model.error();
    if (!*model) return make_error(file.path() + ": has no tokenizer (tokenizer.ggml.model is missing)");
    v.model = **model;
    auto pre = file.get_string("tokenizer.ggml.pre");
    if (!pre) return pre.error();
    v.pre = pre->value_or("");

    const GgufArray* tokens = file.get_array("tokenizer.ggml.tokens");
    if (!tokens || tokens->element_type != GgufType::STRING)
        return make_error(key_error(file, "tokenizer.ggml.tokens", "is missing or not an array of strings"));
    v.tokens = tokens->strings;
    const size_t n = v.tokens.size();

    if (const GgufArray* scores = file.get_array("tokenizer.ggml.scores")) {
        if (scores->size() != n)
            return make_error(key_error(file, "tokenizer.ggml.scores", "has " + std::to_string(scores->size()) +
                                                                           " entries for " + std::to_string(n) + " tokens"));
        v.scores.reserve(n);
        for (double s : scores->floats) v.scores.push_back(static_cast<float>(s));
        for (int64_t s : scores->ints) v.scores.push_back(static_cast<float>(s));
    }
    v.types.assign(n, TokenType::kNormal);
    if (const GgufArray* types = file.get_array("tokenizer.ggml.token_type")) {
        if (types->size() != n || types->ints.size() != n)
            return make_error(key_error(file, "tokenizer.ggml.token_type", "is not one integer per token"));
        for (size_t i = 0; i < n; ++i) {
            const int64_t t = types->ints[i];
            v.types[i] = t >= 0 && t <= 6 ? TokenType(t) : TokenType::kUndefined;
        }
    }
    if (const GgufArray* merges = file.get_array("tokenizer.ggml.merges")) {
        if (merges->element_type != GgufType::STRING)
            return make_error(key_error(file, "tokenizer.ggml.merges", "is not an array of strings"));
        v.merges = merges->strings;
    }

    // llama.cpp's per-model defaults, overridden by whatever keys the file has.
    if (v.model == "llama") {
        v.bos_id = 1, v.eos_id = 2, v.unk_id = 0;
        v.add_bos = true, v.add_space_prefix = true;
    } else if (v.model == "gpt2") {
        v.add_bos = v.pre == "llama3" || v.pre == "llama-v3" || v.pre == "llama-bpe";
    }
    for (int32_t* id : {&v.bos_id, &v.eos_id, &v.unk_id})
        if (*id != kNoToken && size_t(*id) >= n) *id = kNoToken;
    PONDER_TRY(read_token_id(file, "tokenizer.ggml.bos_token_id", n, v.bos_id));
    PONDER_TRY(read_token_id(file, "tokenizer.ggml.eos_token_id", n, v.eos_id));
    PONDER_TRY(read_token_id(file, "tokenizer.ggml.eot_token_id", n, v.eot_id));
    PONDER_TRY(read_token_id(file, "tokenizer.ggml.eom_token_id", n, v.eom_id));
    PONDER_TRY(read_token_id(file, "tokenizer.ggml.padding_token_id", n, v.pad_id));
    PONDER_TRY(read_token_id(file, "tokenizer.ggml.unknown_token_id", n, v.unk_id));
    PONDER_TRY(read_flag(file, "tokenizer.ggml.add_bos_token", v.add_bos));
    PONDER_TRY(read_flag(file, "tokenizer.ggml.add_eos_token", v.add_eos));
    PONDER_TRY(read_flag(file, "tokenizer.ggml.add_space_prefix", v.add_space_prefix));

    if (auto status = validate_tokenizer_vocab(v); !status) return make_error(file.path() + ": " + status.error().message);
    return v;
}

} // namespace ponder
