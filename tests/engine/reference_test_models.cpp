#include "reference_test_models.h"

#include "gguf/gguf_split.h"
#include "gguf/gguf_writer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <unistd.h>
#include <vector>
#include <memory>

namespace ponder::testing {
namespace {

// Generated models live as long as the test process: ctest runs test cases as separate processes in
// parallel, so each path carries the process id, and every file is removed when the process exits.
class TempModelFiles {
public:
    std::string next(const std::string& label) {
        paths_.push_back(::testing::TempDir() + "ponder-" + label + "-" + std::to_string(::getpid()) + "-" +
                         std::to_string(paths_.size() + 1) + ".gguf");
        return paths_.back();
    }
    void add(std::string path) { paths_.push_back(std::move(path)); }
    ~TempModelFiles() {
        for (const std::string& path : paths_) std::remove(path.c_str());
    }

private:
    std::vector<std::string> paths_;
};

TempModelFiles& temp_files() {
    static TempModelFiles files;
    return files;
}

std::string temp_path(const std::string& label) { return temp_files().next(label); }

} // namespace

std::string make_test_model(const gen::TestModelSpec& spec, const std::string& label) {
    const std::string path = temp_path(label);
    auto status = gen::write_test_model(spec, path);
    EXPECT_TRUE(status.ok()) << (status ? "" : status.error().message);
    if (spec.split_parts <= 1) return path;
    const std::string prefix = path.substr(0, path.size() - std::string(".gguf").size());
    for (uint32_t part = 1; part <= spec.split_parts; ++part)
        temp_files().add(split_path(prefix, part, spec.split_parts));
    return split_path(prefix, 1, spec.split_parts);
}

std::string tiny_model(const std::string& arch, const std::string& type, uint64_t seed) {
    gen::TestModelSpec spec;
    spec.arch = arch;
    spec.shape = "tiny";
    spec.type = type;
    spec.seed = seed;
    spec.n_vocab = 512;
    return make_test_model(spec, "tiny-" + arch + "-" + type);
}

std::string rewrite_model(const std::string& src, const std::string& label, const TensorEditor& edit,
                          const std::function<bool(const std::string&)>& drop_key) {
    auto opened = GgufFile::open(src);
    EXPECT_TRUE(opened.ok()) << (opened ? "" : opened.error().message);
    if (!opened) return {};
    auto file = std::make_shared<GgufFile>(std::move(*opened));
    GgufWriter writer(uint32_t(file->alignment()));
    for (const GgufKeyValue& kv : file->metadata())
        if (!(drop_key && drop_key(kv.key)) && kv.key != "general.alignment") writer.add_value(kv.key, kv.value);
    for (const TensorInfo& t : file->tensors()) {
        auto e = edit(t);
        if (!e) continue;
        auto status = writer.add_tensor(t.name, e->dims, e->type, [file, &t](std::span<uint8_t> out) -> Status {
            auto data = file->tensor_data(t);
            if (data.size() == out.size()) std::memcpy(out.data(), data.data(), out.size());
            else std::memset(out.data(), 0, out.size());
            return {};
        });
        EXPECT_TRUE(status.ok()) << (status ? "" : status.error().message);
    }
    const std::string path = temp_path(label);
    auto status = writer.write(path);
    EXPECT_TRUE(status.ok()) << (status ? "" : status.error().message);
    return path;
}

} // namespace ponder::testing
