// The OpenAI-shaped endpoints over one loaded model: /v1/models, /v1/chat/completions and
// /v1/completions. Generation goes through ChatSession (the one generation loop ponder-cli chat
// and the app use), one request at a time (GenerationSlot).
#pragma once

#include "chat/chat_session.h"
#include "serve/generation_slot.h"
#include "serve/http_message.h"
#include "serve/openai_request.h"
#include "serve/responder.h"

#include <atomic>
#include <string>

namespace ponder::serve {

class OpenAiRoutes {
public:
    // `session` must outlive the routes; `stopping` cancels generations and waits (server stop).
    OpenAiRoutes(ChatSession& session, std::string model_id, int max_waiting, const std::atomic<bool>& stopping);

    void models(Responder& out);
    void chat_completions(const HttpRequest& request, Responder& out);
    void completions(const HttpRequest& request, Responder& out);

    const std::string& model_id() const { return model_id_; }

private:
    struct Endpoint;
    void generate(const Endpoint& endpoint, const GenerationRequest& request, Responder& out);

    ChatSession& session_;
    std::string model_id_;
    GenerationSlot slot_;
    const std::atomic<bool>& stopping_;
    const int64_t created_;
};

} // namespace ponder::serve
