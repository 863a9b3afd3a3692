// Titles come from the first user message: first line, no Markdown, short, cut at a word.
#include "chat/chat_title.h"

#include <QtTest>

class ChatTitleTest : public QObject {
    Q_OBJECT

  private slots:
    void title_data() {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("title");
        QTest::newRow("short") << "Is 91 prime?"
                               << "Is 91 prime?";
        QTest::newRow("first non-empty line") << "\n\n  How do I sort?\nMore details"
                                              << "How do I sort?";
        QTest::newRow("markdown heading") << "## Explain `std::span`"
                                          << "Explain std::span";
        QTest::newRow("long, cut at a word")
            << "Please explain in detail how the attention mechanism in transformers works"
            << "Please explain in detail how the attention…";
        QTest::newRow("empty") << "   "
                               << "New chat";
    }

    void title() {
        QFETCH(QString, message);
        QFETCH(QString, title);
        QCOMPARE(ponder::app::titleFromFirstMessage(message), title);
    }
};

QTEST_GUILESS_MAIN(ChatTitleTest)
#include "chat_title_test.moc"
