#include "gen/hf_tokenizer.h"

#include "gguf/gguf_writer.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <optional>

namespace ponder {
namespace {

using nlohmann::json;

Result<json> read_json(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(path + ": cannot open the file");
    try {
        return json::parse(in);
    } catch (const json::exception& e) {
        return make_error(path + ": not valid JSON (" + e.what() + ")");
    }
}

// convert_hf_to_gguf.py treats added tokens that look like <|...|> as control even when not "special".
bool looks_special(const std::string& text) {
    auto wrapped = [&](std::string_view open, std::string_view close) {
        return text.size() >= open.size() + close.size() && text.starts_with(open) && text.ends_with(close);
    };
    return wrapped("<|", "|>") || wrapped("<｜", "｜>");
}

// The pre-tokenizer whose regex appears in the tokenizer's pre_tokenizer section.
std::optional<std::string> guess_pre(const json& root) {
    const std::string pre = root.contains("pre_tokenizer") ? root["pre_tokenizer"].dump() : "";
    if (pre.find("\\\\p{N}{1,3}") != std::string::npos && pre.find("[^\\\\r\\\\n\\\\p{L}\\\\p{N}]?\\\\p{L}+") != std::string::npos)
        return "llama-bpe";
    if (pre.find("[^\\\\r\\\\n\\\\p{L}\\\\p{N}]?\\\\p{L}+|\\\\p{N}|") != std::string::npos) return "qwen2";
    if (pre.find("[\\\\p{L}\\\\p{M}]+") != std::string::npos && pre.find("\\\\p{N}{1,3}") != std::string::npos)
        return "deepseek-v3";
    if (pre.find("\"ByteLevel\"") != std::string::npos && pre.find("\"Split\"") == std::string::npos) return "gpt-2";
    return std::nullopt;
}

// A token named in tokenizer_config.json: a plain string or {"content": ...}.
std::optional<std::string> config_token(const json& config, const char* key) {
    if (!config.contains(key)) return std::nullopt;
    const json& v = config[key];
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() && v.contains("content") && v["content"].is_string()) return v["content"].get<std::string>();
    return std::nullopt;
}

std::optional<json> sibling_config(const std::string& path) {
    constexpr std::string_view kName = "tokenizer.json";
    if (!std::string_view(path).ends_with(kName)) return std::nullopt;
    auto config = read_json(path.substr(0, path.size() - kName.size()) + "tokenizer_config.json");
    if (!config) return std::nullopt;
    return std::move(*config);
}

int32_t id_of(const TokenizerVocab& v, std::string_view text) {
    for (size_t i = 0; i < v.tokens.size(); ++i)
        if (v.tokens[i] == text) return static_cast<int32_t>(i);
    return kNoToken;
}

Status read_special_ids(const json& root, const std::string& path, TokenizerVocab& v) {
    if (auto config = sibling_config(path)) {
        if (auto bos = config_token(*config, "bos_token")) v.bos_id = id_of(v, *bos);
        if (auto eos = config_token(*config, "eos_token")) v.eos_id = id_of(v, *eos);
        if (auto pad = config_token(*config, "pad_token")) v.pad_id = id_of(v, *pad);
        if (config->contains("add_bos_token") && (*config)["add_bos_token"].is_boolean())
            v.add_bos = (*config)["add_bos_token"].get<bool>() && v.bos_id != kNoToken;
        return {};
    }
    // No config: the post-processor's leading special token is the BOS it adds (Llama 3).
    const std::string post = root.contains("post_processor") ? root["post_processor"].dump() : "";
    for (std::string_view bos : {"<|begin_of_text|>", "<｜begin▁of▁sentence｜>", "<s>"}) {
        const int32_t id = id_of(v, bos);
        if (id == kNoToken) continue;
        v.bos_id = id;
        v.add_bos = post.find("\"" + std::string(bos) + "\"") != std::string::npos || v.pre == "llama-bpe";
        break;
    }
    for (std::string_view eos : {"<|end_of_text|>", "<｜end▁of▁sentence｜>", "<|endoftext|>", "</s>"}) {
        if (const int32_t id = id_of(v, eos); id != kNoToken) {
            v.eos_id = id;
            break;
        }
    }
    return {};
}

} // namespace

Result<TokenizerVocab> vocab_from_hf_tokenizer_json(const std::string& path, std::string_view pre) {
    auto parsed = read_json(path);
    if (!parsed) return parsed.error();
    const json& root = *parsed;
    try {
        const json& model = root.at("model");
        if (model.value("type", "") != "BPE")
            return make_error(path + ": model type '" + model.value("type", "") + "' is not supported (only BPE)");
        TokenizerVocab v;
        v.model = "gpt2";
        if (!pre.empty()) {
            v.pre = pre;
        } else if (auto guessed = guess_pre(root)) {
            v.pre = *guessed;
        } else {
            return make_error(path + ": cannot tell which pre-tokenizer this tokenizer uses; name it explicitly");
        }

        // Ids may leave holes (added tokens past the base vocabulary); holes become unused [PADn].
        size_t n = 0;
        for (const auto& [text, id] : model.at("vocab").items()) n = std::max<size_t>(n, id.get<size_t>() + 1);
        const json added = root.value("added_tokens", json::array());
        for (const json& t : added) n = std::max<size_t>(n, t.at("id").get<size_t>() + 1);
        v.tokens.assign(n, {});
        v.types.assign(n, TokenType::kUnused);
        for (const auto& [text, id] : model.at("vocab").items()) {
            v.tokens[id.get<size_t>()] = text;
            v.types[id.get<size_t>()] = TokenType::kNormal;
        }
        for (const json& t : added) {
            const size_t id = t.at("id").get<size_t>();
            const std::string text = t.at("content").get<std::string>();
            v.tokens[id] = text;
            v.types[id] = t.value("special", false) || looks_special(text) ? TokenType::kControl : TokenType::kUserDefined;
        }
        for (size_t i = 0; i < n; ++i)
            if (v.types[i] == TokenType::kUnused) v.tokens[i] = "[PAD" + std::to_string(i) + "]";

        for (const json& m : model.at("merges")) {
            if (m.is_string()) v.merges.push_back(m.get<std::string>());
            else v.merges.push_back(m.at(0).get<std::string>() + " " + m.at(1).get<std::string>());
        }
        PONDER_TRY(read_special_ids(root, path, v));
        if (auto status = validate_tokenizer_vocab(v); !status) return make_error(path + ": " + status.error().message);
        return v;
    } catch (const json::exception& e) {
        return make_error(path + ": unexpected tokenizer.json layout (" + e.what() + ")");
    }
}

void write_tokenizer_metadata(GgufWriter& w, const TokenizerVocab& v) {
    w.add_string("tokenizer.ggml.model", v.model);
    if (!v.pre.empty()) w.add_string("tokenizer.ggml.pre", v.pre);
    w.add_string_array("tokenizer.ggml.tokens", v.tokens);
    std::vector<int32_t> types(v.types.size());
    for (size_t i = 0; i < v.types.size(); ++i) types[i] = static_cast<int32_t>(v.types[i]);
    w.add_int32_array("tokenizer.ggml.token_type", types);
    if (!v.scores.empty()) w.add_float32_array("tokenizer.ggml.scores", v.scores);
    if (!v.merges.empty()) w.add_string_array("tokenizer.ggml.merges", v.merges);
    auto add_id = [&](const char* key, int32_t id) {
        if (id != kNoToken) w.add_uint32(key, static_cast<uint32_t>(id));
    };
    add_id("tokenizer.ggml.bos_token_id", v.bos_id);
    add_id("tokenizer.ggml.eos_token_id", v.eos_id);
    add_id("tokenizer.ggml.eot_token_id", v.eot_id);
    add_id("tokenizer.ggml.eom_token_id", v.eom_id);
    add_id("tokenizer.ggml.padding_token_id", v.pad_id);
    add_id("tokenizer.ggml.unknown_token_id", v.unk_id);
    w.add_bool("tokenizer.ggml.add_bos_token", v.add_bos);
    w.add_bool("tokenizer.ggml.add_eos_token", v.add_eos);
    if (v.model == "llama") w.add_bool("tokenizer.ggml.add_space_prefix", v.add_space_prefix);
}

} // namespace ponder
