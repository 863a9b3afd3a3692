#include "gguf/gguf_tensor_reader.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <unordered_set>

namespace ponder::gguf_detail {
namespace {

std::string quoted(std::string_view name) { return "tensor '" + std::string(name) + "'"; }

std::string dims_text(const std::vector<uint64_t>& dims) {
    std::string text;
    for (uint64_t d : dims) text += (text.empty() ? "" : " x ") + std::to_string(d);
    return text;
}

Status check_name(std::string_view name, uint64_t index, std::unordered_set<std::string_view>& seen) {
    if (name.empty()) return make_error("tensor #" + std::to_string(index) + " has an empty name");
    if (name.size() > kMaxTensorNameBytes) {
        return make_error("tensor name '" + std::string(name.substr(0, 80)) + "' is " + std::to_string(name.size()) +
                          " bytes long; GGUF allows at most " + std::to_string(kMaxTensorNameBytes));
    }
    if (!seen.insert(name).second) return make_error(quoted(name) + " appears more than once");
    return {};
}

Result<std::vector<uint64_t>> read_dims(ByteReader& in, std::string_view name) {
    auto n_dims = in.read<uint32_t>("the dimension count of " + quoted(name));
    if (!n_dims) return n_dims.error();
    if (*n_dims < 1 || *n_dims > kMaxDims) {
        return make_error(quoted(name) + " has " + std::to_string(*n_dims) + " dimensions (must be 1 to " +
                          std::to_string(kMaxDims) + ")");
    }
    std::vector<uint64_t> dims(*n_dims);
    for (uint64_t& d : dims) {
        auto v = in.read<uint64_t>("the shape of " + quoted(name));
        if (!v) return v.error();
        d = *v;
    }
    for (uint64_t d : dims)
        if (d == 0) return make_error(quoted(name) + " has a zero-sized dimension (" + dims_text(dims) + ")");
    return dims;
}

Result<uint64_t> element_count(const std::vector<uint64_t>& dims, std::string_view name) {
    constexpr uint64_t kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    uint64_t n = 1;
    for (uint64_t d : dims) {
        if (d > kMax / n)
            return make_error(quoted(name) + " has shape " + dims_text(dims) + ", whose element count overflows 64 bits");
        n *= d;
    }
    return n;
}

// The tensors whose type Ponder cannot run, gathered over the whole file so that one error names them all.
class UnsupportedTypes {
public:
    void note(std::string_view tensor, std::string_view type) {
        for (Seen& s : seen_)
            if (s.type == type) {
                ++s.count;
                return;
            }
        seen_.push_back({std::string(type), std::string(tensor), 1});
    }

    Status check() const {
        if (seen_.empty()) return {};
        if (seen_.size() == 1 && seen_[0].count == 1)
            return make_error(quoted(seen_[0].first_tensor) + " has type " + seen_[0].type +
                              ", which Ponder cannot run yet (supported: " + supported_type_names() + ")");
        std::string list;
        for (const Seen& s : seen_)
            list += (list.empty() ? "" : ", ") + s.type + " (" + std::to_string(s.count) + " tensor" +
                    (s.count == 1 ? "" : "s") + ", first " + quoted(s.first_tensor) + ")";
        return make_error("this file uses tensor types Ponder cannot run yet: " + list +
                          " (supported: " + supported_type_names() + ")");
    }

private:
    struct Seen {
        std::string type, first_tensor;
        uint64_t count;
    };
    std::vector<Seen> seen_;
};

} // namespace

std::string supported_type_names() {
    // Ponder's preferred order, filtered through the type table so the two cannot disagree.
    constexpr GgmlType kOrder[] = {
        GgmlType::F32,    GgmlType::F16,     GgmlType::BF16,   GgmlType::Q8_0,   GgmlType::Q6_K,
        GgmlType::Q5_K,   GgmlType::Q5_1,    GgmlType::Q5_0,   GgmlType::Q4_K,   GgmlType::Q4_1,
        GgmlType::Q4_0,   GgmlType::IQ4_XS,  GgmlType::IQ4_NL, GgmlType::Q3_K,   GgmlType::IQ3_S,
        GgmlType::IQ3_XXS, GgmlType::Q2_K,   GgmlType::IQ2_S,  GgmlType::IQ2_XS, GgmlType::IQ2_XXS};
    std::string names;
    for (GgmlType t : kOrder) {
        auto traits = ggml_type_traits(static_cast<uint32_t>(t));
        if (traits && traits->supported) names += (names.empty() ? "" : " ") + std::string(traits->name);
    }
    return names;
}

Result<std::vector<TensorInfo>> read_tensor_infos(ByteReader& in, uint64_t n_tensors) {
    // Smallest info: 8-byte name length + 1-byte name, u32 n_dims, one u64 dim, u32 type, u64 offset.
    constexpr uint64_t kMinInfoBytes = 33;
    if (n_tensors > in.remaining() / kMinInfoBytes) {
        return make_error("header claims " + std::to_string(n_tensors) + " tensors but only " +
                          std::to_string(in.remaining()) + " bytes follow the metadata");
    }
    std::vector<TensorInfo> tensors;
    tensors.reserve(n_tensors);
    std::unordered_set<std::string_view> seen;
    UnsupportedTypes unsupported;
    for (uint64_t i = 0; i < n_tensors; ++i) {
        auto name = in.read_string("the name of tensor #" + std::to_string(i));
        if (!name) return name.error();
        PONDER_TRY(check_name(*name, i, seen));

        auto dims = read_dims(in, *name);
        if (!dims) return dims.error();
        auto n_elements = element_count(*dims, *name);
        if (!n_elements) return n_elements.error();

        auto raw_type = in.read<uint32_t>("the type of " + quoted(*name));
        if (!raw_type) return raw_type.error();
        auto traits = ggml_type_traits(*raw_type);
        if (!traits) return make_error(quoted(*name) + " has unknown ggml type id " + std::to_string(*raw_type));
        if ((*dims)[0] % traits->block_elems != 0) {
            return make_error(quoted(*name) + " has rows of " + std::to_string((*dims)[0]) + " elements, not a multiple of the " +
                              std::string(traits->name) + " block size " + std::to_string(traits->block_elems));
        }
        if (!traits->supported) unsupported.note(*name, traits->name);
        uint64_t n_blocks = *n_elements / traits->block_elems;
        if (n_blocks > std::numeric_limits<uint64_t>::max() / traits->block_bytes)
            return make_error(quoted(*name) + " is too large: its byte size overflows 64 bits");
        uint64_t n_bytes = n_blocks * traits->block_bytes;

        auto offset = in.read<uint64_t>("the data offset of " + quoted(*name));
        if (!offset) return offset.error();
        tensors.push_back(TensorInfo{std::string(*name), std::move(*dims), static_cast<GgmlType>(*raw_type), *offset,
                                     *n_elements, n_bytes});
    }
    PONDER_TRY(unsupported.check());
    return tensors;
}

Status place_tensors(std::vector<TensorInfo>& tensors, uint64_t data_start, uint64_t alignment, uint64_t file_size) {
    uint64_t data_size = file_size > data_start ? file_size - data_start : 0;
    for (const TensorInfo& t : tensors) {
        if (t.offset % alignment != 0) {
            return make_error(quoted(t.name) + " starts at data offset " + std::to_string(t.offset) +
                              ", which is not a multiple of the alignment " + std::to_string(alignment));
        }
        if (t.offset > data_size || t.n_bytes > data_size - t.offset) {
            return make_error(quoted(t.name) + " data (" + std::to_string(t.n_bytes) + " bytes at data offset " +
                              std::to_string(t.offset) + ") lies past the end of the file (data section holds " +
                              std::to_string(data_size) + " bytes); the file is truncated or corrupt");
        }
    }
    std::vector<size_t> order(tensors.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return tensors[a].offset < tensors[b].offset; });
    for (size_t i = 1; i < order.size(); ++i) {
        const TensorInfo& prev = tensors[order[i - 1]];
        const TensorInfo& next = tensors[order[i]];
        if (prev.offset + prev.n_bytes > next.offset) {
            return make_error(quoted(prev.name) + " and " + quoted(next.name) + " overlap (data offsets " +
                              std::to_string(prev.offset) + " and " + std::to_string(next.offset) + ")");
        }
    }
    for (TensorInfo& t : tensors) t.offset += data_start;
    return {};
}

} // namespace ponder::gguf_detail
