#include "app_options.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace ponder::app {

AppOptions parseAppOptions(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Ponder: chat with reasoning models on your own machine."));
    parser.addHelpOption();
    const QCommandLineOption version(QStringLiteral("version"),
                                     QStringLiteral("Print the version and exit."));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QStringLiteral("Where the chat history lives."), QStringLiteral("DIR"));
    const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("Load this model at start."),
                                   QStringLiteral("FILE.gguf"));
    const QCommandLineOption newChat(
        QStringLiteral("new-chat"),
        QStringLiteral("Start a new chat with this message once the model is loaded."),
        QStringLiteral("TEXT"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Save a picture of the window to FILE.png and quit."),
                                        QStringLiteral("FILE.png"));
    const QCommandLineOption screenshotDelay(QStringLiteral("screenshot-delay"),
                                             QStringLiteral("Milliseconds to wait before the screenshot."),
                                             QStringLiteral("MS"), QStringLiteral("1500"));
    const QCommandLineOption show(QStringLiteral("show"),
                                  QStringLiteral("Open a panel at start: settings, remote-servers, model or library."),
                                  QStringLiteral("PANEL"));
    const QCommandLineOption measureStartup(
        QStringLiteral("measure-startup"),
        QStringLiteral("Print the milliseconds from process start to the first frame shown, then quit."));
    const QCommandLineOption inspect(QStringLiteral("inspect"),
                                     QStringLiteral("Show this model's summary in the Open model dialog."),
                                     QStringLiteral("FILE.gguf"));
    const QCommandLineOption import(QStringLiteral("import"),
                                    QStringLiteral("Add this exported conversation to the history and open it "
                                                   "(may be repeated)."),
                                    QStringLiteral("FILE.json"));
    const QCommandLineOption download(QStringLiteral("download"),
                                      QStringLiteral("List a Hugging Face repo in the library's Download tab; with a "
                                                     "file (owner/repo/file.gguf or its address), download it."),
                                      QStringLiteral("REPO[/FILE]"));
    const QCommandLineOption remoteModel(
        QStringLiteral("remote-model"),
        QStringLiteral("Chat with MODEL on the remote server named SERVER in Settings → Remote servers."),
        QStringLiteral("SERVER/MODEL"));
    parser.addOptions({version, dataDir, model, newChat, screenshot, screenshotDelay, show, measureStartup,
                       inspect, import, download, remoteModel});

    AppOptions options;
    if (!parser.parse(arguments)) {
        options.error = parser.errorText();
        return options;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0); // exits
    options.showVersion = parser.isSet(version);
    options.dataDir = parser.isSet(dataDir)
                          ? parser.value(dataDir)
                          : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    options.modelPath = parser.value(model);
    options.newChatText = parser.value(newChat);
    options.screenshotPath = parser.value(screenshot);
    options.showPanel = parser.value(show);
    options.measureStartup = parser.isSet(measureStartup);
    options.inspectPath = parser.value(inspect);
    options.importPaths = parser.values(import);
    options.downloadReference = parser.value(download);
    if (parser.isSet(remoteModel)) {
        const QString value = parser.value(remoteModel);
        const qsizetype slash = value.indexOf(QLatin1Char('/')); // model names may hold more slashes
        options.remoteServer = value.left(slash).trimmed();
        options.remoteModel = slash < 0 ? QString() : value.mid(slash + 1).trimmed();
        if (options.remoteServer.isEmpty() || options.remoteModel.isEmpty())
            options.error = QStringLiteral("--remote-model takes SERVER/MODEL, e.g. gpu-box/Qwen/QwQ-32B");
    }
    if (!options.showPanel.isEmpty() && options.showPanel != QLatin1String("settings") &&
        options.showPanel != QLatin1String("remote-servers") && options.showPanel != QLatin1String("model") &&
        options.showPanel != QLatin1String("library"))
        options.error = QStringLiteral("--show takes 'settings', 'remote-servers', 'model' or 'library'");
    bool ok = false;
    options.screenshotDelayMs = parser.value(screenshotDelay).toInt(&ok);
    if (!ok)
        options.error = QStringLiteral("--screenshot-delay needs a number of milliseconds");
    if (!parser.positionalArguments().isEmpty())
        options.error = QStringLiteral("Unexpected argument: %1").arg(parser.positionalArguments().first());
    return options;
}

QByteArray handOverRequest(const AppOptions& options) {
    auto absolute = [](const QString& path) { return path.isEmpty() ? path : QFileInfo(path).absoluteFilePath(); };
    QJsonArray imports;
    for (const QString& path : options.importPaths)
        imports.append(absolute(path));
    const QJsonObject request{{"model", absolute(options.modelPath)},
                              {"new_chat", options.newChatText},
                              {"import", imports},
                              {"show", options.showPanel},
                              {"download", options.downloadReference},
                              {"remote_server", options.remoteServer},
                              {"remote_model", options.remoteModel}};
    return QJsonDocument(request).toJson(QJsonDocument::Compact);
}

AppOptions parseHandOverRequest(const QByteArray& request) {
    const QJsonObject o = QJsonDocument::fromJson(request).object();
    AppOptions options;
    options.modelPath = o.value("model").toString();
    options.newChatText = o.value("new_chat").toString();
    for (const QJsonValue& path : o.value("import").toArray())
        options.importPaths << path.toString();
    const QString show = o.value("show").toString();
    if (show == QLatin1String("settings") || show == QLatin1String("remote-servers") || show == QLatin1String("model"))
        options.showPanel = show;
    options.downloadReference = o.value("download").toString();
    options.remoteServer = o.value("remote_server").toString();
    options.remoteModel = o.value("remote_model").toString();
    return options;
}

} // namespace ponder::app
