#include "gguf/gguf_file.h"

#include "gguf/gguf_byte_reader.h"
#include "gguf/gguf_metadata_reader.h"
#include "gguf/gguf_tensor_reader.h"

#include <cassert>

namespace ponder {

using gguf_detail::ByteReader;

std::string_view gguf_type_name(GgufType type) {
    switch (type) {
    case GgufType::U8: return "U8";
    case GgufType::I8: return "I8";
    case GgufType::U16: return "U16";
    case GgufType::I16: return "I16";
    case GgufType::U32: return "U32";
    case GgufType::I32: return "I32";
    case GgufType::F32: return "F32";
    case GgufType::BOOL: return "BOOL";
    case GgufType::STRING: return "STRING";
    case GgufType::ARRAY: return "ARRAY";
    case GgufType::U64: return "U64";
    case GgufType::I64: return "I64";
    case GgufType::F64: return "F64";
    }
    return "unknown";
}

size_t GgufArray::size() const {
    if (element_type == GgufType::STRING) return strings.size();
    if (element_type == GgufType::F32 || element_type == GgufType::F64) return floats.size();
    return ints.size();
}

uint64_t TensorInfo::rows() const {
    uint64_t n = 1;
    for (size_t i = 1; i < dims.size(); ++i) n *= dims[i];
    return n;
}

GgufFile::GgufFile(GgufFile&&) noexcept = default;
GgufFile& GgufFile::operator=(GgufFile&&) noexcept = default;
GgufFile::~GgufFile() = default;

Result<GgufFile> GgufFile::open_part(const std::string& path) {
    auto mapping = MappedFile::open(path);
    if (!mapping) return make_error(path + ": " + mapping.error().message);
    GgufFile file;
    file.path_ = path;
    file.part_paths_ = {path};
    file.file_size_ = mapping->size();
    file.parts_.push_back(std::move(*mapping));
    if (Status parsed = file.parse(); !parsed) return make_error(path + ": " + parsed.error().message);
    return file;
}

namespace {

constexpr uint32_t kMagic = 0x46554747;  // "GGUF" read as a little-endian u32

std::string hex_bytes(uint32_t v) {
    static const char* digits = "0123456789abcdef";
    std::string text;
    for (int i = 0; i < 4; ++i) {
        uint8_t b = static_cast<uint8_t>(v >> (8 * i));
        text += (i ? " " : "");
        text += digits[b >> 4];
        text += digits[b & 15];
    }
    return text;
}

Status check_version(uint32_t version) {
    if (version == 2 || version == 3) return {};
    if (version == 1) return make_error("GGUF version 1 is too old; convert the model again with a current llama.cpp");
    if (version == 0x02000000 || version == 0x03000000)
        return make_error("this is a big-endian GGUF file; Ponder reads little-endian files only");
    return make_error("unsupported GGUF version " + std::to_string(version) + " (Ponder reads versions 2 and 3)");
}

Result<uint64_t> read_alignment(const GgufFile& file) {
    const GgufValue* value = file.find("general.alignment");
    if (!value) return uint64_t{32};
    if (value->type != GgufType::U32) {
        return make_error("metadata key 'general.alignment' has type " + std::string(gguf_type_name(value->type)) +
                          "; GGUF requires U32");
    }
    uint64_t alignment = std::get<uint64_t>(value->value);
    if (alignment == 0 || (alignment & (alignment - 1)) != 0)
        return make_error("general.alignment is " + std::to_string(alignment) + "; it must be a nonzero power of two");
    return alignment;
}

} // namespace

Status GgufFile::parse() {
    ByteReader in(parts_[0].bytes());
    auto magic = in.read<uint32_t>("the GGUF magic");
    if (!magic) return magic.error();
    if (*magic != kMagic)
        return make_error("not a GGUF file (starts with bytes " + hex_bytes(*magic) + ", expected 47 47 55 46 \"GGUF\")");
    auto version = in.read<uint32_t>("the GGUF version");
    if (!version) return version.error();
    PONDER_TRY(check_version(*version));
    version_ = *version;

    auto n_tensors = in.read<uint64_t>("the tensor count");
    if (!n_tensors) return n_tensors.error();
    auto n_kv = in.read<uint64_t>("the metadata count");
    if (!n_kv) return n_kv.error();

    auto metadata = gguf_detail::read_metadata(in, *n_kv);
    if (!metadata) return metadata.error();
    metadata_ = std::move(*metadata);
    auto alignment = read_alignment(*this);
    if (!alignment) return alignment.error();
    alignment_ = *alignment;

    auto tensors = gguf_detail::read_tensor_infos(in, *n_tensors);
    if (!tensors) return tensors.error();
    tensors_ = std::move(*tensors);
    // Position <= file size < 2^63 and alignment < 2^32, so rounding up cannot overflow.
    uint64_t data_start = (in.position() + alignment_ - 1) / alignment_ * alignment_;
    return gguf_detail::place_tensors(tensors_, data_start, alignment_, file_size_);
}

const GgufValue* GgufFile::find(std::string_view key) const {
    for (const GgufKeyValue& kv : metadata_)
        if (kv.key == key) return &kv.value;
    return nullptr;
}

namespace {

Error wrong_type(const std::string& path, std::string_view key, const GgufValue& v, std::string_view expected) {
    return make_error(path + ": metadata key '" + std::string(key) + "' has type " + std::string(gguf_type_name(v.type)) +
                      ", expected " + std::string(expected));
}

} // namespace

Result<std::optional<uint64_t>> GgufFile::get_uint(std::string_view key) const {
    const GgufValue* v = find(key);
    if (!v) return std::optional<uint64_t>();
    if (auto* u = std::get_if<uint64_t>(&v->value)) return std::optional<uint64_t>(*u);
    if (auto* i = std::get_if<int64_t>(&v->value)) {
        if (*i >= 0) return std::optional<uint64_t>(static_cast<uint64_t>(*i));
        return make_error(path_ + ": metadata key '" + std::string(key) + "' is " + std::to_string(*i) +
                          ", expected a non-negative integer");
    }
    return wrong_type(path_, key, *v, "an unsigned integer");
}

Result<std::optional<double>> GgufFile::get_float(std::string_view key) const {
    const GgufValue* v = find(key);
    if (!v) return std::optional<double>();
    if (auto* d = std::get_if<double>(&v->value)) return std::optional<double>(*d);
    if (auto* u = std::get_if<uint64_t>(&v->value)) return std::optional<double>(static_cast<double>(*u));
    if (auto* i = std::get_if<int64_t>(&v->value)) return std::optional<double>(static_cast<double>(*i));
    return wrong_type(path_, key, *v, "a number");
}

Result<std::optional<bool>> GgufFile::get_bool(std::string_view key) const {
    const GgufValue* v = find(key);
    if (!v) return std::optional<bool>();
    if (auto* b = std::get_if<bool>(&v->value)) return std::optional<bool>(*b);
    return wrong_type(path_, key, *v, "BOOL");
}

Result<std::optional<std::string>> GgufFile::get_string(std::string_view key) const {
    const GgufValue* v = find(key);
    if (!v) return std::optional<std::string>();
    if (auto* s = std::get_if<std::string>(&v->value)) return std::optional<std::string>(*s);
    return wrong_type(path_, key, *v, "STRING");
}

const GgufArray* GgufFile::get_array(std::string_view key) const {
    const GgufValue* v = find(key);
    return v ? std::get_if<GgufArray>(&v->value) : nullptr;
}

const TensorInfo* GgufFile::find_tensor(std::string_view name) const {
    for (const TensorInfo& t : tensors_)
        if (t.name == name) return &t;
    return nullptr;
}

std::span<const uint8_t> GgufFile::tensor_data(const TensorInfo& t) const {
    assert(t.part < parts_.size());
    const MappedFile& part = parts_[t.part];
    assert(part.data() && t.offset <= part.size() && t.n_bytes <= part.size() - t.offset);
    return part.bytes().subspan(static_cast<size_t>(t.offset), static_cast<size_t>(t.n_bytes));
}

} // namespace ponder
