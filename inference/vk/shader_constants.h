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

// KV cache storage types (kv_cache.glsl): values of KV_TYPE, K_CACHE_TYPE and V_CACHE_TYPE.
#define KV_F16 0
#define KV_Q8_0 1
#define KV_Q4_0 2
#define KV_BLOCK_PAIR 64       // quantized caches store ggml blocks of 32 in pairs sharing one word of scales

#endif
