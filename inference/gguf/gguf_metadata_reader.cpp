#include "gguf/gguf_metadata_reader.h"

#include <limits>
#include <unordered_set>

namespace ponder::gguf_detail {
namespace {

// Bytes one value of a scalar type occupies in the file; 0 for STRING/ARRAY/unknown.
uint64_t scalar_size(GgufType type) {
    switch (type) {
    case GgufType::U8: case GgufType::I8: case GgufType::BOOL: return 1;
    case GgufType::U16: case GgufType::I16: return 2;
    case GgufType::U32: case GgufType::I32: case GgufType::F32: return 4;
    case GgufType::U64: case GgufType::I64: case GgufType::F64: return 8;
    case GgufType::STRING: case GgufType::ARRAY: return 0;
    }
    return 0;
}

bool is_known_type(uint32_t raw) { return raw <= static_cast<uint32_t>(GgufType::F64); }

std::string quoted(std::string_view key) { return "metadata key '" + std::string(key) + "'"; }

// One scalar as the variant alternative its family uses: unsigned -> uint64_t, signed -> int64_t,
// float -> double. BOOL is returned as uint64_t 0/1 here and converted by the callers.
using Scalar = std::variant<int64_t, uint64_t, double>;

Result<Scalar> read_scalar(ByteReader& in, GgufType type, std::string_view what) {
    auto as = [&]<class T, class Wide>() -> Result<Scalar> {
        auto v = in.read<T>(what);
        if (!v) return v.error();
        return Scalar(static_cast<Wide>(*v));
    };
    switch (type) {
    case GgufType::U8: return as.operator()<uint8_t, uint64_t>();
    case GgufType::I8: return as.operator()<int8_t, int64_t>();
    case GgufType::U16: return as.operator()<uint16_t, uint64_t>();
    case GgufType::I16: return as.operator()<int16_t, int64_t>();
    case GgufType::U32: return as.operator()<uint32_t, uint64_t>();
    case GgufType::I32: return as.operator()<int32_t, int64_t>();
    case GgufType::U64: return as.operator()<uint64_t, uint64_t>();
    case GgufType::I64: return as.operator()<int64_t, int64_t>();
    case GgufType::F32: return as.operator()<float, double>();
    case GgufType::F64: return as.operator()<double, double>();
    case GgufType::BOOL: {
        uint64_t at = in.position();
        auto v = in.read<uint8_t>(what);
        if (!v) return v.error();
        if (*v > 1) {
            return make_error(std::string(what) + " at byte " + std::to_string(at) + " is a boolean with value " +
                              std::to_string(*v) + " (must be 0 or 1)");
        }
        return Scalar(uint64_t{*v});
    }
    case GgufType::STRING: case GgufType::ARRAY: break;
    }
    return make_error(std::string(what) + " has no scalar type");  // unreachable: callers dispatch first
}

Result<GgufArray> read_array(ByteReader& in, std::string_view key) {
    uint64_t at = in.position();
    auto raw_type = in.read<uint32_t>("the element type of " + quoted(key));
    if (!raw_type) return raw_type.error();
    if (!is_known_type(*raw_type)) {
        return make_error(quoted(key) + " is an array of unknown value type " + std::to_string(*raw_type) +
                          " (at byte " + std::to_string(at) + ")");
    }
    GgufArray array{static_cast<GgufType>(*raw_type), {}, {}, {}};
    if (array.element_type == GgufType::ARRAY)
        return make_error(quoted(key) + " is an array of arrays; nested arrays are not supported");

    auto count = in.read<uint64_t>("the element count of " + quoted(key));
    if (!count) return count.error();
    // A string needs at least its 8-byte length; anything claiming more elements than the rest of
    // the file can hold is rejected before any memory is reserved for it.
    uint64_t min_bytes = array.element_type == GgufType::STRING ? 8 : scalar_size(array.element_type);
    if (*count > in.remaining() / min_bytes) {
        return make_error(quoted(key) + " claims " + std::to_string(*count) + " elements of type " +
                          std::string(gguf_type_name(array.element_type)) + " but only " +
                          std::to_string(in.remaining()) + " bytes remain in the file");
    }
    const std::string what = "an element of " + quoted(key);
    if (array.element_type == GgufType::STRING) {
        array.strings.reserve(*count);
        for (uint64_t i = 0; i < *count; ++i) {
            auto s = in.read_string(what);
            if (!s) return s.error();
            array.strings.emplace_back(*s);
        }
        return array;
    }
    bool is_float = array.element_type == GgufType::F32 || array.element_type == GgufType::F64;
    if (is_float) array.floats.reserve(*count); else array.ints.reserve(*count);
    for (uint64_t i = 0; i < *count; ++i) {
        auto v = read_scalar(in, array.element_type, what);
        if (!v) return v.error();
        if (auto* d = std::get_if<double>(&*v)) {
            array.floats.push_back(*d);
        } else if (auto* s = std::get_if<int64_t>(&*v)) {
            array.ints.push_back(*s);
        } else {
            uint64_t u = std::get<uint64_t>(*v);
            if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
                return make_error("element " + std::to_string(i) + " of " + quoted(key) + " is " + std::to_string(u) +
                                  ", too large for Ponder's 64-bit signed array storage");
            }
            array.ints.push_back(static_cast<int64_t>(u));
        }
    }
    return array;
}

Result<GgufValue> read_value(ByteReader& in, GgufType type, std::string_view key) {
    if (type == GgufType::STRING) {
        auto s = in.read_string("the string value of " + quoted(key));
        if (!s) return s.error();
        return GgufValue{type, std::string(*s)};
    }
    if (type == GgufType::ARRAY) {
        auto a = read_array(in, key);
        if (!a) return a.error();
        return GgufValue{type, std::move(*a)};
    }
    auto v = read_scalar(in, type, "the value of " + quoted(key));
    if (!v) return v.error();
    if (type == GgufType::BOOL) return GgufValue{type, std::get<uint64_t>(*v) != 0};
    return std::visit([&](auto x) { return GgufValue{type, x}; }, *v);
}

} // namespace

Result<std::vector<GgufKeyValue>> read_metadata(ByteReader& in, uint64_t n_kv) {
    // Smallest pair: 8-byte key length, 1-byte key, 4-byte type, 1-byte value.
    constexpr uint64_t kMinPairBytes = 14;
    if (n_kv > in.remaining() / kMinPairBytes) {
        return make_error("header claims " + std::to_string(n_kv) + " metadata entries but only " +
                          std::to_string(in.remaining()) + " bytes follow");
    }
    std::vector<GgufKeyValue> pairs;
    pairs.reserve(n_kv);
    std::unordered_set<std::string_view> seen;
    for (uint64_t i = 0; i < n_kv; ++i) {
        uint64_t at = in.position();
        auto key = in.read_string("metadata key #" + std::to_string(i));
        if (!key) return key.error();
        if (key->empty()) return make_error("metadata key #" + std::to_string(i) + " at byte " + std::to_string(at) + " is empty");
        if (!seen.insert(*key).second) return make_error(quoted(*key) + " appears more than once");

        uint64_t type_at = in.position();
        auto raw_type = in.read<uint32_t>("the value type of " + quoted(*key));
        if (!raw_type) return raw_type.error();
        if (!is_known_type(*raw_type)) {
            return make_error(quoted(*key) + " has unknown value type " + std::to_string(*raw_type) + " (at byte " +
                              std::to_string(type_at) + ")");
        }
        auto value = read_value(in, static_cast<GgufType>(*raw_type), *key);
        if (!value) return value.error();
        pairs.push_back(GgufKeyValue{std::string(*key), std::move(*value)});
    }
    return pairs;
}

} // namespace ponder::gguf_detail
