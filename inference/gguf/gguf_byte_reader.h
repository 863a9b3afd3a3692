// Bounds-checked little-endian cursor over an untrusted byte image (the mapped GGUF file).
// Every read checks the remaining length first, so no input can make it read out of bounds;
// failures say what was being read and at which byte offset.
#pragma once

#include "error.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace ponder::gguf_detail {

static_assert(std::endian::native == std::endian::little, "GGUF reading assumes a little-endian host");

class ByteReader {
public:
    explicit ByteReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

    uint64_t position() const { return pos_; }
    uint64_t remaining() const { return bytes_.size() - pos_; }
    uint64_t size() const { return bytes_.size(); }

    template <class T>
    Result<T> read(std::string_view what) {
        static_assert(std::is_trivially_copyable_v<T>);
        if (remaining() < sizeof(T)) return truncated(what, sizeof(T));
        T value;
        std::memcpy(&value, bytes_.data() + pos_, sizeof(T));
        pos_ += sizeof(T);
        return value;
    }

    // A GGUF string: u64 byte length, then the bytes (no terminator). Views into the image.
    Result<std::string_view> read_string(std::string_view what);

    Status skip(uint64_t n, std::string_view what);

    // Error for `what` needing `needed` bytes where fewer remain.
    Error truncated(std::string_view what, uint64_t needed) const;

private:
    std::span<const uint8_t> bytes_;
    uint64_t pos_ = 0;
};

} // namespace ponder::gguf_detail
