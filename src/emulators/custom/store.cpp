#include "emulators/custom/store.hpp"

#include <boost/json/parse.hpp>
#include <stdexcept>
#include <vector>

#include "core/time.hpp"
#include "crypto/crypto.hpp"

namespace sb::emulators::custom {

namespace json = boost::json;

namespace {

// "<updated_at ms>:<external_id>", base64url: opaque to the hub.
std::string format_cursor(const std::pair<std::int64_t, std::string>& key) {
    return crypto::base64url_encode(std::to_string(key.first) + ":" + key.second);
}

std::pair<std::int64_t, std::string> parse_cursor(std::string_view cursor) {
    std::string text;
    const auto colon = [&] { return text.find(':'); };
    if (!crypto::base64url_decode(cursor, text) || colon() == std::string::npos || colon() == 0)
        throw std::invalid_argument("cursor: not one this server wrote");
    std::int64_t ms = 0;
    for (std::size_t i = 0; i < colon(); ++i) {
        const char c = text[i];
        if (c < '0' || c > '9' || i > 17)
            throw std::invalid_argument("cursor: not one this server wrote");
        ms = ms * 10 + (c - '0');
    }
    return {ms, text.substr(colon() + 1)};
}

}  // namespace

std::size_t Store::put(const json::array& records, const std::string& where) {
    struct Entry {
        std::string type;
        std::string id;
        std::int64_t updated = 0;
        const json::object* record = nullptr;
    };
    std::vector<Entry> entries;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto* o = records[i].if_object();
        const json::value* type = o ? o->if_contains("type") : nullptr;
        const json::value* id = o ? o->if_contains("external_id") : nullptr;
        if (!type || !type->is_string() || !id || !id->is_string()) {
            throw std::invalid_argument(where + "[" + std::to_string(i) +
                                        "]: not an object with string type and external_id");
        }
        Entry e{std::string(type->get_string()), std::string(id->get_string()), 0, o};
        if (const auto* u = o->if_contains("updated_at"); u && u->is_string())
            e.updated = parse_time(u->get_string()).value_or(0);
        entries.push_back(std::move(e));
    }
    std::lock_guard lock(mutex_);
    for (auto& e : entries) {
        auto& t = types_[e.type];
        Key key{e.updated, e.id};
        if (auto it = t.by_id.find(e.id); it != t.by_id.end()) {
            t.order.erase(it->second.first);
            it->second = {key, *e.record};
        } else {
            t.by_id.emplace(e.id, std::make_pair(key, *e.record));
        }
        t.order.insert(std::move(key));
    }
    return entries.size();
}

std::size_t Store::load_jsonl(std::istream& in) {
    json::array all;
    std::string line;
    for (std::size_t n = 1; std::getline(in, line); ++n) {
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        boost::system::error_code ec;
        auto v = json::parse(line, ec);
        if (ec || !v.is_object())
            throw std::invalid_argument("line " + std::to_string(n) + ": not a JSON object");
        all.push_back(std::move(v));
    }
    return put(all, "records");
}

RecordsPage Store::page(std::string_view type, std::optional<std::int64_t> since,
                        std::string_view cursor, std::size_t limit) const {
    std::optional<Key> after;
    if (!cursor.empty())
        after = parse_cursor(cursor);
    std::lock_guard lock(mutex_);
    RecordsPage out;
    auto t = types_.find(type);
    if (t == types_.end())
        return out;
    const auto& order = t->second.order;
    auto it = after ? order.upper_bound(*after) : order.lower_bound({since.value_or(0), ""});
    for (; it != order.end() && out.records.size() < limit; ++it) {
        if (since && it->first < *since)
            continue;
        out.records.push_back(t->second.by_id.at(it->second).second);
        if (out.records.size() == limit && std::next(it) != order.end())
            out.next_cursor = format_cursor(*it);
    }
    return out;
}

std::map<std::string, std::int64_t> Store::counts() const {
    std::lock_guard lock(mutex_);
    std::map<std::string, std::int64_t> out;
    for (const auto& [type, t] : types_)
        out[type] = static_cast<std::int64_t>(t.by_id.size());
    return out;
}

}  // namespace sb::emulators::custom
