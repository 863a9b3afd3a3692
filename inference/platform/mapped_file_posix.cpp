// MappedFile on POSIX systems (Linux, macOS): a private read-only mmap of the whole file.
#ifndef _WIN32

#include "platform/mapped_file.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ponder {

void MappedFile::release() {
    if (data_)
        munmap(const_cast<uint8_t*>(data_), size_);
    data_ = nullptr;
    size_ = 0;
}

Result<MappedFile> MappedFile::open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return make_error(std::string("cannot open the file: ") + std::strerror(errno));
    auto fail = [fd](std::string message) {
        ::close(fd);
        return make_error(std::move(message));
    };
    struct stat st {};
    if (fstat(fd, &st) != 0)
        return fail(std::string("cannot stat the file: ") + std::strerror(errno));
    if (!S_ISREG(st.st_mode))
        return fail("not a regular file");
    if (st.st_size == 0)
        return fail("the file is empty (0 bytes), not a GGUF model");
    void* addr = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    const int map_errno = errno;
    ::close(fd); // the mapping keeps the file alive
    if (addr == MAP_FAILED)
        return make_error(std::string("cannot map the file into memory: ") + std::strerror(map_errno));
    MappedFile file;
    file.data_ = static_cast<const uint8_t*>(addr);
    file.size_ = static_cast<size_t>(st.st_size);
    return file;
}

} // namespace ponder

#endif
