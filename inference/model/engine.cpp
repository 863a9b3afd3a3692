#include "model/engine.h"

#include "cpu/cpu_model.h"

#include "gguf/gguf_file.h"
#include "model/default_backend.h"
#include "model/forward.h"
#include "model/kv_cache.h"
#include "model/vk_weights.h"
#include "model/weights.h"
#include "vk/buffer.h"
#include "vk/device.h"
#include "vk/layer_kernels.h"
#include "vk/pipeline.h"
#include "vk/shader_constants.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cstring>

namespace ponder {

// Declaration order is destruction order in reverse: everything on the device goes before the device.
struct Engine::State {
    std::unique_ptr<GgufFile> file;
    ModelConfig config{};
    ModelWeights weights;
    EngineMemory memory{};
    std::unique_ptr<vk::Device> device;
    vk::PipelineCache pipeline_cache;
    vk::Buffer grid_table;  // the weight kernels' i-quant grids
    std::optional<vk::WeightKernels> weight_kernels;
    vk::LayerKernels kernels;
    VkModelWeights device_weights;
    KvCache cache;
    ForwardBuffers buffers;
    vk::CommandRecorder recorder;
    bool profile_steps = false;
    // The CPU backend: alone (no device above), or in a GPU/CPU split running the layers from gpu_layers on,
    // with the embedding and the output.
    std::unique_ptr<cpu::CpuModel> cpu;
    uint32_t gpu_layers = 0;   // the first gpu_layers layers run on the device
    EngineMemory host_memory{}; // a split's CPU part: its weights (read in place from the file), KV cache, scratch
};

namespace {
// The first most likely token of a row of logits.
int32_t argmax_of(const float* logits, uint32_t n_vocab) {
    return static_cast<int32_t>(std::max_element(logits, logits + n_vocab) - logits);
}
} // namespace

Engine::Engine(std::unique_ptr<State> state) : state_(std::move(state)) {}
Engine::~Engine() = default;

const ModelConfig& Engine::config() const {
    return state_->config;
}
const GgufFile& Engine::file() const {
    return *state_->file;
}
Backend Engine::backend() const {
    return state_->device ? Backend::Vulkan : Backend::Cpu;
}
uint32_t Engine::gpu_layers() const {
    return state_->gpu_layers;
}
const vk::DeviceInfo& Engine::device_info() const {
    assert(state_->device && "device_info: a CPU engine has no Vulkan device");
    return state_->device->info();
}
std::string Engine::device_name() const {
    const State& s = *state_;
    std::string cpu;
    if (const cpu::CpuModel* m = s.cpu.get())
        cpu = std::string("CPU (") + cpu::isa_name(m->isa()) + ", " + std::to_string(m->n_threads()) + " threads)";
    if (!s.device)
        return cpu;
    if (!s.cpu)
        return s.device->info().name;
    return s.device->info().name + " (" + std::to_string(s.gpu_layers) + " of " + std::to_string(s.config.n_layers) +
           " layers) + " + cpu;
}
const EngineMemory& Engine::memory() const {
    return state_->memory;
}
uint64_t Engine::device_bytes_allocated() const {
    return state_->device ? state_->device->device_local_bytes_allocated() : 0;
}
uint32_t Engine::context_size() const {
    return state_->device ? state_->cache.capacity() : state_->cpu->capacity();
}
uint32_t Engine::cached_tokens() const {
    return state_->device ? state_->cache.n_cached() : state_->cpu->cached_tokens();
}
uint64_t Engine::decode_read_bytes(uint32_t n_past) const {
    const State& s = *state_;
    uint64_t weights = s.memory.weights + s.host_memory.weights;
    // The embedding table (one row of it is read) is on the device only when everything is.
    if (!s.config.tied_output)
        weights -= std::min(weights, s.cpu ? s.weights.token_embd->n_bytes : s.device_weights.token_embd.bytes());
    if (s.config.is_moe()) {
        // Of each stack of experts, a token reads only the matrices of the n_expert_used it is routed to.
        const MoeConfig& moe = s.config.moe;
        for (const VkLayerWeights& l : s.device_weights.layers)
            for (const vk::DeviceTensor* stack : {&l.ffn_gate_exps, &l.ffn_up_exps, &l.ffn_down_exps})
                weights -= stack->bytes() / moe.n_expert * (moe.n_expert - moe.n_expert_used);
    }
    // The cache grows linearly with positions, whatever its element type.
    const uint64_t kv_per_position = (s.memory.kv_cache + s.host_memory.kv_cache) / std::max(1u, context_size());
    return weights + kv_per_position * (uint64_t(n_past) + 1);
}

void Engine::truncate_cache(uint32_t n) {
    if (state_->cpu)
        state_->cpu->truncate_cache(n);
    if (state_->device)
        state_->cache.truncate(n);
}
std::vector<vk::PassTime> Engine::last_pass_times() const {
    return state_->recorder.pass_times();
}
void Engine::set_profile_steps(bool on) {
    state_->profile_steps = on;
}

uint32_t clamp_context(const ModelConfig& config, uint32_t requested) {
    return std::max(1u, config.n_ctx_max ? std::min(requested, config.n_ctx_max) : requested);
}

Result<EngineMemory> estimate_memory(const GgufFile& file, const ModelConfig& config, uint32_t n_ctx,
                                       uint32_t n_batch, const KvCacheTypes& cache_types) {
    auto weights = bind_weights(file, config);
    PONDER_TRY(weights);
    auto weight_bytes = device_weight_bytes(file, *weights);
    PONDER_TRY(weight_bytes);
    // The weights and the grid table the weight kernels read every i-quant through.
    return EngineMemory{*weight_bytes + vk::grid_table_words().size_bytes(),
                          KvCache::bytes_for(config, n_ctx, cache_types),
                          ForwardBuffers::bytes_for(config, n_batch, n_ctx)};
}

Status check_memory_fits(const EngineMemory& needs, const vk::DeviceInfo& device, uint32_t n_ctx,
                         const KvCacheTypes& cache_types) {
    const uint64_t available = device.memory.model_heap_available();
    if (needs.total() <= available)
        return {};
    return make_error("needs " + vk::format_bytes(needs.total()) + " of GPU memory (weights " +
                      vk::format_bytes(needs.weights) + ", KV cache for " + std::to_string(n_ctx) +
                      " tokens " + vk::format_bytes(needs.kv_cache) + " (" + kv_cache_type_name(cache_types.k) +
                      " keys, " + kv_cache_type_name(cache_types.v) + " values), scratch " +
                      vk::format_bytes(needs.scratch) + ") but " + device.name + " has " +
                      vk::format_bytes(available) +
                      " free; choose a smaller context size, a q8_0 / q4_0 KV cache or a smaller quantization");
}

namespace {

// What the host holds of a split with gpu_layers layers on the device: the weights of the other layers, the
// embedding and the output (read in place from the file), their KV cache and the CPU backend's activations.
EngineMemory host_part_memory(const ModelConfig& c, const ModelWeights& w, uint32_t gpu_layers, uint32_t n_ctx,
                              uint32_t n_batch, const KvCacheTypes& cache_types) {
    uint64_t weights = w.token_embd->n_bytes + w.output_norm->n_bytes;
    if (w.output != w.token_embd)
        weights += w.output->n_bytes;
    for (uint32_t l = gpu_layers; l < c.n_layers; ++l)  // their matrices (norms and biases are a rounding error)
        for (const TensorInfo* t : w.layers[l].matrices())
            weights += t->n_bytes;
    return {weights, cpu::CpuModel::kv_bytes(c, n_ctx, cache_types, gpu_layers), cpu::CpuModel::scratch_bytes(c, n_batch)};
}

} // namespace

Result<EngineMemory> estimate_split_memory(const GgufFile& file, const ModelConfig& config, const ModelWeights& weights,
                                           uint32_t gpu_layers, uint32_t n_ctx, uint32_t n_batch,
                                           const KvCacheTypes& cache_types) {
    auto weight_bytes = device_weight_bytes(file, weights, gpu_layers);
    PONDER_TRY(weight_bytes);
    return EngineMemory{*weight_bytes + vk::grid_table_words().size_bytes(),
                        KvCache::bytes_for(config, n_ctx, cache_types, gpu_layers),
                        ForwardBuffers::bytes_for(config, n_batch, n_ctx, /*split=*/true)};
}

Result<std::unique_ptr<cpu::CpuModel>> Engine::create_cpu_model(const State& state, const EngineOptions& options,
                                                                uint32_t n_ctx, uint32_t n_batch, uint32_t first_layer) {
    auto isa = cpu::select_isa();
    PONDER_TRY(isa);
    return cpu::CpuModel::create(*state.file, state.config, state.weights, n_ctx, n_batch, options.cache_types, *isa,
                                 options.n_threads, first_layer);
}

Result<std::unique_ptr<Engine>> Engine::load(const std::string& path, const EngineOptions& options) {
    auto state = std::make_unique<State>();
    auto file = GgufFile::open(path);
    PONDER_TRY(file);
    state->file = std::make_unique<GgufFile>(std::move(*file));
    auto config = read_model_config(*state->file);
    PONDER_TRY(config);
    state->config = *config;
    const ModelConfig& c = state->config;
    auto weights = bind_weights(*state->file, c);
    PONDER_TRY(weights);
    state->weights = std::move(*weights);
    const Status cpu_runs_model = cpu::CpuModel::check_supported(c, state->weights);
    if (resolve_backend(options.backend, options.device, cpu_runs_model.ok()) == Backend::Cpu || options.gpu_layers == 0)
        return load_cpu(path, std::move(state), options);
    // The first gpu_layers layers on the device; with fewer than all, the rest, the embedding and the output on
    // the CPU backend (the split model/load_plan.h describes).
    const uint32_t gpu_layers =
        options.gpu_layers < 0 ? c.n_layers : std::min(static_cast<uint32_t>(options.gpu_layers), c.n_layers);
    const bool split = gpu_layers < c.n_layers;
    if (split && !cpu_runs_model)
        return make_error(path + ": cannot put layers on the CPU: " + cpu_runs_model.error().message);

    if (c.head_dim % 2 != 0 || c.head_dim > ATTN_MAX_HEAD_DIM || c.n_heads % c.n_kv_heads != 0)
        return make_error(path + ": heads of " + std::to_string(c.head_dim) + " dimensions (" +
                          std::to_string(c.n_heads) + " query, " + std::to_string(c.n_kv_heads) +
                          " key/value heads) are not supported by the "
                          "Vulkan engine (even head sizes up to " +
                          std::to_string(ATTN_MAX_HEAD_DIM) + ")");
    if (c.is_moe() && c.moe.n_expert_used > MOE_MAX_USED)
        return make_error(path + ": the model routes each token to " + std::to_string(c.moe.n_expert_used) +
                          " experts; the Vulkan engine runs at most " + std::to_string(MOE_MAX_USED));
    const uint32_t n_ctx = clamp_context(c, options.n_ctx);
    const uint32_t n_batch = std::clamp(options.n_batch, 1u, n_ctx);
    PONDER_TRY(check_kv_cache_types(options.cache_types, c));
    Result<EngineMemory> memory = split ? estimate_split_memory(*state->file, c, state->weights, gpu_layers, n_ctx,
                                                                n_batch, options.cache_types)
                                        : estimate_memory(*state->file, c, n_ctx, n_batch, options.cache_types);
    PONDER_TRY(memory);
    state->memory = *memory;
    state->gpu_layers = gpu_layers;

    auto device = vk::Device::create(options.device);
    PONDER_TRY(device);
    state->device = std::move(*device);
    if (auto fits = check_memory_fits(*memory, state->device->info(), n_ctx, options.cache_types); !fits)
        return make_error(path + " " + fits.error().message);

    const vk::Device& dev = *state->device;
    auto cache = vk::PipelineCache::open(dev, vk::PipelineCache::default_path(dev));
    PONDER_TRY(cache);
    state->pipeline_cache = std::move(*cache);
    const std::span<const uint32_t> grids = vk::grid_table_words();
    auto grid_table = vk::Buffer::create(dev, grids.size_bytes(), vk::MemoryUse::DeviceLocal, "i-quant grid table");
    PONDER_TRY(grid_table);
    state->grid_table = std::move(*grid_table);
    const std::span<const uint8_t> grid_bytes{reinterpret_cast<const uint8_t*>(grids.data()), grids.size_bytes()};
    PONDER_TRY(state->grid_table.write(dev, 0, grid_bytes));
    auto weight_kernels = vk::WeightKernels::create(dev.handle(), dev.kernel_info(), state->grid_table.view());
    PONDER_TRY(weight_kernels);
    state->weight_kernels.emplace(std::move(*weight_kernels));
    auto kernels = vk::LayerKernels::create(dev, state->pipeline_cache, options.cache_types);
    PONDER_TRY(kernels);
    state->kernels = std::move(*kernels);
    (void)state->pipeline_cache.save();

    auto device_weights = upload_weights(dev, *state->file, c, state->weights, options.progress, gpu_layers);
    PONDER_TRY(device_weights);
    state->device_weights = std::move(*device_weights);
    auto kv = KvCache::create(dev, c, n_ctx, options.cache_types, gpu_layers);
    PONDER_TRY(kv);
    state->cache = std::move(*kv);
    auto buffers = ForwardBuffers::create(dev, c, n_batch, n_ctx, split);
    PONDER_TRY(buffers);
    state->buffers = std::move(*buffers);
    if (split) {
        state->host_memory = host_part_memory(c, state->weights, gpu_layers, n_ctx, n_batch, options.cache_types);
        auto model = create_cpu_model(*state, options, n_ctx, n_batch, gpu_layers);
        if (!model)
            return make_error(path + ": " + model.error().message);
        state->cpu = std::move(*model);
    }
    auto recorder = vk::CommandRecorder::create(dev, 4096, 512, /*keep_bindings=*/true); // buffers live as long
    PONDER_TRY(recorder);
    state->recorder = std::move(*recorder);
    return std::unique_ptr<Engine>(new Engine(std::move(state)));
}

// The CPU backend: the weights stay in the mapped file; the KV cache and activations live in RAM.
Result<std::unique_ptr<Engine>> Engine::load_cpu(const std::string& path, std::unique_ptr<State> state,
                                                 const EngineOptions& options) {
    const ModelConfig& c = state->config;
    const uint32_t n_ctx = clamp_context(c, options.n_ctx);
    const uint32_t n_batch = std::clamp(options.n_batch, 1u, n_ctx);
    PONDER_TRY(check_kv_cache_types(options.cache_types, c));
    uint64_t weight_bytes = 0;
    for (const TensorInfo& t : state->file->tensors())
        weight_bytes += t.n_bytes;
    state->memory = {weight_bytes, cpu::CpuModel::kv_bytes(c, n_ctx, options.cache_types),
                     cpu::CpuModel::scratch_bytes(c, n_batch)};
    auto model = create_cpu_model(*state, options, n_ctx, n_batch, 0);
    if (!model)
        return make_error(path + ": " + model.error().message);
    state->cpu = std::move(*model);
    if (options.progress)
        options.progress(1, 1);
    return std::unique_ptr<Engine>(new Engine(std::move(state)));
}

Result<std::vector<float>> Engine::forward(std::span<const int32_t> tokens, uint32_t start_pos,
                                           bool all_logits) {
    std::vector<float> logits;
    PONDER_TRY(run(tokens, start_pos, all_logits ? Readout::AllLogits : Readout::LastLogits, &logits, nullptr));
    return logits;
}

Result<int32_t> Engine::forward_argmax(std::span<const int32_t> tokens, uint32_t start_pos) {
    int32_t token = -1;
    PONDER_TRY(run(tokens, start_pos, Readout::Argmax, nullptr, &token));
    return token;
}

Status Engine::run(std::span<const int32_t> tokens, uint32_t start_pos, Readout readout, std::vector<float>* logits,
                   int32_t* token) {
    State& s = *state_;
    const ModelConfig& c = s.config;
    const bool all_logits = readout == Readout::AllLogits;
    cancelled_ = false;
    if (tokens.empty())
        return make_error("forward: no tokens");
    if (start_pos > cached_tokens())
        return make_error("forward: position " + std::to_string(start_pos) + " is past the " +
                          std::to_string(cached_tokens()) + " cached tokens");
    if (start_pos + tokens.size() > context_size())
        return make_error("the conversation is longer than the context size (" +
                          std::to_string(context_size()) +
                          " tokens); start a new chat or load the model with a larger context");
    for (int32_t t : tokens)
        if (t < 0 || uint32_t(t) >= c.n_vocab)
            return make_error("token id " + std::to_string(t) + " is outside the vocabulary (" +
                              std::to_string(c.n_vocab) + ")");
    host_times_ = {};
    if (!s.device)
        return run_cpu(tokens, start_pos, readout, logits, token);
    if (s.cpu)
        return run_split(tokens, start_pos, readout, logits, token);
    s.cache.truncate(start_pos);

    // All logits need a logits row per token, so batches shrink to what the logits buffer holds.
    const uint32_t batch = all_logits ? s.buffers.n_logit_rows : s.buffers.n_batch;
    if (logits)
        logits->assign(size_t(all_logits ? tokens.size() : 1) * c.n_vocab, 0.0f);
    const ForwardPass pass{c,         s.device_weights, s.cache, s.buffers, *s.weight_kernels,
                           s.kernels, s.profile_steps};
    using Clock = std::chrono::steady_clock;
    auto ms_since = [](Clock::time_point start) {
        return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    };
    for (size_t done = 0; done < tokens.size();) {
        if (cancelled_)
            return make_error("cancelled");
        const uint32_t n = static_cast<uint32_t>(std::min<size_t>(batch, tokens.size() - done));
        const uint32_t pos = start_pos + static_cast<uint32_t>(done);
        const bool last_batch = done + n == tokens.size();
        const uint32_t n_rows = all_logits ? n : 1;
        const bool want_logits = readout != Readout::Argmax && (all_logits || last_batch);
        const bool want_argmax = readout == Readout::Argmax && last_batch;
        const uint64_t logit_bytes = uint64_t(n_rows) * c.n_vocab * sizeof(float);

        auto start = Clock::now();
        PONDER_TRY(s.recorder.begin());
        const std::vector<uint32_t> ids(tokens.begin() + done, tokens.begin() + done + n);
        s.recorder.update_buffer(s.buffers.token_ids.view(),
                                 {reinterpret_cast<const uint8_t*>(ids.data()), n * sizeof(uint32_t)});
        s.recorder.barrier_after_transfer();
        PONDER_TRY(record_forward(s.recorder, pass, n, pos, n_rows));
        if (want_logits && s.buffers.logits_host.handle())
            s.recorder.copy_for_host(s.buffers.logits.view(0, logit_bytes), s.buffers.logits_host.view());
        if (want_argmax) {
            // token = argmax of the last token's logits (row 0), written straight into readback memory
            s.recorder.barrier_between_steps();
            PONDER_TRY(s.kernels.argmax(s.recorder, s.buffers.logits.view(0, logit_bytes), s.buffers.argmax.view(),
                                        c.n_vocab));
            s.recorder.barrier_before_host_read();
        }
        host_times_.record_ms += ms_since(start);

        start = Clock::now();
        PONDER_TRY(s.recorder.submit_and_wait());
        host_times_.gpu_wait_ms += ms_since(start);
        s.cache.set_cached(pos + n);
        if (want_logits) {
            start = Clock::now();
            const vk::Buffer& readable =
                s.buffers.logits_host.handle() ? s.buffers.logits_host : s.buffers.logits;
            float* out = logits->data() + (all_logits ? done * c.n_vocab : 0);
            PONDER_TRY(readable.read(*s.device, 0, {reinterpret_cast<uint8_t*>(out), logit_bytes}));
            host_times_.readback_ms += ms_since(start);
        }
        if (want_argmax) {
            uint32_t best[2];
            PONDER_TRY(s.buffers.argmax.read(*s.device, 0, {reinterpret_cast<uint8_t*>(best), sizeof best}));
            *token = static_cast<int32_t>(best[0]);
        }
        done += n;
    }
    return {};
}

// The CPU backend computes the logits on the host, so the argmax is read straight off the last row.
Status Engine::run_cpu(std::span<const int32_t> tokens, uint32_t start_pos, Readout readout,
                       std::vector<float>* logits, int32_t* token) {
    auto out = state_->cpu->forward(tokens, start_pos, readout == Readout::AllLogits, cancelled_);
    PONDER_TRY(out);
    if (readout == Readout::Argmax)
        *token = argmax_of(out->data() + out->size() - state_->config.n_vocab, state_->config.n_vocab);
    else
        *logits = std::move(*out);
    return {};
}

// A GPU/CPU split, per batch: the CPU backend embeds the tokens, the device runs the first layers on that
// hidden state (one copy in, one out), the CPU backend runs the rest and the output.
Status Engine::run_split(std::span<const int32_t> tokens, uint32_t start_pos, Readout readout,
                         std::vector<float>* logits, int32_t* token) {
    State& s = *state_;
    const ModelConfig& c = s.config;
    cpu::CpuModel& cpu = *s.cpu;
    const bool all_logits = readout == Readout::AllLogits;
    s.cache.truncate(start_pos);
    cpu.truncate_cache(start_pos);
    if (logits)
        logits->assign(size_t(all_logits ? tokens.size() : 1) * c.n_vocab, 0.0f);
    std::vector<float> last_row(readout == Readout::Argmax ? c.n_vocab : 0);
    const ForwardPass pass{c, s.device_weights, s.cache, s.buffers, *s.weight_kernels, s.kernels, s.profile_steps};
    using Clock = std::chrono::steady_clock;
    auto ms_since = [](Clock::time_point start) {
        return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    };
    for (size_t done = 0; done < tokens.size();) {
        if (cancelled_)
            return make_error("cancelled");
        const uint32_t n = static_cast<uint32_t>(std::min<size_t>(s.buffers.n_batch, tokens.size() - done));
        const uint32_t pos = start_pos + static_cast<uint32_t>(done);
        const std::span<float> hidden = cpu.hidden().first(size_t(n) * c.n_embd);
        cpu.embed(tokens.subspan(done, n));

        auto start = Clock::now();
        PONDER_TRY(s.recorder.begin());
        PONDER_TRY(record_gpu_layers(s.recorder, pass, hidden, pos));
        host_times_.record_ms += ms_since(start);
        start = Clock::now();
        PONDER_TRY(s.recorder.submit_and_wait());
        host_times_.gpu_wait_ms += ms_since(start);
        s.cache.set_cached(pos + n);
        start = Clock::now();
        PONDER_TRY(s.buffers.hidden_out.read(*s.device, 0, {reinterpret_cast<uint8_t*>(hidden.data()), hidden.size_bytes()}));
        host_times_.readback_ms += ms_since(start);

        cpu.run_layers(n, pos);
        const bool last_batch = done + n == tokens.size();
        if (all_logits)
            cpu.output(0, n, logits->data() + done * c.n_vocab);
        else if (last_batch)
            cpu.output(n - 1, 1, readout == Readout::Argmax ? last_row.data() : logits->data());
        done += n;
    }
    if (readout == Readout::Argmax)
        *token = argmax_of(last_row.data(), c.n_vocab);
    return {};
}

} // namespace ponder
