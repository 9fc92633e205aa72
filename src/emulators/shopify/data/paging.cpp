#include "emulators/shopify/data/paging.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "crypto/crypto.hpp"

namespace sb::emulators::shopify {

namespace {

// Position p (0..count-1) in the requested order → record index.
struct Order {
    const Collection& c;
    bool reverse;
    std::int64_t at(std::int64_t p) const {
        const std::int64_t q = reverse ? c.count - 1 - p : p;
        return c.sorted ? (*c.sorted)[static_cast<std::size_t>(q)].second : q;
    }
    std::int64_t sort_value(std::int64_t p) const {
        const std::int64_t q = reverse ? c.count - 1 - p : p;
        return c.sorted ? (*c.sorted)[static_cast<std::size_t>(q)].first : 0;
    }
    bool ok(std::int64_t index) const { return !c.matches || c.matches(index); }

    // Where a cursor's key sits in natural (ascending) order: the index q of the first
    // element not below it, and whether the element at q is exactly the key. A key whose
    // record moved (its value changed) still has a well-defined place between neighbours.
    std::pair<std::int64_t, bool> locate(std::int64_t id, std::int64_t value) const {
        if (!c.sorted) {
            if (c.count == 0)
                return {0, false};
            if (auto idx = c.index_of(id))
                return {*idx, true};
            return {id < c.id_of(0) ? 0 : c.count, false};
        }
        const auto& v = *c.sorted;
        auto idx = c.index_of(id);
        const std::pair<std::int64_t, std::int64_t> key{value, idx ? *idx : 0};
        const auto q = std::lower_bound(v.begin(), v.end(), key) - v.begin();
        return {q, q < c.count && v[static_cast<std::size_t>(q)] == key};
    }
    // Exclusive lower bound (in requested order) for `after`.
    std::int64_t after_bound(std::int64_t id, std::int64_t value) const {
        auto [q, exact] = locate(id, value);
        if (!reverse)
            return exact ? q : q - 1;
        return c.count - 1 - q;
    }
    // Exclusive upper bound for `before`.
    std::int64_t before_bound(std::int64_t id, std::int64_t value) const {
        auto [q, exact] = locate(id, value);
        if (!reverse)
            return q;
        return exact ? c.count - 1 - q : c.count - q;
    }
};

}  // namespace

std::string make_cursor(std::int64_t id, std::int64_t sort_value) {
    boost::json::object o{{"last_id", id}, {"last_value", sort_value}};
    return crypto::base64_encode(boost::json::serialize(o));
}

bool parse_cursor(const std::string& cursor, std::int64_t& id, std::int64_t& value) {
    std::string raw;
    if (!crypto::base64_decode(cursor, raw))
        return false;
    boost::system::error_code ec;
    auto v = boost::json::parse(raw, ec);
    if (ec || !v.is_object())
        return false;
    const auto* a = v.as_object().if_contains("last_id");
    const auto* b = v.as_object().if_contains("last_value");
    if (!a || !a->is_int64() || !b || !b->is_int64())
        return false;
    id = a->as_int64();
    value = b->as_int64();
    return true;
}

bool paginate(const Collection& c, const PageRequest& req, Page& out) {
    const Order ord{c, req.reverse};
    std::int64_t lo = -1, hi = c.count;  // exclusive bounds in position space
    if (req.after) {
        std::int64_t id, v;
        if (!parse_cursor(*req.after, id, v))
            return false;
        lo = ord.after_bound(id, v);
    }
    if (req.before) {
        std::int64_t id, v;
        if (!parse_cursor(*req.before, id, v))
            return false;
        hi = ord.before_bound(id, v);
    }
    auto cursor_at = [&](std::int64_t p) {
        const std::int64_t index = ord.at(p);
        return make_cursor(c.id_of(index), ord.sort_value(p));
    };
    auto any_in = [&](std::int64_t from, std::int64_t to, int step) {
        // Bounded probe: a page is "there" as soon as one match is found.
        for (std::int64_t p = from; step > 0 ? p < to : p > to; p += step) {
            if (ord.ok(ord.at(p)))
                return true;
        }
        return false;
    };
    std::vector<std::int64_t> positions;
    if (req.last && !req.first) {
        const std::int64_t want = *req.last;
        std::int64_t p = hi - 1;
        for (; p > lo && static_cast<std::int64_t>(positions.size()) < want; --p) {
            if (ord.ok(ord.at(p)))
                positions.push_back(p);
        }
        std::reverse(positions.begin(), positions.end());
        out.has_previous = any_in(p, lo, -1);
        out.has_next = req.before ? any_in(hi, c.count, 1) : false;
    } else {
        const std::int64_t want = req.first.value_or(50);
        std::int64_t p = lo + 1;
        for (; p < hi && static_cast<std::int64_t>(positions.size()) < want; ++p) {
            if (ord.ok(ord.at(p)))
                positions.push_back(p);
        }
        out.has_next = any_in(p, hi, 1);
        out.has_previous = req.after ? any_in(lo, -1, -1) : false;
    }
    out.indexes.clear();
    out.cursors.clear();
    for (auto p : positions) {
        out.indexes.push_back(ord.at(p));
        out.cursors.push_back(cursor_at(p));
    }
    return true;
}

void for_each_match(const Collection& c, bool reverse,
                    const std::function<bool(std::int64_t)>& fn) {
    const Order ord{c, reverse};
    for (std::int64_t p = 0; p < c.count; ++p) {
        const auto index = ord.at(p);
        if (ord.ok(index) && !fn(index))
            return;
    }
}

}  // namespace sb::emulators::shopify
