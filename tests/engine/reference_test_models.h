// Test models for engine tests: generated on demand into the test's temp directory.
#pragma once

#include "gen/test_model.h"
#include "gguf/gguf_file.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ponder::testing {

// Writes a generated model to a fresh temp path and returns the path (of the first part, when
// spec.split_parts > 1); fails the test on error.
std::string make_test_model(const gen::TestModelSpec& spec, const std::string& label);

// A tiny model of `arch` ("llama", "qwen2", "qwen3") with a 512-token vocabulary, no tokenizer.
std::string tiny_model(const std::string& arch, const std::string& type = "f32", uint64_t seed = 1);

// How rewrite_model treats one tensor: nullopt drops it; otherwise its (possibly changed)
// dims and type; bytes are copied when the size is unchanged, zeros otherwise.
struct TensorEdit {
    std::vector<uint64_t> dims;
    GgmlType type;
};
using TensorEditor = std::function<std::optional<TensorEdit>(const TensorInfo&)>;

// Copies `src` to a new temp file, passing every tensor through `edit` and leaving out the
// metadata keys for which `drop_key` returns true.
std::string rewrite_model(const std::string& src, const std::string& label, const TensorEditor& edit,
                          const std::function<bool(const std::string&)>& drop_key = {});

// `n` token ids drawn uniformly from [0, n_vocab) with `seed`.
std::vector<int32_t> random_prompt(uint32_t n, uint32_t n_vocab, uint32_t seed);

// Mean over rows of KL(softmax(expected row) || softmax(actual row)), rows of n_vocab logits.
double mean_kl(const std::vector<float>& expected, const std::vector<float>& actual, size_t n_vocab);

} // namespace ponder::testing
