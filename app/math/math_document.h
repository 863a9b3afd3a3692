// Puts text with math into a QML TextEdit: the text (Markdown for answers, plain for reasoning)
// goes into the TextEdit's document with each formula as an inline object that draws the
// rendered math. Display math gets a centred line of its own. The objects keep their TeX, so
// sourceOf() / copy() turn a selection back into the text as the model wrote it.
//
//   TextEdit { id: edit; MathDocument { document: edit.textDocument; text: …; markdown: true } }
#pragma once

#include <QColor>
#include <QObject>
#include <QPointer>
#include <QQuickTextDocument>
#include <QtQml/qqmlregistration.h>

class QTextDocument;

namespace ponder::app {

class MathDocument : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QQuickTextDocument* document READ document WRITE setDocument NOTIFY documentChanged)
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged)
    Q_PROPERTY(bool markdown READ markdown WRITE setMarkdown NOTIFY markdownChanged)
    Q_PROPERTY(QColor color READ color WRITE setColor NOTIFY colorChanged)
    Q_PROPERTY(int pixelSize READ pixelSize WRITE setPixelSize NOTIFY pixelSizeChanged) // of the text
    Q_PROPERTY(int formulaCount READ formulaCount NOTIFY rebuilt) // drawn as math, not source

  public:
    explicit MathDocument(QObject* parent = nullptr);

    QQuickTextDocument* document() const { return document_; }
    void setDocument(QQuickTextDocument* document);
    QString text() const { return text_; }
    void setText(const QString& text);
    bool markdown() const { return markdown_; }
    void setMarkdown(bool markdown);
    QColor color() const { return color_; }
    void setColor(const QColor& color);
    int pixelSize() const { return pixelSize_; }
    void setPixelSize(int pixelSize);
    int formulaCount() const { return formulaCount_; }

    // The text between two document positions, formulas as their source ("$x^2$").
    Q_INVOKABLE QString sourceOf(int start, int end) const;
    Q_INVOKABLE void copy(int start, int end) const;

  signals:
    void documentChanged();
    void textChanged();
    void markdownChanged();
    void colorChanged();
    void pixelSizeChanged();
    void rebuilt();

  private:
    void rebuild();
    QTextDocument* textDocument() const;

    QPointer<QQuickTextDocument> document_;
    QString text_;
    bool markdown_ = true;
    QColor color_ = Qt::black;
    int pixelSize_ = 14;
    int formulaCount_ = 0;
};

} // namespace ponder::app
