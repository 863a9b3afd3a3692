// Runs tests/templates/jinja2_oracle.py (python3 + jinja2 configured as HF transformers) on a
// batch of template cases, so tests compare Ponder's output with the real thing.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ponder::testing {

struct OracleCase {
    std::string template_source;
    nlohmann::ordered_json context;
};

struct OracleResult {
    bool ok = false;
    std::string output;  // the rendering, or the error when !ok
};

// One python3 run for the whole batch; `batch_name` keeps parallel tests' files apart.
// Throws std::runtime_error when python3 or jinja2 is not available.
std::vector<OracleResult> run_jinja2_oracle(const std::vector<OracleCase>& cases, const std::string& batch_name);

// Fixed date for strftime_now in both Ponder and the oracle.
inline constexpr const char* kFixedTemplateDate = "2024-07-26";

} // namespace ponder::testing
