// ggml's i-quants: non-linear 4-bit levels (IQ4_NL, IQ4_XS) and lattice codebooks of 8 (IQ2) or 4 (IQ3)
// magnitudes per index with separately stored signs. Tables: gguf/ggml_iq_tables.h.
#include "reference/dequant_blocks.h"

#include "gguf/ggml_iq_tables.h"

namespace ponder::reference::blocks {

using namespace ggml_tables;

// Block layouts (ggml-common.h), as byte sizes.
constexpr size_t kIQ4_NLBytes = 18;   // f16 d | u8 qs[16]
constexpr size_t kIQ4_XSBytes = 136;  // f16 d | u16 scales_h | u8 scales_l[4] | u8 qs[128]
constexpr size_t kIQ3_XXSBytes = 98;  // f16 d | u8 qs[64] grid indices | u8 scales_and_signs[32]
constexpr size_t kIQ3_SBytes = 110;   // f16 d | u8 qs[64] | u8 qh[8] | u8 signs[32] | u8 scales[4]
constexpr size_t kIQ2_XXSBytes = 66;  // f16 d | u16 qs[32]: per 32 elements 4 grid indices, then signs and scale
constexpr size_t kIQ2_XSBytes = 74;   // f16 d | u16 qs[32]: 9-bit grid index | 7 sign bits | u8 scales[8]
constexpr size_t kIQ2_SBytes = 82;    // f16 d | u8 qs[32] | u8 signs[32] | u8 qh[8] | u8 scales[8]

namespace {

// Magnitude j (lowest byte first) of grid point `point`.
uint8_t grid_byte(uint64_t point, int j) { return uint8_t(point >> (8 * j)); }

// Eight grid magnitudes times a sub-block scale, negated where bit j of `signs` is set: one group of
// eight elements in every IQ2 format.
void put_iq2_group(float db, uint64_t point, uint8_t signs, float* y) {
    for (int j = 0; j < 8; ++j) y[j] = db * grid_byte(point, j) * (signs & (1 << j) ? -1.f : 1.f);
}

} // namespace

void iq4_nl(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kIQ4_NLBytes, y += 32) {
        const uint8_t* qs = x + 2;
        const float d = load_fp16(x);
        for (int j = 0; j < 16; ++j) {
            y[j + 0] = d * kvalues_iq4nl[qs[j] & 0xf];
            y[j + 16] = d * kvalues_iq4nl[qs[j] >> 4];
        }
    }
}

void iq4_xs(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kIQ4_XSBytes) {
        const float d = load_fp16(x);
        const uint16_t scales_h = load_u16(x + 2);
        const uint8_t* scales_l = x + 4;
        const uint8_t* qs = x + 8;
        for (int ib = 0; ib < int(QK_K / 32); ++ib) {
            const int ls = ((scales_l[ib / 2] >> 4 * (ib % 2)) & 0xf) | (((scales_h >> 2 * ib) & 3) << 4);
            const float dl = d * (ls - 32);
            for (int j = 0; j < 16; ++j) {
                y[j + 0] = dl * kvalues_iq4nl[qs[j] & 0xf];
                y[j + 16] = dl * kvalues_iq4nl[qs[j] >> 4];
            }
            y += 32;
            qs += 16;
        }
    }
}

void iq3_xxs(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kIQ3_XXSBytes) {
        const float d = load_fp16(x);
        const uint8_t* qs = x + 2;
        const uint8_t* scales_and_signs = qs + QK_K / 4;
        for (int ib32 = 0; ib32 < int(QK_K / 32); ++ib32) {
            const uint32_t aux32 = load_u32(scales_and_signs + 4 * ib32);
            const float db = d * (0.5f + (aux32 >> 28)) * 0.5f;
            for (int l = 0; l < 4; ++l) {
                const uint8_t signs = ksigns_iq2xs[(aux32 >> 7 * l) & 127];
                const uint32_t grid1 = iq3xxs_grid[qs[2 * l + 0]];
                const uint32_t grid2 = iq3xxs_grid[qs[2 * l + 1]];
                for (int j = 0; j < 4; ++j) {
                    y[j + 0] = db * grid_byte(grid1, j) * (signs & (1 << (j + 0)) ? -1.f : 1.f);
                    y[j + 4] = db * grid_byte(grid2, j) * (signs & (1 << (j + 4)) ? -1.f : 1.f);
                }
                y += 8;
            }
            qs += 8;
        }
    }
}

void iq3_s(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kIQ3_SBytes) {
        const float d = load_fp16(x);
        const uint8_t* qs = x + 2;
        const uint8_t* qh = x + 66;
        const uint8_t* signs = x + 74;
        const uint8_t* scales = x + 106;
        // ggml decodes two 32-element sub-blocks per step, sharing one scale byte; here one per step.
        for (int ib32 = 0; ib32 < int(QK_K / 32); ++ib32) {
            const float db = d * (1 + 2 * ((scales[ib32 / 2] >> 4 * (ib32 % 2)) & 0xf));
            for (int l = 0; l < 4; ++l) {
                const uint32_t grid1 = iq3s_grid[qs[2 * l + 0] | ((qh[0] << (8 - 2 * l)) & 256)];
                const uint32_t grid2 = iq3s_grid[qs[2 * l + 1] | ((qh[0] << (7 - 2 * l)) & 256)];
                for (int j = 0; j < 4; ++j) {
                    y[j + 0] = db * grid_byte(grid1, j) * (signs[l] & (1 << (j + 0)) ? -1.f : 1.f);
                    y[j + 4] = db * grid_byte(grid2, j) * (signs[l] & (1 << (j + 4)) ? -1.f : 1.f);
                }
                y += 8;
            }
            qh += 1;
            qs += 8;
            signs += 4;
        }
    }
}

void iq2_xxs(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kIQ2_XXSBytes) {
        const float d = load_fp16(x);
        for (int ib32 = 0; ib32 < int(QK_K / 32); ++ib32) {
            // Bytes 0-3: grid indices; the second word: four 7-bit sign groups and the 4-bit scale on top.
            const uint8_t* indices = x + 2 + 8 * ib32;
            const uint32_t signs_and_scale = load_u32(indices + 4);
            const float db = d * (0.5f + (signs_and_scale >> 28)) * 0.25f;
            for (int l = 0; l < 4; ++l, y += 8)
                put_iq2_group(db, iq2xxs_grid[indices[l]], ksigns_iq2xs[(signs_and_scale >> 7 * l) & 127], y);
        }
    }
}

void iq2_xs(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kIQ2_XSBytes) {
        const float d = load_fp16(x);
        const uint8_t* scales = x + 66;
        for (int ib32 = 0; ib32 < int(QK_K / 32); ++ib32) {
            // Two 4-bit scales per 32 elements: the low nibble for the first 16, the high for the rest.
            const float db[2] = {d * (0.5f + (scales[ib32] & 0xf)) * 0.25f, d * (0.5f + (scales[ib32] >> 4)) * 0.25f};
            for (int l = 0; l < 4; ++l, y += 8) {
                const uint16_t q = load_u16(x + 2 + 2 * (4 * ib32 + l));
                put_iq2_group(db[l / 2], iq2xs_grid[q & 511], ksigns_iq2xs[q >> 9], y);
            }
        }
    }
}

void iq2_s(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kIQ2_SBytes) {
        const float d = load_fp16(x);
        const uint8_t* qs = x + 2;
        const uint8_t* signs = qs + QK_K / 8;
        const uint8_t* qh = x + 66;
        const uint8_t* scales = x + 74;
        for (int ib32 = 0; ib32 < int(QK_K / 32); ++ib32) {
            const float db[2] = {d * (0.5f + (scales[ib32] & 0xf)) * 0.25f, d * (0.5f + (scales[ib32] >> 4)) * 0.25f};
            for (int l = 0; l < 4; ++l, y += 8) {
                // 10-bit grid index: the low byte from qs, bits 8-9 from bits 2l, 2l+1 of qh.
                const int index = qs[l] | ((qh[ib32] << (8 - 2 * l)) & 0x300);
                put_iq2_group(db[l / 2], iq2s_grid[index], signs[l], y);
            }
            qs += 4;
            signs += 4;
        }
    }
}

} // namespace ponder::reference::blocks
