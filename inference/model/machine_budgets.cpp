// The budgets a plan is made against: the Vulkan device a load would use and this host's memory.
#include "model/load_plan.h"

#include "platform/host_memory.h"
#include "vk/instance.h"

namespace ponder {

Result<MemoryBudgets> machine_budgets(const vk::DeviceInfo* gpu) {
    // Both overrides are checked here, where a malformed one can be reported.
    auto vram_override = byte_size_from_environment("PONDER_VRAM_BUDGET");
    PONDER_TRY(vram_override);
    auto ram_override = byte_size_from_environment("PONDER_RAM_BUDGET");
    PONDER_TRY(ram_override);
    MemoryBudgets budgets;
    budgets.free_ram_bytes = available_host_memory();
    budgets.ram_bandwidth_gb_per_s = kAssumedRamGbPerS;
    if (gpu) {
        const bool own_memory = gpu->kind == vk::DeviceKind::Discrete || gpu->kind == vk::DeviceKind::Virtual;
        budgets.gpu = MemoryBudgets::Gpu{gpu->name, gpu->memory.model_heap_available(),
                                         own_memory ? kAssumedDiscreteGpuGbPerS : kAssumedRamGbPerS};
    }
    return budgets;
}

Result<LoadPlan> plan_model(const GgufFile& file, const ModelConfig& config, const PlanOptions& options) {
    auto footprint = model_footprint(file, config, options.n_ctx, options.n_batch, options.cache_types);
    PONDER_TRY(footprint);
    std::optional<vk::DeviceInfo> device;
    if (options.use_gpu) {
        vk::DeviceChoice choice;
        if (options.device_index >= 0)
            choice.index = static_cast<uint32_t>(options.device_index);
        // Without a loader, a driver or any device the model runs on the CPU; a device asked for by
        // number that is not there is the user's mistake and said so.
        if (auto instance = vk::Instance::create())
            if (auto devices = instance->devices(); devices && !devices->empty()) {
                auto chosen = vk::choose_device(*devices, choice);
                if (!chosen && options.device_index >= 0)
                    return chosen.error();
                if (chosen)
                    device = *chosen;
            }
    }
    auto budgets = machine_budgets(device ? &*device : nullptr);
    PONDER_TRY(budgets);
    return plan_load(*footprint, *budgets, PlanRequest{options.gpu_layers});
}

} // namespace ponder
