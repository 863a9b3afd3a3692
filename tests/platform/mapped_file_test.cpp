// MappedFile: a file's bytes as a span, clear errors for what cannot be mapped, one owner at a time.
#include "platform/mapped_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <numeric>
#include <vector>

namespace ponder {
namespace {

namespace fs = std::filesystem;

class MappedFileTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir =
            fs::temp_directory_path() /
            ("ponder-mapped-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::create_directories(dir);
    }
    void TearDown() override { fs::remove_all(dir); }

    fs::path write(const std::string& name, const std::vector<uint8_t>& bytes) {
        const fs::path path = dir / name;
        std::ofstream(path, std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        return path;
    }

    fs::path dir;
};

TEST_F(MappedFileTest, MapsEveryByteOfTheFile) {
    std::vector<uint8_t> bytes(100'003);
    std::iota(bytes.begin(), bytes.end(), uint8_t(7));
    auto mapped = MappedFile::open(write("data.bin", bytes).string());
    ASSERT_TRUE(mapped.ok()) << mapped.error().message;
    ASSERT_EQ(mapped->size(), bytes.size());
    EXPECT_TRUE(std::equal(bytes.begin(), bytes.end(), mapped->bytes().begin()));
}

TEST_F(MappedFileTest, MovingHandsTheMappingOver) {
    auto mapped = MappedFile::open(write("data.bin", {1, 2, 3}).string());
    ASSERT_TRUE(mapped.ok());
    MappedFile owner = std::move(*mapped);
    EXPECT_EQ(mapped->data(), nullptr);
    EXPECT_EQ(mapped->size(), 0u);
    ASSERT_EQ(owner.size(), 3u);
    EXPECT_EQ(owner.bytes()[2], 3);
    owner = MappedFile();
    EXPECT_EQ(owner.data(), nullptr);
}

TEST_F(MappedFileTest, WhatCannotBeMappedIsAnErrorThatSaysWhy) {
    auto missing = MappedFile::open((dir / "missing.gguf").string());
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("cannot open the file"), std::string::npos)
        << missing.error().message;

    auto empty = MappedFile::open(write("empty.gguf", {}).string());
    ASSERT_FALSE(empty.ok());
    EXPECT_NE(empty.error().message.find("empty"), std::string::npos) << empty.error().message;

    auto directory = MappedFile::open(dir.string());
    EXPECT_FALSE(directory.ok());
}

} // namespace
} // namespace ponder
