// The load plan every ponder-cli command that loads a model makes and prints first (on stderr, so that
// the command's own output stays clean): where the layers go, the VRAM and RAM they take and the decode
// speed to expect. The load then runs that plan. A model that fits nowhere is the command's error, with
// the sizes.
#pragma once

#include "backend_args.h"
#include "error.h"
#include "model/load_plan.h"

#include <string>

namespace ponder::cli {

// Plans `model` for `options` and the user's `choice`: the backend they named, else Vulkan for layers
// asked on the GPU (--gpu-layers N > 0) or a device named by number, else the machine's default. Prints
// the plan and sets choice.backend and choice.gpu_layers to what the engine runs: the CPU backend, or
// Vulkan with -1 (every layer) or the split's layer count.
Result<LoadPlan> plan_and_choose_backend(const std::string& model, PlanOptions options, BackendChoice& choice);

} // namespace ponder::cli
