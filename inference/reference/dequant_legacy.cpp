// ggml's 32-element block types: one f16 scale (and for the _1 types an f16 minimum) per block.
#include "reference/dequant_blocks.h"

namespace ponder::reference::blocks {

// Block layouts (ggml-common.h), as byte sizes.
constexpr size_t kQ4_0Bytes = 18;  // f16 d | u8 qs[16]
constexpr size_t kQ4_1Bytes = 20;  // f16 d | f16 m | u8 qs[16]
constexpr size_t kQ5_0Bytes = 22;  // f16 d | u8 qh[4] | u8 qs[16]
constexpr size_t kQ5_1Bytes = 24;  // f16 d | f16 m | u8 qh[4] | u8 qs[16]
constexpr size_t kQ8_0Bytes = 34;  // f16 d | i8 qs[32]
constexpr int kHalf = 16;          // byte j of qs holds element j (low nibble) and j + 16 (high nibble)

void q4_0(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kQ4_0Bytes, y += 32) {
        const float d = load_fp16(x);
        const uint8_t* qs = x + 2;
        for (int j = 0; j < kHalf; ++j) {
            const int x0 = (qs[j] & 0x0f) - 8;
            const int x1 = (qs[j] >> 4) - 8;
            y[j] = x0 * d;
            y[j + kHalf] = x1 * d;
        }
    }
}

void q4_1(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kQ4_1Bytes, y += 32) {
        const float d = load_fp16(x);
        const float m = load_fp16(x + 2);
        const uint8_t* qs = x + 4;
        for (int j = 0; j < kHalf; ++j) {
            const int x0 = qs[j] & 0x0f;
            const int x1 = qs[j] >> 4;
            y[j] = x0 * d + m;
            y[j + kHalf] = x1 * d + m;
        }
    }
}

// The fifth bit of element e is bit e of the little-endian 32-bit qh.
void q5_0(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kQ5_0Bytes, y += 32) {
        const float d = load_fp16(x);
        const uint32_t qh = load_u32(x + 2);
        const uint8_t* qs = x + 6;
        for (int j = 0; j < kHalf; ++j) {
            const uint8_t xh_0 = ((qh >> (j + 0)) << 4) & 0x10;
            const uint8_t xh_1 = ((qh >> (j + 12))) & 0x10;
            const int32_t x0 = ((qs[j] & 0x0f) | xh_0) - 16;
            const int32_t x1 = ((qs[j] >> 4) | xh_1) - 16;
            y[j] = x0 * d;
            y[j + kHalf] = x1 * d;
        }
    }
}

void q5_1(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kQ5_1Bytes, y += 32) {
        const float d = load_fp16(x);
        const float m = load_fp16(x + 2);
        const uint32_t qh = load_u32(x + 4);
        const uint8_t* qs = x + 8;
        for (int j = 0; j < kHalf; ++j) {
            const uint8_t xh_0 = ((qh >> (j + 0)) << 4) & 0x10;
            const uint8_t xh_1 = ((qh >> (j + 12))) & 0x10;
            const int x0 = (qs[j] & 0x0f) | xh_0;
            const int x1 = (qs[j] >> 4) | xh_1;
            y[j] = x0 * d + m;
            y[j + kHalf] = x1 * d + m;
        }
    }
}

void q8_0(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kQ8_0Bytes, y += 32) {
        const float d = load_fp16(x);
        const int8_t* qs = reinterpret_cast<const int8_t*>(x + 2);
        for (int j = 0; j < 32; ++j) y[j] = qs[j] * d;
    }
}

} // namespace ponder::reference::blocks
