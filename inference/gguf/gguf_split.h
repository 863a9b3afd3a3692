// Split GGUF sets, as llama.cpp's gguf-split writes them: one model stored as
// <prefix>-00001-of-00003.gguf, <prefix>-00002-of-00003.gguf, ... Every part is a complete GGUF file
// with the keys split.no (0-based), split.count and split.tensors.count and a share of the tensors;
// the first part also carries the model's metadata.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ponder {

inline constexpr std::string_view kSplitNoKey = "split.no";                  // U16, 0-based part index
inline constexpr std::string_view kSplitCountKey = "split.count";            // U16, parts in the set
inline constexpr std::string_view kSplitTensorsCountKey = "split.tensors.count";  // I32, over all parts

// A path that names one part of a split set.
struct SplitName {
    std::string prefix;  // the path without "-00001-of-00003.gguf"
    uint32_t number;     // 1-based, as in the file name
    uint32_t count;
};

// The parts of `path`'s name when it ends in "-NNNNN-of-MMMMM.gguf" with 1 <= NNNNN <= MMMMM; else nullopt.
std::optional<SplitName> parse_split_name(std::string_view path);

// "<prefix>-0000<number>-of-0000<count>.gguf" (number is 1-based).
std::string split_path(std::string_view prefix, uint32_t number, uint32_t count);

} // namespace ponder
