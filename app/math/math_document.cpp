#include "math/math_document.h"

#include "math/math_text.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QTextDocument>

namespace ponder::app {

MathDocument::MathDocument(QObject* parent) : QObject(parent) {}

QTextDocument* MathDocument::textDocument() const {
    return document_ ? document_->textDocument() : nullptr;
}

void MathDocument::setDocument(QQuickTextDocument* document) {
    if (document_ == document)
        return;
    document_ = document;
    emit documentChanged();
    rebuild();
}

void MathDocument::setText(const QString& text) {
    if (text_ == text)
        return;
    text_ = text;
    emit textChanged();
    rebuild();
}

void MathDocument::setMarkdown(bool markdown) {
    if (markdown_ == markdown)
        return;
    markdown_ = markdown;
    emit markdownChanged();
    rebuild();
}

void MathDocument::setColor(const QColor& color) {
    if (color_ == color)
        return;
    color_ = color;
    emit colorChanged();
    rebuild();
}

void MathDocument::setPixelSize(int pixelSize) {
    if (pixelSize_ == pixelSize)
        return;
    pixelSize_ = pixelSize;
    emit pixelSizeChanged();
    rebuild();
}

void MathDocument::rebuild() {
    QTextDocument* document = textDocument();
    if (!document)
        return;
    const auto format = markdown_ ? math::TextFormat::Markdown : math::TextFormat::Plain;
    formulaCount_ = math::setMathText(*document, text_, format, {color_, double(pixelSize_)});
    emit rebuilt();
}

QString MathDocument::sourceOf(int start, int end) const {
    const QTextDocument* document = textDocument();
    if (!document || start >= end)
        return {};
    return math::sourceText(*document, start, end);
}

void MathDocument::copy(int start, int end) const {
    const QString text = sourceOf(start, end);
    if (!text.isEmpty())
        if (auto* clipboard = QGuiApplication::clipboard())
            clipboard->setText(text);
}

} // namespace ponder::app
