#include "library/hub_listing.h"

#include "gguf/gguf_split.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>

#include <algorithm>

namespace ponder::library {

Result<QList<HubFile>> parseTreePage(const QByteArray& json) {
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isArray())
        return make_error(QObject::tr("The hub's file list is not the JSON array it should be (%1).")
                              .arg(parseError.error ? parseError.errorString() : QObject::tr("another JSON value"))
                              .toStdString());
    QList<HubFile> files;
    for (const QJsonValue& value : document.array()) {
        const QJsonObject entry = value.toObject();
        if (entry.value(QStringLiteral("type")).toString() != QStringLiteral("file")) continue;
        HubFile file;
        file.path = entry.value(QStringLiteral("path")).toString();
        file.size = entry.value(QStringLiteral("size")).toInteger();
        file.gitOid = entry.value(QStringLiteral("oid")).toString().toLower();
        const QJsonObject lfs = entry.value(QStringLiteral("lfs")).toObject();
        if (!lfs.isEmpty()) {
            file.sha256 = lfs.value(QStringLiteral("oid")).toString().toLower();
            file.size = lfs.value(QStringLiteral("size")).toInteger(file.size);
        }
        if (!file.path.isEmpty()) files.append(file);
    }
    return files;
}

namespace {

bool isGguf(const QString& path) {
    const QString fileName = path.section(u'/', -1);
    return fileName.endsWith(QStringLiteral(".gguf"), Qt::CaseInsensitive) &&
           !fileName.startsWith(QStringLiteral("mmproj"), Qt::CaseInsensitive);
}

} // namespace

QList<HubModel> ggufModels(const QList<HubFile>& files) {
    QList<HubModel> models;
    // Split sets by prefix and count: part number -> file.
    QMap<QPair<QString, uint32_t>, QMap<uint32_t, HubFile>> sets;
    for (const HubFile& file : files) {
        if (!isGguf(file.path)) continue;
        if (auto split = parse_split_name(file.path.toStdString())) {
            sets[{QString::fromStdString(split->prefix), split->count}][split->number] = file;
            continue;
        }
        models.append({file.path, {file}, file.size, {}});
    }
    for (auto set = sets.cbegin(); set != sets.cend(); ++set) {
        const auto& [prefix, count] = set.key();
        HubModel model{prefix + QStringLiteral(".gguf"), set.value().values(), 0, {}};
        for (const HubFile& part : model.parts) model.bytes += part.size;
        QStringList missing;
        for (uint32_t number = 1; number <= count; ++number)
            if (!set.value().contains(number)) missing << QString::number(number);
        if (!missing.isEmpty())
            model.problem = QObject::tr("Part %1 of %2 is missing from the repo.").arg(missing.join(QStringLiteral(", "))).arg(count);
        models.append(model);
    }
    std::sort(models.begin(), models.end(), [](const HubModel& a, const HubModel& b) {
        return QString::compare(a.name, b.name, Qt::CaseInsensitive) < 0;
    });
    return models;
}

QUrl nextPageUrl(const QByteArray& linkHeader) {
    // Link: <https://huggingface.co/api/models/x/y/tree/main?recursive=true&cursor=...>; rel="next"
    static const QRegularExpression next(QStringLiteral(R"(<([^>]+)>\s*;\s*rel="?next"?)"));
    const QRegularExpressionMatch match = next.match(QString::fromUtf8(linkHeader));
    return match.hasMatch() ? QUrl(match.captured(1)) : QUrl();
}

} // namespace ponder::library
