// Writes the sample GGUF files into a directory: valid_*.gguf (accepted) and bad_<Case>.gguf, one per
// malformed case. Used by the ponder-cli ctests and as the fuzzer's seed corpus.
#include "malformed_cases.h"
#include "sample_model.h"

#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>

using namespace ponder::test;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
        return 2;
    }
    try {
        const std::filesystem::path dir = argv[1];
        std::filesystem::create_directories(dir);
        // A case renamed or removed since an earlier build must not linger: the CLI tests read every
        // sample in the directory and would judge a file no case describes any more.
        for (const auto& entry : std::filesystem::directory_iterator(dir)) {
            const std::string name = entry.path().filename().string();
            const bool sample = (name.starts_with("valid_") || name.starts_with("bad_")) && name.ends_with(".gguf");
            if (sample && entry.is_regular_file()) std::filesystem::remove(entry.path());
        }
        write_file(dir / "valid_model.gguf", sample_model_image());
        write_file(dir / "valid_model_v2_align64.gguf", sample_model_image({.version = 2, .alignment = 64}));
        for (const MalformedCase& c : malformed_cases()) write_file(dir / ("bad_" + c.name + ".gguf"), c.bytes);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    return 0;
}
