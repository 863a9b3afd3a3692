// The command line: ponder [--data-dir DIR] [--model FILE.gguf | --remote-model SERVER/MODEL]
// [--new-chat TEXT] [--version]
// [--download REPO[/FILE]] (and --screenshot, --show, --measure-startup for docs and checks; see --help)
#pragma once

#include <QString>
#include <QStringList>

namespace ponder::app {

struct AppOptions {
    QString dataDir;        // defaults to the platform's app data location
    QString modelPath;      // loaded at start when set
    QString remoteServer, remoteModel; // or this model on the remote server of this name (Settings)
    QString newChatText;    // sent as the first message of a new chat once the model is ready
    QString screenshotPath; // save a picture of the window and quit (for docs and visual checks)
    int screenshotDelayMs = 1500;
    QString showPanel; // "settings" or "model": opened at start
    QString inspectPath;       // shown in the model dialog's summary, not loaded
    QStringList importPaths;   // conversation exports (JSON) added to the history at start
    QString downloadReference; // a Hugging Face repo listed (and a file in it downloaded) at start
    bool measureStartup = false; // print the time to the first frame and quit

    bool showVersion = false;
    QString error; // plain words, when the command line is wrong
};

AppOptions parseAppOptions(const QStringList& arguments);

// What a second launch passes to the running Ponder (--model, --new-chat, --import, --show, --download),
// as one line of JSON with absolute paths, and back.
QByteArray handOverRequest(const AppOptions& options);
AppOptions parseHandOverRequest(const QByteArray& request);

} // namespace ponder::app
