// Test-local GGUF byte builder: writes a file field by field so tests can state both valid files and
// precise defects ("a key length that runs past the end"). Deliberately independent of gguf_writer.
#pragma once

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace ponder::test {

// GGUF value type ids (gguf.h) and ggml tensor type ids used by the tests.
enum GgufId : uint32_t {
    kU8 = 0, kI8 = 1, kU16 = 2, kI16 = 3, kU32 = 4, kI32 = 5, kF32 = 6, kBool = 7,
    kString = 8, kArray = 9, kU64 = 10, kI64 = 11, kF64 = 12,
};
enum GgmlId : uint32_t {
    kTypeF32 = 0, kTypeF16 = 1, kTypeQ4_0 = 2, kTypeQ8_0 = 8, kTypeQ2_K = 10, kTypeQ4_K = 12,
    kTypeIQ1_S = 19, kTypeTQ1_0 = 34,
};

class GgufImage {
public:
    // Magic "GGUF", version, tensor count, metadata count.
    static GgufImage header(uint64_t n_tensors, uint64_t n_kv, uint32_t version = 3);

    GgufImage& raw(std::string_view bytes);
    GgufImage& u8(uint8_t v) { return put(v); }
    GgufImage& u16(uint16_t v) { return put(v); }
    GgufImage& u32(uint32_t v) { return put(v); }
    GgufImage& u64(uint64_t v) { return put(v); }
    GgufImage& i8(int8_t v) { return put(v); }
    GgufImage& i16(int16_t v) { return put(v); }
    GgufImage& i32(int32_t v) { return put(v); }
    GgufImage& i64(int64_t v) { return put(v); }
    GgufImage& f32(float v) { return put(v); }
    GgufImage& f64(double v) { return put(v); }
    GgufImage& str(std::string_view s);  // u64 length + bytes

    // A key and its value type; the caller appends the value.
    GgufImage& key(std::string_view name, uint32_t value_type) { return str(name).u32(value_type); }
    GgufImage& kv_u32(std::string_view name, uint32_t v) { return key(name, kU32).u32(v); }
    GgufImage& kv_string(std::string_view name, std::string_view v) { return key(name, kString).str(v); }
    // Key, ARRAY, element type, count; the caller appends the elements.
    GgufImage& array(std::string_view name, uint32_t element_type, uint64_t count) {
        return key(name, kArray).u32(element_type).u64(count);
    }

    GgufImage& tensor(std::string_view name, std::initializer_list<uint64_t> dims, uint32_t type, uint64_t offset);
    GgufImage& pad_to(size_t alignment);  // zero bytes up to the next multiple of `alignment`
    GgufImage& fill(size_t n, uint8_t byte = 0);

    size_t size() const { return bytes_.size(); }
    const std::vector<uint8_t>& bytes() const { return bytes_; }

private:
    template <class T>
    GgufImage& put(T v) {
        uint8_t b[sizeof(T)];
        std::memcpy(b, &v, sizeof(T));  // the host is little-endian, as GGUF is
        bytes_.insert(bytes_.end(), b, b + sizeof(T));
        return *this;
    }
    std::vector<uint8_t> bytes_;
};

// A file in the test's temp dir, removed when it goes out of scope.
class TempFile {
public:
    explicit TempFile(const std::vector<uint8_t>& bytes);
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    ~TempFile();
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

void write_file(const std::string& path, const std::vector<uint8_t>& bytes);

} // namespace ponder::test
