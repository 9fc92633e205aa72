#include "emulators/shopify/data/search_query.hpp"

#include <cctype>
#include <charconv>

#include "core/time.hpp"

namespace sb::emulators::shopify {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::optional<std::int64_t> parse_when(std::string_view v) {
    if (auto t = parse_time(v))
        return t;
    // A bare date means its midnight UTC; Shopify also accepts "2024-01-01 10:00:00".
    if (v.size() == 10)
        return parse_time(std::string(v) + "T00:00:00Z");
    if (v.size() == 19 && v[10] == ' ') {
        std::string s(v);
        s[10] = 'T';
        return parse_time(s + "Z");
    }
    if (v.size() == 19)
        return parse_time(std::string(v) + "Z");
    return std::nullopt;
}

}  // namespace

std::vector<SearchTerm> parse_search(std::string_view q) {
    std::vector<SearchTerm> out;
    std::size_t i = 0;
    while (i < q.size()) {
        while (i < q.size() && std::isspace(static_cast<unsigned char>(q[i])))
            ++i;
        if (i >= q.size())
            break;
        SearchTerm t;
        if (q[i] == '-') {
            t.negate = true;
            ++i;
        }
        std::size_t start = i;
        while (i < q.size() && q[i] != ':' && !std::isspace(static_cast<unsigned char>(q[i])))
            ++i;
        std::string word(q.substr(start, i - start));
        if (word == "AND")
            continue;
        if (i < q.size() && q[i] == ':') {
            t.field = lower(word);
            ++i;
            t.op = ":";
            if (i < q.size() && (q[i] == '>' || q[i] == '<')) {
                t.op = std::string(1, q[i]);
                ++i;
                if (i < q.size() && q[i] == '=') {
                    t.op += '=';
                    ++i;
                }
            }
            if (i < q.size() && (q[i] == '\'' || q[i] == '"')) {
                const char quote = q[i++];
                start = i;
                while (i < q.size() && q[i] != quote)
                    ++i;
                t.value = std::string(q.substr(start, i - start));
                if (i < q.size())
                    ++i;
            } else {
                start = i;
                while (i < q.size() && !std::isspace(static_cast<unsigned char>(q[i])))
                    ++i;
                t.value = std::string(q.substr(start, i - start));
            }
        } else {
            t.value = word;
        }
        out.push_back(std::move(t));
    }
    return out;
}

bool time_matches(std::int64_t actual, const SearchTerm& t, bool& valid) {
    const auto when = parse_when(t.value);
    valid = when.has_value();
    if (!when)
        return false;
    const std::int64_t w = *when;
    bool r;
    if (t.op == ">")
        r = actual > w;
    else if (t.op == ">=")
        r = actual >= w;
    else if (t.op == "<")
        r = actual < w;
    else if (t.op == "<=")
        r = actual <= w;
    else
        r = actual / 86'400'000 == w / 86'400'000;  // "field:2024-01-01" means that day
    return t.negate ? !r : r;
}

bool number_matches(std::int64_t actual, const SearchTerm& t) {
    std::int64_t v = 0;
    std::string_view s = t.value;
    if (const auto slash = s.rfind('/'); slash != std::string_view::npos)
        s = s.substr(slash + 1);  // GIDs
    if (std::from_chars(s.data(), s.data() + s.size(), v).ec != std::errc())
        return t.negate;
    bool r;
    if (t.op == ">")
        r = actual > v;
    else if (t.op == ">=")
        r = actual >= v;
    else if (t.op == "<")
        r = actual < v;
    else if (t.op == "<=")
        r = actual <= v;
    else
        r = actual == v;
    return t.negate ? !r : r;
}

bool text_matches(std::string_view actual, const SearchTerm& t) {
    const std::string a = lower(actual), v = lower(t.value);
    bool r;
    if (!v.empty() && v.back() == '*')
        r = a.rfind(v.substr(0, v.size() - 1), 0) == 0;
    else
        r = a == v;
    return t.negate ? !r : r;
}

}  // namespace sb::emulators::shopify
