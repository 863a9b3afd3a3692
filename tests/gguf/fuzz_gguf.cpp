// libFuzzer target: GgufFile::open on arbitrary bytes must return a value or an error, never crash,
// hang or over-allocate; for files it accepts, every tensor's bytes are read and dequantized.
#include "gguf/gguf_file.h"
#include "reference/dequant.h"

#include <cstdlib>
#include <string>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

using namespace ponder;

namespace {

// GgufFile::open takes a path: serve the input from an in-memory file instead of the disk.
const std::string& memfd_path() {
    static const std::string path = [] {
        int fd = memfd_create("fuzz.gguf", 0);
        if (fd < 0) std::abort();
        return "/proc/self/fd/" + std::to_string(fd);
    }();
    return path;
}

void write_input(const uint8_t* data, size_t size) {
    int fd = std::stoi(memfd_path().substr(sizeof("/proc/self/fd/") - 1));
    if (ftruncate(fd, 0) != 0 || (size > 0 && pwrite(fd, data, size, 0) != static_cast<ssize_t>(size))) std::abort();
}

void exercise(const GgufFile& file) {
    for (const GgufKeyValue& kv : file.metadata()) {
        (void)file.get_uint(kv.key);
        (void)file.get_float(kv.key);
        (void)file.get_string(kv.key);
        if (const GgufArray* a = file.get_array(kv.key)) (void)a->size();
    }
    for (const TensorInfo& t : file.tensors()) {
        auto bytes = file.tensor_data(t);
        const uint64_t row_elems = t.dims[0];
        const uint64_t row_bytes = t.n_bytes / t.rows();
        std::vector<float> row(row_elems);
        for (uint64_t r = 0; r < t.rows(); ++r)
            reference::dequantize_row(t.type, bytes.data() + r * row_bytes, row.data(), row_elems);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    write_input(data, size);
    auto file = GgufFile::open(memfd_path());
    if (!file) {
        if (file.error().message.size() <= memfd_path().size() + 2) std::abort();  // an error must say what is wrong
        return 0;
    }
    exercise(*file);
    return 0;
}
