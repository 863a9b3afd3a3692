// Embedded SPIR-V of every compute shader variant, compiled at build time (shaders/variants.cmake).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace ponder::shaders {

// SPIR-V words of the variant called `name`, or an empty span if no such variant was built.
std::span<const uint32_t> find(std::string_view name);

} // namespace ponder::shaders
