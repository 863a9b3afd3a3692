// --backend vulkan|cpu and --threads N, shared by every ponder-cli command that loads a model.
#pragma once

#include "args.h"
#include "error.h"
#include "model/backend.h"

#include <optional>

namespace ponder::cli {

struct BackendChoice {
    std::optional<Backend> backend;  // unset: the machine's default (the CPU backend unless it has a GPU)
    unsigned n_threads = 0;          // CPU backend: 0 = one per physical core
};

// The backend asked for; an error names an unknown backend, a bad thread count or --threads with
// --backend vulkan.
Result<BackendChoice> take_backend(Args& args);

} // namespace ponder::cli
