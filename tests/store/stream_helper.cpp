// Test helper: streams numbered tokens into a new reply in <data-dir> until it is killed.
// Prints "<token index> <ms since start>" after each token so the test knows what was produced.
#include "store/streaming_saver.h"

#include <QElapsedTimer>
#include <QThread>

#include <cstdio>

using namespace ponder::store;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s DATA_DIR\n", argv[0]);
        return 2;
    }
    auto store = ChatStore::open(QString::fromLocal8Bit(argv[1]));
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error().message.c_str());
        return 1;
    }
    const int64_t conversation = *store->createConversation({.title = "crash"});
    const int64_t question = *store->addMessage({conversation, {}, "user", "count"});
    const int64_t reply =
        *store->addMessage({conversation, question, "assistant", "", "", MessageStatus::Streaming});
    std::printf("message %lld\n", static_cast<long long>(reply));
    std::fflush(stdout);

    StreamingSaver saver(*store, reply);
    QElapsedTimer clock;
    clock.start();
    for (int i = 0;; ++i) {
        if (!saver.append(QString(), QStringLiteral("t%1 ").arg(i), clock.elapsed()))
            return 1;
        std::printf("%d %lld\n", i, static_cast<long long>(clock.elapsed()));
        std::fflush(stdout);
        QThread::msleep(5);
    }
}
