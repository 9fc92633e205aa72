#include "emulators/shopify/bulk/bulk_operations.hpp"
#include "emulators/shopify/graphql/parser.hpp"
#include "emulators/shopify/resolvers/common.hpp"
#include "emulators/shopify/resolvers/services.hpp"

// BulkOperation, currentBulkOperation and the bulk mutations.
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
    add_node_interface(s, t);

    graphql::FieldDef cur;
    cur.name = "currentBulkOperation";
    cur.kind = FieldKind::object;
    cur.type = t;
    cur.arguments = {"type"};
    cur.resolve = [](const Entity&, const graphql::Args&,
                     graphql::Context& ctx) -> graphql::Result {
        const Services& sv = services(ctx);
        auto op = sv.bulk->current(sv.app_id);
        if (!op)
            return json::value(nullptr);
        return make_entity("BulkOperation", *op);
    };
    s.field("QueryRoot", cur);
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
    run.arguments = {"query", "groupObjects"};
    run.required = {"query"};
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
    cancel.arguments = {"id"};
    cancel.required = {"id"};
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
