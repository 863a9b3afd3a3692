// The reasoning splitter yields the same reasoning and answer however the output is chunked:
// whole, one byte at a time, and in many seeded random chunkings.
#include "chat/reasoning_splitter.h"

#include <gtest/gtest.h>

#include <random>

namespace ponder {
namespace {

struct SplitCase {
    const char* name;
    bool starts_in_reasoning;
    const char* output;  // what the model generates
    const char* reasoning;
    const char* answer;
};

const SplitCase kCases[] = {
    {"model_opens_think", false, "<think>\nLet me add.\n2+2=4\n</think>\n\nThe answer is 4.", "Let me add.\n2+2=4", "The answer is 4."},
    {"think_after_leading_whitespace", false, "\n  <think>plan</think>done", "plan", "done"},
    {"prompt_opened_think", true, "Counting r's: three.\n</think>\n\nThere are 3.", "Counting r's: three.", "There are 3."},
    {"prompt_opened_think_model_repeats_tag", true, "<think>\nhmm\n</think>ok", "hmm", "ok"},
    {"never_closes", true, "still thinking about </thi", "still thinking about </thi", ""},
    {"never_closes_after_open", false, "<think>\nwondering\n\n", "wondering", ""},
    {"no_reasoning_at_all", false, "Plain answer with <b>tags</b>.", "", "Plain answer with <b>tags</b>."},
    {"answer_starting_like_a_tag", false, "<thick> soup", "", "<thick> soup"},
    {"answer_with_leading_newline", false, "\nHi", "", "\nHi"},
    {"empty_reasoning", false, "<think>\n\n</think>\n\nShort.", "", "Short."},
    {"blank_lines_inside_reasoning_kept", true, "a\n\nb\n</think>c", "a\n\nb", "c"},
    {"close_tag_text_in_answer_kept", false, "<think>x</think>Use </think> to close.", "x", "Use </think> to close."},
    {"lone_angle_bracket_in_reasoning", true, "a < b and c <tag> d</think>e", "a < b and c <tag> d", "e"},
    {"utf8_survives_any_cut", false, "<think>思考 🤔</think>\n答案 ✅", "思考 🤔", "答案 ✅"},
    {"empty_output", false, "", "", ""},
    {"empty_output_in_reasoning", true, "", "", ""},
};

void PrintTo(const SplitCase& c, std::ostream* os) { *os << c.name; }

struct Split {
    std::string reasoning, answer;
};

Split run(const SplitCase& c, const std::vector<size_t>& cuts) {
    ReasoningSplitter splitter(c.starts_in_reasoning);
    Split out;
    std::string_view text = c.output;
    size_t start = 0;
    auto add = [&](const ReasoningSplitter::Delta& d) {
        out.reasoning += d.reasoning;
        out.answer += d.answer;
    };
    for (size_t cut : cuts) {
        add(splitter.feed(text.substr(start, cut - start)));
        start = cut;
    }
    add(splitter.feed(text.substr(start)));
    add(splitter.finish());
    return out;
}

class ReasoningSplit : public ::testing::TestWithParam<SplitCase> {};

TEST_P(ReasoningSplit, WholeOutputAtOnce) {
    Split s = run(GetParam(), {});
    EXPECT_EQ(s.reasoning, GetParam().reasoning);
    EXPECT_EQ(s.answer, GetParam().answer);
}

TEST_P(ReasoningSplit, OneByteAtATime) {
    std::vector<size_t> cuts;
    for (size_t i = 1; i < std::string_view(GetParam().output).size(); ++i) cuts.push_back(i);
    Split s = run(GetParam(), cuts);
    EXPECT_EQ(s.reasoning, GetParam().reasoning);
    EXPECT_EQ(s.answer, GetParam().answer);
}

TEST_P(ReasoningSplit, RandomChunkings) {
    size_t size = std::string_view(GetParam().output).size();
    std::mt19937 rng(1234);
    for (int trial = 0; trial < 200; ++trial) {
        std::vector<size_t> cuts;
        for (size_t i = 1; i < size; ++i)
            if (rng() % 4 == 0) cuts.push_back(i);
        Split s = run(GetParam(), cuts);
        ASSERT_EQ(s.reasoning, GetParam().reasoning) << "trial " << trial;
        ASSERT_EQ(s.answer, GetParam().answer) << "trial " << trial;
    }
}

INSTANTIATE_TEST_SUITE_P(Cases, ReasoningSplit, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ReasoningSplitter, PlainAnswerIsNotHeldBack) {
    ReasoningSplitter splitter;
    EXPECT_EQ(splitter.feed("Hello").answer, "Hello");
    EXPECT_EQ(splitter.feed(" <").answer, " <");  // past the start, '<' cannot begin <think>
}

TEST(ReasoningSplitter, HoldsOnlyWhatMightBeATag) {
    ReasoningSplitter splitter;
    EXPECT_TRUE(splitter.feed("<thi").empty());
    EXPECT_EQ(splitter.feed("s is html").answer, "<this is html");

    ReasoningSplitter thinking(true);
    EXPECT_EQ(thinking.feed("abc</th").reasoning, "abc");
    EXPECT_EQ(thinking.feed("ree").reasoning, "</three");
    EXPECT_TRUE(thinking.in_reasoning());
}

TEST(ReasoningSplitter, DetectsPromptsThatOpenAThinkBlock) {
    EXPECT_TRUE(prompt_opens_reasoning("<|im_start|>assistant\n<think>\n"));
    EXPECT_TRUE(prompt_opens_reasoning("<｜Assistant｜><think>"));
    EXPECT_FALSE(prompt_opens_reasoning("<|im_start|>assistant\n<think>\n\n</think>\n\n"));
    EXPECT_FALSE(prompt_opens_reasoning("<|im_start|>assistant\n"));
}

} // namespace
} // namespace ponder
