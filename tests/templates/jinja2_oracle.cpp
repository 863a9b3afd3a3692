#include "jinja2_oracle.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ponder::testing {

std::vector<OracleResult> run_jinja2_oracle(const std::vector<OracleCase>& cases, const std::string& batch_name) {
    const std::string dir = std::string(PONDER_BINARY_DIR) + "/tests/templates";
    const std::string in_path = dir + "/oracle_" + batch_name + "_in.json";
    const std::string out_path = dir + "/oracle_" + batch_name + "_out.json";
    nlohmann::ordered_json batch = nlohmann::ordered_json::array();
    for (const OracleCase& c : cases) batch.push_back({{"template", c.template_source}, {"context", c.context}});
    std::ofstream(in_path, std::ios::binary) << batch.dump();

    setenv("PONDER_TEMPLATE_DATE", kFixedTemplateDate, 1);
    const std::string command = "python3 '" + std::string(PONDER_TEMPLATE_TESTS_DIR) + "/jinja2_oracle.py' '" +
                                in_path + "' '" + out_path + "'";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("jinja2 oracle failed: " + command);

    std::ifstream in(out_path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    std::vector<OracleResult> results;
    for (const auto& r : nlohmann::json::parse(text.str())) {
        bool ok = r.at("ok").get<bool>();
        results.push_back({ok, r.at(ok ? "output" : "error").get<std::string>()});
    }
    if (results.size() != cases.size()) throw std::runtime_error("jinja2 oracle returned a different number of results");
    return results;
}

} // namespace ponder::testing
