// A chat with one loaded model: conversation in, streamed reasoning and answer out.
// This is the whole surface the desktop app uses; it owns the model, its Vulkan device, KV cache,
// tokenizer and chat template, and it is not thread-safe (one worker thread owns it).
#pragma once

#include "error.h"
#include "model/backend.h"
#include "model/kv_cache_type.h"
#include "model/load_plan.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ponder {

struct ChatMessage {
    std::string role;       // "system", "user", "assistant"
    std::string content;    // for assistant messages: the answer only
    std::string reasoning;  // assistant reasoning trace (without <think> tags), may be empty
    // Only for a last, assistant message, which generate() then continues instead of starting a
    // new reply: true when its trace was cut short and goes on; false to close the trace (with
    // the end-of-thinking marker, if the answer is empty) and go on with the answer.
    bool reasoning_open = false;
};

// How the model thinks, where its template and Ponder can steer it.
struct ThinkingControls {
    // The template's enable_thinking (Qwen3, SmolLM3): false asks for an answer without reasoning.
    // nullopt: the template's own default. Ignored by templates without the switch.
    std::optional<bool> enabled;
    // At most this many reasoning tokens (0: no cap). At the cap Ponder writes the transition (into
    // the trace) and the end-of-thinking marker itself, and the model goes on with its answer.
    int budget_tokens = 0;
    std::string budget_transition;  // e.g. "Considering the limited time, I have to give the answer now."
};

struct SamplingParams {
    float temperature = 0.6f;     // 0 = greedy
    int top_k = 40;               // 0 = off
    float top_p = 0.95f;          // 1 = off
    float min_p = 0.0f;           // 0 = off
    float repeat_penalty = 1.0f;  // 1 = off
    uint64_t seed = 0;            // same seed + same prompt = same reply
    int max_tokens = 4096;        // kUntilContextFull (any negative) = no limit but the context
    static constexpr int kUntilContextFull = -1;
    ThinkingControls thinking;
};

enum class StopReason { EndOfGeneration, MaxTokens, Cancelled, ContextFull };
const char* to_string(StopReason reason);  // "eos", "max_tokens", "cancelled", "context_full"

struct GenerationStats {
    StopReason stop_reason = StopReason::EndOfGeneration;
    int prompt_tokens = 0;       // whole prompt
    int prefilled_tokens = 0;    // prompt tokens actually computed (after reusing the cached prefix)
    int completion_tokens = 0;
    double time_to_first_token_ms = 0;
    double tokens_per_s = 0;     // decode speed
    int dropped_messages = 0;    // older turns left out because the context was full
    // The completion split by where it went: tokens up to and including the one that ends the
    // trace are reasoning, the rest answer. Tokens Ponder writes itself (the end-of-thinking
    // marker of "Answer now" or of a thinking budget) are neither, nor counted in completion_tokens.
    int reasoning_tokens = 0;
    int answer_tokens = 0;
    bool stopped_in_reasoning = false;  // the reply ended with its trace still open
    bool thinking_budget_reached = false;  // Ponder ended the trace at ThinkingControls::budget_tokens
};

struct ModelInfo {
    std::string path, name, architecture, quantization;  // quantization: "Q4_K_M"-style summary
    uint64_t n_params = 0, file_size = 0;
    uint32_t n_layers = 0, n_ctx_max = 0;  // n_ctx_max: longest usable context (ModelConfig::n_ctx_max)
    bool has_chat_template = false;
    bool reasoning_template = false;  // the chat template writes <think>: replies carry a reasoning trace
    // The chat template reads enable_thinking: thinking can be switched off (hybrid models such as
    // Qwen3). Models that always reason (QwQ, the R1 distills) have no switch.
    bool has_thinking_switch = false;
};

// What a model needs and where it would run on this machine: one estimate for the preview, the
// library and the CLI, from the engine's load plan (model/load_plan.h).
struct MemoryEstimate {
    // On the GPU, the whole model: weights, KV cache, scratch (the footprint's GPU totals).
    uint64_t weights_bytes = 0, kv_cache_bytes = 0, scratch_bytes = 0;
    uint64_t device_bytes = 0;  // what the GPU has free for a model (0: no GPU)
    std::string device_name;
    // The plan loads: on the GPU, split, or on the CPU (the backend the options resolve to).
    bool fits = false;
    ModelFootprint footprint;   // estimate_memory, estimate_model_memory
    MemoryBudgets budgets;      // estimate_memory, device_memory
    LoadPlan plan;              // estimate_memory: the footprint planned against the budgets
};

struct LoadOptions {
    std::optional<Backend> backend;  // unset: the CPU backend unless the machine has a GPU (model/default_backend.h)
    int device_index = -1;           // -1 = best device (Vulkan); a device named by number runs on Vulkan
    unsigned n_threads = 0;          // CPU backend threads, 0 = one per physical core
    // Vulkan: the first gpu_layers layers on the device, the rest and the output on the CPU backend (the
    // load plan's count, model/load_plan.h); -1 all of them.
    int gpu_layers = -1;
    uint32_t context_length = 4096;  // clamped to the model's usable context (n_ctx_max)
    KvCacheTypes cache_types;        // KV cache storage: f16, or q8_0 / q4_0 to fit longer contexts
    // Called with progress in [0, 1]; return false to cancel the load.
    std::function<bool(float)> on_progress;
};

// Reads metadata only (no device work): for the "open model" dialog.
Result<ModelInfo> inspect_model(const std::string& path);
// Weights + KV cache for `context_length` and `cache_types`, planned against the chosen device's and
// the host's free memory.
Result<MemoryEstimate> estimate_memory(const std::string& path, const LoadOptions& options);
// The same without asking a device (no budgets, no plan, fits false): for listing many models, each then
// planned against device_memory() asked once.
Result<MemoryEstimate> estimate_model_memory(const std::string& path, const LoadOptions& options);
// What the device options.device_index and the host have free for a model (budgets, device_bytes,
// device_name; no model). No usable Vulkan device: budgets without a GPU.
Result<MemoryEstimate> device_memory(const LoadOptions& options);

class ChatSession {
public:
    // Loads as the load plan says when `options` leave it open (no backend or Vulkan, gpu_layers -1): all
    // layers on the GPU, the first N of them (the rest on the CPU), or the CPU backend.
    static Result<std::unique_ptr<ChatSession>> load(const std::string& path, const LoadOptions& options);
    virtual ~ChatSession() = default;

    struct Delta {
        std::string reasoning;  // text to append to the reasoning panel
        std::string content;    // text to append to the answer
    };

    // Renders `messages` with the model's chat template (generation prompt added), reuses the KV
    // cache for the longest common prefix, then streams the reply. When the last message is the
    // assistant's, the reply continues it (see ChatMessage::reasoning_open) and deltas carry only
    // the new text. `on_delta` returning false
    // cancels, as does `cancel` becoming true. Never emits partial UTF-8 or raw <think> tags.
    virtual Result<GenerationStats> generate(const std::vector<ChatMessage>& messages,
                                             const SamplingParams& sampling,
                                             const std::function<bool(const Delta&)>& on_delta,
                                             const std::atomic<bool>* cancel = nullptr) = 0;

    // Continues `prompt` as raw text, without the chat template (OpenAI's /v1/completions; control-
    // token texts in it become control tokens, as in `ponder-cli run`). The continuation streams
    // as Delta::content, <think> tags included: there is no reply structure to split. Sampling,
    // stop reasons and cancelling as generate(); the thinking controls do not apply.
    virtual Result<GenerationStats> complete(const std::string& prompt, const SamplingParams& sampling,
                                             const std::function<bool(const Delta&)>& on_delta,
                                             const std::atomic<bool>* cancel = nullptr) {
        return make_error("this session cannot continue raw text");
    }

    virtual const ModelInfo& model_info() const = 0;
    virtual std::string device_name() const = 0;
    virtual uint32_t context_length() const = 0;
    virtual uint32_t context_used() const = 0;  // tokens in the KV cache
    // Set when the model's template failed and the built-in ChatML template is used instead.
    virtual std::string template_warning() const = 0;
};

} // namespace ponder
