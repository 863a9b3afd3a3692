// What MappedFile does the same on every platform; open() and release() live in mapped_file_<os>.cpp.
#include "platform/mapped_file.h"

#include <utility>

namespace ponder {

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
    if (this != &other) {
        release();
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

MappedFile::~MappedFile() {
    release();
}

} // namespace ponder
