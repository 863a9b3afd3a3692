// Where the forward pass runs: a Vulkan device, or the CPU backend (inference/cpu). A header of its own
// (inline, like kv_cache_type.h) so the chat layer and the app's settings can name it without the engine.
#pragma once

#include "error.h"

#include <string>
#include <string_view>

namespace ponder {

enum class Backend { Vulkan, Cpu };

inline const char* backend_name(Backend backend) { return backend == Backend::Cpu ? "cpu" : "vulkan"; }

// "vulkan" / "cpu"; anything else is an error listing them.
inline Result<Backend> parse_backend(std::string_view name) {
    for (Backend backend : {Backend::Vulkan, Backend::Cpu})
        if (name == backend_name(backend)) return backend;
    return make_error("unknown backend '" + std::string(name) + "' (use vulkan or cpu)");
}

} // namespace ponder
