// What the user pasted into the download box: a Hugging Face repo id ("Qwen/QwQ-32B-GGUF"), a repo id
// with a file ("Qwen/QwQ-32B-GGUF/qwq-32b-q4_k_m.gguf"), or a huggingface.co / hf.co address of the
// repo, of a folder in it, or of one file. Pure text work.
#pragma once

#include "error.h"

#include <QString>

namespace ponder::library {

struct HubReference {
    QString repo;  // "owner/name"
    QString file;  // a path inside the repo when the address named a file or folder, else empty
    friend bool operator==(const HubReference&, const HubReference&) = default;
};

// The repo (and file) `text` names; an error says what a valid reference looks like.
Result<HubReference> parseHubReference(const QString& text);

} // namespace ponder::library
