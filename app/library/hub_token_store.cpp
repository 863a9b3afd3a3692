#include "library/hub_token_store.h"

#include <QPointer>

namespace ponder::library {

namespace {
const QString kKey = QStringLiteral("huggingface-token");
} // namespace

void HubTokenStore::read() {
    secrets_.read(kKey, [self = QPointer(this)](Result<QString> token) {
        if (!self)
            return;
        if (token)
            emit self->tokenRead(*token);
        else
            emit self->failed(QString::fromStdString(token.error().message));
    });
}

void HubTokenStore::write(const QString& token) {
    secrets_.write(kKey, token, [self = QPointer(this)](Status status) {
        if (!self)
            return;
        if (status)
            emit self->written();
        else
            emit self->failed(QString::fromStdString(status.error().message));
    });
}

void HubTokenStore::remove() {
    secrets_.remove(kKey, [self = QPointer(this)](Status status) {
        if (!self)
            return;
        if (status)
            emit self->removed();
        else
            emit self->failed(QString::fromStdString(status.error().message));
    });
}

} // namespace ponder::library
