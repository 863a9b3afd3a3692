// The loaded model writes the reply: the worker's ChatSession, through the lock it shares with
// the local API server (a request of the server's may be generating; then this waits its turn).
#pragma once

#include "chat/generation_backend.h"
#include "chat/locked_session.h"

namespace ponder::app {

class LocalSessionBackend final : public GenerationBackend {
  public:
    // `session` is the model itself, `shared` the same behind its lock.
    LocalSessionBackend(ChatSession& session, LockedSession& shared) : session_(session), shared_(shared) {}

    void generate(const GenerationRequest& request, const OnPiece& onPiece, const std::atomic<bool>& stop,
                  GenerationOutcome& outcome) override;
    int contextUsed() const override;

  private:
    ChatSession& session_;
    LockedSession& shared_;
    bool generating_ = false; // inside generate(), which holds the lock: read the session directly
};

} // namespace ponder::app
