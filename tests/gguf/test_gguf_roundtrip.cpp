// A valid GGUF file reads back exactly: every metadata value type, arrays, typed lookups, tensor
// shapes, byte sizes, absolute offsets and data.
#include "gguf/gguf_file.h"
#include "gguf_image.h"
#include "sample_model.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <limits>

using namespace ponder;
using namespace ponder::test;
using testing::ElementsAre;
using testing::HasSubstr;

namespace {

GgufFile open_image(const std::vector<uint8_t>& image) {
    TempFile file(image);  // the mapping keeps the data alive after the name is removed
    auto opened = GgufFile::open(file.path());
    if (!opened) ADD_FAILURE() << opened.error().message;
    return std::move(opened).value();
}

template <class T>
T scalar(const GgufFile& file, std::string_view key) {
    const GgufValue* v = file.find(key);
    EXPECT_NE(v, nullptr) << key;
    return std::get<T>(v->value);
}

} // namespace

TEST(GgufRoundTrip, HeaderFields) {
    auto image = sample_model_image();
    GgufFile file = open_image(image);
    EXPECT_EQ(file.version(), 3u);
    EXPECT_EQ(file.file_size(), image.size());
    EXPECT_EQ(file.alignment(), 32u);
    EXPECT_EQ(file.metadata().size(), 19u);
    EXPECT_EQ(file.tensors().size(), 4u);
}

TEST(GgufRoundTrip, ScalarsOfEveryTypeKeepTheirTypeAndValue) {
    GgufFile file = open_image(sample_model_image());
    EXPECT_EQ(file.find("test.u8")->type, GgufType::U8);
    EXPECT_EQ(scalar<uint64_t>(file, "test.u8"), 200u);
    EXPECT_EQ(file.find("test.i8")->type, GgufType::I8);
    EXPECT_EQ(scalar<int64_t>(file, "test.i8"), -100);
    EXPECT_EQ(scalar<uint64_t>(file, "test.u16"), 60000u);
    EXPECT_EQ(scalar<int64_t>(file, "test.i16"), -30000);
    EXPECT_EQ(scalar<uint64_t>(file, "test.u32"), 4000000000u);
    EXPECT_EQ(scalar<int64_t>(file, "test.i32"), -2000000000);
    EXPECT_EQ(file.find("test.f32")->type, GgufType::F32);
    EXPECT_EQ(scalar<double>(file, "test.f32"), 0.25);
    EXPECT_EQ(scalar<bool>(file, "test.bool"), true);
    EXPECT_EQ(scalar<uint64_t>(file, "test.u64"), std::numeric_limits<uint64_t>::max());
    EXPECT_EQ(scalar<int64_t>(file, "test.i64"), std::numeric_limits<int64_t>::min());
    EXPECT_EQ(file.find("test.f64")->type, GgufType::F64);
    EXPECT_EQ(scalar<double>(file, "test.f64"), -1.5e300);
    EXPECT_EQ(scalar<std::string>(file, "general.architecture"), "llama");
    EXPECT_EQ(file.find("no.such.key"), nullptr);
}

TEST(GgufRoundTrip, ArraysKeepElementTypeAndOrder) {
    GgufFile file = open_image(sample_model_image());
    const GgufArray* tokens = file.get_array("test.tokens");
    ASSERT_NE(tokens, nullptr);
    EXPECT_EQ(tokens->element_type, GgufType::STRING);
    EXPECT_THAT(tokens->strings, ElementsAre("<s>", "", "h\xc3\xa9llo"));
    EXPECT_EQ(tokens->size(), 3u);

    EXPECT_THAT(file.get_array("test.scores")->floats, ElementsAre(0.5, -1.0));
    EXPECT_THAT(file.get_array("test.ids")->ints, ElementsAre(-1, 7));
    EXPECT_THAT(file.get_array("test.flags")->ints, ElementsAre(1, 0));
    EXPECT_EQ(file.get_array("test.flags")->element_type, GgufType::BOOL);
    EXPECT_THAT(file.get_array("test.bytes")->ints, ElementsAre(255));
    EXPECT_EQ(file.get_array("test.empty")->size(), 0u);
    EXPECT_EQ(file.get_array("test.empty")->element_type, GgufType::U64);
    EXPECT_EQ(file.get_array("general.name"), nullptr) << "a string is not an array";
}

TEST(GgufRoundTrip, TypedLookupsConvertCompatibleTypesAndRejectOthers) {
    GgufFile file = open_image(sample_model_image());
    EXPECT_EQ(file.get_uint("test.u8").value(), 200u);
    EXPECT_EQ(file.get_uint("test.u32").value(), 4000000000u);
    EXPECT_FALSE(file.get_uint("absent").value().has_value());
    auto negative = file.get_uint("test.i8");
    ASSERT_FALSE(negative.ok());
    EXPECT_THAT(negative.error().message, HasSubstr("'test.i8' is -100, expected a non-negative integer"));
    auto text_as_uint = file.get_uint("general.name");
    ASSERT_FALSE(text_as_uint.ok());
    EXPECT_THAT(text_as_uint.error().message, HasSubstr("'general.name' has type STRING, expected an unsigned integer"));

    EXPECT_EQ(file.get_float("test.f32").value(), 0.25);
    EXPECT_EQ(file.get_float("test.i16").value(), -30000.0) << "integers widen to float";
    EXPECT_FALSE(file.get_float("test.tokens").ok());

    EXPECT_EQ(file.get_bool("test.bool").value(), true);
    EXPECT_FALSE(file.get_bool("test.u8").ok());
    EXPECT_EQ(file.get_string("general.name").value(), "tiny");
    EXPECT_FALSE(file.get_string("test.u8").ok());
    EXPECT_FALSE(file.get_string("absent").value().has_value());
}

TEST(GgufRoundTrip, TensorShapesSizesAndAbsoluteOffsets) {
    auto image = sample_model_image();
    GgufFile file = open_image(image);
    const auto& t = file.tensors();
    EXPECT_EQ(t[0].name, "token_embd.weight");
    EXPECT_THAT(t[0].dims, ElementsAre(4u, 2u));
    EXPECT_EQ(t[0].type, GgmlType::F32);
    EXPECT_EQ(t[0].n_elements, 8u);
    EXPECT_EQ(t[0].n_bytes, 32u);
    EXPECT_EQ(t[0].rows(), 2u);
    EXPECT_EQ(t[1].type, GgmlType::F16);
    EXPECT_EQ(t[1].n_bytes, 16u);
    EXPECT_EQ(t[1].rows(), 1u);
    EXPECT_EQ(t[2].type, GgmlType::Q8_0);
    EXPECT_EQ(t[2].n_bytes, 2u * 34u);
    EXPECT_EQ(t[3].type, GgmlType::Q4_K);
    EXPECT_EQ(t[3].n_bytes, 144u);

    // Data offsets are absolute, aligned, ascending, and the last tensor ends the file.
    for (const TensorInfo& info : t) EXPECT_EQ(info.offset % 32, 0u) << info.name;
    EXPECT_EQ(t[1].offset, t[0].offset + 32);
    EXPECT_EQ(t[2].offset, t[1].offset + 32);
    EXPECT_EQ(t[3].offset, t[2].offset + 96);
    EXPECT_EQ(t[3].offset + t[3].n_bytes, image.size());

    EXPECT_EQ(file.find_tensor("blk.0.attn_q.weight"), &t[2]);
    EXPECT_EQ(file.find_tensor("missing"), nullptr);
}

TEST(GgufRoundTrip, TensorDataIsTheStoredBytes) {
    GgufFile file = open_image(sample_model_image());
    for (size_t k = 0; k < file.tensors().size(); ++k) {
        auto data = file.tensor_data(file.tensors()[k]);
        ASSERT_EQ(data.size(), file.tensors()[k].n_bytes);
        for (size_t i = 0; i < data.size(); ++i) ASSERT_EQ(data[i], sample_tensor_byte(k, i)) << "tensor " << k << " byte " << i;
    }
}

TEST(GgufRoundTrip, VersionTwoAndCustomAlignmentAreHonoured) {
    GgufFile v2 = open_image(sample_model_image({.version = 2}));
    EXPECT_EQ(v2.version(), 2u);

    GgufFile aligned = open_image(sample_model_image({.alignment = 128}));
    EXPECT_EQ(aligned.alignment(), 128u);
    for (const TensorInfo& t : aligned.tensors()) EXPECT_EQ(t.offset % 128, 0u) << t.name;
    EXPECT_EQ(aligned.tensors()[1].offset, aligned.tensors()[0].offset + 128);
}

TEST(GgufRoundTrip, MetadataOnlyFileNeedsNoDataPadding) {
    // Vocabulary-only files end right after the metadata.
    GgufFile file = open_image(GgufImage::header(0, 1).kv_string("tokenizer.ggml.model", "gpt2").bytes());
    EXPECT_TRUE(file.tensors().empty());
    EXPECT_EQ(file.get_string("tokenizer.ggml.model").value(), "gpt2");
}

TEST(GgufRoundTrip, MovedFileKeepsItsMapping) {
    GgufFile original = open_image(sample_model_image());
    GgufFile moved = std::move(original);
    EXPECT_EQ(moved.tensor_data(moved.tensors()[0])[1], sample_tensor_byte(0, 1));
}

TEST(GgufRealFiles, LlamaCppVocabFilesOpenWithConsistentTokenizerArrays) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(PONDER_TESTDATA_DIR) / "vocab";
    ASSERT_TRUE(fs::is_directory(dir)) << dir;
    int opened_files = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".gguf") continue;
        auto file = GgufFile::open(entry.path().string());
        ASSERT_TRUE(file.ok()) << file.error().message;
        ++opened_files;
        const GgufArray* tokens = file->get_array("tokenizer.ggml.tokens");
        ASSERT_NE(tokens, nullptr) << entry.path();
        EXPECT_EQ(tokens->element_type, GgufType::STRING);
        EXPECT_GT(tokens->size(), 1000u) << entry.path();
        if (const GgufArray* types = file->get_array("tokenizer.ggml.token_type")) {
            EXPECT_EQ(types->size(), tokens->size()) << entry.path();
        }
        auto arch = file->get_string("general.architecture");
        ASSERT_TRUE(arch.ok() && arch->has_value()) << entry.path();
        auto vocab_size = file->get_uint(**arch + ".vocab_size");
        ASSERT_TRUE(vocab_size.ok());
        if (vocab_size->has_value()) {
            EXPECT_EQ(**vocab_size, tokens->size()) << entry.path();
        }
    }
    EXPECT_GE(opened_files, 3);
}
