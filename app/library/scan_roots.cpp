#include "library/scan_roots.h"

#include <QDir>

namespace ponder::library {

QString sourceName(ModelSource source) {
    switch (source) {
    case ModelSource::Ponder: return QStringLiteral("Ponder");
    case ModelSource::HuggingFace: return QStringLiteral("Hugging Face");
    case ModelSource::LmStudio: return QStringLiteral("LM Studio");
    case ModelSource::Ollama: return QStringLiteral("Ollama");
    case ModelSource::Gpt4All: return QStringLiteral("GPT4All");
    case ModelSource::Jan: return QStringLiteral("Jan");
    case ModelSource::User: return QStringLiteral("Folder");
    }
    return {};
}

HostOs currentOs() {
#if defined(Q_OS_WIN)
    return HostOs::Windows;
#elif defined(Q_OS_MACOS)
    return HostOs::MacOs;
#else
    return HostOs::Linux;
#endif
}

Environment Environment::current(const QString& ponderModels) {
    return Environment{QDir::homePath(), ponderModels,
                       [](const char* name) { return qEnvironmentVariable(name); }, currentOs()};
}

namespace {

class RootList {
  public:
    void add(const QString& path, ModelSource source) {
        if (path.isEmpty()) return;
        const QString clean = QDir::cleanPath(path);
        for (const ScanRoot& root : roots_)
            if (root.path == clean) return;
        roots_.append({clean, source});
    }
    QList<ScanRoot> roots() const { return roots_; }

  private:
    QList<ScanRoot> roots_;
};

QString joined(const QString& base, const QString& rest) { return base.isEmpty() ? QString() : base + u'/' + rest; }

// huggingface_hub: HF_HUB_CACHE, else HF_HOME/hub, else XDG_CACHE_HOME/huggingface/hub, else ~/.cache/...
QString huggingFaceCache(const Environment& env) {
    if (QString hub = env.variable("HF_HUB_CACHE"); !hub.isEmpty()) return hub;
    if (QString home = env.variable("HF_HOME"); !home.isEmpty()) return home + QStringLiteral("/hub");
    QString cache = env.variable("XDG_CACHE_HOME");
    if (cache.isEmpty()) cache = joined(env.home, QStringLiteral(".cache"));
    return joined(cache, QStringLiteral("huggingface/hub"));
}

// The per-user data folder GPT4All and Jan use: XDG data, Application Support, or AppData.
QString userDataFolder(const Environment& env, const char* windowsVariable) {
    switch (env.os) {
    case HostOs::Windows: return env.variable(windowsVariable);
    case HostOs::MacOs: return joined(env.home, QStringLiteral("Library/Application Support"));
    case HostOs::Linux: break;
    }
    QString data = env.variable("XDG_DATA_HOME");
    return data.isEmpty() ? joined(env.home, QStringLiteral(".local/share")) : data;
}

} // namespace

QList<ScanRoot> standardScanRoots(const Environment& env) {
    RootList roots;
    roots.add(env.ponderModels, ModelSource::Ponder);
    roots.add(huggingFaceCache(env), ModelSource::HuggingFace);
    // LM Studio 0.3 keeps models in ~/.lmstudio/models on every OS; earlier versions in ~/.cache/lm-studio.
    roots.add(joined(env.home, QStringLiteral(".lmstudio/models")), ModelSource::LmStudio);
    roots.add(joined(env.home, QStringLiteral(".cache/lm-studio/models")), ModelSource::LmStudio);
    // Ollama: OLLAMA_MODELS, the user's ~/.ollama/models, and the Linux service's home.
    roots.add(env.variable("OLLAMA_MODELS"), ModelSource::Ollama);
    roots.add(joined(env.home, QStringLiteral(".ollama/models")), ModelSource::Ollama);
    if (env.os == HostOs::Linux) roots.add(QStringLiteral("/usr/share/ollama/.ollama/models"), ModelSource::Ollama);
    roots.add(joined(userDataFolder(env, "LOCALAPPDATA"), QStringLiteral("nomic.ai/GPT4All")), ModelSource::Gpt4All);
    // Jan 0.6 keeps llama.cpp models under its data folder; earlier versions in ~/jan/models.
    roots.add(joined(userDataFolder(env, "APPDATA"), QStringLiteral("Jan/data/llamacpp/models")), ModelSource::Jan);
    roots.add(joined(env.home, QStringLiteral("jan/models")), ModelSource::Jan);
    return roots.roots();
}

} // namespace ponder::library
