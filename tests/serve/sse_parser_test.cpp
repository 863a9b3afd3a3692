// Server-sent events and chunked bodies from bytes cut anywhere.
#include "serve/chunked_decoder.h"
#include "serve/sse_parser.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>

namespace ponder::serve {
namespace {

std::vector<SseEvent> parse_in_pieces(std::string_view bytes, size_t piece) {
    SseParser parser;
    std::vector<SseEvent> events;
    for (size_t i = 0; i < bytes.size(); i += piece)
        parser.feed(bytes.substr(i, piece), [&](const SseEvent& e) { events.push_back(e); });
    return events;
}

TEST(SseParser, EventsEndAtBlankLinesWhateverTheLineEndingsAndCuts) {
    const std::string stream = "\xEF\xBB\xBF: keep-alive\r\n\r\ndata: one\r\n\r\ndata:two\rdata:  three\r\r"
                               "event: error\ndata: {\"a\":1}\n\nid: 7\nretry: 10\n\ndata: unfinished";
    for (size_t piece = 1; piece <= stream.size(); ++piece) {
        const auto events = parse_in_pieces(stream, piece);
        ASSERT_EQ(events.size(), 3u) << "piece " << piece;
        EXPECT_EQ(events[0].data, "one");
        EXPECT_EQ(events[1].data, "two\n three");
        EXPECT_EQ(events[2].type, "error");
        EXPECT_EQ(events[2].data, "{\"a\":1}");
    }
}

TEST(SseParser, CountsCommentLines) {
    SseParser parser;
    parser.feed(": OPENROUTER PROCESSING\n\n: again\n\ndata: x\n\n", [](const SseEvent&) {});
    EXPECT_EQ(parser.comments(), 2);
}

TEST(ChunkedDecoder, PayloadSurvivesEveryCut) {
    const std::string first = "data: a", second = "\n\ndata: {\"b\":\"\xE2\x86\x92\"}\n\n";
    char sizes[64];
    std::snprintf(sizes, sizeof sizes, "%zx|%zX", first.size(), second.size());
    const std::string size_text(sizes);
    const std::string body = size_text.substr(0, size_text.find('|')) + "\r\n" + first + "\r\n" +
                             size_text.substr(size_text.find('|') + 1) + ";ext=1\r\n" + second +
                             "\r\n0\r\nTrailer: x\r\n\r\n";
    const std::string expected = first + second;
    std::mt19937 random(11);
    for (int round = 0; round < 200; ++round) {
        ChunkedDecoder decoder;
        std::string out;
        for (size_t i = 0; i < body.size();) {
            const size_t n = 1 + random() % 6;
            ASSERT_TRUE(decoder.feed(std::string_view(body).substr(i, n), out));
            i += n;
        }
        EXPECT_EQ(out, expected);
        EXPECT_TRUE(decoder.finished());
    }
    ChunkedDecoder bad;
    std::string out;
    EXPECT_FALSE(bad.feed("zz\r\n", out));
}

} // namespace
} // namespace ponder::serve
