// Opening a model: the summary before loading, loading itself, and the recent list.
#include "chat/chat_controller.h"
#include "chat/model_controller.h"
#include "chat/settings_controller.h"
#include "scripted_engine.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace ponder;

class ModelControllerTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    store::ChatStore openStore() { return store::ChatStore::open(dir_.path()).value(); }

  private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("PonderTests");
        QCoreApplication::setApplicationName("model_controller_test");
        QSettings().clear();
    }

    void formatting_data() {
        QTest::addColumn<quint64>("bytes");
        QTest::addColumn<QString>("text");
        QTest::newRow("bytes") << quint64(512) << "512 B";
        QTest::newRow("megabytes") << quint64(1'500'000) << "1.5 MB";
        QTest::newRow("gigabytes") << quint64(4'680'000'000) << "4.7 GB";
    }
    void formatting() {
        QFETCH(quint64, bytes);
        QFETCH(QString, text);
        QCOMPARE(app::formatBytes(bytes), text);
    }

    void previewThenLoadRemembersTheModel() {
        app::SettingsController settings;
        auto store = store::ChatStore::open(dir_.path());
        app::ChatController chat(std::move(store).value(), testing::scriptedEngine(), &settings);
        app::ModelController models(testing::scriptedEngine(), &chat, &settings);

        models.inspectPath("/models/r1-7b.gguf");
        QVERIFY(QTest::qWaitFor([&] { return models.hasPreview(); }, 5000));
        QVERIFY(models.previewError().isEmpty());
        QCOMPARE(models.previewName(), QStringLiteral("Scripted-R1-Distill-7B"));
        QCOMPARE(models.previewQuantization(), QStringLiteral("Q4_K_M"));
        QCOMPARE(models.previewParameters(), QStringLiteral("7.6 B"));
        QVERIFY(models.previewFits());
        QVERIFY(models.previewMemory().contains("GB"));
        QCOMPARE(models.previewPlacement(), QStringLiteral("All 28 layers on Scripted GPU"));
        QVERIFY2(models.previewPlanMemory().endsWith("VRAM, 0 B RAM"), qPrintable(models.previewPlanMemory()));
        QVERIFY2(models.previewSpeed().contains("tokens/s") && models.previewSpeed().contains("300 GB/s VRAM"),
                 qPrintable(models.previewSpeed()));

        models.loadPreviewed();
        QVERIFY(QTest::qWaitFor([&] { return chat.modelReady(); }, 5000));
        QCOMPARE(chat.modelName(), QStringLiteral("Scripted-R1-Distill-7B"));
        QCOMPARE(models.recentModels().value(0), QStringLiteral("/models/r1-7b.gguf"));
        QVERIFY(!models.hasPreview());
    }

    void kvCacheSettingReachesTheEstimateAndTheLoad() {
        app::SettingsController settings;
        auto store = store::ChatStore::open(dir_.path());
        app::ChatController chat(std::move(store).value(), testing::scriptedEngine(), &settings);
        app::ModelController models(testing::scriptedEngine(), &chat, &settings);
        settings.setKvCacheType("q4_1");  // not a cache type: ignored
        QCOMPARE(settings.kvCacheType(), QStringLiteral("f16"));

        // The trained 131,072 positions fit: f16 7.5 GB of context, q8_0 17/32 of it.
        models.inspectPath("/models/r1-7b.gguf");
        QVERIFY(QTest::qWaitFor([&] { return models.hasPreview(); }, 5000));
        QCOMPARE(models.previewContextLength(), 131072);
        QVERIFY2(models.previewMemory().contains("context 7.5 GB"), qPrintable(models.previewMemory()));
        settings.setKvCacheType("q8_0");
        models.inspectPath("/models/r1-7b.gguf");
        QVERIFY(QTest::qWaitFor([&] { return models.hasPreview() && !models.previewMemory().isEmpty(); }, 5000));
        QVERIFY2(models.previewMemory().contains("context 4.0 GB"), qPrintable(models.previewMemory()));
        QCOMPARE(testing::lastCacheTypes().v, KvCacheType::Q8_0);

        testing::lastCacheTypes() = {};
        models.loadPreviewed();
        QVERIFY(QTest::qWaitFor([&] { return chat.modelReady(); }, 5000));
        QCOMPARE(testing::lastCacheTypes().k, KvCacheType::Q8_0);
        QCOMPARE(testing::lastCacheTypes().v, KvCacheType::Q8_0);
        settings.resetToDefaults();
    }

    void theLastModelIsReopenedAtStart() {
        QSettings().clear();
        app::SettingsController settings;
        {
            app::ChatController chat(openStore(), testing::scriptedEngine(), &settings);
            chat.loadModel("/models/last-session.gguf");
            QVERIFY(QTest::qWaitFor([&] { return chat.modelReady(); }, 5000));
        }
        QCOMPARE(settings.lastModel(), QStringLiteral("/models/last-session.gguf"));
        // The next start.
        app::ChatController chat(openStore(), testing::scriptedEngine(), &settings);
        app::ModelController models(testing::scriptedEngine(), &chat, &settings);
        models.reopenLastModel();
        QVERIFY(QTest::qWaitFor([&] { return chat.modelReady(); }, 5000));
        QCOMPARE(models.hasPreview(), false); // the Open model dialog is left alone
    }

    void reopeningCanBeTurnedOff() {
        app::SettingsController settings;
        settings.setLastModel("/models/last-session.gguf");
        settings.setReopenLastModel(false);
        app::ChatController chat(openStore(), testing::scriptedEngine(), &settings);
        app::ModelController models(testing::scriptedEngine(), &chat, &settings);
        models.reopenLastModel();
        QTest::qWait(200);
        QVERIFY(!chat.loading() && !chat.modelReady());
        settings.setReopenLastModel(true);
    }

    void aLastModelThatNoLongerFitsIsNotReopened_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("why");
        QTest::newRow("too big for the device") << "/models/huge.gguf" << "does not fit";
        QTest::newRow("gone") << "/models/missing.gguf" << "no such file";
    }
    void aLastModelThatNoLongerFitsIsNotReopened() {
        QFETCH(QString, path);
        QFETCH(QString, why);
        app::SettingsController settings;
        settings.setLastModel(path);
        app::ChatController chat(openStore(), testing::scriptedEngine(), &settings);
        app::ModelController models(testing::scriptedEngine(), &chat, &settings);
        QSignalSpy notices(&models, &app::ModelController::notice);
        models.reopenLastModel();
        QVERIFY(notices.wait(5000));
        QVERIFY2(notices[0][0].toString().contains(why), qPrintable(notices[0][0].toString()));
        QVERIFY(!chat.loading() && !chat.modelReady());
    }

    // A model larger than the GPU is planned as a split: as many layers as fit on the GPU, the rest and
    // the output on the CPU, with both memories and the slower speed that follows.
    void aModelLargerThanTheGpuIsPlannedAsASplit() {
        app::SettingsController settings;
        app::ChatController chat(openStore(), testing::scriptedEngine(), &settings);
        app::ModelController models(testing::scriptedEngine(), &chat, &settings);
        models.inspectPath("/models/huge.gguf");
        QVERIFY(QTest::qWaitFor([&] { return models.hasPreview(); }, 5000));
        QVERIFY(!models.previewFits());
        // 40 GB: 28 layers of 1.29 GB (and 8.4 MB of KV cache each at 4096 positions) beside 300 MB of scratch
        // in 24 GB: 18 layers.
        QCOMPARE(models.previewPlacement(), QStringLiteral("18 of 28 layers on Scripted GPU, the rest on the CPU"));
        QVERIFY2(models.previewPlanMemory().contains("GB VRAM") && models.previewPlanMemory().contains("GB RAM"),
                 qPrintable(models.previewPlanMemory()));
        QVERIFY2(models.previewSpeed().contains("300 GB/s VRAM, 30 GB/s RAM"), qPrintable(models.previewSpeed()));
    }

    void aModelTooLargeEvenForTheRamSaysSo() {
        app::ModelPreview preview;
        LoadPlan plan;
        plan.problem = "the model needs 80.0 GiB of RAM but 60.0 GiB of RAM is free";
        app::describePlan(plan, preview);
        QVERIFY2(preview.placement.startsWith("Too large for this machine: the model needs 80.0 GiB"),
                 qPrintable(preview.placement));
        QVERIFY(preview.planMemory.isEmpty() && preview.expectedSpeed.isEmpty());
    }

    void unreadableModelsExplainWhy() {
        app::SettingsController settings;
        auto store = store::ChatStore::open(dir_.path());
        app::ChatController chat(std::move(store).value(), testing::scriptedEngine(), &settings);
        app::ModelController models(testing::scriptedEngine(), &chat, &settings);
        models.inspectPath("/models/missing.gguf");
        QVERIFY(QTest::qWaitFor([&] { return models.hasPreview(); }, 5000));
        QVERIFY(models.previewError().contains("no such file"));
        models.loadPreviewed(); // refused: nothing starts loading
        QVERIFY(!chat.loading());
    }
};

QTEST_MAIN(ModelControllerTest)
#include "model_controller_test.moc"
