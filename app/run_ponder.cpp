#include "run_ponder.h"

#include "app_options.h"
#include "chat/chat_controller.h"
#include "chat/model_controller.h"
#include "chat/settings_controller.h"
#include "runtime_dir.h"
#include "startup_clock.h"

#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSocketNotifier>
#include <QTimer>
#include <QtQml/QQmlExtensionPlugin>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

Q_IMPORT_QML_PLUGIN(PonderPlugin)
Q_IMPORT_QML_PLUGIN(Ponder_BackendPlugin)

namespace ponder::app {

namespace {

int g_signalFds[2] = {-1, -1};

// Only async-signal-safe work here: wake the event loop, which quits cleanly.
void onTerminate(int) {
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalFds[0], &byte, 1);
}

void quitOnSigterm(QGuiApplication& app) {
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0)
        return;
    auto* notifier = new QSocketNotifier(g_signalFds[1], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [&app] { app.quit(); });
    struct sigaction action = {};
    action.sa_handler = onTerminate;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
}

void saveScreenshotLater(QQmlApplicationEngine& engine, const AppOptions& options) {
    QTimer::singleShot(options.screenshotDelayMs, &engine, [&engine, path = options.screenshotPath] {
        auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().value(0));
        if (!window || !window->grabWindow().save(path))
            std::fprintf(stderr, "ponder: could not save the screenshot to %s\n", qPrintable(path));
        QCoreApplication::quit();
    });
}

// The window is interactive once its first frame is on screen.
void reportFirstFrameAndQuit(QQmlApplicationEngine& engine) {
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().value(0));
    if (!window)
        return;
    QObject::connect(window, &QQuickWindow::frameSwapped, window, [] {
        std::printf("ponder: first frame %.1f ms after process start\n", msSinceProcessStart());
        std::fflush(stdout);
        QCoreApplication::quit();
    }, Qt::SingleShotConnection);
}

} // namespace

int runPonder(int argc, char** argv, EngineApi engine) {
    // Answered before QGuiApplication exists, which needs a display (or aborts) to be created.
    if (argc == 2 && std::strcmp(argv[1], "--version") == 0) {
        std::printf("ponder %s\n", PONDER_VERSION);
        return 0;
    }
    ensurePrivateRuntimeDir();
    QGuiApplication app(argc, argv);
    QGuiApplication::setOrganizationName(QStringLiteral("Ponder"));
    QGuiApplication::setApplicationName(QStringLiteral("Ponder"));
    QGuiApplication::setApplicationVersion(QStringLiteral(PONDER_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("ponder"));

    const AppOptions options = parseAppOptions(QCoreApplication::arguments());
    if (!options.error.isEmpty()) {
        std::fprintf(stderr, "ponder: %s\nTry 'ponder --help'.\n", qPrintable(options.error));
        return 2;
    }
    if (options.showVersion) {
        std::printf("ponder %s\n", PONDER_VERSION);
        return 0;
    }
    auto store = store::ChatStore::open(options.dataDir);
    if (!store) {
        std::fprintf(stderr, "ponder: %s\n", store.error().message.c_str());
        return 1;
    }

    SettingsController settings;
    ChatController chat(std::move(store).value(), engine, &settings);
    ModelController models(engine, &chat, &settings);
    SettingsController::setInstance(&settings);
    ChatController::setInstance(&chat);
    ModelController::setInstance(&models);
    quitOnSigterm(app);
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &chat, &ChatController::shutdown);

    QQuickStyle::setStyle(QStringLiteral("Basic"));
    QQmlApplicationEngine qml;
    qml.addImportPath(QStringLiteral("qrc:/qt/qml"));
    qml.load(QUrl(QStringLiteral("qrc:/qt/qml/Ponder/Main.qml")));
    if (qml.rootObjects().isEmpty())
        return 1;

    for (const QString& path : options.importPaths)
        chat.importConversation(QUrl::fromLocalFile(path));
    if (!options.inspectPath.isEmpty())
        models.inspectPath(options.inspectPath);
    if (!options.showPanel.isEmpty())
        qml.rootObjects().first()->setProperty("startupPanel", options.showPanel);
    if (!options.modelPath.isEmpty())
        chat.loadModel(options.modelPath);
    if (!options.newChatText.isEmpty()) {
        chat.newChat();
        chat.send(options.newChatText); // waits for the model while it loads
    }
    if (!options.screenshotPath.isEmpty())
        saveScreenshotLater(qml, options);
    if (options.measureStartup)
        reportFirstFrameAndQuit(qml);
    return app.exec();
}

} // namespace ponder::app
