// jinja2's lexer, rule for rule (see jinja2/lexer.py): the regexes are replaced by direct scans,
// with the same leftmost-first choices so whitespace is kept or dropped byte for byte alike.
#include "chat/jinja_lexer.h"

#include "chat/jinja_value.h"

#include <cctype>

namespace ponder::jinja {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

// jinja2 keeps one form of newline and drops a single trailing one (keep_trailing_newline=False).
std::string normalize_newlines(std::string_view source) {
    std::string out;
    out.reserve(source.size());
    for (size_t i = 0; i < source.size(); ++i) {
        if (source[i] == '\r') {
            out += '\n';
            if (i + 1 < source.size() && source[i + 1] == '\n') ++i;
        } else out += source[i];
    }
    if (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) out += static_cast<char>(cp);
    else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

class Lexer {
public:
    explicit Lexer(std::string source) : src_(std::move(source)) {}

    std::vector<Token> run() {
        while (pos_ < src_.size()) lex_text_and_tag();
        tokens_.push_back({TokenType::End, "", line_at(pos_), column_at(pos_)});
        return std::move(tokens_);
    }

private:
    enum class Tag { Variable, Block, Comment };

    int line_at(size_t pos) const {
        int line = 1;
        for (size_t i = 0; i < pos && i < src_.size(); ++i) line += src_[i] == '\n';
        return line;
    }
    int column_at(size_t pos) const {
        size_t start = src_.rfind('\n', pos == 0 ? 0 : pos - 1);
        return static_cast<int>(start == std::string::npos || pos == 0 ? pos + 1 : pos - start);
    }
    [[noreturn]] void fail(const std::string& message, size_t pos) const {
        throw TemplateError(message, line_at(pos), column_at(pos));
    }
    bool at(size_t pos, std::string_view s) const { return src_.compare(pos, s.size(), s) == 0; }

    void push(TokenType type, std::string value, size_t pos) {
        tokens_.push_back({type, std::move(value), line_at(pos), column_at(pos)});
    }

    // Text before a tag, after the tag's whitespace control (OptionalLStrip in jinja2).
    void push_text(std::string text, char sign, bool lstrip_allowed, size_t pos) {
        if (sign == '-') {
            while (!text.empty() && is_space(text.back())) text.pop_back();
        } else if (sign != '+' && lstrip_allowed) {
            size_t line_start = text.rfind('\n');
            line_start = line_start == std::string::npos ? 0 : line_start + 1;
            bool only_space = line_start < text.size();
            for (size_t i = line_start; i < text.size(); ++i) only_space &= is_space(text[i]);
            if ((line_start > 0 || line_starting_) && only_space) text.resize(line_start);
        }
        if (!text.empty()) push(TokenType::Text, std::move(text), pos);
    }

    // After a block or comment end: "-%}" eats all whitespace, "+%}" none, "%}" one newline.
    void skip_after_end(char sign, bool trim_newline) {
        if (sign == '-') {
            while (pos_ < src_.size() && is_space(src_[pos_])) ++pos_;
        } else if (sign != '+' && trim_newline && pos_ < src_.size() && src_[pos_] == '\n') {
            ++pos_;
        }
        line_starting_ = pos_ > 0 && src_[pos_ - 1] == '\n';
    }

    void lex_text_and_tag() {
        size_t text_start = pos_, tag = pos_;
        while (true) {
            tag = src_.find('{', tag);
            if (tag == std::string::npos || tag + 1 >= src_.size()) {
                push(TokenType::Text, src_.substr(text_start), text_start);
                pos_ = src_.size();
                return;
            }
            char kind = src_[tag + 1];
            if (kind == '{' || kind == '%' || kind == '#') break;
            ++tag;
        }
        std::string text = src_.substr(text_start, tag - text_start);
        char kind = src_[tag + 1];
        pos_ = tag + 2;
        char sign = pos_ < src_.size() && (src_[pos_] == '-' || src_[pos_] == '+') ? src_[pos_] : 0;
        if (sign) ++pos_;
        if (kind == '#') {
            push_text(std::move(text), sign, true, text_start);
            lex_comment(tag);
        } else if (kind == '%' && lex_raw(text, sign, text_start)) {
        } else {
            push_text(std::move(text), sign, kind == '%', text_start);
            push(kind == '%' ? TokenType::BlockBegin : TokenType::VariableBegin, "", tag);
            lex_tag_contents(kind == '%' ? Tag::Block : Tag::Variable, tag);
        }
    }

    void lex_comment(size_t start) {
        for (; pos_ < src_.size(); ++pos_) {
            char sign = src_[pos_] == '-' || src_[pos_] == '+' ? src_[pos_] : 0;
            if (at(pos_ + (sign ? 1 : 0), "#}")) {
                pos_ += sign ? 3 : 2;
                skip_after_end(sign, true);
                return;
            }
        }
        fail("Missing end of comment tag", start);
    }

    // "{% raw %}...{% endraw %}": returns false when the block tag is not `raw`.
    bool lex_raw(const std::string& text, char sign, size_t text_start) {
        size_t p = pos_;
        while (p < src_.size() && is_space(src_[p])) ++p;
        if (!at(p, "raw")) return false;
        p += 3;
        while (p < src_.size() && is_space(src_[p])) ++p;
        char end_sign = src_[p] == '-' ? '-' : 0;
        if (!at(p + (end_sign ? 1 : 0), "%}")) return false;
        push_text(text, sign, true, text_start);
        pos_ = p + (end_sign ? 3 : 2);
        skip_after_end(end_sign, false);  // jinja2 applies no trim_blocks after {% raw %}
        size_t body_start = pos_;
        for (size_t q = pos_; q + 1 < src_.size(); ++q) {
            if (!at(q, "{%")) continue;
            size_t r = q + 2;
            char inner_sign = src_[r] == '-' || src_[r] == '+' ? src_[r] : 0;
            if (inner_sign) ++r;
            while (r < src_.size() && is_space(src_[r])) ++r;
            if (!at(r, "endraw")) continue;
            r += 6;
            while (r < src_.size() && is_space(src_[r])) ++r;
            char close_sign = src_[r] == '-' || src_[r] == '+' ? src_[r] : 0;
            if (!at(r + (close_sign ? 1 : 0), "%}")) continue;
            push_text(src_.substr(body_start, q - body_start), inner_sign, true, body_start);
            pos_ = r + (close_sign ? 3 : 2);
            skip_after_end(close_sign, true);
            return true;
        }
        fail("Missing end of raw directive", text_start);
    }

    // Tokens inside {{ }} or {% %}; the closing delimiter counts only with brackets balanced.
    void lex_tag_contents(Tag tag, size_t start) {
        std::string brackets;
        const char* close = tag == Tag::Block ? "%}" : "}}";
        while (true) {
            while (pos_ < src_.size() && is_space(src_[pos_])) ++pos_;
            if (pos_ >= src_.size()) fail(tag == Tag::Block ? "unexpected end of template, expected '%}'"
                                                            : "unexpected end of template, expected '}}'",
                                          start);
            if (brackets.empty()) {
                char sign = src_[pos_] == '-' || (tag == Tag::Block && src_[pos_] == '+') ? src_[pos_] : 0;
                if (at(pos_ + (sign ? 1 : 0), close)) {
                    size_t end_pos = pos_;
                    pos_ += sign ? 3 : 2;
                    push(tag == Tag::Block ? TokenType::BlockEnd : TokenType::VariableEnd, "", end_pos);
                    skip_after_end(sign, tag == Tag::Block);
                    return;
                }
            }
            lex_token(brackets);
        }
    }

    void lex_token(std::string& brackets) {
        size_t start = pos_;
        char c = src_[pos_];
        if (is_digit(c)) return lex_number();
        if (is_name_start(c)) {
            while (pos_ < src_.size() && is_name_char(src_[pos_])) ++pos_;
            return push(TokenType::Name, src_.substr(start, pos_ - start), start);
        }
        if (c == '\'' || c == '"') return lex_string();
        static const char* const kOperators[] = {"**", "//", "==", "!=", ">=", "<=", "+", "-", "/", "*", "%", "~",
                                                 "[",  "]",  "(",  ")",  "{",  "}",  "=", ".", ":", "|", ",", ";",
                                                 ">",  "<"};
        for (const char* op : kOperators) {
            if (!at(pos_, op)) continue;
            std::string_view o(op);
            if (o == "(" || o == "[" || o == "{") brackets += o == "(" ? ')' : o == "[" ? ']' : '}';
            if (o == ")" || o == "]" || o == "}") {
                if (brackets.empty()) fail("unexpected '" + std::string(o) + "'", start);
                if (brackets.back() != o[0])
                    fail("unexpected '" + std::string(o) + "', expected '" + brackets.back() + "'", start);
                brackets.pop_back();
            }
            pos_ += o.size();
            return push(TokenType::Operator, std::string(o), start);
        }
        fail(std::string("unexpected char '") + c + "'", start);
    }

    void lex_number() {
        size_t start = pos_;
        auto digits = [&] {
            while (pos_ < src_.size() && (is_digit(src_[pos_]) || src_[pos_] == '_')) ++pos_;
        };
        digits();
        bool is_float = false;
        if (pos_ + 1 < src_.size() && src_[pos_] == '.' && is_digit(src_[pos_ + 1])) {
            ++pos_;
            digits();
            is_float = true;
        }
        if (pos_ < src_.size() && (src_[pos_] == 'e' || src_[pos_] == 'E')) {
            size_t p = pos_ + 1;
            if (p < src_.size() && (src_[p] == '+' || src_[p] == '-')) ++p;
            if (p < src_.size() && is_digit(src_[p])) {
                pos_ = p;
                digits();
                is_float = true;
            }
        }
        std::string text;
        for (size_t i = start; i < pos_; ++i)
            if (src_[i] != '_') text += src_[i];
        push(is_float ? TokenType::Float : TokenType::Integer, text, start);
    }

    // Python string literal escapes, as jinja2 decodes them with "unicode-escape".
    void lex_string() {
        size_t start = pos_;
        char quote = src_[pos_++];
        std::string value;
        while (true) {
            if (pos_ >= src_.size()) fail("unexpected end of string literal", start);
            char c = src_[pos_++];
            if (c == quote) break;
            if (c != '\\') {
                value += c;
                continue;
            }
            if (pos_ >= src_.size()) fail("unexpected end of string literal", start);
            char e = src_[pos_++];
            auto hex = [&](int n) {
                uint32_t cp = 0;
                for (int i = 0; i < n; ++i, ++pos_) {
                    if (pos_ >= src_.size() || !std::isxdigit(static_cast<unsigned char>(src_[pos_])))
                        fail("truncated \\x, \\u or \\U escape in string literal", start);
                    cp = cp * 16 + (is_digit(src_[pos_]) ? src_[pos_] - '0' : (std::tolower(src_[pos_]) - 'a' + 10));
                }
                append_utf8(value, cp);
            };
            switch (e) {
            case 'n': value += '\n'; break;
            case 't': value += '\t'; break;
            case 'r': value += '\r'; break;
            case 'b': value += '\b'; break;
            case 'f': value += '\f'; break;
            case 'v': value += '\v'; break;
            case 'a': value += '\a'; break;
            case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
                uint32_t cp = e - '0';
                for (int i = 0; i < 2 && pos_ < src_.size() && src_[pos_] >= '0' && src_[pos_] <= '7'; ++i)
                    cp = cp * 8 + (src_[pos_++] - '0');
                append_utf8(value, cp);
                break;
            }
            case 'x': hex(2); break;
            case 'u': hex(4); break;
            case 'U': hex(8); break;
            case '\n': break;  // line continuation
            case '\\': case '\'': case '"': value += e; break;
            default: value += '\\'; value += e;  // unknown escapes stay as written
            }
        }
        push(TokenType::String, std::move(value), start);
    }

    std::string src_;
    size_t pos_ = 0;
    bool line_starting_ = true;
    std::vector<Token> tokens_;
};

} // namespace

std::vector<Token> tokenize(std::string_view source) { return Lexer(normalize_newlines(source)).run(); }

} // namespace ponder::jinja
