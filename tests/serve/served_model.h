// The generated QwQ-shaped test model (tests/chat/chat_test_model.h) behind a recording session,
// served by Ponder's server on a free loopback port.
#pragma once

#include "chat/chat_session.h"
#include "serve/server.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace ponder::serve::testing {

// Passes every call to the real session and remembers how each generation ended.
class RecordingSession final : public ChatSession {
public:
    explicit RecordingSession(ChatSession& inner) : inner_(inner) {}

    Result<GenerationStats> generate(const std::vector<ChatMessage>& messages, const SamplingParams& sampling,
                                     const std::function<bool(const Delta&)>& on_delta,
                                     const std::atomic<bool>* cancel) override;
    Result<GenerationStats> complete(const std::string& prompt, const SamplingParams& sampling,
                                     const std::function<bool(const Delta&)>& on_delta,
                                     const std::atomic<bool>* cancel) override;
    const ModelInfo& model_info() const override { return inner_.model_info(); }
    std::string device_name() const override { return inner_.device_name(); }
    uint32_t context_length() const override { return inner_.context_length(); }
    uint32_t context_used() const override { return inner_.context_used(); }
    std::string template_warning() const override { return inner_.template_warning(); }

    std::vector<StopReason> stop_reasons() const;
    int running() const { return running_; }  // generations in progress now (never above 1)
    int most_running() const { return most_running_; }

private:
    Result<GenerationStats> record(Result<GenerationStats> stats);
    void enter();

    ChatSession& inner_;
    mutable std::mutex mutex_;
    std::vector<StopReason> stop_reasons_;
    std::atomic<int> running_{0}, most_running_{0};
};

// The session, loaded once per test process (1024 tokens of context).
ChatSession& test_session();
RecordingSession& recording_session();

// A server on 127.0.0.1 and a free port over recording_session(); fails the test if it cannot start.
std::unique_ptr<Server> start_test_server(ServerOptions options = {});

inline constexpr const char* kModelId = "qwq-test";

} // namespace ponder::serve::testing
