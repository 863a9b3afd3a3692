// Finds the GGUF models under one scan root, by the layout of the tool that owns it: plain folders
// (Ponder, LM Studio, GPT4All, Jan, user folders), the Hugging Face hub cache (snapshots whose files
// are symlinks to blobs), and Ollama's store (manifests naming GGUF blobs). Reads directory entries
// and Ollama's small manifest files only, never a model file, and never writes.
#pragma once

#include "library/scan_roots.h"

#include <QList>
#include <QString>

namespace ponder::library {

struct FoundModel {
    QString path;         // the file to open: a GGUF file, the first part of a split set, or an Ollama blob
    QString displayName;  // "qwen3:8b" (Ollama), "Qwen/QwQ-32B-GGUF/qwq-32b-q4_k_m.gguf" (Hugging Face),
                          // else the file's name
    ModelSource source = ModelSource::User;
    QString root;         // the scan root it was found under
    qint64 size = 0;      // bytes on disk, every part of a split set together
    qint64 modified = 0;  // newest modification time of its files, ms since the epoch
    QString problem;      // why it cannot be used, found without reading it (a manifest's missing blob)
};

QList<FoundModel> findModels(const ScanRoot& root);

} // namespace ponder::library
