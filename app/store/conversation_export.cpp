#include "store/conversation_export.h"

#include "store/active_path.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace ponder::store {

namespace {

constexpr auto kFormat = "ponder-conversation";
constexpr int kFormatVersion = 1;

QString roleHeading(const QString& role) {
    if (role == QLatin1String("user"))
        return QStringLiteral("You");
    if (role == QLatin1String("assistant"))
        return QStringLiteral("Assistant");
    return QStringLiteral("System");
}

QJsonObject messageToJson(const Message& m) {
    return QJsonObject{
        {"id", double(m.id)},
        {"parent_id", m.parentId ? QJsonValue(double(*m.parentId)) : QJsonValue()},
        {"role", m.role},
        {"content", m.content},
        {"reasoning", m.reasoning},
        {"reasoning_ms", double(m.reasoningMs)},
        {"status", toString(m.status)},
        {"created_at", double(m.createdAt)},
        {"updated_at", double(m.updatedAt)},
        {"chosen_at", double(m.chosenAt)},
        {"prompt_tokens", m.promptTokens},
        {"completion_tokens", m.completionTokens},
        {"tokens_per_s", m.tokensPerS},
        {"reasoning_expanded", m.reasoningExpanded},
        {"stop_reason", m.stopReason},
        {"reasoning_open", m.reasoningOpen},
        {"budget_reached", m.budgetReached},
        {"reasoning_tokens", m.reasoningTokens},
        {"answer_tokens", m.answerTokens},
        {"error", m.error},
    };
}

Message messageFromJson(const QJsonObject& o) {
    Message m;
    m.id = int64_t(o["id"].toDouble());
    if (!o["parent_id"].isNull() && !o["parent_id"].isUndefined())
        m.parentId = int64_t(o["parent_id"].toDouble());
    m.role = o["role"].toString();
    m.content = o["content"].toString();
    m.reasoning = o["reasoning"].toString();
    m.reasoningMs = int64_t(o["reasoning_ms"].toDouble());
    m.status = messageStatusFromString(o["status"].toString());
    m.createdAt = int64_t(o["created_at"].toDouble());
    m.updatedAt = int64_t(o["updated_at"].toDouble());
    m.chosenAt = int64_t(o["chosen_at"].toDouble());
    m.promptTokens = o["prompt_tokens"].toInt();
    m.completionTokens = o["completion_tokens"].toInt();
    m.tokensPerS = o["tokens_per_s"].toDouble();
    m.reasoningExpanded = o["reasoning_expanded"].toBool();
    m.stopReason = o["stop_reason"].toString();
    m.reasoningOpen = o["reasoning_open"].toBool();
    m.budgetReached = o["budget_reached"].toBool();
    m.reasoningTokens = o["reasoning_tokens"].toInt();
    m.answerTokens = o["answer_tokens"].toInt();
    m.error = o["error"].toString();
    return m;
}

// " · budget reached · 1204 reasoning + 56 answer tokens": what the panel header says after the time.
QString reasoningSummary(const Message& m) {
    QString summary;
    if (m.budgetReached)
        summary += QStringLiteral(" · budget reached");
    if (m.reasoningOpen)
        summary += QStringLiteral(" · cut short");
    if (m.reasoningTokens > 0 || m.answerTokens > 0)
        summary += QStringLiteral(" · %1 reasoning + %2 answer tokens").arg(m.reasoningTokens).arg(m.answerTokens);
    return summary;
}

} // namespace

QString exportMarkdown(const Conversation& conversation, const std::vector<Message>& messages) {
    QString md = QStringLiteral("# %1\n\n")
                     .arg(conversation.title.isEmpty() ? QStringLiteral("Untitled") : conversation.title);
    if (!conversation.systemPrompt.isEmpty())
        md += QStringLiteral("> **System prompt:** %1\n\n").arg(conversation.systemPrompt);
    for (const PathEntry& entry : activePath(messages)) {
        const Message& m = entry.message;
        md += QStringLiteral("## %1\n\n").arg(roleHeading(m.role));
        if (!m.reasoning.isEmpty()) {
            md += QStringLiteral("<details>\n<summary>Thought for %1 s%2</summary>\n\n%3\n\n</details>\n\n")
                      .arg(m.reasoningMs / 1000)
                      .arg(reasoningSummary(m))
                      .arg(m.reasoning);
        }
        md += m.content + QStringLiteral("\n\n");
        if (!m.error.isEmpty())
            md += QStringLiteral("> *The reply failed: %1*\n\n").arg(m.error);
    }
    return md;
}

QByteArray exportJson(const Conversation& conversation, const std::vector<Message>& messages) {
    std::vector<Message> ordered = messages;
    std::sort(ordered.begin(), ordered.end(), [](const Message& a, const Message& b) { return a.id < b.id; });
    QJsonArray array;
    for (const Message& m : ordered)
        array.append(messageToJson(m));
    const QJsonObject root{
        {"format", kFormat},
        {"version", kFormatVersion},
        {"title", conversation.title},
        {"pinned", conversation.pinned},
        {"system_prompt", conversation.systemPrompt},
        {"sampling", QJsonDocument::fromJson(conversation.samplingJson.toUtf8()).object()},
        {"model_path", conversation.modelPath},
        {"remote_endpoint", conversation.remoteEndpointId},
        {"remote_model", conversation.remoteModel},
        {"think_enabled", conversation.thinkEnabled},
        {"thinking_budget", conversation.thinkingBudget},
        {"created_at", double(conversation.createdAt)},
        {"updated_at", double(conversation.updatedAt)},
        {"messages", array},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<ParsedConversation> parseConversationJson(const QByteArray& json) {
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull())
        return make_error("This file is not valid JSON: " + parseError.errorString().toStdString() +
                          " at byte " + std::to_string(parseError.offset) + ".");
    const QJsonObject root = doc.object();
    if (root["format"].toString() != QLatin1String(kFormat))
        return make_error("This JSON file is not a Ponder conversation export.");
    if (root["version"].toInt() > kFormatVersion)
        return make_error("This conversation was exported by a newer Ponder; update Ponder to import it.");
    ParsedConversation parsed;
    Conversation& c = parsed.conversation;
    c.title = root["title"].toString();
    c.pinned = root["pinned"].toBool();
    c.systemPrompt = root["system_prompt"].toString();
    c.samplingJson =
        QString::fromUtf8(QJsonDocument(root["sampling"].toObject()).toJson(QJsonDocument::Compact));
    c.modelPath = root["model_path"].toString();
    c.remoteEndpointId = root["remote_endpoint"].toString();
    c.remoteModel = root["remote_model"].toString();
    c.thinkEnabled = root["think_enabled"].toBool(true);
    c.thinkingBudget = root["thinking_budget"].toInt(-1);
    c.createdAt = int64_t(root["created_at"].toDouble());
    c.updatedAt = int64_t(root["updated_at"].toDouble());
    for (const QJsonValue& value : root["messages"].toArray())
        parsed.messages.push_back(messageFromJson(value.toObject()));
    return parsed;
}

Result<int64_t> importJson(ChatStore& store, const QByteArray& json) {
    auto parsed = parseConversationJson(json);
    PONDER_TRY(parsed);
    return store.importConversation(parsed->conversation, parsed->messages);
}

} // namespace ponder::store
