// Stop strings and inline reasoning, on deltas cut anywhere.
#include "serve/reply_shaper.h"
#include "serve/stop_scanner.h"

#include <gtest/gtest.h>

namespace ponder::serve {
namespace {

// Feeds `text` one byte at a time, as the worst-cut stream would.
std::string scan_bytewise(StopScanner& scanner, std::string_view text) {
    std::string out;
    for (char c : text) out += scanner.feed(std::string_view(&c, 1));
    return out + scanner.finish();
}

TEST(StopScanner, CutsAtTheFirstStopStringWhereverThePiecesBreak) {
    StopScanner scanner({"STOP", "\n\nUser:"});
    EXPECT_EQ(scan_bytewise(scanner, "The answer is 4.\n\nUser: more"), "The answer is 4.");
    EXPECT_TRUE(scanner.stopped());
    StopScanner other({"STOP"});
    EXPECT_EQ(scan_bytewise(other, "no STO here, ST"), "no STO here, ST");
    EXPECT_FALSE(other.stopped());
}

TEST(StopScanner, HoldsBackOnlyWhatCouldStillBecomeAStopString) {
    StopScanner scanner({"</s>"});
    EXPECT_EQ(scanner.feed("hello <"), "hello ");
    EXPECT_EQ(scanner.feed("b>"), "<b>");
    EXPECT_EQ(scanner.feed("</"), "");
    EXPECT_EQ(scanner.feed("s> after"), "");
    EXPECT_TRUE(scanner.stopped());
    EXPECT_EQ(scanner.feed("more"), "");
    StopScanner none({});
    EXPECT_EQ(none.feed("all of it"), "all of it");
}

TEST(ReplyShaper, ReasoningStaysSeparateUnlessInline) {
    ReplyShaper separate({}, false);
    auto a = separate.feed({"thinking", ""});
    EXPECT_EQ(a.reasoning, "thinking");
    EXPECT_EQ(a.content, "");
    auto b = separate.feed({"", "answer"});
    EXPECT_EQ(b.reasoning, "");
    EXPECT_EQ(b.content, "answer");

    ReplyShaper inline_({}, true);
    std::string content;
    for (const ChatSession::Delta& d : {ChatSession::Delta{"I think", ""}, ChatSession::Delta{" hard", ""},
                                        ChatSession::Delta{"", "Four."}}) {
        const auto piece = inline_.feed(d);
        EXPECT_EQ(piece.reasoning, "");
        content += piece.content;
    }
    EXPECT_EQ(content, "<think>\nI think hard\n</think>\n\nFour.");
}

TEST(ReplyShaper, StopStringsEndTheAnswerNotTheTrace) {
    ReplyShaper shaper({"x"}, false);
    EXPECT_EQ(shaper.feed({"an x in the trace", ""}).reasoning, "an x in the trace");
    EXPECT_FALSE(shaper.stopped());
    EXPECT_EQ(shaper.feed({"", "abcxdef"}).content, "abc");
    EXPECT_TRUE(shaper.stopped());
    EXPECT_TRUE(shaper.feed({"", "more"}).empty());
}

} // namespace
} // namespace ponder::serve
