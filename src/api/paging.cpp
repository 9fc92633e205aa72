#include "api/paging.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/url.hpp>
#include <charconv>

#include "core/error.hpp"
#include "crypto/crypto.hpp"

namespace sb::api {

namespace {

std::string order_text(const domain::PageRequest& p) {
    return p.order_field + (p.descending ? ":desc" : ":asc");
}

// A cursor works on the list it came from, in the order it was made for.
std::string cursor_scope(const http::Request& req, const domain::PageRequest& p) {
    return req.path + "|" + order_text(p);
}

[[noreturn]] void bad_cursor() {
    throw ApiError(Errc::invalid_cursor, "The cursor is invalid",
                   "Use the next link of the previous page, with the same order_by.",
                   {{"cursor", "invalid"}});
}

}  // namespace

std::string CursorCodec::encode(const std::string& order, const domain::Position& pos) const {
    boost::json::object o{{"o", order}, {"id", pos.id}};
    std::visit([&](const auto& v) { o["v"] = v; }, pos.value);
    const std::string payload = crypto::base64url_encode(boost::json::serialize(o));
    return payload + "." +
           crypto::base64url_encode(crypto::hmac_sha256(key_, payload).substr(0, 16));
}

std::optional<domain::Position> CursorCodec::decode(const std::string& cursor,
                                                    const std::string& order) const {
    const auto dot = cursor.find('.');
    if (dot == std::string::npos)
        return std::nullopt;
    const std::string payload = cursor.substr(0, dot);
    std::string tag;
    if (!crypto::base64url_decode(cursor.substr(dot + 1), tag) ||
        !crypto::constant_time_equal(tag, crypto::hmac_sha256(key_, payload).substr(0, 16))) {
        return std::nullopt;
    }
    std::string json;
    if (!crypto::base64url_decode(payload, json))
        return std::nullopt;
    boost::system::error_code ec;
    auto v = boost::json::parse(json, ec);
    if (ec || !v.is_object())
        return std::nullopt;
    const auto& o = v.as_object();
    auto* ord = o.if_contains("o");
    auto* id = o.if_contains("id");
    auto* val = o.if_contains("v");
    if (!ord || !ord->is_string() || ord->as_string() != order || !id || !id->is_string() || !val)
        return std::nullopt;
    domain::Position pos;
    pos.id = std::string(id->as_string());
    if (val->is_int64())
        pos.value = val->as_int64();
    else if (val->is_string())
        pos.value = std::string(val->as_string());
    else
        return std::nullopt;
    return pos;
}

int read_limit(const http::Request& req, int default_limit, int max_limit) {
    auto l = req.query_param("limit");
    if (!l)
        return default_limit;
    int n = 0;
    auto [p, ec] = std::from_chars(l->data(), l->data() + l->size(), n);
    if (ec != std::errc{} || p != l->data() + l->size() || n < 1 || n > max_limit) {
        throw ApiError(Errc::validation_failed, "Invalid limit", "",
                       {{"limit", "must be an integer from 1 to " + std::to_string(max_limit)}});
    }
    return n;
}

std::optional<storage::RecordPosition> read_record_cursor(const http::Request& req,
                                                          const CursorCodec& codec,
                                                          const std::string& scope) {
    auto c = req.query_param("cursor");
    if (!c)
        return std::nullopt;
    auto pos = codec.decode(std::string(*c), scope);
    const auto* at = pos ? std::get_if<std::int64_t>(&pos->value) : nullptr;
    const auto slash = pos ? pos->id.find('/') : std::string::npos;
    if (!at || slash == std::string::npos)
        bad_cursor();
    return storage::RecordPosition{*at, pos->id.substr(0, slash), pos->id.substr(slash + 1)};
}

std::string record_cursor(const CursorCodec& codec, const std::string& scope,
                          const storage::RecordPosition& position) {
    return codec.encode(scope, domain::Position{position.updated_at, position.integration_id + "/" +
                                                                         position.external_id});
}

domain::PageRequest read_order(const http::Request& req, const ListOptions& options) {
    domain::PageRequest page;
    page.order_field = options.order_fields.empty() ? "" : options.order_fields.front();
    auto o = req.query_param("order_by");
    if (!o)
        return page;
    const std::string text(*o);
    const auto colon = text.find(':');
    const std::string field = text.substr(0, colon);
    const std::string dir = colon == std::string::npos ? "asc" : text.substr(colon + 1);
    const auto& fields = options.order_fields;
    if (std::find(fields.begin(), fields.end(), field) != fields.end() &&
        (dir == "asc" || (dir == "desc" && options.descending))) {
        page.order_field = field;
        page.descending = dir == "desc";
        return page;
    }
    std::string accepted;
    for (const auto& f : fields) {
        accepted += (accepted.empty() ? "" : ", ") + f + ":asc";
        if (options.descending)
            accepted += ", " + f + ":desc";
    }
    throw ApiError(Errc::validation_failed, "Invalid order_by", "",
                   {{"order_by", accepted.empty() ? "not accepted: this list has one order"
                                                  : "must be one of " + accepted}});
}

void refuse_cursor(const http::Request& req, std::string_view instead) {
    if (req.query_param("cursor")) {
        throw ApiError(Errc::invalid_cursor, "This list takes no cursor",
                       "It pages with " + std::string(instead) + ".",
                       {{"cursor", "not accepted: this list pages with " + std::string(instead)}});
    }
}

domain::PageRequest read_page_request(const http::Request& req, const CursorCodec& codec,
                                      const ListOptions& options) {
    domain::PageRequest page = read_order(req, options);
    page.limit = read_limit(req, options.default_limit, options.max_limit);
    if (auto c = req.query_param("cursor")) {
        page.after = codec.decode(std::string(*c), cursor_scope(req, page));
        if (!page.after)
            bad_cursor();
    }
    return page;
}

boost::json::object list_body(boost::json::array items, const std::optional<domain::Position>& next,
                              const domain::PageRequest& page, const http::Request& req,
                              const std::string& public_url, const CursorCodec& codec) {
    const auto count = items.size();
    boost::json::object links{{"self", {{"href", public_url + req.target}}}};
    if (next) {
        boost::urls::url u;
        u.set_path(req.path);
        // Filters stay on every page; the paging parameters are replaced.
        for (const auto& [k, v] : req.query) {
            if (k != "limit" && k != "order_by" && k != "cursor")
                u.params().append({k, v});
        }
        u.params().append({"limit", std::to_string(page.limit)});
        if (!page.order_field.empty())
            u.params().append({"order_by", order_text(page)});
        u.params().append({"cursor", codec.encode(cursor_scope(req, page), *next)});
        links["next"] = {{"href", public_url + std::string(u.buffer())}};
    }
    return {{"_embedded", {{"items", std::move(items)}}},
            {"_links", std::move(links)},
            {"count", count}};
}

boost::json::object whole_list_page(std::vector<ListRow> rows, const http::Request& req,
                                    const std::string& public_url, const CursorCodec& codec,
                                    const ListOptions& options) {
    const auto page = read_page_request(req, codec, options);
    auto less = [](const domain::Position& a, const domain::Position& b) {
        return a.value != b.value ? a.value < b.value : a.id < b.id;
    };
    std::sort(rows.begin(), rows.end(),
              [&](const ListRow& a, const ListRow& b) { return less(a.key, b.key); });
    if (page.descending)
        std::reverse(rows.begin(), rows.end());
    auto it = rows.begin();
    if (page.after) {
        it = std::find_if(rows.begin(), rows.end(), [&](const ListRow& r) {
            return page.descending ? less(r.key, *page.after) : less(*page.after, r.key);
        });
    }
    boost::json::array items;
    for (; it != rows.end() && static_cast<int>(items.size()) < page.limit; ++it)
        items.push_back(std::move(it->body));
    std::optional<domain::Position> next;
    if (it != rows.end())
        next = (it - 1)->key;
    return list_body(std::move(items), next, page, req, public_url, codec);
}

}  // namespace sb::api
