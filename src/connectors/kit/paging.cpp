#include "connectors/kit/paging.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <charconv>
#include <vector>

#include "connectors/common/json_util.hpp"

namespace sb::connectors::kit {

namespace {

bool space(char c) {
    return c == ' ' || c == '\t';
}

bool same_text(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

struct Link {
    std::string target;
    std::string rel;  // space-separated relation types, as given
};

// Reads link-values (RFC 8288 3): `<target>` then `; name[=value]` parameters, the value a
// token or a quoted-string, links separated by commas. Only the first rel of a link counts
// (3.3). A link that does not start with '<' is skipped up to the next comma.
class LinkReader {
  public:
    explicit LinkReader(std::string_view text) : s_(text) {}

    std::vector<Link> links() {
        std::vector<Link> out;
        while (true) {
            skip([](char c) { return space(c) || c == ','; });
            if (at_end())
                return out;
            if (s_[i_] != '<') {
                skip_to_next_link();
                continue;
            }
            const auto close = s_.find('>', i_ + 1);
            if (close == std::string_view::npos)
                return out;
            Link link{std::string(s_.substr(i_ + 1, close - i_ - 1)), {}};
            i_ = close + 1;
            bool has_rel = false;
            params([&](std::string_view name, std::string value) {
                if (!has_rel && same_text(name, "rel")) {
                    link.rel = std::move(value);
                    has_rel = true;
                }
            });
            out.push_back(std::move(link));
        }
    }

  private:
    bool at_end() const { return i_ >= s_.size(); }

    template <typename Pred>
    void skip(Pred pred) {
        while (!at_end() && pred(s_[i_]))
            ++i_;
    }

    // Past the next comma that is not inside a quoted-string.
    void skip_to_next_link() {
        while (!at_end() && s_[i_] != ',') {
            if (s_[i_] == '"')
                quoted();
            else
                ++i_;
        }
    }

    // At an opening quote: the unescaped content, and the position past the closing quote.
    std::string quoted() {
        std::string out;
        ++i_;
        while (!at_end() && s_[i_] != '"') {
            if (s_[i_] == '\\' && i_ + 1 < s_.size())
                ++i_;
            out += s_[i_++];
        }
        if (!at_end())
            ++i_;
        return out;
    }

    // The parameters after a target, up to the comma that ends the link (consumed).
    template <typename OnParam>
    void params(OnParam on_param) {
        while (true) {
            skip(space);
            if (at_end())
                return;
            if (s_[i_] == ',') {
                ++i_;
                return;
            }
            if (s_[i_] != ';') {
                skip_to_next_link();
                continue;
            }
            ++i_;
            skip(space);
            const auto name_start = i_;
            skip([](char c) { return !space(c) && c != '=' && c != ';' && c != ','; });
            const std::string_view name = s_.substr(name_start, i_ - name_start);
            skip(space);
            std::string value;
            if (!at_end() && s_[i_] == '=') {
                ++i_;
                skip(space);
                if (!at_end() && s_[i_] == '"') {
                    value = quoted();
                } else {
                    const auto value_start = i_;
                    skip([](char c) { return !space(c) && c != ';' && c != ','; });
                    value = std::string(s_.substr(value_start, i_ - value_start));
                }
            }
            if (!name.empty())
                on_param(name, std::move(value));
        }
    }

    std::string_view s_;
    std::size_t i_ = 0;
};

bool names_rel(std::string_view rels, std::string_view rel) {
    while (!rels.empty()) {
        while (!rels.empty() && space(rels.front()))
            rels.remove_prefix(1);
        std::size_t n = 0;
        while (n < rels.size() && !space(rels[n]))
            ++n;
        if (n > 0 && same_text(rels.substr(0, n), rel))
            return true;
        rels.remove_prefix(n);
    }
    return false;
}

}  // namespace

PageLinks page_links(std::string_view link_header) {
    PageLinks out;
    for (auto& link : LinkReader(link_header).links()) {
        if (!out.next && names_rel(link.rel, "next"))
            out.next = link.target;
        if (!out.previous && (names_rel(link.rel, "prev") || names_rel(link.rel, "previous")))
            out.previous = link.target;
    }
    return out;
}

std::optional<std::string> link_target(std::string_view link_header, std::string_view rel) {
    for (auto& link : LinkReader(link_header).links())
        if (names_rel(link.rel, rel))
            return std::move(link.target);
    return std::nullopt;
}

bool has_next_page(const PageRead& read) {
    if (read.items == 0)
        return false;
    if (read.total_pages)
        return read.page < *read.total_pages;
    if (read.total_items && read.per_page > 0)
        return read.page * read.per_page < *read.total_items;
    return read.per_page > 0 && static_cast<std::int64_t>(read.items) >= read.per_page;
}

std::optional<std::int64_t> header_count(std::string_view value) {
    while (!value.empty() && space(value.front()))
        value.remove_prefix(1);
    while (!value.empty() && space(value.back()))
        value.remove_suffix(1);
    if (value.empty() || !std::isdigit(static_cast<unsigned char>(value.front())))
        return std::nullopt;
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size())
        return std::nullopt;
    return n;
}

std::optional<Pagination> meta_pagination(const boost::json::object& answer) {
    const auto* meta = jsonu::obj(answer, "meta");
    const auto* p = meta ? jsonu::obj(*meta, "pagination") : nullptr;
    if (!p)
        return std::nullopt;
    return Pagination{jsonu::loose_int(*p, "current_page"), jsonu::loose_int(*p, "per_page"),
                      jsonu::loose_int(*p, "total_pages"), jsonu::loose_int(*p, "total")};
}

std::optional<std::string> next_cursor(const boost::json::object& page,
                                       std::string_view cursor_field,
                                       std::string_view has_next_field) {
    if (!has_next_field.empty() && !jsonu::boolean(page, has_next_field).value_or(false))
        return std::nullopt;
    auto cursor = jsonu::str(page, cursor_field);
    if (!cursor || cursor->empty())
        return std::nullopt;
    return cursor;
}

std::optional<PageCheckpoint> parse_page_checkpoint(std::string_view text) {
    if (text.empty())
        return std::nullopt;
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (ec || !v.is_object())
        return std::nullopt;
    const auto& o = v.as_object();
    PageCheckpoint c;
    c.since = jsonu::int64(o, "since");
    c.page = std::max<std::int64_t>(1, jsonu::int64(o, "page").value_or(1));
    c.token = jsonu::str(o, "token").value_or("");
    c.location = std::max<std::int64_t>(0, jsonu::int64(o, "location").value_or(0));
    return c;
}

std::string format_page_checkpoint(const PageCheckpoint& c) {
    return boost::json::serialize(boost::json::object{
        {"since", c.since ? boost::json::value(*c.since) : boost::json::value(nullptr)},
        {"page", c.page},
        {"token", c.token},
        {"location", c.location}});
}

PageCheckpoint start_page_checkpoint(std::string_view checkpoint, std::optional<std::int64_t> since,
                                     std::chrono::milliseconds overlap) {
    if (auto resumed = parse_page_checkpoint(checkpoint))
        return *resumed;
    PageCheckpoint start;
    if (since)
        start.since = *since - overlap.count();
    return start;
}

}  // namespace sb::connectors::kit
