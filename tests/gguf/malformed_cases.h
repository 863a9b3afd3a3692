// The catalogue of malformed GGUF files: each one defect, and the words the error must contain.
// Shared by the reader test, the CLI test (written to disk by write_gguf_samples) and the fuzz seeds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ponder::test {

struct MalformedCase {
    std::string name;                // a test-name-safe identifier
    std::vector<uint8_t> bytes;
    std::string expected_message;    // must appear in the error
};

std::vector<MalformedCase> malformed_cases();

} // namespace ponder::test
