# Every compiled shader variant: "name|source.comp|DEFINE=1,OTHER=2".
# One line per variant; the name is what the engine looks up (ponder::shaders::find).
set(PONDER_SHADER_VARIANTS
  "add|add.comp|"
  "swiglu|swiglu.comp|"
  "rms_norm|rms_norm.comp|"
  "add_rms_norm|rms_norm.comp|ADD_RESIDUAL=1"
  "rope|rope.comp|"
  "attention_combine|attention_combine.comp|"
  "copy_bandwidth|copy_bandwidth.comp|"
  "moe_route|moe_route.comp|"
  "moe_group|moe_group.comp|"
  "moe_combine|moe_combine.comp|"
  "quantize_x|quantize_x.comp|"
  "argmax|argmax.comp|"
)

# KV cache types (kv_cache.glsl): kv_store per type; attention per (key type, value type), lane per position
# (attention, CPU drivers) or flash-attention tiles (attention_tiled, GPUs; vk/device_profile.h).
foreach(k f16 q8_0 q4_0)
  string(TOUPPER "${k}" K)
  list(APPEND PONDER_SHADER_VARIANTS "kv_store_${k}|kv_store.comp|KV_TYPE=KV_${K}")
  foreach(v f16 q8_0 q4_0)
    string(TOUPPER "${v}" V)
    list(APPEND PONDER_SHADER_VARIANTS
      "attention_${k}_${v}|attention.comp|K_CACHE_TYPE=KV_${K},V_CACHE_TYPE=KV_${V}"
      "attention_tiled_${k}_${v}|attention_tiled.comp|K_CACHE_TYPE=KV_${K},V_CACHE_TYPE=KV_${V}")
  endforeach()
endforeach()

# Weight kernels (vulkan-kernels): embed/matvec/matmul per weight type, with 64-bit loads (shaderInt64)
# and without ("_u2": uvec2 words). matvec = decode (1 token/workgroup), matmul = prefill (8 tokens/workgroup);
# matvec_ids / matmul_groups: the same over a stack of MoE experts, by chosen ids (decode) or grouped per expert.
# GPU decode (vk/device_profile.h): matvec_sg / matvec_ids_sg = matvec.comp (a subgroup per row), and for the
# quantized types matvec_i8 / matvec_ids_i8, the same reading 8-bit activation blocks with integer dot products.
# GPU prefill: matmul_tiled = matmul_tiled.comp (weight and activation tiles in shared memory).
foreach(wtype f32 f16 bf16 q8_0 q4_0 q4_1 q5_0 q5_1 q2_k q3_k q4_k q5_k q6_k iq4_nl iq4_xs
              iq3_xxs iq3_s iq2_xxs iq2_xs iq2_s)
  string(TOUPPER "${wtype}" WTYPE)
  foreach(words "|WK_INT64=1" "_u2|WK_INT64=0")
    string(REPLACE "|" ";" w "${words}")
    list(GET w 0 suffix)
    list(GET w 1 int64)
    list(APPEND PONDER_SHADER_VARIANTS
      "embed_${wtype}${suffix}|embed.comp|WTYPE_${WTYPE}=1,${int64}"
      "matvec_${wtype}${suffix}|matmul.comp|WTYPE_${WTYPE}=1,${int64},ROWS=4,TOKENS=1"
      "matmul_${wtype}${suffix}|matmul.comp|WTYPE_${WTYPE}=1,${int64},ROWS=16,TOKENS=8"
      "matmul_tiled_${wtype}${suffix}|matmul_tiled.comp|WTYPE_${WTYPE}=1,${int64}"
      "matvec_ids_${wtype}${suffix}|matmul.comp|WTYPE_${WTYPE}=1,${int64},ROWS=4,TOKENS=1,EXPERT_IDS=1"
      "matmul_groups_${wtype}${suffix}|matmul.comp|WTYPE_${WTYPE}=1,${int64},ROWS=16,TOKENS=8,EXPERT_GROUPS=1"
      "matvec_sg_${wtype}${suffix}|matvec.comp|WTYPE_${WTYPE}=1,${int64}"
      "matvec_ids_sg_${wtype}${suffix}|matvec.comp|WTYPE_${WTYPE}=1,${int64},EXPERT_IDS=1")
    if(NOT wtype MATCHES "^(f32|f16|bf16)$")
      list(APPEND PONDER_SHADER_VARIANTS
        "matvec_i8_${wtype}${suffix}|matvec.comp|WTYPE_${WTYPE}=1,${int64},X_INT8=1"
        "matvec_ids_i8_${wtype}${suffix}|matvec.comp|WTYPE_${WTYPE}=1,${int64},X_INT8=1,EXPERT_IDS=1")
    endif()
  endforeach()
endforeach()
