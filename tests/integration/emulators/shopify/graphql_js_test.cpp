#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "common/test_env.hpp"
#include "connectors/shopify/documents.hpp"
#include "fixture.hpp"

// Shopify's published schemas through an independent GraphQL implementation (graphql-js,
// pinned in tests/js and installed by scripts/bootstrap): the connector's documents validate
// against them, and a client introspecting the emulator builds the published schema.
namespace sb::emulators::shopify::testing {
namespace {

namespace fs = std::filesystem;

struct Ran {
    int status = -1;
    std::string output;
};

Ran run(const std::string& cmd) {
    Ran r;
    FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
    if (!p)
        return r;
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p))
        r.output.append(buf, n);
    const int st = ::pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

std::string tools() {
    const std::string dir = test::source_dir() + "/tests/js";
    EXPECT_TRUE(fs::exists(dir + "/node_modules/graphql/package.json"))
        << "graphql-js is not installed: run scripts/bootstrap (npm ci in tests/js)";
    return dir;
}

std::string published(const std::string& version) {
    return test::shared_dir() + "/fixtures/shopify/graphql/admin_" + version + ".json.gz";
}

TEST(GraphqlJs, EveryConnectorDocumentValidatesAgainstBothPublishedSchemas) {
    const std::string dir = tools();
    boost::json::array docs;
    for (const auto& d : connectors::shopify::all_documents()) {
        docs.push_back(
            boost::json::object{{"name", d.name}, {"text", d.text}, {"variables", d.variables}});
    }
    const fs::path file = fs::temp_directory_path() / "sb-shopify-documents.json";
    std::ofstream(file) << boost::json::serialize(docs);
    const Ran r = run("node '" + dir + "/validate-documents.mjs' '" + file.string() + "' '" +
                      published("2026-01") + "' '" + published("2026-10") + "'");
    std::cout << r.output;
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find(": 0 problems"), std::string::npos);
    fs::remove(file);
}

TEST(GraphqlJs, AClientIntrospectingTheEmulatorBuildsThePublishedSchema) {
    const std::string dir = tools();
    auto e = start_emulator();
    for (const std::string version : {"2026-01", "2026-10"}) {
        const std::string url = "http://127.0.0.1:" + std::to_string(e->port()) + "/admin/api/" +
                                version + "/graphql.json";
        const Ran r = run("node '" + dir + "/introspection-roundtrip.mjs' '" + url + "' '" +
                          e->admin_token() + "' '" + published(version) + "'");
        std::cout << r.output;
        EXPECT_EQ(r.status, 0) << r.output;
        EXPECT_NE(r.output.find(version + ": "), std::string::npos) << r.output;
        EXPECT_NE(r.output.find(" 0 differ"), std::string::npos) << r.output;
    }
}

}  // namespace
}  // namespace sb::emulators::shopify::testing
