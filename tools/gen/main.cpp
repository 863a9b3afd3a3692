// ponder-gen-model: writes a GGUF test model with seeded random weights and a real tokenizer.
#include "gen/test_model.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

namespace {

const char* kUsage =
    "usage: ponder-gen-model [--arch llama|qwen2|qwen3|qwen3moe] [--shape NAME] [--type TYPE] [--layers N]\n"
    "                        [--seed S] [--tokenizer VOCAB.gguf|tokenizer.json | --vocab N] [--template FILE.jinja]\n"
    "                        [--rope-freqs F] [--rope-scaling none|linear|yarn] [--rope-factor F] [--rope-orig-ctx N]\n"
    "                        [--qk-gain G] [--weights normal|blocks|none] [--split N] [--no-expert-weights-norm]\n"
    "                        -o OUT.gguf\n"
    "  shapes: tiny (per arch), qwen2.5-0.5b, qwen2.5-1.5b, qwen2.5-7b, r1-distill-qwen-1.5b, qwen3-0.6b,\n"
    "          llama-3.2-1b, llama-3.1-8b, r1-distill-llama-8b, r1-distill-llama-70b, qwq-32b,\n"
    "          qwen3-30b-a3b (qwen3moe)\n"
    "  types:  f32 f16 bf16 q8_0 q4_0 q4_1 q5_0 q5_1 q3_k q4_k q5_k q6_k iq4_nl iq3_s iq3_xxs\n"
    "          iq2_s iq2_xs iq2_xxs (every matrix that type)\n"
    "          q2_k q3_k_m q4_k_m iq4_xs (llama.cpp's mixes of those names)\n"
    "  --rope-freqs F    write rope_freqs.weight from Llama 3's formula with factor F (llama 3.x shapes have it)\n"
    "  --rope-scaling T  write <arch>.rope.scaling.type T, with --rope-factor and --rope-orig-ctx\n"
    "                    (--rope-orig-ctx is also the original context of --rope-freqs, default 8192)\n"
    "  --qk-gain G       q and k weights G times larger: sharp attention, so positions matter\n"
    "  --weights W       normal (default; quantized normal floats), blocks (random quantized blocks, fast:\n"
    "                    for benchmark models), none (zeros left as a hole: a real header for memory plans)\n"
    "  --split N         a split set of N files, OUT-00001-of-0000N.gguf ..., as llama.cpp's gguf-split writes\n"
    "  --no-expert-weights-norm  qwen3moe: write expert_weights_norm = false (experts' weights not renormalised)\n";

bool parse_number(const char* text, uint64_t& out) {
    char* end = nullptr;
    out = std::strtoull(text, &end, 10);
    return end && *end == '\0' && end != text;
}

bool parse_real(const char* text, float& out) {
    char* end = nullptr;
    out = std::strtof(text, &end);
    return end && *end == '\0' && end != text;
}

bool parse_weight_fill(std::string_view text, ponder::gen::WeightFill& out) {
    using ponder::gen::WeightFill;
    if (text == "normal") out = WeightFill::Normal;
    else if (text == "blocks") out = WeightFill::Blocks;
    else if (text == "none") out = WeightFill::None;
    else return false;
    return true;
}

} // namespace

int main(int argc, char** argv) {
    ponder::gen::TestModelSpec spec;
    std::string out;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "-h" || flag == "--help") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (flag == "--no-expert-weights-norm") {
            spec.expert_weights_norm = false;
            continue;
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "ponder-gen-model: %s needs a value\n%s", flag.c_str(), kUsage);
            return 2;
        }
        const char* value = argv[++i];
        uint64_t number = 0;
        float real = 0;
        const bool numeric = parse_number(value, number);
        const bool is_real = parse_real(value, real);
        if (flag == "--arch") spec.arch = value;
        else if (flag == "--shape") spec.shape = value;
        else if (flag == "--type") spec.type = value;
        else if (flag == "--tokenizer") spec.tokenizer = value;
        else if (flag == "--template") spec.chat_template_path = value;
        else if (flag == "-o" || flag == "--output") out = value;
        else if (flag == "--weights" && parse_weight_fill(value, spec.weights)) {}
        else if (numeric && flag == "--layers") spec.layers = uint32_t(number);
        else if (numeric && flag == "--seed") spec.seed = number;
        else if (numeric && flag == "--vocab") spec.n_vocab = uint32_t(number);
        else if (numeric && number >= 1 && flag == "--split") spec.split_parts = uint32_t(number);
        else if (flag == "--rope-scaling") spec.rope_scaling = value;
        else if (numeric && flag == "--rope-orig-ctx") spec.rope_orig_ctx = uint32_t(number);
        else if (is_real && flag == "--rope-freqs") spec.rope_freqs = real;
        else if (is_real && flag == "--rope-factor") spec.rope_factor = real;
        else if (is_real && flag == "--qk-gain") spec.qk_gain = real;
        else {
            std::fprintf(stderr, "ponder-gen-model: bad argument '%s %s'\n%s", flag.c_str(), value, kUsage);
            return 2;
        }
    }
    if (out.empty()) {
        std::fprintf(stderr, "ponder-gen-model: no output file (-o OUT.gguf)\n%s", kUsage);
        return 2;
    }
    if (auto status = ponder::gen::write_test_model(spec, out); !status) {
        std::fprintf(stderr, "ponder-gen-model: %s\n", status.error().message.c_str());
        return 1;
    }
    return 0;
}
