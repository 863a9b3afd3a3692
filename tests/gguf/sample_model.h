// A small valid GGUF image used by the round-trip test, the truncation sweep, the CLI test and as
// fuzzing seed. Its contents are listed in sample_model.cpp; tests assert them value by value.
#pragma once

#include "gguf_image.h"

#include <cstdint>
#include <vector>

namespace ponder::test {

struct SampleOptions {
    uint32_t version = 3;
    uint32_t alignment = 0;  // 0: no general.alignment key (the reader's default 32 applies)
};

// Byte `i` of the data of tensor number `k` (in the order the image lists them).
inline uint8_t sample_tensor_byte(size_t k, size_t i) { return static_cast<uint8_t>(k * 31 + i * 7); }

std::vector<uint8_t> sample_model_image(SampleOptions options = {});

} // namespace ponder::test
