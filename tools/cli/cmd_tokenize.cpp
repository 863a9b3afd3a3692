// `ponder-cli tokenize -m MODEL (-p TEXT | -f FILE) [--special]`: the token ids of a text, space
// separated, without BOS/EOS. MODEL is a GGUF file or a Hugging Face tokenizer.json.
#include "args.h"
#include "command.h"

#include "gen/hf_tokenizer.h"
#include "gguf/gguf_file.h"
#include "tokenizer/tokenizer.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace ponder::cli {
namespace {

Result<TokenizerVocab> load_vocab(const std::string& path) {
    if (std::string_view(path).ends_with(".json")) return vocab_from_hf_tokenizer_json(path);
    auto file = GgufFile::open(path);
    if (!file) return file.error();
    return read_tokenizer_vocab(*file);
}

Result<std::string> read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(path + ": cannot open the file");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

int run_tokenize(std::span<const std::string> raw_args) {
    Args args(raw_args);
    auto model = args.take({"-m", "--model"});
    auto prompt = args.take({"-p", "--prompt"});
    auto file = args.take({"-f", "--file"});
    const bool special = args.take_flag({"--special"});
    args.take_int({"--device"});  // accepted like every command; tokenizing needs no device
    if (auto error = args.finish()) {
        std::fprintf(stderr, "ponder-cli tokenize: %s\n", error->c_str());
        return 2;
    }
    if (!model || prompt.has_value() == file.has_value()) {
        std::fprintf(stderr, "ponder-cli tokenize: need -m MODEL and exactly one of -p TEXT or -f FILE\n");
        return 2;
    }
    std::string text;
    if (prompt) {
        text = *prompt;
    } else {
        auto read = read_text_file(*file);
        if (!read) {
            std::fprintf(stderr, "ponder-cli tokenize: %s\n", read.error().message.c_str());
            return 1;
        }
        text = std::move(*read);
    }
    auto vocab = load_vocab(*model);
    if (!vocab) {
        std::fprintf(stderr, "ponder-cli tokenize: %s\n", vocab.error().message.c_str());
        return 1;
    }
    auto tokenizer = Tokenizer::create(std::move(*vocab));
    if (!tokenizer) {
        std::fprintf(stderr, "ponder-cli tokenize: %s: %s\n", model->c_str(), tokenizer.error().message.c_str());
        return 1;
    }
    std::string line;
    for (int32_t id : tokenizer->encode(text, special)) {
        if (!line.empty()) line += ' ';
        line += std::to_string(id);
    }
    std::printf("%s\n", line.c_str());
    return 0;
}

} // namespace

PONDER_CLI_COMMAND("tokenize",
                   "tokenize -m MODEL (-p TEXT | -f FILE) [--special]   token ids of a text (no BOS/EOS)",
                   run_tokenize);

} // namespace ponder::cli
