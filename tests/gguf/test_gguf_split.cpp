// Split GGUF sets (llama.cpp's gguf-split layout): the writer lays a model out over N files, and opening
// any part opens the whole model; a missing or foreign part is an error that names it.
#include "gguf/gguf_file.h"
#include "gguf/gguf_split.h"
#include "gguf/gguf_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <unistd.h>

using namespace ponder;
using testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

class TempDir {
public:
    TempDir() {
        path_ = fs::temp_directory_path() / ("ponder_split_" + std::to_string(::getpid()) + "_" + std::to_string(next_++));
        fs::create_directories(path_);
    }
    ~TempDir() { fs::remove_all(path_); }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    fs::path path_;
    static inline int next_ = 0;
};

// A model of `n_tensors` small F32 tensors whose values say which tensor they are.
GgufWriter model_writer(uint32_t n_tensors, float tag = 0) {
    GgufWriter writer;
    writer.add_string("general.architecture", "llama");
    writer.add_string("general.name", "split test");
    for (uint32_t i = 0; i < n_tensors; ++i) {
        std::vector<uint8_t> bytes(16 * sizeof(float));
        for (int j = 0; j < 16; ++j) {
            float v = tag + float(i) * 100 + float(j);
            std::memcpy(bytes.data() + j * sizeof(float), &v, sizeof v);
        }
        EXPECT_TRUE(writer.add_tensor_bytes("t" + std::to_string(i), {16}, GgmlType::F32, std::move(bytes)));
    }
    return writer;
}

std::vector<std::string> write_split(const GgufWriter& writer, const std::string& prefix, uint32_t parts) {
    auto paths = writer.write_split(prefix, parts);
    EXPECT_TRUE(paths) << (paths ? "" : paths.error().message);
    return paths ? *paths : std::vector<std::string>{};
}

std::string open_error(const std::string& path) {
    auto file = GgufFile::open(path);
    EXPECT_FALSE(file) << path << " opened";
    return file ? "" : file.error().message;
}

} // namespace

TEST(GgufSplitName, ParsesTheNumberCountAndPrefix) {
    auto name = parse_split_name("/m/Qwen-Q4_K_M-00002-of-00003.gguf");
    ASSERT_TRUE(name);
    EXPECT_EQ(name->prefix, "/m/Qwen-Q4_K_M");
    EXPECT_EQ(name->number, 2u);
    EXPECT_EQ(name->count, 3u);
    EXPECT_EQ(split_path(name->prefix, 1, 3), "/m/Qwen-Q4_K_M-00001-of-00003.gguf");
}

TEST(GgufSplitName, RejectsNamesThatAreNotParts) {
    EXPECT_FALSE(parse_split_name("/m/model.gguf"));
    EXPECT_FALSE(parse_split_name("/m/model-00004-of-00003.gguf"));  // part past the count
    EXPECT_FALSE(parse_split_name("/m/model-00000-of-00003.gguf"));  // parts count from 1
    EXPECT_FALSE(parse_split_name("/m/model-0001-of-00003.gguf"));
    EXPECT_FALSE(parse_split_name("/m/model-00001-of-00003.bin"));
    EXPECT_FALSE(parse_split_name("-00001-of-00003.gguf"));          // no prefix
}

TEST(GgufSplit, ASplitSetReadsBackAsTheSameModelAsOneFile) {
    TempDir dir;
    GgufWriter writer = model_writer(7);
    ASSERT_TRUE(writer.write(dir.file("whole.gguf")));
    auto paths = write_split(writer, dir.file("model"), 3);
    ASSERT_EQ(paths.size(), 3u);
    EXPECT_EQ(paths[2], dir.file("model-00003-of-00003.gguf"));

    auto whole = GgufFile::open(dir.file("whole.gguf"));
    auto split = GgufFile::open(paths[0]);
    ASSERT_TRUE(whole) << whole.error().message;
    ASSERT_TRUE(split) << split.error().message;
    EXPECT_EQ(split->part_paths(), paths);
    EXPECT_EQ(split->get_string("general.name")->value_or(""), "split test");
    EXPECT_EQ(split->file_size(), fs::file_size(paths[0]) + fs::file_size(paths[1]) + fs::file_size(paths[2]));
    ASSERT_EQ(split->tensors().size(), whole->tensors().size());
    for (const TensorInfo& t : whole->tensors()) {
        const TensorInfo* s = split->find_tensor(t.name);
        ASSERT_NE(s, nullptr) << t.name;
        auto a = whole->tensor_data(t), b = split->tensor_data(*s);
        EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end())) << t.name;
    }
    // 7 tensors over 3 parts: 3, 2, 2 in order.
    EXPECT_EQ(split->find_tensor("t2")->part, 0u);
    EXPECT_EQ(split->find_tensor("t3")->part, 1u);
    EXPECT_EQ(split->find_tensor("t6")->part, 2u);
}

TEST(GgufSplit, ALaterPartUnderAnotherNameCannotFindItsSet) {
    TempDir dir;
    auto paths = write_split(model_writer(4), dir.file("model"), 2);
    ASSERT_EQ(paths.size(), 2u);
    fs::copy_file(paths[1], dir.file("second.gguf"));
    auto second = GgufFile::open(dir.file("second.gguf"));
    ASSERT_FALSE(second);
    EXPECT_THAT(second.error().message, HasSubstr("part 2 of 2"));
}

TEST(GgufSplit, OpeningALaterPartOpensTheWholeSet) {
    TempDir dir;
    auto paths = write_split(model_writer(5), dir.file("model"), 3);
    auto file = GgufFile::open(paths[1]);
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(file->path(), paths[0]);
    EXPECT_EQ(file->tensors().size(), 5u);
}

TEST(GgufSplit, AMissingPartIsNamed) {
    TempDir dir;
    auto paths = write_split(model_writer(5), dir.file("model"), 3);
    fs::remove(paths[2]);
    std::string error = open_error(paths[0]);
    EXPECT_THAT(error, HasSubstr("part 3 of 3"));
    EXPECT_THAT(error, HasSubstr("missing"));
    EXPECT_THAT(error, HasSubstr(paths[2]));
}

TEST(GgufSplit, AMissingFirstPartIsNamedWhenALaterPartIsOpened) {
    TempDir dir;
    auto paths = write_split(model_writer(5), dir.file("model"), 3);
    fs::remove(paths[0]);
    std::string error = open_error(paths[1]);
    EXPECT_THAT(error, HasSubstr("first part"));
    EXPECT_THAT(error, HasSubstr(paths[0]));
}

TEST(GgufSplit, APartFromASetOfADifferentSizeIsRejected) {
    TempDir dir;
    auto three = write_split(model_writer(6), dir.file("model"), 3);
    auto two = write_split(model_writer(6), dir.file("other"), 2);
    fs::rename(two[1], three[1]);  // "model-00002-of-00003.gguf" now holds part 2 of 2
    std::string error = open_error(three[0]);
    EXPECT_THAT(error, HasSubstr(three[1]));
    EXPECT_THAT(error, HasSubstr("different sets"));
}

TEST(GgufSplit, APartFromAnotherModelWithTheSameCountIsRejected) {
    TempDir dir;
    auto mine = write_split(model_writer(6), dir.file("model"), 3);
    auto other = write_split(model_writer(9), dir.file("other"), 3);
    fs::rename(other[2], mine[2]);  // 3 tensors where 2 belong: 7 in all, split.tensors.count says 6
    std::string error = open_error(mine[0]);
    EXPECT_THAT(error, HasSubstr("split.tensors.count"));
}

TEST(GgufSplit, AFirstPartWhoseNameLostItsNumberSaysSo) {
    TempDir dir;
    auto paths = write_split(model_writer(4), dir.file("model"), 2);
    fs::rename(paths[0], dir.file("renamed.gguf"));
    std::string error = open_error(dir.file("renamed.gguf"));
    EXPECT_THAT(error, HasSubstr("part 1 of 2"));
    EXPECT_THAT(error, HasSubstr("-00001-of-00002.gguf"));
}

TEST(GgufSplit, MorePartsThanTensorsIsAnError) {
    TempDir dir;
    EXPECT_FALSE(model_writer(2).write_split(dir.file("model"), 3));
}
