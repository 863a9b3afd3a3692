// --backend vulkan|cpu and --threads N, shared by every ponder-cli command that loads a model.
#pragma once

#include "args.h"
#include "error.h"
#include "model/backend.h"

namespace ponder::cli {

struct BackendChoice {
    Backend backend = Backend::Vulkan;
    unsigned n_threads = 0;  // CPU backend: 0 = one per physical core
};

// The backend asked for (Vulkan when absent); an error names an unknown backend or a bad thread count.
Result<BackendChoice> take_backend(Args& args);

} // namespace ponder::cli
