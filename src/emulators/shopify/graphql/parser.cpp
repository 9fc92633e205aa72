#include "emulators/shopify/graphql/parser.hpp"

namespace sb::emulators::shopify::graphql {

std::string type_to_string(const TypeRef& t) {
    std::string s = t.of ? "[" + type_to_string(*t.of) + "]" : t.name;
    return t.non_null ? s + "!" : s;
}

namespace {

class Parser {
  public:
    explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

    Document document() {
        Document d;
        if (peek().kind == TokenKind::end)
            fail_at(peek());
        while (peek().kind != TokenKind::end) {
            const Token& t = peek();
            if (is_punct("{")) {
                Operation op;
                op.loc = t.loc;
                op.selections = selection_set();
                d.operations.push_back(std::move(op));
            } else if (t.kind == TokenKind::name &&
                       (t.text == "query" || t.text == "mutation" || t.text == "subscription")) {
                d.operations.push_back(operation());
            } else if (t.kind == TokenKind::name && t.text == "fragment") {
                d.fragments.push_back(fragment());
            } else {
                fail_at(t);
            }
        }
        return d;
    }

  private:
    const Token& peek() const { return t_[i_]; }
    const Token& take() {
        const Token& t = t_[i_];
        if (t.kind != TokenKind::end)
            ++i_;
        return t;
    }
    bool is_punct(std::string_view p) const {
        return peek().kind == TokenKind::punctuator && peek().text == p;
    }
    [[noreturn]] void fail_at(const Token& t) const {
        const std::string shown = t.kind == TokenKind::end ? "end of file" : t.text;
        throw SyntaxError{"Parse error on \"" + shown + "\" (" + token_label(t) + ") at [" +
                              std::to_string(t.loc.line) + ", " + std::to_string(t.loc.column) +
                              "]",
                          t.loc};
    }
    void expect(std::string_view p) {
        if (!is_punct(p))
            fail_at(peek());
        take();
    }
    std::string name() {
        if (peek().kind != TokenKind::name)
            fail_at(peek());
        return take().text;
    }

    Operation operation() {
        Operation op;
        op.loc = peek().loc;
        op.type = take().text;
        if (peek().kind == TokenKind::name)
            op.name = take().text;
        if (is_punct("(")) {
            take();
            while (!is_punct(")")) {
                VariableDefinition v;
                v.loc = peek().loc;
                expect("$");
                v.name = name();
                expect(":");
                v.type = type_ref();
                if (is_punct("=")) {
                    take();
                    v.default_value = value(true);
                }
                op.variables.push_back(std::move(v));
            }
            take();
            if (op.variables.empty())
                fail_at(t_[i_ - 1]);
        }
        op.directives = directives();
        op.selections = selection_set();
        return op;
    }

    Fragment fragment() {
        Fragment f;
        f.loc = peek().loc;
        take();  // "fragment"
        f.name = name();
        if (f.name == "on")
            fail_at(t_[i_ - 1]);
        if (peek().kind != TokenKind::name || peek().text != "on")
            fail_at(peek());
        take();
        f.type_condition = name();
        directives();
        f.selections = selection_set();
        return f;
    }

    TypeRef type_ref() {
        const Nesting nesting(*this);
        TypeRef t;
        if (is_punct("[")) {
            take();
            t.of = std::make_shared<TypeRef>(type_ref());
            expect("]");
        } else {
            t.name = name();
        }
        if (is_punct("!")) {
            take();
            t.non_null = true;
        }
        return t;
    }

    std::vector<Directive> directives() {
        std::vector<Directive> out;
        while (is_punct("@")) {
            take();
            Directive d;
            d.name = name();
            if (is_punct("("))
                d.arguments = arguments();
            out.push_back(std::move(d));
        }
        return out;
    }

    std::vector<Argument> arguments() {
        expect("(");
        std::vector<Argument> out;
        while (!is_punct(")")) {
            Argument a;
            a.loc = peek().loc;
            a.name = name();
            expect(":");
            a.value = value(false);
            out.push_back(std::move(a));
        }
        if (out.empty())
            fail_at(peek());
        take();
        return out;
    }

    ValuePtr value(bool is_const) {
        const Nesting nesting(*this);
        auto v = std::make_shared<Value>();
        const Token& t = peek();
        v->loc = t.loc;
        if (t.kind == TokenKind::punctuator) {
            if (t.text == "$" && !is_const) {
                take();
                v->kind = Value::Kind::variable;
                v->text = name();
            } else if (t.text == "[") {
                take();
                v->kind = Value::Kind::list;
                while (!is_punct("]")) {
                    if (peek().kind == TokenKind::end)
                        fail_at(peek());
                    v->list.push_back(value(is_const));
                }
                take();
            } else if (t.text == "{") {
                take();
                v->kind = Value::Kind::object;
                while (!is_punct("}")) {
                    std::string key = name();
                    expect(":");
                    v->fields.emplace_back(std::move(key), value(is_const));
                }
                take();
            } else {
                fail_at(t);
            }
            return v;
        }
        switch (t.kind) {
            case TokenKind::integer:
                v->kind = Value::Kind::integer;
                break;
            case TokenKind::floating:
                v->kind = Value::Kind::floating;
                break;
            case TokenKind::string:
                v->kind = Value::Kind::string;
                break;
            case TokenKind::name:
                if (t.text == "true" || t.text == "false") {
                    v->kind = Value::Kind::boolean;
                    v->boolean = t.text == "true";
                } else if (t.text == "null") {
                    v->kind = Value::Kind::null;
                } else {
                    v->kind = Value::Kind::enumeration;
                }
                break;
            default:
                fail_at(t);
        }
        v->text = take().text;
        return v;
    }

    SelectionSet selection_set() {
        const Nesting nesting(*this);
        expect("{");
        SelectionSet out;
        while (!is_punct("}")) {
            if (peek().kind == TokenKind::end)
                fail_at(peek());
            out.push_back(selection());
        }
        if (out.empty())
            fail_at(peek());
        take();
        return out;
    }

    Selection selection() {
        Selection s;
        s.loc = peek().loc;
        if (is_punct("...")) {
            take();
            if (peek().kind == TokenKind::name && peek().text != "on") {
                s.kind = Selection::Kind::fragment_spread;
                s.name = take().text;
                s.directives = directives();
                return s;
            }
            s.kind = Selection::Kind::inline_fragment;
            if (peek().kind == TokenKind::name && peek().text == "on") {
                take();
                s.type_condition = name();
            }
            s.directives = directives();
            s.selections = selection_set();
            return s;
        }
        s.kind = Selection::Kind::field;
        std::string first = name();
        if (is_punct(":")) {
            take();
            s.alias = std::move(first);
            s.name = name();
        } else {
            s.name = std::move(first);
        }
        if (is_punct("("))
            s.arguments = arguments();
        s.directives = directives();
        if (is_punct("{"))
            s.selections = selection_set();
        return s;
    }

    // The parser recurses once per level of selections, lists, objects and list types: a
    // document nested deeper than k_max_depth is refused where it goes too deep, before the
    // stack runs out (a request of a few hundred kilobytes used to crash the emulator).
    static constexpr int k_max_depth = 256;
    struct Nesting {
        explicit Nesting(Parser& p) : parser(p) {
            if (++parser.depth_ > k_max_depth)
                parser.fail_at(parser.peek());
        }
        ~Nesting() { --parser.depth_; }
        Nesting(const Nesting&) = delete;
        Nesting& operator=(const Nesting&) = delete;
        Parser& parser;
    };

    std::vector<Token> t_;
    std::size_t i_ = 0;
    int depth_ = 0;
};

}  // namespace

Document parse_document(std::string_view source) {
    return Parser(tokenize(source)).document();
}

}  // namespace sb::emulators::shopify::graphql
