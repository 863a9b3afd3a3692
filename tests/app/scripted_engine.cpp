#include "scripted_engine.h"

#include <chrono>
#include <thread>

namespace ponder::testing {

namespace {

std::vector<ChatMessage> g_lastPrompt;
SamplingParams g_lastSampling;
KvCacheTypes g_lastCacheTypes;

// A KV cache type's size relative to f16 (ggml blocks of 32: q8_0 34 bytes, q4_0 18, f16 64).
double relativeSize(KvCacheType type) {
    return type == KvCacheType::Q8_0 ? 34.0 / 64 : type == KvCacheType::Q4_0 ? 18.0 / 64 : 1.0;
}

// The scripted model's needs: 4.4 GB of weights (40 GB for "huge.gguf") in 28 equal layers, an embedding
// table and an output of 5 % each, 28,672 bytes each of f16 keys and values per position, 300 MB of scratch.
MemoryEstimate scriptedNeeds(const std::string& path, const LoadOptions& options) {
    constexpr uint32_t kLayers = 28;
    const uint64_t weights = path.ends_with("huge.gguf") ? 40'000'000'000 : 4'400'000'000;
    MemoryEstimate needs;
    ModelFootprint& f = needs.footprint;
    f.embedding_gpu_bytes = f.embedding_cpu_bytes = weights / 20;
    f.output_gpu_bytes = f.output_cpu_bytes = f.output_read_bytes = weights / 20;
    const uint64_t layer = (weights - 2 * (weights / 20)) / kLayers;
    f.layer_gpu_bytes = f.layer_cpu_bytes = f.layer_read_bytes = std::vector<uint64_t>(kLayers, layer);
    f.n_ctx = options.context_length;
    f.cache_types = options.cache_types;
    f.kv_bytes_per_layer = uint64_t(options.context_length * 28'672.0 *
                                    (relativeSize(options.cache_types.k) + relativeSize(options.cache_types.v))) /
                           kLayers;
    f.gpu_scratch_bytes = f.cpu_scratch_bytes = 300'000'000;
    needs.weights_bytes = f.weight_gpu_bytes();
    needs.kv_cache_bytes = f.kv_bytes();
    needs.scratch_bytes = f.gpu_scratch_bytes;
    return needs;
}


class ScriptedSession final : public ChatSession {
  public:
    ScriptedSession(std::string path, ReplyScript script, uint32_t contextLength = 4096)
        : script_(std::move(script)), contextLength_(contextLength) {
        info_.path = path;
        info_.name = "Scripted-R1-Distill-7B";
        info_.architecture = "qwen2";
        info_.quantization = "Q4_K_M";
        info_.n_params = 7'600'000'000;
        info_.file_size = 4'680'000'000;
        info_.n_layers = 28;
        info_.n_ctx_max = 131072;
        info_.has_chat_template = true;
        info_.has_thinking_switch = script_.thinkingSwitch;
    }

    Result<GenerationStats> generate(const std::vector<ChatMessage>& messages, const SamplingParams& sampling,
                                     const std::function<bool(const Delta&)>& on_delta,
                                     const std::atomic<bool>* cancel) override {
        g_lastPrompt = messages;
        g_lastSampling = sampling;
        if (script_.fail)
            return make_error("The scripted engine was told to fail.");
        GenerationStats stats;
        stats.prompt_tokens = int(messages.size()) * 10;
        const bool closedTrace = (!messages.empty() && messages.back().role == "assistant" &&
                                  !messages.back().reasoning_open) ||
                                 (script_.thinkingSwitch && sampling.thinking.enabled == false);
        // false: stop here (with stats.stop_reason set)
        auto emit = [&](const Delta& d) {
            stats.stopped_in_reasoning = !d.reasoning.empty();
            if (stats.completion_tokens == script_.maxPieces) {
                stats.stop_reason = StopReason::MaxTokens;
                return false;
            }
            if (script_.pieceDelayMs > 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(script_.pieceDelayMs));
            ++stats.completion_tokens;
            ++(d.reasoning.empty() ? stats.answer_tokens : stats.reasoning_tokens);
            if (on_delta(d) && !(cancel && cancel->load()))
                return true;
            stats.stop_reason = StopReason::Cancelled;
            return false;
        };
        if (!closedTrace)
            for (size_t i = continuedPieces(messages); i < script_.reasoning.size(); ++i) {
                if (sampling.thinking.budget_tokens > 0 && stats.reasoning_tokens == sampling.thinking.budget_tokens) {
                    stats.thinking_budget_reached = true; // Ponder's words: not counted, nor limited
                    if (!sampling.thinking.budget_transition.empty() &&
                        !on_delta({"\n\n" + sampling.thinking.budget_transition, {}}))
                        return stats;
                    break;
                }
                if (!emit({script_.reasoning[i], {}}))
                    return stats;
            }
        for (const auto& piece : script_.answer)
            if (!emit({{}, piece}))
                return stats;
        stats.stopped_in_reasoning = false;
        stats.tokens_per_s = 42.5;
        stats.time_to_first_token_ms = 120;
        used_ = uint32_t(stats.prompt_tokens + stats.completion_tokens);
        return stats;
    }

    const ModelInfo& model_info() const override { return info_; }
    std::string device_name() const override { return "Scripted GPU"; }
    uint32_t context_length() const override { return contextLength_; }
    uint32_t context_used() const override { return used_; }
    std::string template_warning() const override { return {}; }

  private:
    // How many reasoning pieces a continued trace already holds (0 for a new reply).
    size_t continuedPieces(const std::vector<ChatMessage>& messages) const {
        if (messages.empty() || messages.back().role != "assistant")
            return 0;
        const std::string& stored = messages.back().reasoning;
        std::string written;
        size_t n = 0;
        while (n < script_.reasoning.size() && stored.starts_with(written + script_.reasoning[n]))
            written += script_.reasoning[n++];
        return n;
    }
    ReplyScript script_;
    uint32_t contextLength_;
    ModelInfo info_;
    uint32_t used_ = 0;
};

} // namespace

// The scripted machine: `deviceBytes` of VRAM at 300 GB/s, 64 GB of RAM at 30 GB/s.
MemoryBudgets scriptedBudgets(uint64_t deviceBytes, uint64_t ramBytes) {
    MemoryBudgets budgets;
    budgets.gpu = MemoryBudgets::Gpu{"Scripted GPU", deviceBytes, 300};
    budgets.free_ram_bytes = ramBytes;
    budgets.ram_bandwidth_gb_per_s = 30;
    return budgets;
}

app::EngineApi scriptedEngine(ReplyScript script) {
    app::EngineApi api;
    api.load = [script](const std::string& path,
                        const LoadOptions& options) -> Result<std::unique_ptr<ChatSession>> {
        g_lastCacheTypes = options.cache_types;
        if (path.ends_with("missing.gguf"))
            return make_error(path + ": no such file.");
        for (float p : {0.25f, 0.5f, 0.75f, 1.0f})
            if (options.on_progress && !options.on_progress(p))
                return make_error("Loading was cancelled.");
        return std::unique_ptr<ChatSession>(std::make_unique<ScriptedSession>(path, script, options.context_length));
    };
    api.inspect = [script](const std::string& path) -> Result<ModelInfo> {
        if (path.ends_with("missing.gguf"))
            return make_error(path + ": no such file.");
        return ScriptedSession(path, script).model_info();
    };
    api.estimate = [script](const std::string& path, const LoadOptions& options) -> Result<MemoryEstimate> {
        g_lastCacheTypes = options.cache_types;
        MemoryEstimate estimate = scriptedNeeds(path, options);
        estimate.budgets = scriptedBudgets(script.deviceBytes);
        estimate.device_bytes = script.deviceBytes;
        estimate.device_name = "Scripted GPU";
        estimate.plan = plan_load(estimate.footprint, estimate.budgets);
        estimate.fits = estimate.plan.verdict == PlanVerdict::Gpu;
        return estimate;
    };
    api.estimateModel = [](const std::string& path, const LoadOptions& options) -> Result<MemoryEstimate> {
        return scriptedNeeds(path, options);
    };
    api.deviceMemory = [script](const LoadOptions&) -> Result<MemoryEstimate> {
        MemoryEstimate device;
        device.budgets = scriptedBudgets(script.deviceBytes);
        device.device_bytes = script.deviceBytes;
        device.device_name = "Scripted GPU";
        return device;
    };
    return api;
}

const std::vector<ChatMessage>& lastPromptMessages() {
    return g_lastPrompt;
}

const SamplingParams& lastSampling() {
    return g_lastSampling;
}

KvCacheTypes& lastCacheTypes() {
    return g_lastCacheTypes;
}

} // namespace ponder::testing
