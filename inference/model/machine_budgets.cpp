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

Result<MemoryBudgets> query_machine_budgets(int device_index) {
    vk::DeviceChoice choice;
    if (device_index >= 0)
        choice.index = static_cast<uint32_t>(device_index);
    std::optional<vk::DeviceInfo> device;
    // Without a loader, a driver or any device the model runs on the CPU; a device asked for by number
    // that is not there is the user's mistake and said so.
    if (auto devices = vk::machine_devices(); devices && !devices->empty()) {
        auto chosen = vk::choose_device(*devices, choice);
        if (!chosen && device_index >= 0)
            return chosen.error();
        if (chosen)
            device = *chosen;
    }
    return machine_budgets(device ? &*device : nullptr);
}

Result<LoadPlan> plan_model(const GgufFile& file, const ModelConfig& config, const PlanOptions& options) {
    auto footprint = model_footprint(file, config, options.n_ctx, options.n_batch, options.cache_types);
    PONDER_TRY(footprint);
    auto budgets = options.use_gpu ? query_machine_budgets(options.device_index) : machine_budgets(nullptr);
    PONDER_TRY(budgets);
    return plan_load(*footprint, *budgets, PlanRequest{options.gpu_layers});
}

} // namespace ponder
