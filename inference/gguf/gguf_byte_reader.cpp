#include "gguf/gguf_byte_reader.h"

namespace ponder::gguf_detail {

Result<std::string_view> ByteReader::read_string(std::string_view what) {
    uint64_t start = pos_;
    if (remaining() < sizeof(uint64_t)) return truncated(std::string("the length of ") + std::string(what), 8);
    auto length = read<uint64_t>(what);
    if (*length > remaining()) {
        return make_error(std::string(what) + " at byte " + std::to_string(start) + " claims " +
                          std::to_string(*length) + " bytes but only " + std::to_string(remaining()) +
                          " remain in the file");
    }
    std::string_view text(reinterpret_cast<const char*>(bytes_.data() + pos_), static_cast<size_t>(*length));
    pos_ += *length;
    return text;
}

Status ByteReader::skip(uint64_t n, std::string_view what) {
    if (n > remaining()) return truncated(what, n);
    pos_ += n;
    return {};
}

Error ByteReader::truncated(std::string_view what, uint64_t needed) const {
    return make_error("file ends inside " + std::string(what) + " (byte " + std::to_string(pos_) + " needs " +
                      std::to_string(needed) + " bytes, " + std::to_string(remaining()) +
                      " remain); the file is truncated or corrupt");
}

} // namespace ponder::gguf_detail
