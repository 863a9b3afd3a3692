// The context a model loads with: the longest the device memory holds, up to the model's trained
// context, never below the user's explicit setting; and the reason shown beside it.
#include "chat/chat_controller.h"
#include "chat/context_choice.h"
#include "chat/model_controller.h"
#include "chat/settings_controller.h"
#include "scripted_engine.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace ponder;

namespace {

// A device with `freeBytes` for a model of 4 GB weights and 100 KB of KV cache per position;
// counts the estimates asked for.
app::ContextEstimate fakeMemory(uint64_t freeBytes, int* calls = nullptr) {
    return [=](uint32_t n) -> Result<MemoryEstimate> {
        if (calls)
            ++*calls;
        MemoryEstimate m;
        m.weights_bytes = 4'000'000'000;
        m.kv_cache_bytes = uint64_t(n) * 100'000;
        m.device_bytes = freeBytes;
        m.fits = m.weights_bytes + m.kv_cache_bytes <= freeBytes;
        return m;
    };
}

} // namespace

class ContextChoiceTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

  private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("PonderTests");
        QCoreApplication::setApplicationName("context_choice_test");
        QSettings().clear();
    }

    void theTrainedContextWhenItFits() {
        const auto choice = app::chooseContext(40960, 0, fakeMemory(24'000'000'000));
        QCOMPARE(choice.length, 40960);
        QVERIFY2(choice.reason.contains("trained"), qPrintable(choice.reason));
    }

    void theLargestStepThatFitsWhenTheTrainedContextDoesNot() {
        int calls = 0;
        // 8 GB free: 4 GB of weights leave room for 40,000 positions, so 39 steps of 1024.
        const auto choice = app::chooseContext(131072, 0, fakeMemory(8'000'000'000, &calls));
        QCOMPARE(choice.length, 39 * 1024);
        QVERIFY2(choice.reason.contains("fits in memory"), qPrintable(choice.reason));
        QVERIFY2(calls <= 10, "a binary search, not a walk over every step");
    }

    void neverBelowTheUsersExplicitSetting() {
        const auto above = app::chooseContext(131072, 65536, fakeMemory(8'000'000'000));
        QCOMPARE(above.length, 65536);
        QVERIFY2(above.reason.contains("your setting"), qPrintable(above.reason));
        // A lower setting is a floor, not a cap: the context still grows to what fits.
        QCOMPARE(app::chooseContext(131072, 2048, fakeMemory(8'000'000'000)).length, 39 * 1024);
        // Nor above the trained context.
        QCOMPARE(app::chooseContext(4096, 8192, fakeMemory(1)).length, 4096);
    }

    void aShortFallbackWhenNothingFitsOrTheEstimateFails() {
        const auto none = app::chooseContext(32768, 0, fakeMemory(1'000'000'000));
        QCOMPARE(none.length, 4096);
        QVERIFY2(none.reason.contains("does not fit"), qPrintable(none.reason));
        const auto failed = app::chooseContext(32768, 0, [](uint32_t) -> Result<MemoryEstimate> {
            return make_error("no Vulkan device");
        });
        QCOMPARE(failed.length, 4096);
        QVERIFY2(failed.reason.contains("no Vulkan device"), qPrintable(failed.reason));
    }

    // The controllers: the model's 128k trained context on a faked 8 GB device (scripted_engine.h:
    // 4.7 GB fixed, 56 KiB per position) gives 56 steps, in the open dialog and in the header.
    void loadingChoosesTheContextFromTheMemoryBudget() {
        app::SettingsController settings;
        testing::ReplyScript script;
        script.deviceBytes = 8'000'000'000;
        app::ChatController chat(store::ChatStore::open(dir_.path()).value(), testing::scriptedEngine(script),
                                 &settings);
        app::ModelController models(testing::scriptedEngine(script), &chat, &settings);

        models.inspectPath("/models/qwq-32b.gguf");
        QVERIFY(QTest::qWaitFor([&] { return models.hasPreview(); }, 5000));
        QCOMPARE(models.previewContextLength(), 56 * 1024);
        QVERIFY(models.previewFits());
        QVERIFY(!models.previewContextReason().isEmpty());

        models.loadPreviewed();
        QVERIFY(QTest::qWaitFor([&] { return chat.modelReady(); }, 5000));
        QCOMPARE(chat.contextLimit(), 56 * 1024);
        QVERIFY2(chat.contextReason().contains("fits in memory"), qPrintable(chat.contextReason()));
    }
};

QTEST_MAIN(ContextChoiceTest)
#include "context_choice_test.moc"
