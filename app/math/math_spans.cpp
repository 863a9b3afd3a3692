#include "math/math_spans.h"

namespace ponder::math {

namespace {

class Splitter {
  public:
    explicit Splitter(const QString& text) : s_(text) {}

    std::vector<MathSpan> run() {
        while (i_ < s_.size()) {
            if (atLineStart() && skipFence())
                continue;
            const QChar c = s_[i_];
            if (c == u'`') {
                skipCodeSpan();
            } else if (c == u'\\' && next(1) == u'\\') {
                text(2); // an escaped backslash: "\\[" is no display math
            } else if (c == u'\\' && (next(1) == u'(' || next(1) == u'[')) {
                const bool display = next(1) == u'[';
                if (!math(2, display ? QStringLiteral("\\]") : QStringLiteral("\\)"),
                          display ? MathSpan::Kind::Display : MathSpan::Kind::Inline, display))
                    text(2);
            } else if (c == u'\\' && next(1) == u'$') {
                text(2); // a dollar sign
            } else if (c == u'$' && next(1) == u'$') {
                if (!math(2, QStringLiteral("$$"), MathSpan::Kind::Display, true))
                    text(2);
            } else if (c == u'$') {
                if (!dollarMath())
                    text(1);
            } else {
                text(1);
            }
        }
        return std::move(spans_);
    }

  private:
    QChar next(qsizetype offset) const { return i_ + offset < s_.size() ? s_[i_ + offset] : QChar(); }

    bool atLineStart() const {
        qsizetype j = i_;
        while (j > 0 && s_[j - 1] == u' ')
            --j;
        return j == 0 || s_[j - 1] == u'\n';
    }

    // The text from i_ on by `count` characters joins the current text span.
    void text(qsizetype count) {
        count = qMin(count, s_.size() - i_);
        if (spans_.empty() || spans_.back().kind != MathSpan::Kind::Text)
            spans_.push_back({MathSpan::Kind::Text, {}, {}});
        spans_.back().text += s_.mid(i_, count);
        spans_.back().source += s_.mid(i_, count);
        i_ += count;
    }

    // ``` or ~~~ fenced code: text up to the closing fence (or the end, while it streams).
    bool skipFence() {
        qsizetype j = i_;
        while (j < s_.size() && s_[j] == u' ')
            ++j;
        const QStringView rest = QStringView(s_).mid(j);
        const QString fence = rest.startsWith(u"```") ? QStringLiteral("```")
                              : rest.startsWith(u"~~~") ? QStringLiteral("~~~")
                                                         : QString();
        if (fence.isEmpty())
            return false;
        qsizetype lineEnd = s_.indexOf(u'\n', j);
        qsizetype close = lineEnd < 0 ? -1 : s_.indexOf(u'\n' + fence, lineEnd);
        if (close < 0) {
            text(s_.size() - i_);
            return true;
        }
        const qsizetype afterFence = s_.indexOf(u'\n', close + 1 + fence.size());
        text((afterFence < 0 ? s_.size() : afterFence) - i_);
        return true;
    }

    // `code`: a run of n backticks up to the next run of exactly n; otherwise the ticks are text.
    void skipCodeSpan() {
        qsizetype n = 0;
        while (i_ + n < s_.size() && s_[i_ + n] == u'`')
            ++n;
        for (qsizetype j = i_ + n; j < s_.size();) {
            if (s_[j] != u'`') {
                ++j;
                continue;
            }
            qsizetype m = 0;
            while (j + m < s_.size() && s_[j + m] == u'`')
                ++m;
            if (m == n) {
                text(j + m - i_);
                return;
            }
            j += m;
        }
        text(n);
    }

    static bool isBlankLineAt(const QString& s, qsizetype newline) {
        for (qsizetype j = newline + 1; j < s.size(); ++j) {
            if (s[j] == u'\n')
                return true;
            if (!s[j].isSpace())
                return false;
        }
        return false;
    }

    // Math from i_ + openLength up to `close`; inline math must stay within its paragraph.
    bool math(qsizetype openLength, const QString& close, MathSpan::Kind kind, bool mayCrossParagraphs) {
        const qsizetype from = i_ + openLength;
        const qsizetype end = s_.indexOf(close, from);
        if (end < 0)
            return false;
        const QString tex = s_.mid(from, end - from);
        if (tex.trimmed().isEmpty())
            return false;
        if (!mayCrossParagraphs)
            for (qsizetype j = tex.indexOf(u'\n'); j >= 0; j = tex.indexOf(u'\n', j + 1))
                if (isBlankLineAt(tex, j))
                    return false;
        const qsizetype length = end + close.size() - i_;
        spans_.push_back({kind, tex.trimmed(), s_.mid(i_, length)});
        i_ += length;
        return true;
    }

    // $…$ by the pandoc rules in the header.
    bool dollarMath() {
        const QChar first = next(1);
        if (first.isNull() || first.isSpace())
            return false;
        for (qsizetype j = i_ + 1; j < s_.size(); ++j) {
            const QChar c = s_[j];
            if (c == u'\\') {
                ++j; // skips \$ and any other escaped character
                continue;
            }
            if (c == u'\n' && isBlankLineAt(s_, j))
                return false;
            if (c != u'$')
                continue;
            // Inline math holds no $: the next one closes it, or it was no math.
            const bool closes = !s_[j - 1].isSpace() && (j + 1 >= s_.size() || !s_[j + 1].isDigit());
            if (!closes)
                return false;
            const qsizetype length = j + 1 - i_;
            spans_.push_back({MathSpan::Kind::Inline, s_.mid(i_ + 1, j - i_ - 1), s_.mid(i_, length)});
            i_ += length;
            return true;
        }
        return false;
    }

    const QString& s_;
    qsizetype i_ = 0;
    std::vector<MathSpan> spans_;
};

} // namespace

std::vector<MathSpan> splitMath(const QString& text) {
    return Splitter(text).run();
}

} // namespace ponder::math
