// MappedFile on Windows: CreateFileMapping + MapViewOfFile of the whole file, read-only.
#ifdef _WIN32

#include "platform/mapped_file.h"

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include <utility>

namespace ponder {

namespace {

// "The system cannot find the file specified." for GetLastError()'s code.
std::string system_message(DWORD code) {
    char* text = nullptr;
    const DWORD n = FormatMessageA(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
                                       FORMAT_MESSAGE_IGNORE_INSERTS,
                                   nullptr, code, 0, reinterpret_cast<char*>(&text), 0, nullptr);
    std::string message = n ? std::string(text, n) : "error " + std::to_string(code);
    LocalFree(text);
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r' || message.back() == '.'))
        message.pop_back();
    return message;
}

// The path as UTF-16, so that names outside the ANSI code page open too.
std::wstring wide(const std::string& utf8) {
    const int n = MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
    std::wstring out(n, L'\0');
    MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), out.data(), n);
    return out;
}

} // namespace

void MappedFile::release() {
    if (data_)
        UnmapViewOfFile(data_);
    data_ = nullptr;
    size_ = 0;
}

Result<MappedFile> MappedFile::open(const std::string& path) {
    HANDLE file = CreateFileW(wide(path).c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                              FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE)
        return make_error("cannot open the file: " + system_message(GetLastError()));
    auto fail = [file](std::string message) {
        CloseHandle(file);
        return make_error(std::move(message));
    };
    if (GetFileType(file) != FILE_TYPE_DISK)
        return fail("not a regular file");
    LARGE_INTEGER size{};
    if (!GetFileSizeEx(file, &size))
        return fail("cannot read the file's size: " + system_message(GetLastError()));
    if (size.QuadPart == 0)
        return fail("the file is empty (0 bytes), not a GGUF model");
    HANDLE mapping = CreateFileMappingW(file, nullptr, PAGE_READONLY, 0, 0, nullptr);
    if (!mapping)
        return fail("cannot map the file into memory: " + system_message(GetLastError()));
    const void* view = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    const DWORD view_error = GetLastError();
    CloseHandle(mapping); // the view keeps the mapping and the file alive
    CloseHandle(file);
    if (!view)
        return make_error("cannot map the file into memory: " + system_message(view_error));
    MappedFile mapped;
    mapped.data_ = static_cast<const uint8_t*>(view);
    mapped.size_ = static_cast<size_t>(size.QuadPart);
    return mapped;
}

} // namespace ponder

#endif
