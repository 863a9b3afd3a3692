#include "chat/remote_server_backend.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace ponder::app {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("RemoteServerBackend", text);
}

// The OpenAI finish reasons as the app's stop reasons.
QString stopReasonFor(const std::string& finishReason) {
    if (finishReason == "length")
        return QStringLiteral("max_tokens");
    return QStringLiteral("eos"); // "stop", "eos", or none given after a complete stream
}

} // namespace

QString describeRemoteError(const serve::RemoteError& error, const QString& baseUrl) {
    using Kind = serve::RemoteErrorKind;
    const QString said = QString::fromStdString(error.message);
    const QString status = QString::number(error.http_status);
    switch (error.kind) {
    case Kind::Unreachable:
        return tr("Cannot reach %1 (%2). Is the server running, and is the address right?").arg(baseUrl, said);
    case Kind::Unauthorized:
        return tr("%1 refused the API key (HTTP %2): %3. Check the key in Settings → Remote servers.")
            .arg(baseUrl, status, said);
    case Kind::RateLimited:
        return tr("%1 is limiting requests (HTTP 429): %2. Try again in a while.").arg(baseUrl, said);
    case Kind::ServerError:
        return tr("%1 failed (HTTP %2): %3").arg(baseUrl, status, said);
    case Kind::Rejected:
        return tr("%1 refused the request (HTTP %2): %3").arg(baseUrl, status, said);
    case Kind::StreamError:
        return tr("%1 reported an error during the reply: %2").arg(baseUrl, said);
    case Kind::CutOff:
        return tr("The connection to %1 ended before the reply was complete (%2).").arg(baseUrl, said);
    case Kind::Protocol:
        return tr("%1 did not answer like an OpenAI-compatible server: %2").arg(baseUrl, said);
    }
    return said;
}

void RemoteServerBackend::generate(const GenerationRequest& request, const OnPiece& onPiece,
                                   const std::atomic<bool>& stop, GenerationOutcome& outcome) {
    const RemoteTarget& target = *request.remote;
    contextUsed_ = 0;
    QElapsedTimer clock;
    clock.start();

    // The request runs on its own thread and hands its pieces over; this thread passes them on
    // and, when the server pauses, passes an empty piece every tick, so that the worker's batch
    // of what arrived before the pause is shown now rather than when the server goes on.
    std::mutex mutex;
    std::condition_variable arrived;
    std::vector<Piece> pieces;
    bool finished = false;
    std::atomic<bool> wanted{true};
    qint64 firstPieceMs = -1;
    serve::RemoteReply reply;
    std::thread request_thread([&] {
        reply = engine_.remoteChat(
            target, request.messages, request.sampling,
            [&](const serve::RemoteDelta& d) {
                {
                    std::lock_guard lock(mutex);
                    if (firstPieceMs < 0)
                        firstPieceMs = clock.elapsed();
                    pieces.push_back({d.reasoning, d.content, d.answer_was_reasoning});
                }
                arrived.notify_one();
                return wanted.load();
            },
            &stop);
        {
            std::lock_guard lock(mutex);
            finished = true;
        }
        arrived.notify_one();
    });
    for (bool done = false; !done;) {
        std::vector<Piece> ready;
        {
            std::unique_lock lock(mutex);
            arrived.wait_for(lock, std::chrono::milliseconds(kTickMs), [&] { return !pieces.empty() || finished; });
            ready.swap(pieces);
            done = finished;
        }
        if (ready.empty())
            ready.push_back({});
        for (const Piece& piece : ready)
            if (wanted && !onPiece(piece))
                wanted = false;
    }
    request_thread.join();
    const qint64 endMs = clock.elapsed();

    if (firstPieceMs >= 0)
        outcome.timeToFirstTokenMs = double(firstPieceMs);
    if (reply.usage) {
        outcome.promptTokens = reply.usage->prompt_tokens;
        outcome.completionTokens = reply.usage->completion_tokens;
        if (reply.usage->reasoning_tokens >= 0) { // the split only when the server gave it
            outcome.reasoningTokens = reply.usage->reasoning_tokens;
            outcome.answerTokens = std::max(0, reply.usage->completion_tokens - reply.usage->reasoning_tokens);
        }
        contextUsed_ = reply.usage->prompt_tokens + reply.usage->completion_tokens;
        if (firstPieceMs >= 0 && endMs > firstPieceMs)
            outcome.tokensPerSecond = reply.usage->completion_tokens * 1000.0 / double(endMs - firstPieceMs);
    }
    if (stop.load()) { // Stop: the request was cancelled; what arrived is the reply
        outcome.stopReason = QStringLiteral("cancelled");
        return;
    }
    if (reply.error) {
        outcome.failed = true;
        outcome.error = describeRemoteError(*reply.error, QString::fromStdString(target.baseUrl));
        return;
    }
    outcome.stopReason = stopReasonFor(reply.finish_reason);
}

} // namespace ponder::app
