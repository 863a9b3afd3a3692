// Every defect in the catalogue makes GgufFile::open fail with a message naming the file and the
// defect; truncating or corrupting a valid file anywhere never crashes the reader.
#include "gguf/gguf_file.h"
#include "gguf_image.h"
#include "malformed_cases.h"
#include "sample_model.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

using namespace ponder;
using namespace ponder::test;
using testing::HasSubstr;
using testing::StartsWith;

namespace ponder::test {
// Test names and failure messages show the case name, not the object's bytes.
void PrintTo(const MalformedCase& c, std::ostream* os) { *os << c.name; }
} // namespace ponder::test

class MalformedGguf : public testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedGguf, OpenFailsNamingTheFileAndTheDefect) {
    const MalformedCase& defect = GetParam();
    TempFile file(defect.bytes);
    auto opened = GgufFile::open(file.path());
    ASSERT_FALSE(opened.ok());
    EXPECT_THAT(opened.error().message, StartsWith(file.path() + ": "));
    EXPECT_THAT(opened.error().message, HasSubstr(defect.expected_message));
}

INSTANTIATE_TEST_SUITE_P(Catalogue, MalformedGguf, testing::ValuesIn(malformed_cases()),
                         [](const testing::TestParamInfo<MalformedCase>& info) { return info.param.name; });

TEST(MalformedGgufCatalogue, HoldsAtLeastFortyDistinctDefects) {
    auto cases = malformed_cases();
    std::set<std::string> names;
    std::set<std::vector<uint8_t>> images;
    for (const MalformedCase& c : cases) {
        names.insert(c.name);
        images.insert(c.bytes);
    }
    EXPECT_GE(cases.size(), 40u);
    EXPECT_EQ(names.size(), cases.size()) << "case names must be unique";
    EXPECT_EQ(images.size(), cases.size()) << "each case must be a different file";
}

TEST(TruncatedGguf, EveryPrefixOfAValidFileIsRejected) {
    const std::vector<uint8_t> image = sample_model_image();
    {
        TempFile whole(image);
        ASSERT_TRUE(GgufFile::open(whole.path()).ok());
    }
    for (size_t length = 0; length < image.size(); ++length) {
        TempFile prefix(std::vector<uint8_t>(image.begin(), image.begin() + static_cast<ptrdiff_t>(length)));
        auto opened = GgufFile::open(prefix.path());
        EXPECT_FALSE(opened.ok()) << "a " << length << "-byte prefix of a " << image.size() << "-byte file was accepted";
    }
}

TEST(CorruptedGguf, OverwritingAnyByteNeverCrashesAndErrorsNameTheFile) {
    const std::vector<uint8_t> image = sample_model_image();
    for (uint8_t garbage : {uint8_t{0x00}, uint8_t{0xff}, uint8_t{0x80}}) {
        for (size_t i = 0; i < image.size(); ++i) {
            std::vector<uint8_t> corrupted = image;
            corrupted[i] = garbage;
            TempFile file(corrupted);
            auto opened = GgufFile::open(file.path());
            if (!opened) {
                EXPECT_THAT(opened.error().message, StartsWith(file.path() + ": ")) << "byte " << i;
            }
        }
    }
}

TEST(GgufOpen, MissingFileIsAnErrorNamingIt) {
    auto opened = GgufFile::open("/nonexistent/dir/model.gguf");
    ASSERT_FALSE(opened.ok());
    EXPECT_THAT(opened.error().message, StartsWith("/nonexistent/dir/model.gguf: cannot open"));
    EXPECT_THAT(opened.error().message, HasSubstr("No such file"));
}

TEST(GgufOpen, DirectoryIsNotAModel) {
    auto opened = GgufFile::open("/tmp");
    ASSERT_FALSE(opened.ok());
    EXPECT_THAT(opened.error().message, HasSubstr("not a regular file"));
}
