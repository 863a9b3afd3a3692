#include "library/hub_reference.h"

#include <QRegularExpression>
#include <QUrl>

namespace ponder::library {

namespace {

// The hub's rule for owner and repo names: letters, digits, '-', '_' and '.', not starting with '.' or '-'.
bool isHubName(const QString& part) {
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,95}$"));
    return name.match(part).hasMatch() && !part.contains(QStringLiteral(".."));
}

Error notAReference(const QString& text) {
    return make_error(QObject::tr("“%1” is not a Hugging Face model: paste a repo id like "
                                  "Qwen/QwQ-32B-GGUF or its huggingface.co address.")
                          .arg(text)
                          .toStdString());
}

} // namespace

Result<HubReference> parseHubReference(const QString& text) {
    const QString trimmed = text.trimmed();
    QStringList parts;
    if (trimmed.contains(QStringLiteral("://")) || trimmed.startsWith(QStringLiteral("huggingface.co/")) ||
        trimmed.startsWith(QStringLiteral("hf.co/"))) {
        const QUrl url = QUrl::fromUserInput(trimmed);
        const QString host = url.host().toLower();
        if (host != QStringLiteral("huggingface.co") && host != QStringLiteral("www.huggingface.co") &&
            host != QStringLiteral("hf.co"))
            return notAReference(trimmed);
        parts = url.path().split(u'/', Qt::SkipEmptyParts);
    } else {
        // owner/name, or owner/name/path/in/repo.gguf
        parts = trimmed.split(u'/', Qt::SkipEmptyParts);
        if (parts.size() < 2 || trimmed.contains(u' ')) return notAReference(trimmed);
        if (parts.size() > 2) {
            const QString file = parts.mid(2).join(u'/');
            if (file.contains(QStringLiteral(".."))) return notAReference(trimmed);
            parts = QStringList{parts[0], parts[1], QStringLiteral("blob"), QStringLiteral("main")} + parts.mid(2);
        }
    }
    // Dataset and Space addresses are not models.
    if (parts.size() < 2 || parts[0] == QStringLiteral("datasets") || parts[0] == QStringLiteral("spaces"))
        return notAReference(trimmed);
    if (parts[0] == QStringLiteral("models")) parts.removeFirst();
    if (parts.size() < 2 || !isHubName(parts[0]) || !isHubName(parts[1])) return notAReference(trimmed);
    HubReference reference{parts[0] + u'/' + parts[1], {}};
    // .../blob/<revision>/<path>, .../resolve/<revision>/<path>, .../tree/<revision>/<folder>
    const QString kind = parts.value(2);
    if ((kind == QStringLiteral("blob") || kind == QStringLiteral("resolve") || kind == QStringLiteral("tree")) &&
        parts.size() > 4)
        reference.file = parts.mid(4).join(u'/');
    return reference;
}

} // namespace ponder::library
