#include "backend_args.h"

namespace ponder::cli {

Result<BackendChoice> take_backend(Args& args) {
    BackendChoice choice;
    if (const auto name = args.take({"--backend"})) {
        auto backend = parse_backend(*name);
        if (!backend) return make_error("--backend: " + backend.error().message);
        choice.backend = *backend;
    }
    if (const auto layers = args.take_int({"-ngl", "--gpu-layers"})) {
        if (*layers < -1 || *layers > 100000) return make_error("--gpu-layers takes -1 (as many as fit), 0 (CPU only) or a count");
        if (*layers > 0 && choice.backend == Backend::Cpu) return make_error("--backend cpu puts no layers on the GPU; drop --gpu-layers");
        choice.gpu_layers = int(*layers);
        if (*layers == 0) choice.backend = Backend::Cpu;
    }
    if (choice.backend == Backend::Cpu) choice.gpu_layers = 0;
    if (const auto threads = args.take_int({"-t", "--threads"})) {
        if (*threads < 1 || *threads > 1024) return make_error("--threads takes a count from 1 to 1024");
        if (choice.backend == Backend::Vulkan) return make_error("--threads applies to the CPU backend, not --backend vulkan");
        choice.n_threads = unsigned(*threads);
    }
    return choice;
}

} // namespace ponder::cli
