#include "gen/model_shapes.h"

#include <array>

namespace ponder::gen {
namespace {

using A = Architecture;

// Tiny shapes keep row lengths of 256 where they can, so K-quant kernels still see whole
// super-blocks; tiny qwen3 has head_dim != n_embd / n_heads like the real Qwen3. Tiny qwen3moe routes
// each token to 4 of 16 experts (Qwen3-30B-A3B: 8 of 128), whose rows are 256 wide.
constexpr std::array kShapes = {
    //         name                    arch         embd  layers heads kv head ff     vocab   ctx     rope       eps    tied   llama3 experts used ff_exp
    ModelShape{"qwen2.5-0.5b",         A::Qwen2,    896,  24,    14,   2, 64,  4864,  151936, 32768,  1e6f,      1e-6f, true,  0,     0,      0,   0},
    ModelShape{"qwen2.5-1.5b",         A::Qwen2,    1536, 28,    12,   2, 128, 8960,  151936, 32768,  1e6f,      1e-6f, true,  0,     0,      0,   0},
    ModelShape{"qwen2.5-7b",           A::Qwen2,    3584, 28,    28,   4, 128, 18944, 152064, 32768,  1e6f,      1e-6f, false, 0,     0,      0,   0},
    ModelShape{"r1-distill-qwen-1.5b", A::Qwen2,    1536, 28,    12,   2, 128, 8960,  151936, 131072, 10000.0f,  1e-6f, false, 0,     0,      0,   0},
    ModelShape{"qwen3-0.6b",           A::Qwen3,    1024, 28,    16,   8, 128, 3072,  151936, 40960,  1e6f,      1e-6f, true,  0,     0,      0,   0},
    ModelShape{"llama-3.2-1b",         A::Llama,    2048, 16,    32,   8, 64,  8192,  128256, 131072, 500000.0f, 1e-5f, true,  32,    0,      0,   0},
    ModelShape{"llama-3.1-8b",         A::Llama,    4096, 32,    32,   8, 128, 14336, 128256, 131072, 500000.0f, 1e-5f, false, 8,     0,      0,   0},
    ModelShape{"r1-distill-llama-8b",  A::Llama,    4096, 32,    32,   8, 128, 14336, 128256, 131072, 500000.0f, 1e-5f, false, 8,     0,      0,   0},
    ModelShape{"r1-distill-llama-70b", A::Llama,    8192, 80,    64,   8, 128, 28672, 128256, 131072, 500000.0f, 1e-5f, false, 8,     0,      0,   0},
    ModelShape{"qwq-32b",              A::Qwen2,    5120, 64,    40,   8, 128, 27648, 152064, 131072, 1e6f,      1e-5f, false, 0,     0,      0,   0},
    ModelShape{"qwen3-30b-a3b",        A::Qwen3Moe, 2048, 48,    32,   4, 128, 6144,  151936, 40960,  1e6f,      1e-6f, false, 0,     128,    8,   768},
    ModelShape{"tiny",                 A::Llama,    256,  2,     4,    2, 64,  512,   512,    4096,   10000.0f,  1e-5f, false, 0,     0,      0,   0},
    ModelShape{"tiny",                 A::Qwen2,    256,  2,     4,    2, 64,  512,   512,    4096,   1e6f,      1e-6f, true,  0,     0,      0,   0},
    ModelShape{"tiny",                 A::Qwen3,    256,  2,     4,    2, 32,  512,   512,    4096,   1e6f,      1e-6f, true,  0,     0,      0,   0},
    ModelShape{"tiny",                 A::Qwen3Moe, 256,  2,     4,    2, 32,  512,   512,    4096,   1e6f,      1e-6f, false, 0,     16,     4,   256},
};

} // namespace

std::span<const ModelShape> all_shapes() { return kShapes; }

Result<Architecture> parse_architecture(std::string_view name) {
    if (name == "llama") return A::Llama;
    if (name == "qwen2") return A::Qwen2;
    if (name == "qwen3") return A::Qwen3;
    if (name == "qwen3moe") return A::Qwen3Moe;
    return make_error("unknown architecture '" + std::string(name) + "' (use llama, qwen2, qwen3 or qwen3moe)");
}

std::string_view architecture_name(Architecture arch) {
    switch (arch) {
    case A::Llama: return "llama";
    case A::Qwen2: return "qwen2";
    case A::Qwen3: return "qwen3";
    case A::Qwen3Moe: return "qwen3moe";
    }
    return "?";
}

Result<ModelShape> find_shape(std::string_view name, std::optional<Architecture> arch) {
    if (name == "tiny" && !arch) return make_error("shape 'tiny' needs an architecture (--arch llama|qwen2|qwen3|qwen3moe)");
    std::string known;
    for (const ModelShape& s : kShapes) {
        if (s.name == name && (!arch || s.arch == *arch)) return s;
        if (s.name != "tiny") known += std::string(known.empty() ? "" : ", ") + std::string(s.name);
    }
    for (const ModelShape& s : kShapes)
        if (s.name == name)
            return make_error("shape '" + std::string(name) + "' is a " + std::string(architecture_name(s.arch)) +
                              " model, not " + std::string(architecture_name(*arch)));
    return make_error("unknown shape '" + std::string(name) + "' (known: tiny, " + known + ")");
}

} // namespace ponder::gen
