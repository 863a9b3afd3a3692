// `ponder-cli info -m MODEL`: what a GGUF file holds (metadata, tensor types and shapes), without Vulkan.
#include "args.h"
#include "command.h"

#include "gguf/gguf_file.h"

#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <map>
#include <string>

namespace ponder::cli {
namespace {

constexpr size_t kMaxShownChars = 100;  // long strings (chat templates) are cut here
constexpr size_t kShownArrayItems = 5;

// Escapes control characters and quotes so every entry stays on one line; cuts long text.
std::string printable(std::string_view text) {
    std::string out = "\"";
    for (size_t i = 0; i < text.size(); ++i) {
        if (out.size() >= kMaxShownChars) {
            out += "\"... (" + std::to_string(text.size()) + " bytes)";
            return out;
        }
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (c == '"' || c == '\\') out += {'\\', static_cast<char>(c)};
        else if (c < 0x20 || c == 0x7f) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else out += static_cast<char>(c);
    }
    return out + "\"";
}

// Shortest text that reads back to the same value, at the precision the file stored.
std::string number(double v, GgufType stored_as) {
    char text[64];
    auto end = stored_as == GgufType::F32 ? std::to_chars(text, text + sizeof text, static_cast<float>(v)).ptr
                                          : std::to_chars(text, text + sizeof text, v).ptr;
    return std::string(text, end);
}

std::string array_summary(const GgufArray& a) {
    std::string out = std::string(gguf_type_name(a.element_type)) + "[" + std::to_string(a.size()) + "]";
    size_t shown = std::min(a.size(), kShownArrayItems);
    for (size_t i = 0; i < shown; ++i) {
        out += i == 0 ? " " : ", ";
        if (!a.strings.empty()) out += printable(a.strings[i]);
        else if (!a.floats.empty()) out += number(a.floats[i], a.element_type);
        else out += std::to_string(a.ints[i]);
    }
    if (a.size() > shown) out += ", ...";
    return out;
}

std::string value_text(const GgufValue& v) {
    struct Visitor {
        GgufType type;
        std::string operator()(int64_t x) const { return std::to_string(x); }
        std::string operator()(uint64_t x) const { return std::to_string(x); }
        std::string operator()(double x) const { return number(x, type); }
        std::string operator()(bool x) const { return x ? "true" : "false"; }
        std::string operator()(const std::string& s) const { return printable(s); }
        std::string operator()(const GgufArray& a) const { return array_summary(a); }
    };
    return std::visit(Visitor{v.type}, v.value);
}

std::string dims_text(const std::vector<uint64_t>& dims) {
    std::string out;
    for (uint64_t d : dims) out += (out.empty() ? "" : " x ") + std::to_string(d);
    return out;
}

std::string_view type_name(GgmlType type) {
    auto traits = ggml_type_traits(static_cast<uint32_t>(type));
    return traits ? traits->name : "?";
}

void print_metadata(const GgufFile& file) {
    std::printf("metadata: %zu keys\n", file.metadata().size());
    for (const GgufKeyValue& kv : file.metadata()) {
        std::printf("  %-40s %-6s %s\n", kv.key.c_str(), std::string(gguf_type_name(kv.value.type)).c_str(),
                    value_text(kv.value).c_str());
    }
}

void print_tensors(const GgufFile& file) {
    struct TypeTotal {
        size_t count = 0;
        uint64_t bytes = 0;
        uint64_t elements = 0;
    };
    std::map<std::string_view, TypeTotal> by_type;
    uint64_t total_bytes = 0, total_elements = 0;
    for (const TensorInfo& t : file.tensors()) {
        TypeTotal& total = by_type[type_name(t.type)];
        ++total.count;
        total.bytes += t.n_bytes;
        total.elements += t.n_elements;
        total_bytes += t.n_bytes;
        total_elements += t.n_elements;
    }
    std::printf("tensors: %zu (%" PRIu64 " parameters, %" PRIu64 " bytes)\n", file.tensors().size(), total_elements,
                total_bytes);
    for (const auto& [name, total] : by_type) {
        std::printf("  %-8s %6zu tensors %14" PRIu64 " parameters %14" PRIu64 " bytes\n", std::string(name).c_str(),
                    total.count, total.elements, total.bytes);
    }
    if (file.tensors().empty()) return;
    std::printf("\n  %-48s %-6s %-28s %14s\n", "name", "type", "dims", "bytes");
    for (const TensorInfo& t : file.tensors()) {
        std::printf("  %-48s %-6s %-28s %14" PRIu64 "\n", t.name.c_str(), std::string(type_name(t.type)).c_str(),
                    dims_text(t.dims).c_str(), t.n_bytes);
    }
}

int run_info(std::span<const std::string> raw_args) {
    Args args(raw_args);
    auto model = args.take({"-m", "--model"});
    if (auto error = args.finish()) {
        std::fprintf(stderr, "ponder-cli info: %s\n", error->c_str());
        return 2;
    }
    if (!model) {
        std::fprintf(stderr, "ponder-cli info: missing -m MODEL.gguf\n");
        return 2;
    }
    auto file = GgufFile::open(*model);
    if (!file) {
        std::fprintf(stderr, "ponder-cli info: %s\n", file.error().message.c_str());
        return 1;
    }
    std::printf("file: %s\nGGUF version: %u\nsize: %" PRIu64 " bytes\nalignment: %" PRIu64 "\n", file->path().c_str(),
                file->version(), file->file_size(), file->alignment());
    if (file->part_paths().size() > 1) {
        std::printf("split into %zu parts:\n", file->part_paths().size());
        for (const std::string& part : file->part_paths()) std::printf("  %s\n", part.c_str());
    }
    print_metadata(*file);
    std::printf("\n");
    print_tensors(*file);
    return 0;
}

} // namespace

PONDER_CLI_COMMAND("info", "info -m MODEL.gguf            show a GGUF file's metadata and tensors", run_info);

} // namespace ponder::cli
