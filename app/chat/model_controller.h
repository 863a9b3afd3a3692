// Opening a model: what is in the file and whether it fits, shown before loading; recent models.
// Reading the file header runs on a pool thread so the window never stalls on a slow disk.
#pragma once

#include "chat/engine_api.h"

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace ponder::app {

class ChatController;
class SettingsController;

// What the "open model" summary shows: inspect_model + estimate_memory and its load plan, as display values.
struct ModelPreview {
    QString path, error; // error: plain words when the file cannot be used
    QString name, architecture, quantization, parameters, fileSize, memoryNeeded, deviceName;
    QString placement, planMemory, expectedSpeed; // the load plan: where the layers go, VRAM and RAM, tokens/s
    int layers = 0, maxContext = 0;  // maxContext: longest usable context (RoPE scaling included)
    int contextLength = 0;           // what loading would choose (chooseContext), and why
    QString contextReason;
    bool fits = false;
};

QString formatBytes(quint64 bytes);      // "4.7 GB"
QString formatParameters(quint64 count); // "7.6 B"
// The plan in words: where the layers run, the VRAM and RAM they take, the decode speed to expect.
void describePlan(const LoadPlan& plan, ModelPreview& preview);
// contextLength: the user's explicit minimum (0: none); the preview holds the context loading would choose.
ModelPreview previewModel(const EngineApi& engine, const QString& path, int contextLength, int deviceIndex,
                          const QString& kvCacheType);

class ModelController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(bool inspecting READ inspecting NOTIFY previewChanged)
    Q_PROPERTY(bool hasPreview READ hasPreview NOTIFY previewChanged)
    Q_PROPERTY(QString previewPath READ previewPath NOTIFY previewChanged)
    Q_PROPERTY(QString previewError READ previewError NOTIFY previewChanged)
    Q_PROPERTY(QString previewName READ previewName NOTIFY previewChanged)
    Q_PROPERTY(QString previewArchitecture READ previewArchitecture NOTIFY previewChanged)
    Q_PROPERTY(QString previewQuantization READ previewQuantization NOTIFY previewChanged)
    Q_PROPERTY(QString previewParameters READ previewParameters NOTIFY previewChanged)
    Q_PROPERTY(QString previewFileSize READ previewFileSize NOTIFY previewChanged)
    Q_PROPERTY(QString previewMemory READ previewMemory NOTIFY previewChanged)
    Q_PROPERTY(QString previewDevice READ previewDevice NOTIFY previewChanged)
    Q_PROPERTY(QString previewPlacement READ previewPlacement NOTIFY previewChanged)
    Q_PROPERTY(QString previewPlanMemory READ previewPlanMemory NOTIFY previewChanged)
    Q_PROPERTY(QString previewSpeed READ previewSpeed NOTIFY previewChanged)
    Q_PROPERTY(int previewMaxContext READ previewMaxContext NOTIFY previewChanged)
    Q_PROPERTY(int previewContextLength READ previewContextLength NOTIFY previewChanged)
    Q_PROPERTY(QString previewContextReason READ previewContextReason NOTIFY previewChanged)
    Q_PROPERTY(bool previewFits READ previewFits NOTIFY previewChanged)
    Q_PROPERTY(QStringList recentModels READ recentModels NOTIFY recentModelsChanged)

  public:
    ModelController(EngineApi engine, ChatController* chat, SettingsController* settings,
                    QObject* parent = nullptr);
    static ModelController* create(QQmlEngine*, QJSEngine*);
    static void setInstance(ModelController* instance);

    bool inspecting() const { return inspecting_; }
    bool hasPreview() const { return !preview_.path.isEmpty() && !inspecting_; }
    QString previewPath() const { return preview_.path; }
    QString previewError() const { return preview_.error; }
    QString previewName() const { return preview_.name; }
    QString previewArchitecture() const { return preview_.architecture; }
    QString previewQuantization() const { return preview_.quantization; }
    QString previewParameters() const { return preview_.parameters; }
    QString previewFileSize() const { return preview_.fileSize; }
    QString previewMemory() const { return preview_.memoryNeeded; }
    QString previewDevice() const { return preview_.deviceName; }
    QString previewPlacement() const { return preview_.placement; }
    QString previewPlanMemory() const { return preview_.planMemory; }
    QString previewSpeed() const { return preview_.expectedSpeed; }
    int previewMaxContext() const { return preview_.maxContext; }
    int previewContextLength() const { return preview_.contextLength; }
    QString previewContextReason() const { return preview_.contextReason; }
    bool previewFits() const { return preview_.fits; }
    QStringList recentModels() const;

    // Reads the model's header and memory estimate; the result arrives through previewChanged.
    Q_INVOKABLE void inspect(const QUrl& file);
    Q_INVOKABLE void inspectPath(const QString& path);
    Q_INVOKABLE void loadPreviewed();
    Q_INVOKABLE void clearPreview();
    Q_INVOKABLE void forgetRecent(const QString& path);
    // At start: loads the last session's model if the setting asks for it and it still fits;
    // otherwise says why not (notice).
    void reopenLastModel();

  signals:
    void previewChanged();
    void recentModelsChanged();
    void notice(const QString& message); // plain words for a toast

  private:
    void rememberRecent(const QString& path);
    EngineApi engine_;
    ChatController* chat_;
    SettingsController* settings_;
    ModelPreview preview_;
    QFutureWatcher<ModelPreview> watcher_;
    // Until the watcher's finished() has delivered the result: the future itself stops running
    // earlier, while preview_ still holds only the path.
    bool inspecting_ = false;
    QFutureWatcher<ModelPreview> reopenWatcher_;
};

} // namespace ponder::app
