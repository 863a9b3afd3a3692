// A whole file mapped read-only into memory (move-only; unmapped when it goes away). The one place the
// engine meets the operating system's file mapping: mmap on POSIX, MapViewOfFile on Windows.
#pragma once

#include "error.h"

#include <cstdint>
#include <span>
#include <string>

namespace ponder {

class MappedFile {
  public:
    // Maps `path`; an Error for a missing, unreadable, empty or non-regular file (the message does not
    // repeat the path: callers prefix it).
    static Result<MappedFile> open(const std::string& path);

    MappedFile() = default;
    MappedFile(MappedFile&& other) noexcept { *this = std::move(other); }
    MappedFile& operator=(MappedFile&& other) noexcept;
    ~MappedFile();

    std::span<const uint8_t> bytes() const { return {data_, size_}; }
    const uint8_t* data() const { return data_; }
    uint64_t size() const { return size_; }

  private:
    void release();

    const uint8_t* data_ = nullptr;
    size_t size_ = 0;
};

} // namespace ponder
