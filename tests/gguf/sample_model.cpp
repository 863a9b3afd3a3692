#include "sample_model.h"

#include <limits>

namespace ponder::test {

namespace {

struct SampleTensor {
    const char* name;
    std::initializer_list<uint64_t> dims;
    uint32_t type;
    uint64_t n_bytes;
};

// F32 4x2 = 32 bytes; F16 8 = 16 bytes; Q8_0 32x2 = 2 blocks of 34; Q4_K 256 = 1 block of 144.
const SampleTensor kTensors[] = {
    {"token_embd.weight", {4, 2}, kTypeF32, 32},
    {"blk.0.ffn_up.weight", {8}, kTypeF16, 16},
    {"blk.0.attn_q.weight", {32, 2}, kTypeQ8_0, 68},
    {"output.weight", {256}, kTypeQ4_K, 144},
};

} // namespace

std::vector<uint8_t> sample_model_image(SampleOptions options) {
    const uint64_t n_kv = 19 + (options.alignment ? 1 : 0);
    GgufImage image = GgufImage::header(std::size(kTensors), n_kv, options.version);
    image.kv_string("general.architecture", "llama")
        .kv_string("general.name", "tiny")
        .key("test.u8", kU8).u8(200)
        .key("test.i8", kI8).i8(-100)
        .key("test.u16", kU16).u16(60000)
        .key("test.i16", kI16).i16(-30000)
        .key("test.u32", kU32).u32(4000000000u)
        .key("test.i32", kI32).i32(-2000000000)
        .key("test.f32", kF32).f32(0.25f)
        .key("test.bool", kBool).u8(1)
        .key("test.u64", kU64).u64(std::numeric_limits<uint64_t>::max())
        .key("test.i64", kI64).i64(std::numeric_limits<int64_t>::min())
        .key("test.f64", kF64).f64(-1.5e300);
    image.array("test.tokens", kString, 3).str("<s>").str("").str("h\xc3\xa9llo");
    image.array("test.scores", kF32, 2).f32(0.5f).f32(-1.0f);
    image.array("test.ids", kI32, 2).i32(-1).i32(7);
    image.array("test.flags", kBool, 2).u8(1).u8(0);
    image.array("test.bytes", kU8, 1).u8(255);
    image.array("test.empty", kU64, 0);
    if (options.alignment) image.kv_u32("general.alignment", options.alignment);

    const uint64_t alignment = options.alignment ? options.alignment : 32;
    uint64_t offset = 0;
    for (const SampleTensor& t : kTensors) {
        image.tensor(t.name, t.dims, t.type, offset);
        offset = (offset + t.n_bytes + alignment - 1) / alignment * alignment;
    }
    image.pad_to(alignment);
    for (size_t k = 0; k < std::size(kTensors); ++k) {
        for (size_t i = 0; i < kTensors[k].n_bytes; ++i) image.u8(sample_tensor_byte(k, i));
        if (k + 1 < std::size(kTensors)) image.pad_to(alignment);  // the last tensor ends the file
    }
    return image.bytes();
}

} // namespace ponder::test
