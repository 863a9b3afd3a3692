#include "test_vocabs.h"

#include "gen/hf_tokenizer.h"
#include "gguf/gguf_file.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>

namespace ponder::test {

std::string testdata_path(const std::string& relative) { return std::string(PONDER_TESTDATA_DIR) + "/" + relative; }

namespace {

Result<TokenizerVocab> load_vocab(const std::string& name) {
    if (name == "qwen2") return vocab_from_hf_tokenizer_json(testdata_path("tokenizers/qwen3-tokenizer.json"));
    if (name == "llama-bpe") return vocab_from_hf_tokenizer_json(testdata_path("tokenizers/llama3-tokenizer.json"));
    auto file = GgufFile::open(testdata_path("vocab/ggml-vocab-" + name + ".gguf"));
    if (!file) return file.error();
    return read_tokenizer_vocab(*file);
}

} // namespace

const Tokenizer* vocab_tokenizer(const std::string& name) {
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<Tokenizer>> cache;
    std::lock_guard lock(mutex);
    if (auto it = cache.find(name); it != cache.end()) return it->second.get();
    auto vocab = load_vocab(name);
    if (!vocab) {
        ADD_FAILURE() << name << ": " << vocab.error().message;
        return nullptr;
    }
    auto tokenizer = Tokenizer::create(std::move(*vocab));
    if (!tokenizer) {
        ADD_FAILURE() << name << ": " << tokenizer.error().message;
        return nullptr;
    }
    return (cache[name] = std::make_unique<Tokenizer>(std::move(*tokenizer))).get();
}

} // namespace ponder::test
