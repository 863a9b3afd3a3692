#include "load_plan_print.h"

#include "gguf/gguf_file.h"
#include "model/config.h"
#include "model/default_backend.h"

#include <cstdio>

namespace ponder::cli {

Result<LoadPlan> plan_and_choose_backend(const std::string& model, PlanOptions options, BackendChoice& choice) {
    auto file = GgufFile::open(model);
    PONDER_TRY(file);
    auto config = read_model_config(*file);
    PONDER_TRY(config);
    vk::DeviceChoice device;
    if (options.device_index >= 0)
        device.index = static_cast<uint32_t>(options.device_index);
    std::optional<Backend> asked = choice.backend;
    if (!asked && choice.gpu_layers > 0)
        asked = Backend::Vulkan;
    // The CPU backend has no mixture-of-experts kernels: such a model keeps any able Vulkan device.
    const Backend backend = resolve_backend(asked, device, /*cpu_runs_model=*/!config->is_moe());
    options.use_gpu = backend == Backend::Vulkan;
    options.gpu_layers = backend == Backend::Cpu ? 0 : choice.gpu_layers;
    auto plan = plan_model(*file, *config, options);
    PONDER_TRY(plan);
    PONDER_TRY(plan->usable());
    std::fprintf(stderr, "plan: %s\n", plan->summary().c_str());
    choice.backend = plan->verdict == PlanVerdict::Cpu ? Backend::Cpu : Backend::Vulkan;
    choice.gpu_layers = plan->verdict == PlanVerdict::Split ? int(plan->gpu_layers) : plan->verdict == PlanVerdict::Cpu ? 0 : -1;
    return plan;
}

} // namespace ponder::cli
