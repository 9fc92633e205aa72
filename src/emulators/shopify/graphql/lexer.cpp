#include "emulators/shopify/graphql/lexer.hpp"

#include <cctype>

namespace sb::emulators::shopify::graphql {

namespace {

bool name_start(char c) {
    return c == '_' || std::isalpha(static_cast<unsigned char>(c));
}
bool name_char(char c) {
    return c == '_' || std::isalnum(static_cast<unsigned char>(c));
}

void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
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
    explicit Lexer(std::string_view s) : s_(s) {}

    std::vector<Token> run() {
        std::vector<Token> out;
        for (;;) {
            skip_ignored();
            Token t;
            t.loc = loc();
            if (i_ >= s_.size()) {
                out.push_back(t);
                return out;
            }
            const char c = s_[i_];
            if (c == '.') {
                if (s_.substr(i_, 3) != "...")
                    fail("Parse error on \".\" (error) at [" + where() + "]");
                t.kind = TokenKind::punctuator;
                t.text = "...";
                advance(3);
            } else if (std::string_view("!$&():=@[]{}|").find(c) != std::string_view::npos) {
                t.kind = TokenKind::punctuator;
                t.text = std::string(1, c);
                advance(1);
            } else if (name_start(c)) {
                const auto start = i_;
                while (i_ < s_.size() && name_char(s_[i_]))
                    advance(1);
                t.kind = TokenKind::name;
                t.text = std::string(s_.substr(start, i_ - start));
            } else if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
                number(t);
            } else if (c == '"') {
                string(t);
            } else {
                fail("Parse error on \"" + std::string(1, c) + "\" (error) at [" + where() + "]");
            }
            out.push_back(std::move(t));
        }
    }

  private:
    Location loc() const { return {line_, col_}; }
    std::string where() const { return std::to_string(line_) + ", " + std::to_string(col_); }
    [[noreturn]] void fail(const std::string& msg) const { throw SyntaxError{msg, loc()}; }

    void advance(std::size_t n) {
        for (std::size_t k = 0; k < n && i_ < s_.size(); ++k, ++i_) {
            if (s_[i_] == '\n') {
                ++line_;
                col_ = 1;
            } else {
                ++col_;
            }
        }
    }

    void skip_ignored() {
        while (i_ < s_.size()) {
            const char c = s_[i_];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',') {
                advance(1);
            } else if (c == '#') {
                while (i_ < s_.size() && s_[i_] != '\n')
                    advance(1);
            } else if (static_cast<unsigned char>(c) == 0xEF &&
                       s_.substr(i_, 3) == "\xEF\xBB\xBF") {
                i_ += 3;  // byte order mark
            } else {
                return;
            }
        }
    }

    void number(Token& t) {
        const auto start = i_;
        if (s_[i_] == '-')
            advance(1);
        if (i_ >= s_.size() || !std::isdigit(static_cast<unsigned char>(s_[i_]))) {
            fail("Parse error on \"-\" (error) at [" + std::to_string(t.loc.line) + ", " +
                 std::to_string(t.loc.column) + "]");
        }
        while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_])))
            advance(1);
        bool is_float = false;
        if (i_ < s_.size() && s_[i_] == '.') {
            is_float = true;
            advance(1);
            while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_])))
                advance(1);
        }
        if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
            is_float = true;
            advance(1);
            if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-'))
                advance(1);
            while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_])))
                advance(1);
        }
        t.kind = is_float ? TokenKind::floating : TokenKind::integer;
        t.text = std::string(s_.substr(start, i_ - start));
    }

    void string(Token& t) {
        t.kind = TokenKind::string;
        if (s_.substr(i_, 3) == "\"\"\"") {
            advance(3);
            for (;;) {
                if (i_ >= s_.size())
                    fail("Parse error on unterminated string at [" + where() + "]");
                if (s_.substr(i_, 3) == "\"\"\"") {
                    advance(3);
                    return;
                }
                if (s_.substr(i_, 4) == "\\\"\"\"") {
                    t.text += "\"\"\"";
                    advance(4);
                    continue;
                }
                t.text += s_[i_];
                advance(1);
            }
        }
        advance(1);
        for (;;) {
            if (i_ >= s_.size() || s_[i_] == '\n')
                fail("Parse error on unterminated string at [" + where() + "]");
            const char c = s_[i_];
            if (c == '"') {
                advance(1);
                return;
            }
            if (c != '\\') {
                t.text += c;
                advance(1);
                continue;
            }
            advance(1);
            if (i_ >= s_.size())
                fail("Parse error on bad escape at [" + where() + "]");
            const char e = s_[i_];
            advance(1);
            switch (e) {
                case '"':
                    t.text += '"';
                    break;
                case '\\':
                    t.text += '\\';
                    break;
                case '/':
                    t.text += '/';
                    break;
                case 'b':
                    t.text += '\b';
                    break;
                case 'f':
                    t.text += '\f';
                    break;
                case 'n':
                    t.text += '\n';
                    break;
                case 'r':
                    t.text += '\r';
                    break;
                case 't':
                    t.text += '\t';
                    break;
                case 'u': {
                    if (i_ + 4 > s_.size())
                        fail("Parse error on bad unicode escape at [" + where() + "]");
                    unsigned cp = 0;
                    for (int k = 0; k < 4; ++k) {
                        const char h = s_[i_];
                        cp <<= 4;
                        if (h >= '0' && h <= '9')
                            cp |= static_cast<unsigned>(h - '0');
                        else if (h >= 'a' && h <= 'f')
                            cp |= static_cast<unsigned>(h - 'a' + 10);
                        else if (h >= 'A' && h <= 'F')
                            cp |= static_cast<unsigned>(h - 'A' + 10);
                        else
                            fail("Parse error on bad unicode escape at [" + where() + "]");
                        advance(1);
                    }
                    append_utf8(t.text, cp);
                    break;
                }
                default:
                    fail("Parse error on bad escape at [" + where() + "]");
            }
        }
    }

    std::string_view s_;
    std::size_t i_ = 0;
    int line_ = 1;
    int col_ = 1;
};

}  // namespace

std::vector<Token> tokenize(std::string_view source) {
    return Lexer(source).run();
}

std::string token_label(const Token& t) {
    switch (t.kind) {
        case TokenKind::end:
            return "end of file";
        case TokenKind::name:
            return "IDENTIFIER";
        case TokenKind::integer:
            return "INT";
        case TokenKind::floating:
            return "FLOAT";
        case TokenKind::string:
            return "STRING";
        case TokenKind::punctuator:
            break;
    }
    static const std::pair<const char*, const char*> names[] = {
        {"{", "LCURLY"},   {"}", "RCURLY"},   {"(", "LPAREN"},   {")", "RPAREN"},
        {"[", "LBRACKET"}, {"]", "RBRACKET"}, {":", "COLON"},    {"$", "VAR_SIGN"},
        {"!", "BANG"},     {"=", "EQUALS"},   {"@", "DIR_SIGN"}, {"...", "ELLIPSIS"},
        {"|", "PIPE"},     {"&", "AMP"}};
    for (const auto& [p, n] : names) {
        if (t.text == p)
            return n;
    }
    return "UNKNOWN";
}

}  // namespace sb::emulators::shopify::graphql
