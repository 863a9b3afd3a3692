// GgufFile::open and the joining of split sets: the parts a first part names are opened, checked to
// belong to it, and their tensors appended (each remembers its part), so that the rest of the engine
// sees one model.
#include "gguf/gguf_file.h"
#include "gguf/gguf_split.h"

#include <filesystem>
#include <unordered_set>

namespace ponder {
namespace {

struct SplitKeys {
    uint64_t no = 0, count = 1;
    std::optional<uint64_t> tensors;
};

Result<SplitKeys> read_split_keys(const GgufFile& file) {
    SplitKeys keys;
    auto no = file.get_uint(kSplitNoKey);
    if (!no) return no.error();
    auto count = file.get_uint(kSplitCountKey);
    if (!count) return count.error();
    auto tensors = file.get_uint(kSplitTensorsCountKey);
    if (!tensors) return tensors.error();
    keys.no = no->value_or(0);
    keys.count = count->value_or(1);
    keys.tensors = *tensors;
    if (keys.count == 0 || keys.no >= keys.count)
        return make_error(file.path() + ": split.no " + std::to_string(keys.no) + " and split.count " +
                          std::to_string(keys.count) + " do not describe a part of a split set");
    return keys;
}

std::string part_text(uint64_t no, uint64_t count) {
    return "part " + std::to_string(no + 1) + " of " + std::to_string(count);
}

bool file_exists(const std::string& path) {
    std::error_code error;
    return std::filesystem::exists(path, error);
}

} // namespace

Result<GgufFile> GgufFile::open(const std::string& path) {
    auto file = open_part(path);
    if (!file) return file.error();
    auto keys = read_split_keys(*file);
    if (!keys) return keys.error();
    if (keys->count == 1) return file;

    auto name = parse_split_name(path);
    if (!name || name->count != keys->count || name->number != keys->no + 1) {
        return make_error(path + " is " + part_text(keys->no, keys->count) +
                          " of a split model, but its name does not end in " +
                          split_path("", uint32_t(keys->no + 1), uint32_t(keys->count)) +
                          ", so Ponder cannot find the other parts; give the files their original names");
    }
    if (keys->no != 0) {
        // Any part opens the set: the model's metadata lives in the first.
        const std::string first = split_path(name->prefix, 1, name->count);
        if (!file_exists(first))
            return make_error(path + " is " + part_text(keys->no, keys->count) + " of a split model; its first part " +
                              first + " is missing");
        file = open_part(first);
        if (!file) return file.error();
        keys = read_split_keys(*file);
        if (!keys) return keys.error();
        if (keys->no != 0 || keys->count != name->count)
            return make_error(first + " is " + part_text(keys->no, keys->count) + " by its metadata, not part 1 of " +
                              std::to_string(name->count) + " as its name says; the parts come from different sets");
    }
    if (Status joined = file->join_parts(keys->count); !joined) return joined.error();
    if (keys->tensors && *keys->tensors != file->tensors_.size()) {
        return make_error(file->path_ + ": the " + std::to_string(keys->count) + " parts hold " +
                          std::to_string(file->tensors_.size()) + " tensors, but split.tensors.count says " +
                          std::to_string(*keys->tensors) + "; a part comes from a different set");
    }
    return file;
}

Status GgufFile::join_parts(uint64_t count) {
    const SplitName name = *parse_split_name(path_);
    for (uint32_t index = 1; index < count; ++index) {
        const std::string path = split_path(name.prefix, index + 1, uint32_t(count));
        if (!file_exists(path))
            return make_error(path_ + ": " + part_text(index, count) + " of this split model is missing (expected " +
                              path + "); put every part in the same folder");
        auto part = open_part(path);
        if (!part) return part.error();
        auto keys = read_split_keys(*part);
        if (!keys) return keys.error();
        if (keys->count != count || keys->no != index)
            return make_error(path + " is " + part_text(keys->no, keys->count) + " by its metadata, not " +
                              part_text(index, count) + " as its name says; the parts come from different sets");
        PONDER_TRY(append_part(std::move(*part), index));
    }
    return {};
}

Status GgufFile::append_part(GgufFile part, uint32_t index) {
    std::unordered_set<std::string_view> names;
    for (const TensorInfo& t : tensors_) names.insert(t.name);
    for (TensorInfo& t : part.tensors_) {
        if (names.count(t.name))
            return make_error(part.path_ + ": tensor '" + t.name + "' is also in an earlier part of the split set");
        t.part = index;
    }
    tensors_.insert(tensors_.end(), std::make_move_iterator(part.tensors_.begin()),
                    std::make_move_iterator(part.tensors_.end()));
    parts_.push_back(std::move(part.parts_[0]));
    part_paths_.push_back(part.path_);
    file_size_ += part.file_size_;
    return {};
}

} // namespace ponder
