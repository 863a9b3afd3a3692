// How long a context to load a model with: reasoning models think for thousands of tokens, so the
// default is the longest context the model was trained for that the device memory holds; a length
// the user set explicitly is the floor.
#pragma once

#include "chat/chat_session.h"

#include <QString>

#include <functional>

namespace ponder::app {

struct ContextChoice {
    int length = 0;
    QString reason; // plain words for the header and the model dialog: why this length
};

// The memory a load with `n_ctx` positions would take (the engine's estimate_memory).
using ContextEstimate = std::function<Result<MemoryEstimate>(uint32_t n_ctx)>;

// The largest context, in steps of kContextStep, up to `trainedContext` whose estimate fits, and
// never below `explicitMinimum` (0: the user set none). When even the smallest step does not fit,
// or the estimate fails, the fallback is min(trained, 4096) (or the explicit minimum).
ContextChoice chooseContext(uint32_t trainedContext, uint32_t explicitMinimum, const ContextEstimate& estimate);

inline constexpr uint32_t kContextStep = 1024;

} // namespace ponder::app
