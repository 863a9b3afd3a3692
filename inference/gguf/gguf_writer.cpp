#include "gguf/gguf_writer.h"

#include "gguf/gguf_split.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <set>
#include <type_traits>

namespace ponder {
namespace {

constexpr uint32_t kGgufMagic = 0x46554747;  // "GGUF" read as little-endian uint32
constexpr uint32_t kGgufVersion = 3;

// Little-endian serialization of the header into memory (headers are small; data is streamed).
class HeaderBuffer {
public:
    template <class T>
    void put(T v) {
        static_assert(std::is_trivially_copyable_v<T>);
        const auto* p = reinterpret_cast<const uint8_t*>(&v);
        bytes_.insert(bytes_.end(), p, p + sizeof(T));
    }
    void put_string(std::string_view s) {
        put<uint64_t>(s.size());
        bytes_.insert(bytes_.end(), s.begin(), s.end());
    }
    void pad_to(uint64_t alignment) { bytes_.resize((bytes_.size() + alignment - 1) / alignment * alignment, 0); }
    const std::vector<uint8_t>& bytes() const { return bytes_; }

private:
    std::vector<uint8_t> bytes_;
};

// A scalar of GGUF `type` from whichever alternative the value holds.
template <class T>
T scalar_as(const GgufValue& v) {
    return std::visit(
        [](const auto& x) -> T {
            using X = std::decay_t<decltype(x)>;
            if constexpr (std::is_arithmetic_v<X>) return static_cast<T>(x);
            else return T{};
        },
        v.value);
}

void put_scalar(HeaderBuffer& out, GgufType type, const GgufValue& v) {
    switch (type) {
    case GgufType::U8: out.put(scalar_as<uint8_t>(v)); break;
    case GgufType::I8: out.put(scalar_as<int8_t>(v)); break;
    case GgufType::U16: out.put(scalar_as<uint16_t>(v)); break;
    case GgufType::I16: out.put(scalar_as<int16_t>(v)); break;
    case GgufType::U32: out.put(scalar_as<uint32_t>(v)); break;
    case GgufType::I32: out.put(scalar_as<int32_t>(v)); break;
    case GgufType::U64: out.put(scalar_as<uint64_t>(v)); break;
    case GgufType::I64: out.put(scalar_as<int64_t>(v)); break;
    case GgufType::F32: out.put(scalar_as<float>(v)); break;
    case GgufType::F64: out.put(scalar_as<double>(v)); break;
    case GgufType::BOOL: out.put<uint8_t>(scalar_as<bool>(v) ? 1 : 0); break;
    case GgufType::STRING: out.put_string(std::get<std::string>(v.value)); break;
    case GgufType::ARRAY: assert(false && "nested arrays are written by put_value"); break;
    }
}

void put_array(HeaderBuffer& out, const GgufArray& a) {
    out.put<uint32_t>(static_cast<uint32_t>(a.element_type));
    out.put<uint64_t>(a.size());
    if (a.element_type == GgufType::STRING) {
        for (const std::string& s : a.strings) out.put_string(s);
    } else if (a.element_type == GgufType::F32 || a.element_type == GgufType::F64) {
        for (double f : a.floats) put_scalar(out, a.element_type, GgufValue{a.element_type, f});
    } else {
        for (int64_t i : a.ints) put_scalar(out, a.element_type, GgufValue{a.element_type, i});
    }
}

void put_value(HeaderBuffer& out, const GgufValue& v) {
    out.put<uint32_t>(static_cast<uint32_t>(v.type));
    if (v.type == GgufType::ARRAY)
        put_array(out, std::get<GgufArray>(v.value));
    else
        put_scalar(out, v.type, v);
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

uint64_t align_up(uint64_t n, uint64_t alignment) { return (n + alignment - 1) / alignment * alignment; }

} // namespace

uint64_t ggml_tensor_bytes(GgmlType type, uint64_t n_elements) {
    auto traits = ggml_type_traits(static_cast<uint32_t>(type));
    if (!traits) return 0;
    return n_elements / traits->block_elems * traits->block_bytes;
}

GgufWriter::GgufWriter(uint32_t alignment) : alignment_(alignment) {
    assert(alignment > 0 && alignment % 8 == 0);
    if (alignment != 32) add_uint32("general.alignment", alignment);
}

void GgufWriter::add_uint8(std::string key, uint8_t v) { add_value(std::move(key), {GgufType::U8, uint64_t{v}}); }
void GgufWriter::add_int8(std::string key, int8_t v) { add_value(std::move(key), {GgufType::I8, int64_t{v}}); }
void GgufWriter::add_uint16(std::string key, uint16_t v) { add_value(std::move(key), {GgufType::U16, uint64_t{v}}); }
void GgufWriter::add_int16(std::string key, int16_t v) { add_value(std::move(key), {GgufType::I16, int64_t{v}}); }
void GgufWriter::add_uint32(std::string key, uint32_t v) { add_value(std::move(key), {GgufType::U32, uint64_t{v}}); }
void GgufWriter::add_int32(std::string key, int32_t v) { add_value(std::move(key), {GgufType::I32, int64_t{v}}); }
void GgufWriter::add_uint64(std::string key, uint64_t v) { add_value(std::move(key), {GgufType::U64, v}); }
void GgufWriter::add_int64(std::string key, int64_t v) { add_value(std::move(key), {GgufType::I64, v}); }
void GgufWriter::add_float32(std::string key, float v) { add_value(std::move(key), {GgufType::F32, double{v}}); }
void GgufWriter::add_float64(std::string key, double v) { add_value(std::move(key), {GgufType::F64, v}); }
void GgufWriter::add_bool(std::string key, bool v) { add_value(std::move(key), {GgufType::BOOL, v}); }
void GgufWriter::add_string(std::string key, std::string v) {
    add_value(std::move(key), {GgufType::STRING, std::move(v)});
}

void GgufWriter::add_string_array(std::string key, std::vector<std::string> v) {
    GgufArray a{GgufType::STRING, {}, {}, std::move(v)};
    add_value(std::move(key), {GgufType::ARRAY, std::move(a)});
}

void GgufWriter::add_int32_array(std::string key, std::span<const int32_t> v) {
    GgufArray a{GgufType::I32, std::vector<int64_t>(v.begin(), v.end()), {}, {}};
    add_value(std::move(key), {GgufType::ARRAY, std::move(a)});
}

void GgufWriter::add_float32_array(std::string key, std::span<const float> v) {
    GgufArray a{GgufType::F32, {}, std::vector<double>(v.begin(), v.end()), {}};
    add_value(std::move(key), {GgufType::ARRAY, std::move(a)});
}

void GgufWriter::add_value(std::string key, GgufValue value) {
    // A repeated key replaces the earlier value: GGUF readers reject duplicates.
    for (GgufKeyValue& kv : metadata_) {
        if (kv.key == key) {
            kv.value = std::move(value);
            return;
        }
    }
    metadata_.push_back({std::move(key), std::move(value)});
}

Status GgufWriter::add_tensor(std::string name, std::vector<uint64_t> dims, GgmlType type, FillTensor fill) {
    auto traits = ggml_type_traits(static_cast<uint32_t>(type));
    if (!traits) return make_error("tensor '" + name + "': unknown ggml type");
    if (dims.empty() || dims.size() > 4) return make_error("tensor '" + name + "' must have 1 to 4 dimensions");
    if (dims[0] % traits->block_elems != 0)
        return make_error("tensor '" + name + "': row length " + std::to_string(dims[0]) +
                          " is not a multiple of the " + std::string(traits->name) + " block size " +
                          std::to_string(traits->block_elems));
    for (const Tensor& t : tensors_)
        if (t.name == name) return make_error("tensor '" + name + "' is added twice");
    uint64_t n = 1;
    for (uint64_t d : dims) n *= d;
    const uint64_t bytes = ggml_tensor_bytes(type, n);
    tensors_.push_back({std::move(name), std::move(dims), type, bytes, std::move(fill)});
    return {};
}

Status GgufWriter::add_tensor_bytes(std::string name, std::vector<uint64_t> dims, GgmlType type,
                                    std::vector<uint8_t> bytes) {
    auto data = std::make_shared<std::vector<uint8_t>>(std::move(bytes));
    const std::string label = name;
    return add_tensor(std::move(name), std::move(dims), type, [data, label](std::span<uint8_t> out) -> Status {
        if (out.size() != data->size())
            return make_error("tensor '" + label + "': " + std::to_string(data->size()) + " bytes given, " +
                              std::to_string(out.size()) + " expected from its shape and type");
        std::memcpy(out.data(), data->data(), out.size());
        return {};
    });
}

Status GgufWriter::write(const std::string& path) const { return write_file(path, metadata_, tensors_); }

Result<std::vector<std::string>> GgufWriter::write_split(const std::string& prefix, uint32_t n_parts) const {
    if (n_parts == 0 || n_parts > tensors_.size() || n_parts > UINT16_MAX)
        return make_error("cannot split " + std::to_string(tensors_.size()) + " tensors into " +
                          std::to_string(n_parts) + " parts");
    std::vector<std::string> paths;
    size_t first = 0;
    for (uint32_t index = 0; index < n_parts; ++index) {
        // Part `index` takes tensors [first, end): the first (size % n_parts) parts one more.
        const size_t end = first + tensors_.size() / n_parts + (index < tensors_.size() % n_parts ? 1 : 0);
        std::vector<GgufKeyValue> metadata;
        if (index == 0) metadata = metadata_;
        else if (alignment_ != 32) metadata.push_back({"general.alignment", {GgufType::U32, uint64_t{alignment_}}});
        metadata.push_back({std::string(kSplitNoKey), {GgufType::U16, uint64_t{index}}});
        metadata.push_back({std::string(kSplitCountKey), {GgufType::U16, uint64_t{n_parts}}});
        metadata.push_back({std::string(kSplitTensorsCountKey), {GgufType::I32, int64_t(tensors_.size())}});
        paths.push_back(split_path(prefix, index + 1, n_parts));
        PONDER_TRY(write_file(paths.back(), metadata, std::span(tensors_).subspan(first, end - first)));
        first = end;
    }
    return paths;
}

Status GgufWriter::write_file(const std::string& path, const std::vector<GgufKeyValue>& metadata,
                              std::span<const Tensor> tensors) const {
    HeaderBuffer header;
    header.put<uint32_t>(kGgufMagic);
    header.put<uint32_t>(kGgufVersion);
    header.put<uint64_t>(tensors.size());
    header.put<uint64_t>(metadata.size());
    for (const GgufKeyValue& kv : metadata) {
        header.put_string(kv.key);
        put_value(header, kv.value);
    }
    uint64_t offset = 0;  // relative to the start of the data section
    for (const Tensor& t : tensors) {
        header.put_string(t.name);
        header.put<uint32_t>(static_cast<uint32_t>(t.dims.size()));
        for (uint64_t d : t.dims) header.put<uint64_t>(d);
        header.put<uint32_t>(static_cast<uint32_t>(t.type));
        header.put<uint64_t>(offset);
        offset = align_up(offset + t.n_bytes, alignment_);
    }
    header.pad_to(alignment_);

    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "wb"));
    if (!file) return make_error("cannot create '" + path + "': " + std::strerror(errno));
    auto write_bytes = [&](const void* p, size_t n) -> Status {
        if (n && std::fwrite(p, 1, n, file.get()) != n)
            return make_error("writing '" + path + "' failed: " + std::strerror(errno) + " (disk full?)");
        return {};
    };
    PONDER_TRY(write_bytes(header.bytes().data(), header.bytes().size()));
    std::vector<uint8_t> data;
    uint64_t zeros = 0; // bytes of zeros not yet written
    for (const Tensor& t : tensors) {
        const uint64_t padded = align_up(t.n_bytes, alignment_);
        if (!t.fill) {
            zeros += padded;
            continue;
        }
        data.assign(std::min<uint64_t>(zeros, 1 << 20), 0);
        for (; zeros > 0; zeros -= std::min<uint64_t>(zeros, data.size()))
            PONDER_TRY(write_bytes(data.data(), static_cast<size_t>(std::min<uint64_t>(zeros, data.size()))));
        data.assign(padded, 0);
        PONDER_TRY(t.fill(std::span<uint8_t>(data.data(), t.n_bytes)));
        PONDER_TRY(write_bytes(data.data(), data.size()));
        data = {};  // release before the next tensor's buffer
    }
    if (std::fflush(file.get()) != 0) return make_error("writing '" + path + "' failed: " + std::strerror(errno));
    if (zeros > 0) {
        file.reset();
        std::error_code error;
        const uint64_t size = header.bytes().size() + offset;
        std::filesystem::resize_file(path, size, error);
        if (error) return make_error("writing '" + path + "' failed: " + error.message());
    }
    return {};
}

} // namespace ponder
