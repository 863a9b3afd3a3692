// Defaults for new conversations and the app's look, kept in QSettings.
#pragma once

#include "chat/chat_session.h"

#include <QObject>
#include <QSettings>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace ponder::app {

class SettingsController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(double temperature READ temperature WRITE setTemperature NOTIFY changed)
    Q_PROPERTY(int topK READ topK WRITE setTopK NOTIFY changed)
    Q_PROPERTY(double topP READ topP WRITE setTopP NOTIFY changed)
    Q_PROPERTY(double minP READ minP WRITE setMinP NOTIFY changed)
    Q_PROPERTY(double repeatPenalty READ repeatPenalty WRITE setRepeatPenalty NOTIFY changed)
    // 0: until the context is full (reasoning models think for thousands of tokens).
    Q_PROPERTY(int maxTokens READ maxTokens WRITE setMaxTokens NOTIFY changed)
    Q_PROPERTY(QString systemPrompt READ systemPrompt WRITE setSystemPrompt NOTIFY changed)
    // Reasoning tokens before Ponder ends the trace and lets the model answer (0: no limit); the
    // sentence it writes into the trace first.
    Q_PROPERTY(int thinkingBudget READ thinkingBudget WRITE setThinkingBudget NOTIFY changed)
    Q_PROPERTY(QString budgetTransition READ budgetTransition WRITE setBudgetTransition NOTIFY changed)
    // 0: automatic (the longest that fits, up to the model's trained context); otherwise the least to load with.
    Q_PROPERTY(int contextLength READ contextLength WRITE setContextLength NOTIFY changed)
    Q_PROPERTY(int deviceIndex READ deviceIndex WRITE setDeviceIndex NOTIFY changed)
    // KV cache storage for keys and values: "f16", "q8_0" (about half the memory) or "q4_0" (about a quarter).
    Q_PROPERTY(QString kvCacheType READ kvCacheType WRITE setKvCacheType NOTIFY changed)
    // Load the model of the last session at start (when it still fits).
    Q_PROPERTY(bool reopenLastModel READ reopenLastModel WRITE setReopenLastModel NOTIFY changed)
    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY changed) // "system", "light", "dark"
    Q_PROPERTY(int fontSize READ fontSize WRITE setFontSize NOTIFY changed)
    // The local API server: OpenAI-compatible HTTP on 127.0.0.1:port for other programs, off by
    // default; with a key, requests need "Authorization: Bearer <key>".
    Q_PROPERTY(bool localServerEnabled READ localServerEnabled WRITE setLocalServerEnabled NOTIFY changed)
    Q_PROPERTY(int localServerPort READ localServerPort WRITE setLocalServerPort NOTIFY changed)
    Q_PROPERTY(QString localServerKey READ localServerKey WRITE setLocalServerKey NOTIFY changed)

  public:
    explicit SettingsController(QObject* parent = nullptr);
    static SettingsController* create(QQmlEngine*, QJSEngine*);
    static void setInstance(SettingsController* instance);

    double temperature() const { return value("sampling/temperature", 0.6).toDouble(); }
    int topK() const { return value("sampling/top_k", 40).toInt(); }
    double topP() const { return value("sampling/top_p", 0.95).toDouble(); }
    double minP() const { return value("sampling/min_p", 0.0).toDouble(); }
    double repeatPenalty() const { return value("sampling/repeat_penalty", 1.0).toDouble(); }
    int maxTokens() const { return value("sampling/max_tokens", 0).toInt(); }
    QString systemPrompt() const { return value("chat/system_prompt", QString()).toString(); }
    int thinkingBudget() const { return value("reasoning/budget", 0).toInt(); }
    QString budgetTransition() const {
        return value("reasoning/transition", tr("Considering the limited time, I have to give the answer now."))
            .toString();
    }
    int contextLength() const { return value("model/context_length", 0).toInt(); }
    int deviceIndex() const { return value("model/device_index", -1).toInt(); }
    QString kvCacheType() const { return value("model/kv_cache_type", QStringLiteral("f16")).toString(); }
    bool reopenLastModel() const { return value("model/reopen_last", true).toBool(); }
    QString lastModel() const { return value("model/last", QString()).toString(); }
    QString theme() const { return value("ui/theme", QStringLiteral("system")).toString(); }
    int fontSize() const { return value("ui/font_size", 14).toInt(); }
    bool localServerEnabled() const { return value("server/enabled", false).toBool(); }
    int localServerPort() const { return value("server/port", 8080).toInt(); }
    QString localServerKey() const { return value("server/api_key", QString()).toString(); }

    void setTemperature(double v) { set("sampling/temperature", qBound(0.0, v, 2.0)); }
    void setTopK(int v) { set("sampling/top_k", qBound(0, v, 1000)); }
    void setTopP(double v) { set("sampling/top_p", qBound(0.0, v, 1.0)); }
    void setMinP(double v) { set("sampling/min_p", qBound(0.0, v, 1.0)); }
    void setRepeatPenalty(double v) { set("sampling/repeat_penalty", qBound(1.0, v, 2.0)); }
    void setMaxTokens(int v) { set("sampling/max_tokens", v <= 0 ? 0 : qBound(16, v, 131072)); }
    void setSystemPrompt(const QString& v) { set("chat/system_prompt", v); }
    void setThinkingBudget(int v) { set("reasoning/budget", qBound(0, v, 1'000'000)); }
    void setBudgetTransition(const QString& v) { set("reasoning/transition", v.trimmed()); }
    void setContextLength(int v) { set("model/context_length", v <= 0 ? 0 : qBound(256, v, 131072)); }
    void setDeviceIndex(int v) { set("model/device_index", v); }
    void setKvCacheType(const QString& v) {
        if (parse_kv_cache_type(v.toStdString())) set("model/kv_cache_type", v);
    }
    void setReopenLastModel(bool v) { set("model/reopen_last", v); }
    void setLastModel(const QString& path) { set("model/last", path); }
    void setTheme(const QString& v) { set("ui/theme", v); }
    void setFontSize(int v) { set("ui/font_size", qBound(10, v, 24)); }
    void setLocalServerEnabled(bool v) { set("server/enabled", v); }
    void setLocalServerPort(int v) { set("server/port", qBound(1024, v, 65535)); }
    void setLocalServerKey(const QString& v) { set("server/api_key", v.trimmed()); }

    // The defaults as JSON, and the sampling for a conversation whose overrides are `overridesJson`.
    Q_INVOKABLE QString defaultSamplingJson() const;
    SamplingParams samplingFor(const QString& overridesJson) const;
    Q_INVOKABLE void resetToDefaults();

  signals:
    void changed();

  private:
    QVariant value(const char* key, const QVariant& fallback) const { return settings_.value(key, fallback); }
    void set(const char* key, const QVariant& v);
    QSettings settings_;
};

} // namespace ponder::app
