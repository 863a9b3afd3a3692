// --backend vulkan|cpu, --gpu-layers N and --threads N, shared by every ponder-cli command that loads a model.
#pragma once

#include "args.h"
#include "error.h"
#include "model/backend.h"

#include <optional>

namespace ponder::cli {

struct BackendChoice {
    std::optional<Backend> backend;  // unset: the machine's default (the CPU backend unless it has a GPU)
    unsigned n_threads = 0;          // CPU backend: 0 = one per physical core
    // Layers on the GPU: -1 as many as fit (the load plan), 0 none (the CPU backend), N the first N (Vulkan).
    int gpu_layers = -1;
};

// The backend asked for; an error names an unknown backend, a bad thread or layer count, --threads with
// --backend vulkan, or --backend cpu with layers on the GPU.
Result<BackendChoice> take_backend(Args& args);

} // namespace ponder::cli
