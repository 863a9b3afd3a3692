// Where a reply is written: the loaded model (LocalSessionBackend) or a model on a remote
// OpenAI-compatible server (RemoteServerBackend). The inference worker streams, batches and
// reports either the same way, so the controller, the history and its search and export do not
// know which one wrote a reply.
#pragma once

#include "chat/worker_types.h"

#include <atomic>
#include <functional>
#include <string>

namespace ponder::app {

class GenerationBackend {
  public:
    struct Piece {
        std::string reasoning, content;
        // What arrived before was all reasoning (a server that sends an inline trace whose <think>
        // was in the prompt shows it only at </think>): the reply starts over with `reasoning`,
        // the whole trace so far.
        bool restart = false;
    };
    // False stops the reply. An empty piece may come while nothing arrives, so the caller can
    // show what it batched.
    using OnPiece = std::function<bool(const Piece&)>;

    virtual ~GenerationBackend() = default;
    // Writes one reply through onPiece, stopping when `stop` becomes true; sets the outcome's
    // counts, stop reason and, when it failed, error (what arrived stays with the caller).
    virtual void generate(const GenerationRequest& request, const OnPiece& onPiece, const std::atomic<bool>& stop,
                          GenerationOutcome& outcome) = 0;
    // Tokens in the context now (0 when unknown). Callable from inside onPiece.
    virtual int contextUsed() const = 0;
};

} // namespace ponder::app
