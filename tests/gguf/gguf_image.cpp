#include "gguf_image.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace ponder::test {

GgufImage GgufImage::header(uint64_t n_tensors, uint64_t n_kv, uint32_t version) {
    GgufImage image;
    image.raw("GGUF").u32(version).u64(n_tensors).u64(n_kv);
    return image;
}

GgufImage& GgufImage::raw(std::string_view bytes) {
    bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
    return *this;
}

GgufImage& GgufImage::str(std::string_view s) { return u64(s.size()).raw(s); }

GgufImage& GgufImage::tensor(std::string_view name, std::initializer_list<uint64_t> dims, uint32_t type,
                             uint64_t offset) {
    str(name).u32(static_cast<uint32_t>(dims.size()));
    for (uint64_t d : dims) u64(d);
    return u32(type).u64(offset);
}

GgufImage& GgufImage::pad_to(size_t alignment) {
    while (bytes_.size() % alignment != 0) bytes_.push_back(0);
    return *this;
}

GgufImage& GgufImage::fill(size_t n, uint8_t byte) {
    bytes_.insert(bytes_.end(), n, byte);
    return *this;
}

void write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write test file " + path);
}

TempFile::TempFile(const std::vector<uint8_t>& bytes) {
    static std::atomic<int> counter{0};
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir && *dir ? dir : "/tmp") + "/ponder_gguf_test_" + std::to_string(getpid()) + "_" +
            std::to_string(counter++) + ".gguf";
    write_file(path_, bytes);
}

TempFile::~TempFile() { std::remove(path_.c_str()); }

} // namespace ponder::test
