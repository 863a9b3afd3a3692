// The GGUF models in a Hugging Face repo, from the hub's tree listing
// (`GET /api/models/{repo}/tree/main?recursive=true`: a JSON array of
// {"type": "file", "path", "size", "oid", "lfs": {"oid": sha256, "size", "pointerSize"}}, paged by a
// `Link: <...>; rel="next"` header). Split sets ("-00001-of-00003.gguf") become one model.
#pragma once

#include "error.h"

#include <QList>
#include <QString>
#include <QUrl>

namespace ponder::library {

struct HubFile {
    QString path;     // inside the repo, '/'-separated
    qint64 size = 0;  // bytes of the file itself (the LFS object's size for LFS files)
    QString sha256;   // the LFS object id: the file's SHA-256 in hex; empty outside LFS
    QString gitOid;   // the git blob id (SHA-1 of "blob <size>\0" + content): checks a file kept outside LFS
};

struct HubModel {
    QString name;           // the file's path, or the split set's without "-00001-of-00003"
    QList<HubFile> parts;   // one file, or every part of a split set in order
    qint64 bytes = 0;       // all parts together
    QString problem;        // why it cannot be downloaded as a whole (a part missing from the repo)
};

// The files (not folders) of one page of the tree listing; an error when it is not that JSON.
Result<QList<HubFile>> parseTreePage(const QByteArray& json);

// The GGUF models among `files`, sorted by name; vision projectors (mmproj*) are left out.
QList<HubModel> ggufModels(const QList<HubFile>& files);

// The URL of the listing's next page from the response's Link header; empty on the last page.
QUrl nextPageUrl(const QByteArray& linkHeader);

} // namespace ponder::library
