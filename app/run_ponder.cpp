#include "run_ponder.h"

#include "app_options.h"
#include "chat/chat_controller.h"
#include "chat/model_controller.h"
#include "chat/settings_controller.h"
#include "library/download_controller.h"
#include "library/library_controller.h"
#include "secrets/keychain_secret_store.h"
#include "remote/remote_endpoints.h"
#include "runtime_dir.h"
#include "single_instance.h"
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

void bringToFront(QQuickWindow* window) {
    if (!window)
        return;
    if (window->windowStates() & Qt::WindowMinimized)
        window->showNormal();
    window->show();
    window->raise();
    window->requestActivate();
    window->alert(0); // where the window manager refuses focus, it marks the window instead
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
    // From the start: a SIGTERM that arrives while the history opens still quits cleanly, once
    // the event loop runs.
    quitOnSigterm(app);
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
    // One process per data directory: a second launch passes its request on and leaves.
    SingleInstance instance(options.dataDir);
    const auto claimed = instance.claimOrHandOver(handOverRequest(options));
    if (!claimed) {
        std::fprintf(stderr, "ponder: %s\n", claimed.error().message.c_str());
        return 1;
    }
    if (!*claimed) {
        std::printf("ponder: passed on to the Ponder already open on %s\n", qPrintable(options.dataDir));
        return 0;
    }
    // Only the owner of the data directory opens the history, so the replies its recovery marks
    // 'interrupted' belong to no live process.
    auto store = store::ChatStore::open(options.dataDir);
    if (!store) {
        std::fprintf(stderr, "ponder: %s\n", store.error().message.c_str());
        return 1;
    }

    SettingsController settings;
    // Remote servers: API keys in the OS keychain, model lists only when the user asks.
    KeychainSecretStore keychain;
    RemoteEndpoints remoteEndpoints(engine, &keychain);
    ChatController chat(std::move(store).value(), engine, &settings);
    chat.setRemoteEndpoints(&remoteEndpoints);
    ModelController models(engine, &chat, &settings);
    // The library scans the standard folders (Ponder's own is <data dir>/models) and caches headers
    // beside the history.
    LibraryController library(engine, &chat,
                              library::standardScanRoots(library::Environment::current(options.dataDir + "/models")),
                              options.dataDir + "/library.sqlite");
    // Downloads go to Ponder's models folder; HF_ENDPOINT points them at a mirror (as in huggingface_hub).
    library::HubEndpoint hub;
    if (const QString endpoint = qEnvironmentVariable("HF_ENDPOINT"); !endpoint.isEmpty()) hub.base = QUrl(endpoint);
    library::HubTokenStore tokens(keychain);
    DownloadController downloads(options.dataDir + "/models", hub, &tokens, &library);
    SettingsController::setInstance(&settings);
    ChatController::setInstance(&chat);
    ModelController::setInstance(&models);
    LibraryController::setInstance(&library);
    DownloadController::setInstance(&downloads);
    RemoteEndpoints::setInstance(&remoteEndpoints);
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &chat, &ChatController::shutdown);

    QQuickStyle::setStyle(QStringLiteral("Basic"));
    QQmlApplicationEngine qml;
    qml.addImportPath(QStringLiteral("qrc:/qt/qml"));
    qml.load(QUrl(QStringLiteral("qrc:/qt/qml/Ponder/Main.qml")));
    if (qml.rootObjects().isEmpty())
        return 1;
    auto* window = qobject_cast<QQuickWindow*>(qml.rootObjects().first());

    // What the command line asks for; later launches ask the same through the socket.
    auto open = [&](const AppOptions& request) {
        for (const QString& path : request.importPaths)
            chat.importConversation(QUrl::fromLocalFile(path));
        if (!request.showPanel.isEmpty()) {
            window->setProperty("startupPanel", QString());
            window->setProperty("startupPanel", request.showPanel);
        }
        if (!request.downloadReference.isEmpty()) {
            window->setProperty("startupPanel", QString());
            window->setProperty("startupPanel", QStringLiteral("download"));
            downloads.fetch(request.downloadReference);
        }
        if (!request.modelPath.isEmpty())
            chat.loadModel(request.modelPath);
        else if (!request.remoteModel.isEmpty())
            chat.useRemoteModelNamed(request.remoteServer, request.remoteModel);
        if (!request.newChatText.isEmpty()) {
            chat.newChat();
            chat.send(request.newChatText); // waits for the model while it loads
        }
    };
    if (!options.inspectPath.isEmpty())
        models.inspectPath(options.inspectPath);
    open(options);
    if (options.modelPath.isEmpty() && options.remoteModel.isEmpty())
        models.reopenLastModel();
    QObject::connect(&instance, &SingleInstance::requestReceived, &chat, [&](const QByteArray& request) {
        open(parseHandOverRequest(request));
        bringToFront(window);
    });
    if (!options.screenshotPath.isEmpty())
        saveScreenshotLater(qml, options);
    if (options.measureStartup)
        reportFirstFrameAndQuit(qml);
    return app.exec();
}

} // namespace ponder::app
