#include "served_model.h"

#include "chat_test_model.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace ponder::serve::testing {

void RecordingSession::enter() {
    const int now = ++running_;
    int most = most_running_;
    while (now > most && !most_running_.compare_exchange_weak(most, now)) {
    }
}

Result<GenerationStats> RecordingSession::record(Result<GenerationStats> stats) {
    --running_;
    if (stats) {
        std::lock_guard lock(mutex_);
        stop_reasons_.push_back(stats->stop_reason);
    }
    return stats;
}

Result<GenerationStats> RecordingSession::generate(const std::vector<ChatMessage>& messages,
                                                   const SamplingParams& sampling,
                                                   const std::function<bool(const Delta&)>& on_delta,
                                                   const std::atomic<bool>* cancel) {
    enter();
    return record(inner_.generate(messages, sampling, on_delta, cancel));
}

Result<GenerationStats> RecordingSession::complete(const std::string& prompt, const SamplingParams& sampling,
                                                   const std::function<bool(const Delta&)>& on_delta,
                                                   const std::atomic<bool>* cancel) {
    enter();
    return record(inner_.complete(prompt, sampling, on_delta, cancel));
}

std::vector<StopReason> RecordingSession::stop_reasons() const {
    std::lock_guard lock(mutex_);
    return stop_reasons_;
}

ChatSession& test_session() {
    // Never destroyed: destroying it ends the Vulkan instance, which unloads the driver (lavapipe),
    // and LeakSanitizer then reports the driver's process-lifetime allocations as leaks of ours.
    static ChatSession* session = ponder::testing::load_qwq_session(1024).release();
    if (!session) std::abort();  // load_qwq_session has already failed the test with the reason
    return *session;
}

RecordingSession& recording_session() {
    static RecordingSession recording(test_session());
    return recording;
}

std::unique_ptr<Server> start_test_server(ServerOptions options) {
    options.port = 0;
    auto server = Server::start(recording_session(), kModelId, std::move(options));
    EXPECT_TRUE(server.ok()) << (server ? "" : server.error().message);
    return server ? std::move(*server) : nullptr;
}

} // namespace ponder::serve::testing
