#include <algorithm>

#include "emulators/shopify/bulk/bulk_operations.hpp"
#include "emulators/shopify/data/search_query.hpp"
#include "emulators/shopify/graphql/parser.hpp"
#include "emulators/shopify/resolvers/common.hpp"
#include "emulators/shopify/resolvers/services.hpp"

// BulkOperation, currentBulkOperation, bulkOperations and the bulk mutations.
namespace sb::emulators::shopify {

namespace json = boost::json;
using graphql::Entity;
using graphql::FieldKind;
using graphql::make_entity;

graphql::Result bulk_operation_entity(const graphql::Context& ctx, std::int64_t id) {
    const Services& sv = services(ctx);
    auto op = sv.bulk ? sv.bulk->get(id) : std::nullopt;
    if (!op || op->app_id != sv.app_id)
        return json::value(nullptr);
    return make_entity("BulkOperation", *op);
}

namespace {

using Field = std::tuple<std::string, FieldKind, std::string>;

json::value count_string(std::int64_t n) {
    return json::value(std::to_string(n));
}

// One term of bulkOperations(query:): status, operation_type, created_at and id. A term on any
// other field is ignored, as Shopify ignores a filter it does not know.
bool matches(const BulkOperation& op, const SearchTerm& term) {
    if (term.field == "status")
        return text_matches(op.status, term);
    if (term.field == "operation_type")
        return text_matches("query", term);  // the emulator runs bulk queries only
    if (term.field == "id")
        return number_matches(op.id, term);
    if (term.field == "created_at") {
        bool valid = true;
        const bool hit = time_matches(op.created_at, term, valid);
        return hit || !valid;
    }
    return true;
}

void register_bulk_operation(graphql::Schema& s) {
    const std::string t = "BulkOperation";
    scalar<BulkOperation>(s, t, "id", "ID", [](const BulkOperation& b) {
        return json::value(gid("BulkOperation", b.id));
    });
    scalar<BulkOperation>(s, t, "status", "BulkOperationStatus",
                          [](const BulkOperation& b) { return json::value(b.status); });
    scalar<BulkOperation>(s, t, "errorCode", "BulkOperationErrorCode",
                          [](const BulkOperation& b) { return opt_string(b.error_code); });
    scalar<BulkOperation>(s, t, "createdAt", "DateTime", [](const BulkOperation& b) {
        return json::value(iso_time(b.created_at));
    });
    scalar<BulkOperation>(s, t, "completedAt", "DateTime",
                          [](const BulkOperation& b) { return opt_time(b.completed_at); });
    scalar<BulkOperation>(s, t, "objectCount", "UnsignedInt64",
                          [](const BulkOperation& b) { return count_string(b.object_count); });
    scalar<BulkOperation>(s, t, "rootObjectCount", "UnsignedInt64",
                          [](const BulkOperation& b) { return count_string(b.root_object_count); });
    scalar<BulkOperation>(s, t, "fileSize", "UnsignedInt64", [](const BulkOperation& b) {
        return b.status == "COMPLETED" && b.url ? count_string(b.file_size) : json::value(nullptr);
    });
    scalar<BulkOperation>(s, t, "url", "URL",
                          [](const BulkOperation& b) { return opt_string(b.url); });
    scalar<BulkOperation>(s, t, "partialDataUrl", "URL",
                          [](const BulkOperation&) { return json::value(nullptr); });
    scalar<BulkOperation>(s, t, "query", "String",
                          [](const BulkOperation& b) { return json::value(b.query); });
    scalar<BulkOperation>(s, t, "type", "BulkOperationType",
                          [](const BulkOperation&) { return json::value("QUERY"); });

    graphql::FieldDef cur;
    cur.name = "currentBulkOperation";
    cur.kind = FieldKind::object;
    cur.type = t;
    cur.resolve = [](const Entity&, const graphql::Args&,
                     graphql::Context& ctx) -> graphql::Result {
        const Services& sv = services(ctx);
        auto op = sv.bulk->current(sv.app_id);
        if (!op)
            return json::value(nullptr);
        return make_entity("BulkOperation", *op);
    };
    s.field("QueryRoot", cur);

    graphql::FieldDef list;
    list.name = "bulkOperations";
    list.kind = FieldKind::connection;
    list.type = t;
    list.resolve = [](const Entity&, const graphql::Args& args,
                      graphql::Context& ctx) -> graphql::Result {
        const Services& sv = services(ctx);
        const auto terms = parse_search(arg_string(args, "query"));
        std::vector<BulkOperation> ops =
            sv.bulk ? sv.bulk->list(sv.app_id) : std::vector<BulkOperation>{};
        std::erase_if(ops, [&terms](const BulkOperation& op) {
            return !std::all_of(terms.begin(), terms.end(),
                                [&op](const SearchTerm& term) { return matches(op, term); });
        });
        // Newest first, as the published description says; `reverse` turns it around.
        const bool by_completion = arg_string(args, "sortKey", "CREATED_AT") == "COMPLETED_AT";
        std::stable_sort(ops.begin(), ops.end(),
                         [by_completion](const BulkOperation& a, const BulkOperation& b) {
                             const auto key = [by_completion](const BulkOperation& o) {
                                 return std::make_pair(
                                     by_completion ? o.completed_at.value_or(0) : o.created_at,
                                     o.id);
                             };
                             return key(a) > key(b);
                         });
        std::vector<Entity> nodes;
        for (auto& op : ops)
            nodes.push_back(make_entity("BulkOperation", std::move(op)));
        return slice_connection(std::move(nodes), args);
    };
    s.field("QueryRoot", list);
}

void register_bulk_mutations(graphql::Schema& s) {
    payload_type(s, "BulkOperationRunQueryPayload",
                 {Field{"bulkOperation", FieldKind::object, "BulkOperation"},
                  Field{"userErrors", FieldKind::list, "UserError"}});
    payload_type(s, "BulkOperationCancelPayload",
                 {Field{"bulkOperation", FieldKind::object, "BulkOperation"},
                  Field{"userErrors", FieldKind::list, "UserError"}});
    auto result = [](const std::string& type, graphql::Result op,
                     std::vector<Entity> errs) -> graphql::Result {
        return make_entity(
            type == "run" ? "BulkOperationRunQueryPayload" : "BulkOperationCancelPayload",
            PayloadRef{{{"bulkOperation", std::move(op)}, {"userErrors", std::move(errs)}}});
    };

    graphql::FieldDef run;
    run.name = "bulkOperationRunQuery";
    run.kind = FieldKind::object;
    run.type = "BulkOperationRunQueryPayload";
    run.resolve = [result](const Entity&, const graphql::Args& a,
                           graphql::Context& ctx) -> graphql::Result {
        const Services& sv = services(ctx);
        const std::string q = arg_string(a, "query");
        std::vector<Entity> errs;
        try {
            auto doc = graphql::parse_document(q);
            auto an = graphql::analyze(doc, "", {}, *sv.schema, true);
            if (!an.errors.empty()) {
                const auto& e0 = an.errors.front().as_object();
                errs.push_back(user_error(
                    {"query"}, "Invalid bulk query: " + std::string(e0.at("message").as_string()),
                    "INVALID"));
            } else if (an.operation->type != "query") {
                errs.push_back(user_error(
                    {"query"}, "Invalid bulk query: bulk queries must be queries", "INVALID"));
            } else {
                const auto* root = sv.schema->find(sv.schema->query_type());
                int connections = 0;
                for (const auto& name : an.root_fields) {
                    const auto* f = root->field(name);
                    if (!f)
                        continue;
                    if (f->kind == FieldKind::connection)
                        ++connections;
                    if (!f->scope.empty())
                        require_scope(ctx, name, f->scope);
                }
                if (connections == 0) {
                    errs.push_back(user_error(
                        {"query"},
                        "Invalid bulk query: Bulk queries must contain at least one connection.",
                        "INVALID"));
                }
            }
        } catch (const graphql::SyntaxError& e) {
            errs.push_back(user_error({"query"}, "Invalid bulk query: " + e.message, "INVALID"));
        }
        if (!errs.empty())
            return result("run", json::value(nullptr), errs);
        auto started = sv.bulk->start(sv.app_id, q, sv.api_version);
        if (auto* msg = std::get_if<std::string>(&started)) {
            errs.push_back(user_error({}, *msg, "OPERATION_IN_PROGRESS"));
            return result("run", json::value(nullptr), errs);
        }
        return result("run", make_entity("BulkOperation", std::get<BulkOperation>(started)), errs);
    };
    s.field("Mutation", run);
    graphql::FieldDef cancel;
    cancel.name = "bulkOperationCancel";
    cancel.kind = FieldKind::object;
    cancel.type = "BulkOperationCancelPayload";
    cancel.resolve = [result](const Entity&, const graphql::Args& a,
                              graphql::Context& ctx) -> graphql::Result {
        const Services& sv = services(ctx);
        std::vector<Entity> errs;
        auto g = parse_gid(arg_string(a, "id"));
        auto op = g && g->first == "BulkOperation" ? sv.bulk->get(g->second) : std::nullopt;
        if (!op || op->app_id != sv.app_id) {
            errs.push_back(user_error({"id"}, "Bulk operation does not exist", "NOT_FOUND"));
            return result("cancel", json::value(nullptr), errs);
        }
        auto r = sv.bulk->cancel(op->id);
        if (auto* msg = std::get_if<std::string>(&r)) {
            errs.push_back(user_error({}, *msg));
            return result("cancel", make_entity("BulkOperation", *sv.bulk->get(op->id)), errs);
        }
        return result("cancel", make_entity("BulkOperation", std::get<BulkOperation>(r)), errs);
    };
    s.field("Mutation", cancel);
}

}  // namespace

void register_bulk_types(graphql::Schema& s) {
    register_bulk_operation(s);
    register_bulk_mutations(s);
}

}  // namespace sb::emulators::shopify
