#include "reference_test_models.h"

#include "gguf/gguf_split.h"
#include "gguf/gguf_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <unistd.h>
#include <memory>
#include <random>
#include <vector>

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

std::vector<int32_t> random_prompt(uint32_t n, uint32_t n_vocab, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int32_t> id(0, static_cast<int32_t>(n_vocab) - 1);
    std::vector<int32_t> tokens(n);
    for (int32_t& t : tokens)
        t = id(rng);
    return tokens;
}

namespace {

// KL(p || q) of the softmaxes of two logit rows.
double kl_divergence(const float* p_logits, const float* q_logits, size_t n) {
    auto log_softmax = [n](const float* x) {
        double max = x[0];
        for (size_t i = 1; i < n; ++i)
            max = std::max(max, double(x[i]));
        double sum = 0;
        for (size_t i = 0; i < n; ++i)
            sum += std::exp(x[i] - max);
        std::vector<double> out(n);
        for (size_t i = 0; i < n; ++i)
            out[i] = x[i] - max - std::log(sum);
        return out;
    };
    const std::vector<double> lp = log_softmax(p_logits), lq = log_softmax(q_logits);
    double kl = 0;
    for (size_t i = 0; i < n; ++i)
        kl += std::exp(lp[i]) * (lp[i] - lq[i]);
    return kl;
}

} // namespace

double mean_kl(const std::vector<float>& expected, const std::vector<float>& actual, size_t n_vocab) {
    EXPECT_EQ(expected.size(), actual.size());
    const size_t rows = expected.size() / n_vocab;
    double total = 0;
    for (size_t r = 0; r < rows; ++r)
        total += kl_divergence(&expected[r * n_vocab], &actual[r * n_vocab], n_vocab);
    return total / rows;
}

} // namespace ponder::testing
