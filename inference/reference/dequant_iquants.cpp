// ggml's i-quants: non-linear 4-bit levels (IQ4_NL, IQ4_XS) and lattice codebooks of 8 (IQ2) or 4 (IQ3)
// magnitudes per index with separately stored signs. Tables: gguf/ggml_iq_tables.h.
#include "reference/dequant_blocks.h"

#include "gguf/ggml_iq_tables.h"

namespace ponder::reference::blocks {

using namespace ggml_tables;

// Block layouts (ggml-common.h), as byte sizes.
constexpr size_t kIQ4_NLBytes = 18;   // f16 d | u8 qs[16]
constexpr size_t kIQ4_XSBytes = 136;  // f16 d | u16 scales_h | u8 scales_l[4] | u8 qs[128]

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

} // namespace ponder::reference::blocks
