// Workgroup shapes shared by the GLSL kernels (shaders/*.comp) and the C++ that dispatches them.
// Plain #defines so that both languages read the same file.
#ifndef PONDER_VK_SHADER_CONSTANTS_H
#define PONDER_VK_SHADER_CONSTANTS_H

#define NORM_GROUP 64          // rms_norm.comp: invocations per row
#define ELEMENTWISE_GROUP 256  // add.comp, swiglu.comp: one invocation per element
#define ROPE_GROUP 64          // rope.comp: invocations per head (one per rotated pair)
#define KV_STORE_GROUP 64      // kv_store.comp: invocations per token (one per f16 pair or q8_0/q4_0 block pair)
#define ATTN_GROUP 64          // attention.comp: invocations per (head, token, split); also its position tile
#define ATTN_MAX_HEAD_DIM 256  // attention.comp keeps head_dim / 2 / ATTN_GROUP accumulator pairs per invocation
#define ATTN_MAX_SUBGROUPS 32  // shared-memory slots for per-subgroup partial reductions
#define ATTN_TILED_GROUP 128   // attention_tiled.comp: invocations per (row tile, KV head, split)
#define ATTN_MAX_ROWS 64       // attention_tiled.comp: query rows per tile at most (its per-row shared arrays)
#define ATTN_SPLIT_MIN 64      // positions per attention split at least (decode splits grow with context to this)
#define MOE_GROUP 64           // moe_route.comp / moe_group.comp: invocations per workgroup (one per token / expert)
#define MOE_MAX_USED 32        // moe_route.comp keeps the chosen experts' probabilities in an array this long
#define ARGMAX_GROUP 256       // argmax.comp: invocations of its one workgroup
#define MATMUL_TILE_GROUP 128  // matmul_tiled.comp: invocations per workgroup (16 along rows x 8 along tokens)
#define XQ_GROUP 64            // quantize_x.comp: invocations per workgroup (one per 32-element block)

// 8-bit activation blocks (quantize_x.comp writes them, matvec.comp X_INT8 reads them): 32 floats x as
// x = d * (hi + lo / XQ_LO_STEPS), d = max|x| / 127, hi and lo int8 in [-127, 127] (lo: the remainder of
// hi, so that x keeps about 16 bits). Words 0-7: hi (element e in byte e % 4 of word e / 4); 8-15: lo;
// 16: d (f32 bits); 17, 18: the float sums of x over elements 0-15 and 16-31; 19: 0; 20-23: the sums of
// hi over elements 0-15 and 16-31, then those of lo (int32).
#define XQ_BLOCK_WORDS 24
#define XQ_LO_STEPS 254

// KV cache storage types (kv_cache.glsl): values of KV_TYPE, K_CACHE_TYPE and V_CACHE_TYPE.
#define KV_F16 0
#define KV_Q8_0 1
#define KV_Q4_0 2
#define KV_BLOCK_PAIR 64       // quantized caches store ggml blocks of 32 in pairs sharing one word of scales

// The i-quant table (vk/weight_kernels.h, grid_table_words): ggml's grids back to back in one storage buffer,
// each at a fixed offset in 32-bit words (a 64-bit IQ2 point is two words, the low one first), then IQ4's 16
// non-linear levels as bytes level + 128 (4 words, 16-byte aligned).
#define IQ_GRID_IQ2_XXS 0      // 256 points x 2 words
#define IQ_GRID_IQ2_XS 512     // 512 points x 2 words
#define IQ_GRID_IQ2_S 1536     // 1024 points x 2 words
#define IQ_GRID_IQ3_XXS 3584   // 256 points x 1 word
#define IQ_GRID_IQ3_S 3840     // 512 points x 1 word
#define IQ_GRID_IQ4_LEVELS 4352
#define IQ_GRID_WORDS 4356

#endif
