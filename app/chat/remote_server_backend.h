// A model on a remote OpenAI-compatible server writes the reply (vLLM, SGLang, llama.cpp's
// server, Ollama, another Ponder), through EngineApi::remoteChat: ponder_serve's one client.
// Its failures (unreachable, refused key, rate limit, server error, cut stream) become the
// outcome's error in plain words; what arrived before stays with the reply.
#pragma once

#include "chat/engine_api.h"
#include "chat/generation_backend.h"

namespace ponder::app {

class RemoteServerBackend final : public GenerationBackend {
  public:
    explicit RemoteServerBackend(const EngineApi& engine) : engine_(engine) {}

    void generate(const GenerationRequest& request, const OnPiece& onPiece, const std::atomic<bool>& stop,
                  GenerationOutcome& outcome) override;
    int contextUsed() const override { return contextUsed_; }

  private:
    static constexpr int kTickMs = 40; // while the server is quiet, how often the worker may show what came
    const EngineApi& engine_;
    int contextUsed_ = 0; // prompt + completion tokens of the last reply, as the server counted them
};

// "Cannot reach http://gpu-box:8000/v1 (connection refused)." and the like, for a failed remote reply.
QString describeRemoteError(const serve::RemoteError& error, const QString& baseUrl);

} // namespace ponder::app
