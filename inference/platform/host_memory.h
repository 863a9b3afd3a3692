// How much host memory a model can still use: what the OS reports as available without swapping
// (Linux MemAvailable, Windows ullAvailPhys, macOS free + inactive pages). PONDER_RAM_BUDGET (a byte
// size such as "6G") replaces it, so that tests and users can plan for less memory than the machine has.
#pragma once

#include "error.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace ponder {

uint64_t available_host_memory();

// "1073741824", "512M", "1.5G", "64k" (binary units: k = 1024; an optional trailing "iB" or "B");
// an Error naming `what` for anything else.
Result<uint64_t> parse_byte_size(std::string_view text, std::string_view what);

// The byte size in environment variable `name`: nullopt when unset or empty, an Error when malformed.
Result<std::optional<uint64_t>> byte_size_from_environment(const char* name);

} // namespace ponder
