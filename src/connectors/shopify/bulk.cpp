#include "connectors/shopify/bulk.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <thread>

#include "connectors/common/json_util.hpp"
#include "connectors/shopify/mapping.hpp"
#include "connectors/shopify/queries.hpp"
#include "core/error.hpp"
#include "log/logger.hpp"

namespace sb::connectors::shopify {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

std::string gid_type(std::string_view gid) {
    // gid://shopify/Type/123
    constexpr std::string_view prefix = "gid://shopify/";
    if (gid.rfind(prefix, 0) != 0)
        return {};
    auto rest = gid.substr(prefix.size());
    return std::string(rest.substr(0, rest.find('/')));
}

// Which connection of the parent a child type belongs to.
std::string connection_for(std::string_view child_type) {
    if (child_type == "LineItem" || child_type == "AbandonedCheckoutLineItem")
        return "lineItems";
    if (child_type == "ShippingLine")
        return "shippingLines";
    if (child_type == "FulfillmentLineItem")
        return "fulfillmentLineItems";
    if (child_type == "RefundLineItem")
        return "refundLineItems";
    if (child_type == "ProductVariant")
        return "variants";
    if (child_type == "InventoryLevel")
        return "inventoryLevels";
    return std::string(child_type) + "s";
}

json::object* find_object(json::value& v, std::string_view gid, int depth) {
    if (depth > 6)
        return nullptr;
    if (v.is_object()) {
        auto& o = v.as_object();
        if (auto* id = o.if_contains("id"); id && id->is_string() && id->as_string() == gid)
            return &o;
        for (auto& [k, x] : o) {
            if (auto* f = find_object(x, gid, depth + 1))
                return f;
        }
    } else if (v.is_array()) {
        for (auto& x : v.as_array()) {
            if (auto* f = find_object(x, gid, depth + 1))
                return f;
        }
    }
    return nullptr;
}

void register_ids(const json::value& v, const std::string& root,
                  std::unordered_map<std::string, std::string>& owner, int depth) {
    if (depth > 6)
        return;
    if (v.is_object()) {
        const auto& o = v.as_object();
        if (auto* id = o.if_contains("id"); id && id->is_string())
            owner[std::string(id->as_string())] = root;
        for (const auto& [k, x] : o) {
            if (x.is_object() || x.is_array())
                register_ids(x, root, owner, depth + 1);
        }
    } else if (v.is_array()) {
        for (const auto& x : v.as_array())
            register_ids(x, root, owner, depth + 1);
    }
}

void unregister_ids(const json::value& v, std::unordered_map<std::string, std::string>& owner,
                    int depth) {
    if (depth > 6)
        return;
    if (v.is_object()) {
        const auto& o = v.as_object();
        if (auto* id = o.if_contains("id"); id && id->is_string())
            owner.erase(std::string(id->as_string()));
        for (const auto& [k, x] : o) {
            if (x.is_object() || x.is_array())
                unregister_ids(x, owner, depth + 1);
        }
    } else if (v.is_array()) {
        for (const auto& x : v.as_array())
            unregister_ids(x, owner, depth + 1);
    }
}

}  // namespace

void BulkAssembler::add(std::string_view line, std::int64_t number) {
    if (line.empty())
        return;
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    if (ec || !v.is_object())
        throw std::runtime_error("bulk result line " + std::to_string(number) + " is not JSON");
    auto& o = v.as_object();
    const auto* parent = o.if_contains("__parentId");
    if (!parent || !parent->is_string()) {
        Root r;
        r.line = number;
        r.gid = jsonu::str(o, "id").value_or("line:" + std::to_string(number));
        r.node = std::move(o);
        // The root and everything nested in it (without copying the node).
        if (auto* id = r.node.if_contains("id"); id && id->is_string())
            owner_[r.gid] = r.gid;
        for (const auto& [k, x] : r.node) {
            if (x.is_object() || x.is_array())
                register_ids(x, r.gid, owner_, 1);
        }
        open_.push_back(std::move(r));
        return;
    }
    const std::string parent_gid(parent->as_string());
    o.erase("__parentId");
    auto it = owner_.find(parent_gid);
    if (it == owner_.end()) {
        // Before `attached_before_` the child was attached by the attempt that checkpointed.
        if (number >= attached_before_)
            late_.push_back(parent_gid);
        return;
    }
    const std::string root_gid = it->second;
    // Children mostly follow their root closely: look from the newest open root back.
    for (auto rit = open_.rbegin(); rit != open_.rend(); ++rit) {
        auto& r = *rit;
        if (r.gid == root_gid) {
            if (auto* id = o.if_contains("id"); id && id->is_string())
                owner_[std::string(id->as_string())] = root_gid;
            attach(r, parent_gid, std::move(o));
            return;
        }
    }
}

void BulkAssembler::attach(Root& root, const std::string& parent_gid, json::object child) {
    json::object* target = &root.node;
    if (root.gid != parent_gid) {
        target = nullptr;
        for (auto& [k, x] : root.node) {
            if (auto* f = find_object(x, parent_gid, 1)) {
                target = f;
                break;
            }
        }
        if (!target)
            return;
    }
    const std::string key = connection_for(gid_type(jsonu::str(child, "id").value_or("")));
    auto& conn = (*target)[key];
    if (!conn.is_object())
        conn = json::object{{"nodes", json::array{}}};
    auto& nodes = conn.as_object()["nodes"];
    if (!nodes.is_array())
        nodes = json::array{};
    nodes.as_array().push_back(std::move(child));
}

std::vector<BulkAssembler::Root> BulkAssembler::take_ready(bool all, std::size_t max) {
    std::vector<Root> out;
    while (!open_.empty() && out.size() < max && (all || open_.size() > window_)) {
        Root r = std::move(open_.front());
        open_.pop_front();
        for (const auto& [k, x] : r.node) {
            if (x.is_object() || x.is_array())
                unregister_ids(x, owner_, 1);
        }
        owner_.erase(r.gid);
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<std::string> BulkAssembler::take_late() {
    std::vector<std::string> out;
    out.swap(late_);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::int64_t BulkAssembler::resume_line(std::int64_t next_line) const {
    return open_.empty() ? next_line : open_.front().line;
}

std::optional<BulkCheckpoint> parse_bulk_checkpoint(std::string_view text) {
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    if (ec || !v.is_object())
        return std::nullopt;
    const auto& o = v.as_object();
    if (jsonu::str(o, "mode") != std::optional<std::string>("bulk"))
        return std::nullopt;
    BulkCheckpoint c;
    c.operation_id = jsonu::str(o, "operation").value_or("");
    c.resume_line = jsonu::int64(o, "resume_line").value_or(0);
    c.read_line = jsonu::int64(o, "read_line").value_or(0);
    c.since = jsonu::int64(o, "since");
    return c;
}

std::string format_bulk_checkpoint(const BulkCheckpoint& c) {
    json::object o{{"mode", "bulk"},
                   {"operation", c.operation_id},
                   {"resume_line", c.resume_line},
                   {"read_line", c.read_line}};
    if (c.since)
        o["since"] = *c.since;
    return json::serialize(o);
}

}  // namespace sb::connectors::shopify
