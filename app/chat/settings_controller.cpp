#include "chat/settings_controller.h"

#include <QJSEngine>
#include <QJsonDocument>
#include <QJsonObject>

namespace ponder::app {

namespace {
SettingsController* g_instance = nullptr;
}

SettingsController::SettingsController(QObject* parent) : QObject(parent) {}

SettingsController* SettingsController::create(QQmlEngine*, QJSEngine*) {
    // QML tests run without main(): they get their own instance, owned by the engine.
    if (!g_instance)
        return new SettingsController;
    QJSEngine::setObjectOwnership(g_instance, QJSEngine::CppOwnership);
    return g_instance;
}

void SettingsController::setInstance(SettingsController* instance) {
    g_instance = instance;
}

void SettingsController::set(const char* key, const QVariant& v) {
    if (settings_.value(key) == v)
        return;
    settings_.setValue(key, v);
    emit changed();
}

QString SettingsController::defaultSamplingJson() const {
    const QJsonObject o{
        {"temperature", temperature()},      {"top_k", topK()},          {"top_p", topP()}, {"min_p", minP()},
        {"repeat_penalty", repeatPenalty()}, {"max_tokens", maxTokens()}};
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

SamplingParams SettingsController::samplingFor(const QString& overridesJson) const {
    const QJsonObject o = QJsonDocument::fromJson(overridesJson.toUtf8()).object();
    SamplingParams p;
    p.temperature = float(o.value("temperature").toDouble(temperature()));
    p.top_k = o.value("top_k").toInt(topK());
    p.top_p = float(o.value("top_p").toDouble(topP()));
    p.min_p = float(o.value("min_p").toDouble(minP()));
    p.repeat_penalty = float(o.value("repeat_penalty").toDouble(repeatPenalty()));
    p.max_tokens = o.value("max_tokens").toInt(maxTokens());
    if (p.max_tokens <= 0) // the setting's 0: no limit but the context
        p.max_tokens = SamplingParams::kUntilContextFull;
    p.seed = uint64_t(o.value("seed").toInteger(0));
    return p;
}

void SettingsController::resetToDefaults() {
    for (const char* group : {"sampling", "chat", "model", "ui", "reasoning", "server"})
        settings_.remove(group);
    emit changed();
}

} // namespace ponder::app
