// ggml's k-quants: 256-element super-blocks of 16 or 32-element sub-blocks with quantized scales.
#include "reference/dequant_blocks.h"

namespace ponder::reference::blocks {

// Block layouts (ggml-common.h), as byte sizes.
constexpr size_t kQ2_KBytes = 84;   // u8 scales[16] | u8 qs[64] | f16 d | f16 dmin
constexpr size_t kQ3_KBytes = 110;  // u8 hmask[32] | u8 qs[64] | u8 scales[12] | f16 d
constexpr size_t kQ4_KBytes = 144;  // f16 d | f16 dmin | u8 scales[12] | u8 qs[128]
constexpr size_t kQ5_KBytes = 176;  // f16 d | f16 dmin | u8 scales[12] | u8 qh[32] | u8 qs[128]
constexpr size_t kQ6_KBytes = 210;  // u8 ql[128] | u8 qh[64] | i8 scales[16] | f16 d

namespace {

// The 12 scale bytes pack eight 6-bit (scale, min) pairs: pairs 0-3 in the low 6 bits of bytes 0-7,
// pairs 4-7 as nibbles of bytes 8-11 plus the top 2 bits of bytes 0-7.
void get_scale_min_k4(int j, const uint8_t* q, uint8_t* d, uint8_t* m) {
    if (j < 4) {
        *d = q[j] & 63;
        *m = q[j + 4] & 63;
    } else {
        *d = (q[j + 4] & 0x0f) | ((q[j - 4] >> 6) << 4);
        *m = (q[j + 4] >> 4) | ((q[j - 0] >> 6) << 4);
    }
}

} // namespace

void q2_k(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kQ2_KBytes) {
        const uint8_t* scales = x;
        const uint8_t* q = x + 16;
        const float d = load_fp16(x + 80);
        const float min = load_fp16(x + 82);
        int is = 0;
        float dl, ml;
        for (size_t n = 0; n < QK_K; n += 128) {
            int shift = 0;
            for (int j = 0; j < 4; ++j) {
                uint8_t sc = scales[is++];
                dl = d * (sc & 0x0f);
                ml = min * (sc >> 4);
                for (int l = 0; l < 16; ++l) *y++ = dl * static_cast<int8_t>((q[l] >> shift) & 3) - ml;
                sc = scales[is++];
                dl = d * (sc & 0x0f);
                ml = min * (sc >> 4);
                for (int l = 0; l < 16; ++l) *y++ = dl * static_cast<int8_t>((q[l + 16] >> shift) & 3) - ml;
                shift += 2;
            }
            q += 32;
        }
    }
}

void q3_k(const uint8_t* x, float* y, size_t n_blocks) {
    constexpr uint32_t kmask1 = 0x03030303, kmask2 = 0x0f0f0f0f;
    for (size_t i = 0; i < n_blocks; ++i, x += kQ3_KBytes) {
        const uint8_t* hm = x;
        const uint8_t* q = x + 32;
        const float d_all = load_fp16(x + 108);
        // Sixteen 6-bit scales from 12 bytes: low nibbles in bytes 0-7, top bits in bytes 8-11.
        uint32_t aux[4];
        std::memcpy(aux, x + 96, 12);
        const uint32_t tmp = aux[2];
        aux[2] = ((aux[0] >> 4) & kmask2) | (((tmp >> 4) & kmask1) << 4);
        aux[3] = ((aux[1] >> 4) & kmask2) | (((tmp >> 6) & kmask1) << 4);
        aux[0] = (aux[0] & kmask2) | (((tmp >> 0) & kmask1) << 4);
        aux[1] = (aux[1] & kmask2) | (((tmp >> 2) & kmask1) << 4);
        int8_t scales[16];
        std::memcpy(scales, aux, 16);
        uint8_t m = 1;
        int is = 0;
        float dl;
        for (size_t n = 0; n < QK_K; n += 128) {
            int shift = 0;
            for (int j = 0; j < 4; ++j) {
                dl = d_all * (scales[is++] - 32);
                for (int l = 0; l < 16; ++l)
                    *y++ = dl * (static_cast<int8_t>((q[l + 0] >> shift) & 3) - ((hm[l + 0] & m) ? 0 : 4));
                dl = d_all * (scales[is++] - 32);
                for (int l = 0; l < 16; ++l)
                    *y++ = dl * (static_cast<int8_t>((q[l + 16] >> shift) & 3) - ((hm[l + 16] & m) ? 0 : 4));
                shift += 2;
                m <<= 1;
            }
            q += 32;
        }
    }
}

void q4_k(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kQ4_KBytes) {
        const float d = load_fp16(x);
        const float min = load_fp16(x + 2);
        const uint8_t* scales = x + 4;
        const uint8_t* q = x + 16;
        int is = 0;
        uint8_t sc, m;
        for (size_t j = 0; j < QK_K; j += 64) {
            get_scale_min_k4(is + 0, scales, &sc, &m);
            const float d1 = d * sc, m1 = min * m;
            get_scale_min_k4(is + 1, scales, &sc, &m);
            const float d2 = d * sc, m2 = min * m;
            for (int l = 0; l < 32; ++l) *y++ = d1 * (q[l] & 0x0f) - m1;
            for (int l = 0; l < 32; ++l) *y++ = d2 * (q[l] >> 4) - m2;
            q += 32;
            is += 2;
        }
    }
}

void q5_k(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kQ5_KBytes) {
        const float d = load_fp16(x);
        const float min = load_fp16(x + 2);
        const uint8_t* scales = x + 4;
        const uint8_t* qh = x + 16;
        const uint8_t* ql = x + 48;
        int is = 0;
        uint8_t sc, m;
        uint8_t u1 = 1, u2 = 2;  // the high-bit plane for the low and high nibble of this 64-group
        for (size_t j = 0; j < QK_K; j += 64) {
            get_scale_min_k4(is + 0, scales, &sc, &m);
            const float d1 = d * sc, m1 = min * m;
            get_scale_min_k4(is + 1, scales, &sc, &m);
            const float d2 = d * sc, m2 = min * m;
            for (int l = 0; l < 32; ++l) *y++ = d1 * ((ql[l] & 0x0f) + (qh[l] & u1 ? 16 : 0)) - m1;
            for (int l = 0; l < 32; ++l) *y++ = d2 * ((ql[l] >> 4) + (qh[l] & u2 ? 16 : 0)) - m2;
            ql += 32;
            is += 2;
            u1 <<= 2;
            u2 <<= 2;
        }
    }
}

void q6_k(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kQ6_KBytes) {
        const uint8_t* ql = x;
        const uint8_t* qh = x + 128;
        const int8_t* sc = reinterpret_cast<const int8_t*>(x + 192);
        const float d = load_fp16(x + 208);
        for (size_t n = 0; n < QK_K; n += 128) {
            for (int l = 0; l < 32; ++l) {
                const int is = l / 16;
                const int8_t q1 = static_cast<int8_t>((ql[l + 0] & 0x0f) | (((qh[l] >> 0) & 3) << 4)) - 32;
                const int8_t q2 = static_cast<int8_t>((ql[l + 32] & 0x0f) | (((qh[l] >> 2) & 3) << 4)) - 32;
                const int8_t q3 = static_cast<int8_t>((ql[l + 0] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                const int8_t q4 = static_cast<int8_t>((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                y[l + 0] = d * sc[is + 0] * q1;
                y[l + 32] = d * sc[is + 2] * q2;
                y[l + 64] = d * sc[is + 4] * q3;
                y[l + 96] = d * sc[is + 6] * q4;
            }
            y += 128;
            ql += 64;
            qh += 32;
            sc += 8;
        }
    }
}

} // namespace ponder::reference::blocks
