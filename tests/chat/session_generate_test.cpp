// Generation through a loaded session: streaming into reasoning and answer, stop reasons, seeds,
// and KV-cache reuse between turns.
#include "chat_test_model.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace ponder {
namespace {

struct Reply {
    std::string reasoning, content;
    GenerationStats stats;
    int deltas = 0;
};

class ChatSessionTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { session = testing::load_qwq_session(); }
    static void TearDownTestSuite() { session.reset(); }

    // Stops (returns false from the callback) after `stop_after_deltas` deltas when given.
    static Reply generate(const std::vector<ChatMessage>& messages, SamplingParams sampling,
                          int stop_after_deltas = -1, const std::atomic<bool>* cancel = nullptr) {
        Reply reply;
        auto stats = session->generate(
            messages, sampling,
            [&](const ChatSession::Delta& d) {
                reply.reasoning += d.reasoning;
                reply.content += d.content;
                return ++reply.deltas != stop_after_deltas;
            },
            cancel);
        EXPECT_TRUE(stats.ok()) << (stats ? "" : stats.error().message);
        if (stats)
            reply.stats = *stats;
        return reply;
    }
    static SamplingParams sampling(int max_tokens, uint64_t seed = 7) {
        SamplingParams p;
        p.temperature = 0.8f;
        p.max_tokens = max_tokens;
        p.seed = seed;
        return p;
    }

    static inline std::unique_ptr<ChatSession> session;
};

const std::vector<ChatMessage> kHello = {{"user", "hello", ""}};

TEST_F(ChatSessionTest, ReplyAfterQwQsOpenedThinkIsReasoningWithoutRawTags) {
    ASSERT_TRUE(session);
    const Reply reply = generate(kHello, sampling(12));
    EXPECT_EQ(reply.stats.stop_reason, StopReason::MaxTokens);
    EXPECT_EQ(reply.stats.completion_tokens, 12);
    EXPECT_FALSE(reply.reasoning.empty());
    for (const std::string& tag : {"<think>", "</think>", "<|im_end|>", "<|im_start|>"}) {
        EXPECT_EQ(reply.reasoning.find(tag), std::string::npos) << tag;
        EXPECT_EQ(reply.content.find(tag), std::string::npos) << tag;
    }
    EXPECT_GT(reply.stats.tokens_per_s, 0);
    EXPECT_GT(reply.stats.time_to_first_token_ms, 0);
    EXPECT_EQ(session->template_warning(), "");
}

TEST_F(ChatSessionTest, SameSeedSameReplyOtherSeedOtherReply) {
    ASSERT_TRUE(session);
    const Reply first = generate(kHello, sampling(10, 42));
    const Reply again = generate(kHello, sampling(10, 42));
    const Reply other = generate(kHello, sampling(10, 43));
    EXPECT_EQ(first.reasoning + first.content, again.reasoning + again.content);
    EXPECT_NE(first.reasoning + first.content, other.reasoning + other.content);
}

TEST_F(ChatSessionTest, CallbackReturningFalseCancels) {
    ASSERT_TRUE(session);
    const Reply reply = generate(kHello, sampling(40), /*stop_after_deltas=*/1);
    EXPECT_EQ(reply.stats.stop_reason, StopReason::Cancelled);
    EXPECT_LT(reply.stats.completion_tokens, 40);
}

TEST_F(ChatSessionTest, CancelFlagSetBeforehandGeneratesNothing) {
    ASSERT_TRUE(session);
    const std::atomic<bool> cancel{true};
    const Reply reply = generate(kHello, sampling(40), -1, &cancel);
    EXPECT_EQ(reply.stats.stop_reason, StopReason::Cancelled);
    EXPECT_EQ(reply.stats.completion_tokens, 0);
    EXPECT_EQ(reply.deltas, 0);
}

TEST_F(ChatSessionTest, SecondTurnPrefillsOnlyWhatFollowsTheCommonPrefix) {
    ASSERT_TRUE(session);
    const std::vector<ChatMessage> turn1 = {{"system", "Be brief."}, {"user", "hello"}};
    const Reply first = generate(turn1, sampling(6));
    std::vector<ChatMessage> turn2 = turn1;
    turn2.push_back({"assistant", first.content, first.reasoning});
    turn2.push_back({"user", "and then?"});
    const Reply second = generate(turn2, sampling(6));

    const std::vector<int32_t> prompt1 = testing::plain_prompt_tokens(turn1);
    const std::vector<int32_t> prompt2 = testing::plain_prompt_tokens(turn2);
    const auto common = std::mismatch(prompt1.begin(), prompt1.end(), prompt2.begin(), prompt2.end()).first -
                        prompt1.begin();
    ASSERT_GT(common, 0);
    EXPECT_EQ(second.stats.prompt_tokens, static_cast<int>(prompt2.size()));
    EXPECT_EQ(second.stats.prefilled_tokens, static_cast<int>(prompt2.size() - common));
    EXPECT_GE(session->context_used(), prompt2.size());
}

TEST_F(ChatSessionTest, RepeatedPromptRecomputesOnlyItsLastToken) {
    ASSERT_TRUE(session);
    generate(kHello, sampling(0));
    const Reply again = generate(kHello, sampling(3));
    EXPECT_EQ(again.stats.prefilled_tokens, 1);
    EXPECT_EQ(again.stats.stop_reason, StopReason::MaxTokens);
}

// A reply cut short inside its reasoning, then resumed from what was stored: "Continue" goes on
// with the trace, "Answer now" closes it with </think> and lets the model answer.
TEST_F(ChatSessionTest, ReplyCutShortInsideItsReasoningSaysSoAndCountsItsTokens) {
    ASSERT_TRUE(session);
    const Reply cut = generate(kHello, sampling(6));
    EXPECT_EQ(cut.stats.stop_reason, StopReason::MaxTokens);
    EXPECT_TRUE(cut.stats.stopped_in_reasoning);
    EXPECT_EQ(cut.stats.reasoning_tokens, 6);
    EXPECT_EQ(cut.stats.answer_tokens, 0);
}

TEST_F(ChatSessionTest, ContinueResumesTheTraceFromTheStoredReasoning) {
    ASSERT_TRUE(session);
    const Reply cut = generate(kHello, sampling(6));
    ASSERT_FALSE(cut.reasoning.empty());
    std::vector<ChatMessage> resumed = kHello;
    resumed.push_back({"assistant", "", cut.reasoning, /*reasoning_open=*/true});
    const Reply more = generate(resumed, sampling(5, 8));

    // The prompt is the question's followed by the stored trace; the question's part stays cached.
    const int question = static_cast<int>(testing::plain_prompt_tokens(kHello).size());
    EXPECT_GT(more.stats.prompt_tokens, question);
    EXPECT_LE(more.stats.prefilled_tokens, more.stats.prompt_tokens - question + 1);
    EXPECT_TRUE(more.content.empty());
    EXPECT_FALSE(more.reasoning.empty());
    EXPECT_TRUE(more.stats.stopped_in_reasoning);
    EXPECT_EQ(more.stats.reasoning_tokens, 5);
}

TEST_F(ChatSessionTest, AnswerNowClosesTheTraceAndTheModelAnswers) {
    ASSERT_TRUE(session);
    const Reply cut = generate(kHello, sampling(6));
    std::vector<ChatMessage> closed = kHello;
    closed.push_back({"assistant", "", cut.reasoning, /*reasoning_open=*/false});
    const Reply answer = generate(closed, sampling(8));

    EXPECT_EQ(answer.reasoning, "");
    EXPECT_FALSE(answer.content.empty());
    EXPECT_FALSE(answer.stats.stopped_in_reasoning);
    EXPECT_EQ(answer.stats.reasoning_tokens, 0);
    EXPECT_EQ(answer.stats.answer_tokens, answer.stats.completion_tokens);
    EXPECT_EQ(answer.content.find("</think>"), std::string::npos);
}

// The thinking budget: N sampled reasoning tokens, then Ponder's </think>, then the model answers.
TEST_F(ChatSessionTest, ThinkingBudgetOfNGivesNReasoningTokensThenTheMarkerThenAnAnswer) {
    ASSERT_TRUE(session);
    SamplingParams capped = sampling(20);
    capped.thinking.budget_tokens = 7;
    std::string order;  // 'r' per reasoning delta, 'a' per answer delta
    Reply reply;
    auto stats = session->generate(kHello, capped, [&](const ChatSession::Delta& d) {
        if (!d.reasoning.empty()) order += 'r';
        if (!d.content.empty()) order += 'a';
        reply.reasoning += d.reasoning;
        reply.content += d.content;
        return true;
    });
    ASSERT_TRUE(stats.ok()) << stats.error().message;
    EXPECT_TRUE(stats->thinking_budget_reached);
    EXPECT_EQ(stats->reasoning_tokens, 7);
    EXPECT_GT(stats->answer_tokens, 0);
    EXPECT_EQ(stats->reasoning_tokens + stats->answer_tokens, stats->completion_tokens);
    EXPECT_FALSE(stats->stopped_in_reasoning);
    EXPECT_FALSE(reply.reasoning.empty());
    EXPECT_FALSE(reply.content.empty());
    EXPECT_EQ(order.find("ar"), std::string::npos) << order;  // all reasoning, then all answer
    // In the context: the prompt, the 7 reasoning tokens, the marker Ponder wrote, the answer (whose
    // last sampled token is computed only when the reply goes on).
    const auto marker = testing::qwq_tokenizer().encode("\n</think>\n\n", /*parse_special=*/true);
    const int unComputed = stats->stop_reason == StopReason::MaxTokens ? 1 : 0;
    EXPECT_EQ(static_cast<int>(session->context_used()),
              stats->prompt_tokens + 7 + static_cast<int>(marker.size()) + stats->answer_tokens - unComputed);
}

TEST_F(ChatSessionTest, TheBudgetTransitionEndsTheTraceInTheModelsVoice) {
    ASSERT_TRUE(session);
    SamplingParams capped = sampling(12);
    capped.thinking.budget_tokens = 4;
    capped.thinking.budget_transition = "Time is up, so I answer now.";
    const Reply reply = generate(kHello, capped);
    EXPECT_TRUE(reply.stats.thinking_budget_reached);
    EXPECT_EQ(reply.stats.reasoning_tokens, 4);
    EXPECT_TRUE(reply.reasoning.ends_with("\n\nTime is up, so I answer now.")) << reply.reasoning;
    EXPECT_EQ(reply.content.find("Time is up"), std::string::npos);
}

TEST_F(ChatSessionTest, NoBudgetNoCap) {
    ASSERT_TRUE(session);
    const Reply reply = generate(kHello, sampling(12));
    EXPECT_FALSE(reply.stats.thinking_budget_reached);
    EXPECT_EQ(reply.stats.reasoning_tokens, 12);
}

} // namespace
} // namespace ponder
