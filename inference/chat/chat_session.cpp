// ChatSession on the Vulkan engine: template rendering and tokenization (session_prompt), KV-cache
// reuse across turns, context trimming, sampling, and streaming through the reasoning splitter.
#include "chat/chat_session.h"

#include "chat/chat_template.h"
#include "chat/reasoning_splitter.h"
#include "chat/session_engine.h"
#include "chat/session_prompt.h"
#include "gguf/gguf_file.h"
#include "model/config.h"
#include "model/default_backend.h"
#include "model/sampler.h"
#include "model/weights.h"
#include "tokenizer/streaming_detokenizer.h"
#include "tokenizer/tokenizer.h"

#include <algorithm>
#include <chrono>
#include <limits>

namespace ponder {
namespace {

using Clock = std::chrono::steady_clock;

double ms_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

ModelInfo model_info_of(const GgufFile& file, const ModelConfig& config, const ModelWeights& weights,
                        const std::optional<std::string>& chat_template) {
    ModelInfo info;
    info.path = file.path();
    info.name = config.model_name.empty() ? file.path().substr(file.path().find_last_of('/') + 1) : config.model_name;
    info.architecture = config.arch_name;
    info.quantization = quantization_summary(file, weights);
    info.n_params = parameter_count(file);
    info.file_size = file.file_size();
    info.n_layers = config.n_layers;
    info.n_ctx_max = config.n_ctx_max;
    info.has_chat_template = chat_template.has_value();
    // QwQ, the R1 distills and Qwen3 open <think> in their templates; plain chat models never write it.
    info.reasoning_template = chat_template && chat_template->find("<think>") != std::string::npos;
    info.has_thinking_switch = chat_template && template_has_thinking_switch(*chat_template);
    return info;
}

Result<ModelInfo> read_model_info(const GgufFile& file) {
    auto config = read_model_config(file);
    PONDER_TRY(config);
    auto weights = bind_weights(file, *config);
    PONDER_TRY(weights);
    auto source = chat_template_from_gguf(file);
    PONDER_TRY(source);
    return model_info_of(file, *config, *weights, *source);
}

// The template to use and, when it is not the model's own, why: a template that cannot render a
// small conversation with reasoning and a generation prompt would fail on the first message.
struct ChosenTemplate {
    std::string source;
    std::string warning;
};

ChosenTemplate choose_template(const std::optional<std::string>& model_template, const SpecialTokenTexts& texts) {
    if (!model_template)
        return {std::string(kChatMLTemplate), "the model has no chat template; using the ChatML format"};
    const std::vector<ChatMessage> probe = {{"system", "You are helpful.", ""},
                                            {"user", "Hi", ""},
                                            {"assistant", "Hello!", "The user greets me."},
                                            {"user", "How are you?", ""}};
    auto rendered = render_chat_template(*model_template, chat_template_context(probe, true, texts.bos, texts.eos));
    if (!rendered)
        return {std::string(kChatMLTemplate),
                "the model's chat template does not work (" + rendered.error().message +
                    "); using the ChatML format instead, so replies may be worse"};
    return {*model_template, ""};
}

class VulkanChatSession final : public ChatSession {
public:
    VulkanChatSession(SessionEngine engine, Tokenizer tokenizer, ChosenTemplate chosen, SpecialTokenTexts texts,
                      ModelInfo info)
        : engine_(std::move(engine)), tokenizer_(std::move(tokenizer)),
          prompts_(tokenizer_, std::move(chosen.source), std::move(texts)), warning_(std::move(chosen.warning)),
          info_(std::move(info)) {}

    Result<GenerationStats> generate(const std::vector<ChatMessage>& messages, const SamplingParams& sampling,
                                     const std::function<bool(const Delta&)>& on_delta,
                                     const std::atomic<bool>* cancel) override;
    Result<GenerationStats> complete(const std::string& prompt, const SamplingParams& sampling,
                                     const std::function<bool(const Delta&)>& on_delta,
                                     const std::atomic<bool>* cancel) override;

    const ModelInfo& model_info() const override { return info_; }
    std::string device_name() const override { return engine_.device_name(); }
    uint32_t context_length() const override { return engine_.context_size(); }
    uint32_t context_used() const override { return static_cast<uint32_t>(cached_.size()); }
    std::string template_warning() const override { return warning_; }

private:
    Result<ChatPrompt> fitting_prompt(std::vector<ChatMessage> messages, const SamplingParams& sampling,
                                      GenerationStats& stats) const;
    // What Ponder writes to end a trace at the thinking budget: the transition, then </think>.
    std::vector<int32_t> end_of_thinking(const std::string& transition) const;
    // Prefills `prompt` and streams the reply to it: the one generation loop of generate() and complete().
    Result<GenerationStats> reply_to(const ChatPrompt& prompt, const SamplingParams& sampling,
                                     const std::function<bool(const Delta&)>& on_delta,
                                     const std::atomic<bool>* cancel, GenerationStats stats);
    // Brings the KV cache to `prompt`, computing only what differs from the cached tokens.
    Result<std::vector<float>> prefill(const std::vector<int32_t>& prompt, const std::function<bool()>& stopped,
                                       GenerationStats& stats);

    SessionEngine engine_;
    Tokenizer tokenizer_;
    PromptBuilder prompts_;
    std::string warning_;
    ModelInfo info_;
    std::vector<int32_t> cached_;  // the tokens whose keys and values are in the KV cache
};

Result<ChatPrompt> VulkanChatSession::fitting_prompt(std::vector<ChatMessage> messages,
                                                     const SamplingParams& sampling, GenerationStats& stats) const {
    const int max_tokens = sampling.max_tokens;
    const size_t n_ctx = engine_.context_size();
    // Room for the reply: max_tokens, but at most a quarter of the context so long limits (and
    // "until the context is full") still fit.
    const size_t quarter = std::max<size_t>(n_ctx / 4, 1);
    const size_t room = max_tokens >= 0 ? std::clamp<size_t>(static_cast<size_t>(max_tokens), 1, quarter) : quarter;
    for (;;) {
        auto prompt = prompts_.build(messages, sampling.thinking.enabled);
        PONDER_TRY(prompt);
        if (prompt->tokens.size() + room <= n_ctx)
            return prompt;
        const int dropped = drop_oldest_turn(messages);
        if (dropped == 0)
            return prompt;  // as short as it gets; generate() stops with ContextFull if it is still too long
        stats.dropped_messages += dropped;
    }
}

std::vector<int32_t> VulkanChatSession::end_of_thinking(const std::string& transition) const {
    // The transition is the user's text (settings): never control tokens. The marker is laid out
    // as the templates write it after a trace.
    std::vector<int32_t> tokens;
    if (!transition.empty())
        tokens = tokenizer_.encode("\n\n" + transition, /*parse_special=*/false);
    const auto marker = tokenizer_.encode("\n" + std::string(kThinkClose) + "\n\n", /*parse_special=*/true);
    tokens.insert(tokens.end(), marker.begin(), marker.end());
    return tokens;
}

Result<std::vector<float>> VulkanChatSession::prefill(const std::vector<int32_t>& prompt,
                                                      const std::function<bool()>& stopped, GenerationStats& stats) {
    size_t keep = std::mismatch(cached_.begin(), cached_.end(), prompt.begin(), prompt.end()).first - cached_.begin();
    keep = std::min(keep, prompt.size() - 1);  // recompute at least the last token: its logits start the reply
    engine_.truncate_cache(static_cast<uint32_t>(keep));
    cached_.resize(keep);
    stats.prefilled_tokens = static_cast<int>(prompt.size() - keep);

    // In chunks, so a cancel does not wait for a long prompt.
    constexpr size_t kChunk = 256;
    Result<std::vector<float>> logits = make_error("cancelled");
    for (size_t pos = keep; pos < prompt.size(); pos += kChunk) {
        if (stopped())
            return make_error("cancelled");
        const size_t n = std::min(kChunk, prompt.size() - pos);
        logits = engine_.forward(std::span(prompt).subspan(pos, n), static_cast<uint32_t>(pos));
        if (!logits) {
            cached_.clear();  // the cache may hold part of a batch: trust none of it
            engine_.truncate_cache(0);
            return logits;
        }
        cached_.insert(cached_.end(), prompt.begin() + pos, prompt.begin() + pos + n);
    }
    return logits;
}

Result<GenerationStats> VulkanChatSession::generate(const std::vector<ChatMessage>& messages,
                                                    const SamplingParams& sampling,
                                                    const std::function<bool(const Delta&)>& on_delta,
                                                    const std::atomic<bool>* cancel) {
    GenerationStats stats;
    auto prompt = fitting_prompt(messages, sampling, stats);
    PONDER_TRY(prompt);
    if (prompt->tokens.empty())
        return make_error("the conversation renders to an empty prompt");
    return reply_to(*prompt, sampling, on_delta, cancel, stats);
}

Result<GenerationStats> VulkanChatSession::complete(const std::string& text, const SamplingParams& sampling,
                                                    const std::function<bool(const Delta&)>& on_delta,
                                                    const std::atomic<bool>* cancel) {
    ChatPrompt prompt;
    prompt.text = text;
    const TokenizerVocab& vocab = tokenizer_.vocab();
    if (vocab.add_bos && vocab.bos_id != kNoToken)
        prompt.tokens.push_back(vocab.bos_id);
    const std::vector<int32_t> body = tokenizer_.encode(text, /*parse_special=*/true);
    prompt.tokens.insert(prompt.tokens.end(), body.begin(), body.end());
    if (prompt.tokens.empty())
        return make_error("the prompt is empty");
    // Already "in the answer": the splitter passes every byte through, tags included.
    prompt.reply_start = ReplyStart::ContinuingAnswer;
    SamplingParams raw = sampling;
    raw.thinking = ThinkingControls{};
    return reply_to(prompt, raw, on_delta, cancel, GenerationStats{});
}

Result<GenerationStats> VulkanChatSession::reply_to(const ChatPrompt& chat_prompt, const SamplingParams& sampling,
                                                    const std::function<bool(const Delta&)>& on_delta,
                                                    const std::atomic<bool>* cancel, GenerationStats stats) {
    const auto start = Clock::now();
    bool callback_stopped = false;
    auto stopped = [&] { return callback_stopped || (cancel && cancel->load()); };
    const ChatPrompt* prompt = &chat_prompt;
    stats.prompt_tokens = static_cast<int>(prompt->tokens.size());
    if (prompt->tokens.size() >= engine_.context_size()) {
        stats.stop_reason = StopReason::ContextFull;
        return stats;
    }

    auto logits = prefill(prompt->tokens, stopped, stats);
    if (!logits && stopped()) {
        stats.stop_reason = StopReason::Cancelled;
        return stats;
    }
    PONDER_TRY(logits);

    Sampler sampler(SamplerConfig{sampling.temperature, sampling.top_k, sampling.top_p, sampling.min_p,
                                  sampling.repeat_penalty, SamplerConfig{}.repeat_last_n, sampling.seed});
    for (int32_t t : prompt->tokens)
        sampler.accept(t);
    StreamingDetokenizer detokenizer(tokenizer_, /*render_special=*/false);
    ReasoningSplitter splitter(prompt->reply_start);
    auto emit = [&](const ReasoningSplitter::Delta& d) {
        if (!d.empty() && on_delta && !on_delta(Delta{d.reasoning, d.answer}))
            callback_stopped = true;
    };
    // A token is reasoning when it lands in the trace or closes it; before the reply has shown
    // whether it thinks, a token counts as reasoning unless it took the reply into its answer.
    auto feed_sampled = [&](int32_t token) {
        const bool was_reasoning = splitter.in_reasoning();
        const bool was_undecided = !was_reasoning && !splitter.in_answer();
        emit(splitter.feed(detokenizer.push(token)));
        if (was_reasoning || (was_undecided && !splitter.in_answer()))
            ++stats.reasoning_tokens;
        else
            ++stats.answer_tokens;
    };

    Clock::time_point first_token{};
    stats.stop_reason = StopReason::MaxTokens;
    const int max_tokens = sampling.max_tokens >= 0 ? sampling.max_tokens : std::numeric_limits<int>::max();
    while (stats.completion_tokens < max_tokens) {
        if (stopped()) {
            stats.stop_reason = StopReason::Cancelled;
            break;
        }
        const int32_t next = sampler.sample(*logits);
        if (stats.completion_tokens == 0) {
            first_token = Clock::now();
            stats.time_to_first_token_ms = ms_between(start, first_token);
        }
        if (tokenizer_.is_end_of_generation(next)) {
            stats.stop_reason = StopReason::EndOfGeneration;
            break;
        }
        sampler.accept(next);
        ++stats.completion_tokens;
        feed_sampled(next);
        // The tokens to compute next: the sampled one, and at the thinking budget Ponder's end of the trace.
        std::vector<int32_t> step{next};
        const int budget = sampling.thinking.budget_tokens;
        if (budget > 0 && !stats.thinking_budget_reached && splitter.in_reasoning() &&
            stats.reasoning_tokens >= budget) {
            stats.thinking_budget_reached = true;
            for (int32_t t : end_of_thinking(sampling.thinking.budget_transition)) {
                sampler.accept(t);
                emit(splitter.feed(detokenizer.push(t)));
                step.push_back(t);
            }
        }
        if (stats.completion_tokens == max_tokens)
            break;
        if (cached_.size() + step.size() > engine_.context_size()) {
            stats.stop_reason = StopReason::ContextFull;
            break;
        }
        logits = engine_.forward(step, static_cast<uint32_t>(cached_.size()));
        if (!logits) {
            cached_.clear();
            engine_.truncate_cache(0);
            return logits.error();
        }
        cached_.insert(cached_.end(), step.begin(), step.end());
    }
    if (stats.stop_reason != StopReason::Cancelled && stopped())
        stats.stop_reason = StopReason::Cancelled;
    emit(splitter.feed(detokenizer.flush()));
    stats.stopped_in_reasoning = splitter.in_reasoning();
    emit(splitter.finish());

    if (stats.completion_tokens > 1) {
        const double decode_ms = ms_between(first_token, Clock::now());
        stats.tokens_per_s = decode_ms > 0 ? (stats.completion_tokens - 1) * 1000.0 / decode_ms : 0;
    }
    return stats;
}

} // namespace

const char* to_string(StopReason reason) {
    switch (reason) {
    case StopReason::EndOfGeneration: return "eos";
    case StopReason::MaxTokens: return "max_tokens";
    case StopReason::Cancelled: return "cancelled";
    case StopReason::ContextFull: return "context_full";
    }
    return "unknown";
}

Result<ModelInfo> inspect_model(const std::string& path) {
    auto file = GgufFile::open(path);
    PONDER_TRY(file);
    return read_model_info(*file);
}

namespace {

// The backend a load with `options` runs on (model/default_backend.h). Models the CPU backend cannot run
// (mixture of experts) are not told apart here: their load says so.
Backend backend_for(const LoadOptions& options) {
    vk::DeviceChoice device;
    if (options.device_index >= 0)
        device.index = static_cast<uint32_t>(options.device_index);
    return resolve_backend(options.backend, device, /*cpu_runs_model=*/true);
}

} // namespace

Result<MemoryEstimate> estimate_model_memory(const std::string& path, const LoadOptions& options) {
    auto file = GgufFile::open(path);
    PONDER_TRY(file);
    auto config = read_model_config(*file);
    PONDER_TRY(config);
    auto footprint = model_footprint(*file, *config, options.context_length, PlanOptions{}.n_batch,
                                     options.cache_types);
    PONDER_TRY(footprint);
    MemoryEstimate estimate;
    estimate.weights_bytes = footprint->weight_gpu_bytes();
    estimate.kv_cache_bytes = footprint->kv_bytes();
    estimate.scratch_bytes = footprint->gpu_scratch_bytes;
    estimate.footprint = std::move(*footprint);
    return estimate;
}

Result<MemoryEstimate> device_memory(const LoadOptions& options) {
    auto budgets = backend_for(options) == Backend::Cpu ? machine_budgets(nullptr) : query_machine_budgets(options.device_index);
    PONDER_TRY(budgets);
    MemoryEstimate estimate;
    if (budgets->gpu) {
        estimate.device_bytes = budgets->gpu->free_bytes;
        estimate.device_name = budgets->gpu->name;
    }
    estimate.budgets = std::move(*budgets);
    return estimate;
}

Result<MemoryEstimate> estimate_memory(const std::string& path, const LoadOptions& options) {
    auto estimate = estimate_model_memory(path, options);
    PONDER_TRY(estimate);
    auto device = device_memory(options);
    PONDER_TRY(device);
    estimate->device_bytes = device->device_bytes;
    estimate->device_name = device->device_name;
    estimate->budgets = std::move(device->budgets);
    const bool cpu = backend_for(options) == Backend::Cpu;
    estimate->plan = plan_load(estimate->footprint, estimate->budgets, PlanRequest{cpu ? 0 : options.gpu_layers});
    estimate->fits = estimate->plan.verdict != PlanVerdict::TooLarge;
    return estimate;
}

namespace {

// The load the plan chooses when the options leave it open (Vulkan, no layer count): a split's layer count,
// or the CPU backend when no layer fits the GPU.
LoadOptions planned(const std::string& path, LoadOptions options) {
    if (backend_for(options) != Backend::Vulkan || options.gpu_layers >= 0)
        return options;
    auto estimate = estimate_memory(path, options);
    if (!estimate)
        return options;  // the load says what is wrong
    if (estimate->plan.verdict == PlanVerdict::Split)
        options.gpu_layers = int(estimate->plan.gpu_layers);
    else if (estimate->plan.verdict == PlanVerdict::Cpu)
        options.backend = Backend::Cpu;
    return options;
}

} // namespace

Result<std::unique_ptr<ChatSession>> ChatSession::load(const std::string& path, const LoadOptions& asked) {
    const LoadOptions options = planned(path, asked);
    auto engine = SessionEngine::load(path, {options.backend, options.device_index, options.n_threads, options.gpu_layers},
                                      options.context_length, options.cache_types, options.on_progress);
    PONDER_TRY(engine);
    const GgufFile& file = engine->file();
    auto info = read_model_info(file);
    PONDER_TRY(info);
    auto vocab = read_tokenizer_vocab(file);
    PONDER_TRY(vocab);
    auto tokenizer = Tokenizer::create(std::move(*vocab));
    PONDER_TRY(tokenizer);
    auto texts = special_token_texts_from_gguf(file);
    PONDER_TRY(texts);
    auto model_template = chat_template_from_gguf(file);
    PONDER_TRY(model_template);
    ChosenTemplate chosen = choose_template(*model_template, *texts);
    if (options.on_progress && !options.on_progress(1.0f))
        return make_error("loading " + path + " was cancelled");
    return std::unique_ptr<ChatSession>(new VulkanChatSession(std::move(*engine), std::move(*tokenizer),
                                                              std::move(chosen), std::move(*texts), std::move(*info)));
}

} // namespace ponder
