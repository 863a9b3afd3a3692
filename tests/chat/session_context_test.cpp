// A conversation longer than the context: older exchanges are left out, the system prompt stays.
#include "chat/session_prompt.h"
#include "chat_test_model.h"

#include <gtest/gtest.h>

namespace ponder {
namespace {

constexpr uint32_t kContext = 160;

std::vector<ChatMessage> long_history() {
    std::vector<ChatMessage> messages = {{"system", "You are a pirate. Answer like one."}};
    for (int turn = 0; turn < 6; ++turn) {
        messages.push_back({"user", "Tell me about the sea, part " + std::to_string(turn) + ", in some detail please."});
        messages.push_back({"assistant", "Arr, the sea be wide and deep and full of fish, matey, number " +
                                             std::to_string(turn) + "."});
    }
    messages.push_back({"user", "And the wind?"});
    return messages;
}

SamplingParams short_reply() {
    SamplingParams p;
    p.max_tokens = 8;
    p.seed = 3;
    return p;
}

TEST(ChatSessionContext, OldestTurnsAreDroppedAndTheSystemPromptKept) {
    auto session = testing::load_qwq_session(kContext);
    ASSERT_TRUE(session);
    const auto messages = long_history();
    ASSERT_GT(testing::plain_prompt_tokens(messages).size(), kContext);

    auto stats = session->generate(messages, short_reply(), [](const ChatSession::Delta&) { return true; });
    ASSERT_TRUE(stats.ok()) << stats.error().message;
    EXPECT_GT(stats->dropped_messages, 0);
    EXPECT_EQ(stats->dropped_messages % 2, 0);  // whole user + assistant exchanges
    EXPECT_LE(stats->prompt_tokens + short_reply().max_tokens, static_cast<int>(kContext));

    // The prompt that was used: the system prompt followed by the newest messages.
    std::vector<ChatMessage> kept = {messages.front()};
    kept.insert(kept.end(), messages.begin() + 1 + stats->dropped_messages, messages.end());
    EXPECT_EQ(stats->prompt_tokens, static_cast<int>(testing::plain_prompt_tokens(kept).size()));
    EXPECT_NE(stats->stop_reason, StopReason::ContextFull);
}

TEST(ChatSessionContext, QuestionLongerThanTheContextStopsWithContextFull) {
    auto session = testing::load_qwq_session(kContext);
    ASSERT_TRUE(session);
    std::string question;
    for (int i = 0; i < 100; ++i)
        question += "word" + std::to_string(i) + " ";
    auto stats = session->generate({{"user", question}}, short_reply(), [](const ChatSession::Delta&) { return true; });
    ASSERT_TRUE(stats.ok()) << stats.error().message;
    EXPECT_EQ(stats->stop_reason, StopReason::ContextFull);
    EXPECT_EQ(stats->completion_tokens, 0);
}

} // namespace
} // namespace ponder
