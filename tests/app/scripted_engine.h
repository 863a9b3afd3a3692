// A stand-in engine for app tests and UI previews: "loads" any path and replies with a fixed
// script of reasoning and answer pieces, honouring cancellation like the real ChatSession.
// A conversation ending in an assistant message is continued like ChatSession does: an open trace
// gets the rest of the reasoning script and then the answer, a closed one only the answer.
// A thinking budget of N ends the reasoning after N pieces with the transition, as ChatSession does.
// Paths ending in missing.gguf do not exist; those ending in huge.gguf (40 GB) do not fit the device:
// the plan splits them. The model: 4.4 GB of weights in 28 layers, 128k trained context, 56 KiB of f16
// keys and values per position; the machine: 24 GB of VRAM, 64 GB of RAM.
#pragma once

#include "chat/engine_api.h"

#include <string>
#include <vector>

namespace ponder::testing {

struct ReplyScript {
    std::vector<std::string> reasoning{"Let me ", "think ", "about ", "this ", "carefully."};
    std::vector<std::string> answer{"The ", "answer ", "is ", "**42**."};
    int pieceDelayMs = 0; // pause after each piece, to exercise batching and Stop
    bool fail = false;    // generate() returns an error instead
    int maxPieces = -1;   // stop with StopReason::MaxTokens after this many pieces (-1: no limit)
    bool thinkingSwitch = false; // the model's template has enable_thinking; off, the reply skips its reasoning
    uint64_t deviceBytes = 24'000'000'000; // the faked device memory estimate() measures against
};

app::EngineApi scriptedEngine(ReplyScript script = {});

// The scripted machine: `deviceBytes` of VRAM ("Scripted GPU", 300 GB/s) and `ramBytes` of RAM (30 GB/s).
MemoryBudgets scriptedBudgets(uint64_t deviceBytes, uint64_t ramBytes = 64'000'000'000);

// What the last generate() call received (the rendered conversation), for assertions.
const std::vector<ChatMessage>& lastPromptMessages();
const SamplingParams& lastSampling();

// The KV cache types the last estimate() or load() was asked for (assignable, to reset it).
KvCacheTypes& lastCacheTypes();

} // namespace ponder::testing
