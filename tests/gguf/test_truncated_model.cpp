// A real model cut short anywhere -- in its header, its tensor table or its weights -- is refused with
// an error naming the file, never read past its end. Models come from the project's generator.
#include "gen/test_model.h"
#include "gguf/gguf_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <vector>

namespace ponder {
namespace {

std::vector<char> read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string write_prefix(const std::vector<char>& bytes, size_t n, const std::string& path) {
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(n));
    return path;
}

class TruncatedModel : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("ponder-truncated-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
        model_ = (dir_ / "tiny-qwen2-q4_k_m.gguf").string();
        gen::TestModelSpec spec;
        spec.arch = "qwen2";
        spec.type = "q4_k_m";
        spec.n_vocab = 512;
        ASSERT_TRUE(gen::write_test_model(spec, model_));
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::filesystem::path dir_;
    std::string model_;
};

TEST_F(TruncatedModel, TheWholeModelOpens) {
    auto file = GgufFile::open(model_);
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_GT(file->tensors().size(), 10u);
}

TEST_F(TruncatedModel, EveryCutIsRefusedWithAMessageNamingTheFile) {
    const std::vector<char> bytes = read_all(model_);
    auto whole = GgufFile::open(model_);
    ASSERT_TRUE(whole);
    const TensorInfo& last = whole->tensors().back();
    const size_t data_start = whole->tensors().front().offset;

    // Cuts inside the header, at the start of the data, in the middle, and one byte short of the end.
    const std::vector<size_t> cuts = {0, 3, 24, 100, data_start - 1, data_start, bytes.size() / 2,
                                      static_cast<size_t>(last.offset) + 1, bytes.size() - 1};
    for (size_t cut : cuts) {
        const std::string path = write_prefix(bytes, cut, (dir_ / ("cut-" + std::to_string(cut) + ".gguf")).string());
        auto file = GgufFile::open(path);
        ASSERT_FALSE(file) << "a model cut at byte " << cut << " of " << bytes.size() << " was accepted";
        EXPECT_NE(file.error().message.find(path), std::string::npos) << file.error().message;
    }
}

} // namespace
} // namespace ponder
