// Where GGUF models live on this machine: Ponder's own folder, the Hugging Face hub cache, and the
// folders of LM Studio, Ollama, GPT4All and Jan, at each operating system's locations, plus folders
// the user adds. Only paths are computed here; nothing is read.
#pragma once

#include <QList>
#include <QString>

#include <functional>

namespace ponder::library {

// Which tool a folder belongs to: it decides how the folder is laid out and how models are named.
enum class ModelSource { Ponder, HuggingFace, LmStudio, Ollama, Gpt4All, Jan, User };
QString sourceName(ModelSource source);  // "Hugging Face", "LM Studio", ...

struct ScanRoot {
    QString path;
    ModelSource source;
    friend bool operator==(const ScanRoot&, const ScanRoot&) = default;
};

enum class HostOs { Linux, MacOs, Windows };
HostOs currentOs();

// What the standard locations depend on: the home folder, environment variables (HF_HOME,
// HF_HUB_CACHE, XDG_CACHE_HOME, XDG_DATA_HOME, OLLAMA_MODELS, LOCALAPPDATA, APPDATA), the OS, and
// Ponder's own models folder.
struct Environment {
    QString home;
    QString ponderModels;
    std::function<QString(const char*)> variable;  // "" when unset
    HostOs os = currentOs();
    static Environment current(const QString& ponderModels);
};

// Every standard location for `env`, existing or not, in a fixed order, without duplicates.
QList<ScanRoot> standardScanRoots(const Environment& env);

} // namespace ponder::library
