#include "gen/tokenizer_source.h"

#include "gen/hf_tokenizer.h"
#include "gguf/gguf_writer.h"

namespace ponder::gen {
namespace {

Result<TokenizerMetadata> from_gguf(const std::string& path) {
    auto file = GgufFile::open(path);
    if (!file) return file.error();
    TokenizerMetadata t;
    for (const GgufKeyValue& kv : file->metadata())
        if (kv.key.starts_with("tokenizer.")) t.entries.push_back(kv);
    const GgufArray* tokens = file->get_array("tokenizer.ggml.tokens");
    if (!tokens || tokens->size() == 0)
        return make_error(path + ": no tokenizer.ggml.tokens array; not a vocabulary file");
    t.n_tokens = static_cast<uint32_t>(tokens->size());
    return t;
}

// Converts through a scratch writer so both sources end up as the same key/value list.
Result<TokenizerMetadata> from_hf_json(const std::string& path) {
    auto vocab = vocab_from_hf_tokenizer_json(path);
    if (!vocab) return vocab.error();
    GgufWriter scratch;
    write_tokenizer_metadata(scratch, *vocab);
    TokenizerMetadata t;
    t.entries = scratch.metadata();
    t.n_tokens = static_cast<uint32_t>(vocab->tokens.size());
    return t;
}

} // namespace

void TokenizerMetadata::write(GgufWriter& writer) const {
    for (const GgufKeyValue& kv : entries) writer.add_value(kv.key, kv.value);
}

Result<TokenizerMetadata> load_tokenizer_metadata(const std::string& path) {
    return path.ends_with(".json") ? from_hf_json(path) : from_gguf(path);
}

} // namespace ponder::gen
