#include "malformed_cases.h"

#include "gguf_image.h"

#include <limits>

namespace ponder::test {
namespace {

constexpr uint64_t kMax64 = std::numeric_limits<uint64_t>::max();

// A file with a single metadata pair whose key/type/value bytes the caller appends.
GgufImage with_one_kv() { return GgufImage::header(0, 1); }

// A file with one tensor info followed by `data_bytes` of data (after padding to 32).
std::vector<uint8_t> one_tensor(std::string_view name, std::initializer_list<uint64_t> dims, uint32_t type,
                                uint64_t offset, size_t data_bytes) {
    return GgufImage::header(1, 0).tensor(name, dims, type, offset).pad_to(32).fill(data_bytes).bytes();
}

// Two F32 tensors of 8 elements (32 bytes each) at the given offsets, with `data_bytes` of data.
std::vector<uint8_t> two_tensors(std::string_view a, uint64_t offset_a, std::string_view b, uint64_t offset_b,
                                 size_t data_bytes) {
    return GgufImage::header(2, 0)
        .tensor(a, {8}, kTypeF32, offset_a)
        .tensor(b, {8}, kTypeF32, offset_b)
        .pad_to(32)
        .fill(data_bytes)
        .bytes();
}

std::vector<uint8_t> with_alignment_value(uint32_t value_type, uint64_t value, size_t value_bytes) {
    GgufImage image = GgufImage::header(0, 1).key("general.alignment", value_type);
    for (size_t i = 0; i < value_bytes; ++i) image.u8(static_cast<uint8_t>(value >> (8 * i)));
    return image.bytes();
}

} // namespace

std::vector<MalformedCase> malformed_cases() {
    const std::string long_name(64, 'w');
    return {
        // --- header ---
        {"EmptyFile", {}, "empty"},
        {"ShorterThanMagic", GgufImage().raw("GG").bytes(), "magic"},
        {"BadMagic", GgufImage().raw("GGML").u32(3).u64(0).u64(0).bytes(), "not a GGUF file"},
        {"LowercaseMagic", GgufImage().raw("gguf").u32(3).u64(0).u64(0).bytes(), "not a GGUF file"},
        {"VersionZero", GgufImage::header(0, 0, 0).bytes(), "unsupported GGUF version 0"},
        {"VersionOne", GgufImage::header(0, 0, 1).bytes(), "version 1 is too old"},
        {"VersionFour", GgufImage::header(0, 0, 4).bytes(), "unsupported GGUF version 4"},
        {"BigEndianVersion", GgufImage::header(0, 0, 0x03000000).bytes(), "big-endian"},
        {"TruncatedVersion", GgufImage().raw("GGUF").u16(3).bytes(), "GGUF version"},
        {"TruncatedTensorCount", GgufImage().raw("GGUF").u32(3).u32(0).bytes(), "tensor count"},
        {"TruncatedMetadataCount", GgufImage().raw("GGUF").u32(3).u64(0).u32(0).bytes(), "metadata count"},
        {"HugeMetadataCount", GgufImage::header(0, kMax64).bytes(), "metadata entries"},
        {"MetadataCountPastEnd", GgufImage::header(0, 1000).kv_u32("a", 1).bytes(), "1000 metadata entries"},
        {"HugeTensorCount", GgufImage::header(kMax64, 0).bytes(), "tensors but only"},
        {"TensorCountPastEnd", GgufImage::header(1000, 0).tensor("t", {8}, kTypeF32, 0).bytes(), "1000 tensors"},

        // --- metadata keys and values ---
        {"KeyLengthPastEnd", with_one_kv().u64(1000).raw("abc").fill(20).bytes(), "claims 1000 bytes"},
        {"KeyLengthHuge", with_one_kv().u64(kMax64).raw("abcdefgh").u32(4).bytes(), "claims 18446744073709551615"},
        {"EmptyKey", with_one_kv().str("").u32(kU8).u8(1).u8(0).bytes(), "is empty"},
        {"DuplicateKey", GgufImage::header(0, 2).kv_u32("llama.block_count", 1).kv_u32("llama.block_count", 2).bytes(),
         "'llama.block_count' appears more than once"},
        {"UnknownValueType", with_one_kv().key("k", 13).u64(0).bytes(), "unknown value type 13"},
        {"UnknownValueTypeHuge", with_one_kv().key("k", 0xffffffffu).u64(0).bytes(), "unknown value type 4294967295"},
        {"TruncatedValueType", with_one_kv().str("general.name").u16(4).bytes(), "value type of metadata key 'general.name'"},
        {"TruncatedScalarValue", with_one_kv().key("k", kU64).u16(1).bytes(), "value of metadata key 'k'"},
        {"StringValuePastEnd", with_one_kv().key("k", kString).u64(64).raw("short").bytes(), "claims 64 bytes"},
        {"BoolValueTwo", with_one_kv().key("k", kBool).u8(2).fill(16).bytes(), "must be 0 or 1"},

        // --- arrays ---
        {"ArrayOfUnknownType", with_one_kv().array("k", 77, 1).u64(0).bytes(), "array of unknown value type 77"},
        {"NestedArray", with_one_kv().array("k", kArray, 1).u32(kU8).u64(1).u8(0).bytes(), "nested arrays"},
        {"ArrayCountPastEnd", with_one_kv().array("k", kU32, 1000).u32(1).u32(2).bytes(), "claims 1000 elements"},
        {"ArrayCountHuge", with_one_kv().array("k", kU8, kMax64).u8(1).bytes(), "elements of type U8"},
        {"StringArrayCountHuge", with_one_kv().array("k", kString, kMax64 / 2).str("x").bytes(),
         "elements of type STRING"},
        {"StringArrayElementPastEnd", with_one_kv().array("k", kString, 2).str("ok").u64(500).fill(8).bytes(),
         "an element of metadata key 'k'"},
        {"TruncatedArrayHeader", with_one_kv().key("k", kArray).u32(kU8).u32(0).bytes(), "element count"},
        {"BoolArrayElementTwo", with_one_kv().array("k", kBool, 2).u8(0).u8(7).fill(16).bytes(), "must be 0 or 1"},
        {"U64ArrayElementTooLarge", with_one_kv().array("k", kU64, 1).u64(kMax64).bytes(), "too large"},

        // --- general.alignment ---
        {"AlignmentWrongTypeU64", with_alignment_value(kU64, 32, 8), "'general.alignment' has type U64"},
        {"AlignmentWrongTypeI32", with_alignment_value(kI32, 32, 4), "'general.alignment' has type I32"},
        {"AlignmentString", GgufImage::header(0, 1).kv_string("general.alignment", "32").bytes(), "type STRING"},
        {"AlignmentZero", with_alignment_value(kU32, 0, 4), "nonzero power of two"},
        {"AlignmentThree", with_alignment_value(kU32, 3, 4), "general.alignment is 3"},
        {"AlignmentNotPowerOfTwo", with_alignment_value(kU32, 48, 4), "general.alignment is 48"},

        // --- tensor infos ---
        {"TensorNameEmpty", one_tensor("", {8}, kTypeF32, 0, 32), "empty name"},
        {"TensorNameTooLong", one_tensor(long_name, {8}, kTypeF32, 0, 32), "64 bytes long; GGUF allows at most 63"},
        {"TensorNameLengthPastEnd", GgufImage::header(1, 0).u64(4096).raw("abc").fill(40).bytes(), "claims 4096 bytes"},
        {"DuplicateTensorName", two_tensors("a", 0, "a", 32, 64), "tensor 'a' appears more than once"},
        {"ZeroDims", one_tensor("t", {}, kTypeF32, 0, 32), "0 dimensions"},
        {"FiveDims", one_tensor("t", {1, 1, 1, 1, 8}, kTypeF32, 0, 32), "5 dimensions"},
        {"HugeDimCount", GgufImage::header(1, 0).str("t").u32(0xffffffffu).fill(64).bytes(), "4294967295 dimensions"},
        {"ZeroSizedDim", one_tensor("t", {8, 0}, kTypeF32, 0, 32), "zero-sized dimension"},
        {"OverflowingDims", one_tensor("t", {1ull << 32, 1ull << 32}, kTypeF32, 0, 32), "overflows 64 bits"},
        {"ByteSizeOverflow", one_tensor("t", {1ull << 31, 1ull << 31}, kTypeF32, 0, 32), "byte size overflows"},
        {"TruncatedShape", GgufImage::header(1, 0).str("t").u32(4).u64(8).u64(8).u64(8).u32(0).bytes(), "shape of tensor 't'"},
        {"TruncatedTensorType", GgufImage::header(1, 0).str("blk.0.attn_k.weight").u32(1).u64(8).u16(0).bytes(),
         "file ends inside the type of tensor 'blk.0.attn_k.weight'"},
        {"TruncatedTensorOffset",
         GgufImage::header(1, 0).str("blk.0.attn_k.weight").u32(1).u64(8).u32(kTypeF32).u32(0).bytes(),
         "data offset of tensor 'blk.0.attn_k.weight'"},
        {"UnknownTensorType", one_tensor("t", {8}, 99, 0, 32), "unknown ggml type id 99"},
        {"RemovedTensorType", one_tensor("t", {32}, 4, 0, 32), "unknown ggml type id 4"},
        {"UnsupportedTypeIQ1_S", one_tensor("blk.0.ffn_down.weight", {256}, kTypeIQ1_S, 0, 50),
         "tensor 'blk.0.ffn_down.weight' has type IQ1_S, which Ponder cannot run yet (supported: F32 F16 BF16 "
         "Q8_0 Q6_K Q5_K Q5_1 Q5_0 Q4_K Q4_1 Q4_0 IQ4_XS IQ4_NL Q3_K IQ3_S IQ3_XXS Q2_K IQ2_S IQ2_XS IQ2_XXS)"},
        {"UnsupportedTypesNamedInOneError",
         GgufImage::header(3, 0)
             .tensor("blk.0.ffn_up.weight", {256}, kTypeIQ1_S, 0)
             .tensor("blk.0.ffn_down.weight", {256}, kTypeTQ1_0, 64)
             .tensor("blk.1.ffn_up.weight", {256}, kTypeIQ1_S, 128)
             .pad_to(32)
             .fill(192)
             .bytes(),
         "this file uses tensor types Ponder cannot run yet: IQ1_S (2 tensors, first tensor 'blk.0.ffn_up.weight'), "
         "TQ1_0 (1 tensor, first tensor 'blk.0.ffn_down.weight')"},
        {"RowNotMultipleOfBlock", one_tensor("t", {100, 2}, kTypeQ4_K, 0, 288), "not a multiple of the Q4_K block size 256"},
        {"Q8RowNotMultipleOfBlock", one_tensor("t", {33}, kTypeQ8_0, 0, 68), "not a multiple of the Q8_0 block size 32"},

        // --- tensor placement ---
        {"MisalignedOffset", one_tensor("t", {8}, kTypeF32, 4, 64), "not a multiple of the alignment 32"},
        {"MisalignedUnderCustomAlignment",
         GgufImage::header(1, 1).kv_u32("general.alignment", 64).tensor("t", {8}, kTypeF32, 32).pad_to(64).fill(96).bytes(),
         "not a multiple of the alignment 64"},
        {"OffsetPastEnd", one_tensor("t", {8}, kTypeF32, 64, 32), "past the end of the file"},
        {"OffsetHuge", one_tensor("t", {8}, kTypeF32, kMax64 - 31, 32), "past the end of the file"},
        {"TruncatedData", one_tensor("t", {8}, kTypeF32, 0, 31), "past the end of the file"},
        {"DataSectionMissing", GgufImage::header(1, 0).tensor("t", {8}, kTypeF32, 0).bytes(), "past the end of the file"},
        {"OverlappingTensors", two_tensors("a", 0, "b", 0, 64), "overlap"},
        {"PartlyOverlappingTensors",
         GgufImage::header(2, 0).tensor("big", {16}, kTypeF32, 0).tensor("small", {8}, kTypeF32, 32).pad_to(32).fill(96).bytes(),
         "tensor 'big' and tensor 'small' overlap"},
    };
}

} // namespace ponder::test
