#include "chat/model_controller.h"

#include "chat/chat_controller.h"
#include "chat/context_choice.h"
#include "chat/settings_controller.h"

#include <QFileInfo>
#include <QJSEngine>
#include <QSettings>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace ponder::app {

namespace {
ModelController* g_instance = nullptr;
constexpr int kMaxRecentModels = 8;
constexpr auto kRecentKey = "model/recent";
} // namespace

QString formatBytes(quint64 bytes) {
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    double value = double(bytes);
    int unit = 0;
    while (value >= 1000 && unit < 4) {
        value /= 1000;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(value, 0, 'f', unit == 0 ? 0 : 1).arg(QLatin1String(units[unit]));
}

QString formatParameters(quint64 count) {
    if (count >= 1'000'000'000)
        return QStringLiteral("%1 B").arg(double(count) / 1e9, 0, 'f', 1);
    if (count >= 1'000'000)
        return QStringLiteral("%1 M").arg(double(count) / 1e6, 0, 'f', 1);
    return QString::number(count);
}

void describePlan(const LoadPlan& plan, ModelPreview& preview) {
    const QString gpu = QString::fromStdString(plan.gpu_name);
    switch (plan.verdict) {
    case PlanVerdict::Gpu:
        preview.placement = QObject::tr("All %1 layers on %2").arg(plan.n_layers).arg(gpu);
        break;
    case PlanVerdict::Split:
        preview.placement =
            QObject::tr("%1 of %2 layers on %3, the rest on the CPU").arg(plan.gpu_layers).arg(plan.n_layers).arg(gpu);
        break;
    case PlanVerdict::Cpu:
        preview.placement = QObject::tr("All %1 layers on the CPU").arg(plan.n_layers);
        break;
    case PlanVerdict::TooLarge:
        preview.placement = QObject::tr("Too large for this machine: %1").arg(QString::fromStdString(plan.problem));
        preview.planMemory.clear();
        preview.expectedSpeed.clear();
        return;
    }
    preview.planMemory = QObject::tr("%1 VRAM, %2 RAM").arg(formatBytes(plan.vram_bytes), formatBytes(plan.ram_bytes));
    QString assumed = plan.verdict == PlanVerdict::Cpu
                          ? QObject::tr("%1 GB/s RAM").arg(plan.ram_bandwidth_gb_per_s)
                          : QObject::tr("%1 GB/s VRAM").arg(plan.gpu_bandwidth_gb_per_s);
    if (plan.verdict == PlanVerdict::Split)
        assumed += QObject::tr(", %1 GB/s RAM").arg(plan.ram_bandwidth_gb_per_s);
    preview.expectedSpeed = QObject::tr("up to %1 tokens/s (memory bandwidth bound, assuming %2)")
                                .arg(plan.decode_tokens_per_s, 0, 'f', 1)
                                .arg(assumed);
}

ModelPreview previewModel(const EngineApi& engine, const QString& path, int contextLength, int deviceIndex,
                          const QString& kvCacheType) {
    ModelPreview preview;
    preview.path = path;
    auto info = engine.inspect(path.toStdString());
    if (!info) {
        preview.error = QString::fromStdString(info.error().message);
        return preview;
    }
    preview.name = QString::fromStdString(
        info->name.empty() ? QFileInfo(path).completeBaseName().toStdString() : info->name);
    preview.architecture = QString::fromStdString(info->architecture);
    preview.quantization = QString::fromStdString(info->quantization);
    preview.parameters = formatParameters(info->n_params);
    preview.fileSize = formatBytes(info->file_size);
    preview.layers = int(info->n_layers);
    preview.maxContext = int(info->n_ctx_max);
    LoadOptions options;
    options.device_index = deviceIndex;
    options.cache_types = kvCacheTypesFor(kvCacheType);
    const ContextChoice context =
        chooseContext(info->n_ctx_max, uint32_t(std::max(contextLength, 0)), [&](uint32_t n) {
            LoadOptions probe = options;
            probe.context_length = n;
            return engine.estimate(path.toStdString(), probe);
        });
    preview.contextLength = context.length;
    preview.contextReason = context.reason;
    options.context_length = uint32_t(context.length);
    auto memory = engine.estimate(path.toStdString(), options);
    if (!memory) {
        preview.error = QString::fromStdString(memory.error().message);
        return preview;
    }
    preview.memoryNeeded =
        (memory->device_bytes ? QObject::tr("%1 of %2 (weights %3, context %4)")
                              : QObject::tr("%1 (weights %3, context %4)%2"))
            .arg(formatBytes(memory->weights_bytes + memory->kv_cache_bytes + memory->scratch_bytes),
                 memory->device_bytes ? formatBytes(memory->device_bytes) : QString(),
                 formatBytes(memory->weights_bytes), formatBytes(memory->kv_cache_bytes));
    preview.deviceName = QString::fromStdString(memory->device_name);
    preview.fits = memory->fits;
    describePlan(memory->plan, preview);
    return preview;
}

ModelController::ModelController(EngineApi engine, ChatController* chat, SettingsController* settings,
                                 QObject* parent)
    : QObject(parent), engine_(std::move(engine)), chat_(chat), settings_(settings) {
    connect(&watcher_, &QFutureWatcher<ModelPreview>::finished, this, [this] {
        preview_ = watcher_.result();
        inspecting_ = false;
        emit previewChanged();
    });
    connect(&reopenWatcher_, &QFutureWatcher<ModelPreview>::finished, this, [this] {
        const ModelPreview last = reopenWatcher_.result();
        const QString name = QFileInfo(last.path).fileName();
        if (!last.error.isEmpty())
            emit notice(tr("The last model, %1, was not reopened: %2").arg(name, last.error));
        else if (!last.fits)
            emit notice(tr("The last model, %1, was not reopened: it does not fit in the device memory at "
                           "this context length.").arg(name));
        else if (!chat_->loading() && !chat_->modelReady())
            chat_->loadModel(last.path);
    });
}

ModelController* ModelController::create(QQmlEngine*, QJSEngine*) {
    Q_ASSERT_X(g_instance, "ModelController", "main() sets the instance before loading QML");
    QJSEngine::setObjectOwnership(g_instance, QJSEngine::CppOwnership);
    return g_instance;
}

void ModelController::setInstance(ModelController* instance) {
    g_instance = instance;
}

QStringList ModelController::recentModels() const {
    return QSettings().value(kRecentKey).toStringList();
}

void ModelController::inspect(const QUrl& file) {
    inspectPath(file.isLocalFile() ? file.toLocalFile() : file.toString());
}

void ModelController::inspectPath(const QString& path) {
    if (inspecting_ || path.isEmpty())
        return;
    preview_ = ModelPreview{path};
    inspecting_ = true;
    watcher_.setFuture(
        QtConcurrent::run(previewModel, engine_, path, settings_->contextLength(), settings_->deviceIndex(),
                          settings_->kvCacheType()));
    emit previewChanged();
}

void ModelController::reopenLastModel() {
    const QString path = settings_->lastModel();
    if (!settings_->reopenLastModel() || path.isEmpty() || reopenWatcher_.isRunning())
        return;
    reopenWatcher_.setFuture(
        QtConcurrent::run(previewModel, engine_, path, settings_->contextLength(), settings_->deviceIndex(),
                          settings_->kvCacheType()));
}

void ModelController::loadPreviewed() {
    if (!hasPreview() || !preview_.error.isEmpty())
        return;
    rememberRecent(preview_.path);
    chat_->loadModel(preview_.path);
    clearPreview();
}

void ModelController::clearPreview() {
    preview_ = {};
    emit previewChanged();
}

void ModelController::rememberRecent(const QString& path) {
    QStringList recent = recentModels();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecentModels)
        recent.removeLast();
    QSettings().setValue(kRecentKey, recent);
    emit recentModelsChanged();
}

void ModelController::forgetRecent(const QString& path) {
    QStringList recent = recentModels();
    if (recent.removeAll(path) == 0)
        return;
    QSettings().setValue(kRecentKey, recent);
    emit recentModelsChanged();
}

} // namespace ponder::app
