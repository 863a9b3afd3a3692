// One loaded model used by two callers: the app's own chats (the inference worker) and the local
// API server's requests (its connection threads). Each generation holds the lock, so they take
// turns; the rest of ChatSession is the loaded model's fixed facts, read without it.
#pragma once

#include "chat/chat_session.h"

#include <mutex>

namespace ponder::app {

class LockedSession final : public ChatSession {
  public:
    explicit LockedSession(ChatSession& inner) : inner_(inner) {}

    Result<GenerationStats> generate(const std::vector<ChatMessage>& messages, const SamplingParams& sampling,
                                     const std::function<bool(const Delta&)>& on_delta,
                                     const std::atomic<bool>* cancel) override {
        std::lock_guard lock(mutex_);
        return inner_.generate(messages, sampling, on_delta, cancel);
    }
    Result<GenerationStats> complete(const std::string& prompt, const SamplingParams& sampling,
                                     const std::function<bool(const Delta&)>& on_delta,
                                     const std::atomic<bool>* cancel) override {
        std::lock_guard lock(mutex_);
        return inner_.complete(prompt, sampling, on_delta, cancel);
    }
    const ModelInfo& model_info() const override { return inner_.model_info(); }
    std::string device_name() const override { return inner_.device_name(); }
    uint32_t context_length() const override { return inner_.context_length(); }
    uint32_t context_used() const override {
        std::lock_guard lock(mutex_);
        return inner_.context_used();
    }
    std::string template_warning() const override { return inner_.template_warning(); }

  private:
    ChatSession& inner_;
    mutable std::mutex mutex_;
};

} // namespace ponder::app
