#include "emulators/shopify/schema/published.hpp"

#include <zlib.h>

#include <array>
#include <boost/json/parse.hpp>
#include <map>
#include <mutex>
#include <stdexcept>

extern "C" {
extern const char sb_shopify_schema_2026_01_begin[];
extern const char sb_shopify_schema_2026_01_end[];
extern const char sb_shopify_schema_2026_10_begin[];
extern const char sb_shopify_schema_2026_10_end[];
}

namespace sb::emulators::shopify {

namespace {

struct Embedded {
    std::string version;
    const char* begin;
    const char* end;
};

const std::array<Embedded, 2>& embedded() {
    static const std::array<Embedded, 2> all{{
        {"2026-01", sb_shopify_schema_2026_01_begin, sb_shopify_schema_2026_01_end},
        {"2026-10", sb_shopify_schema_2026_10_begin, sb_shopify_schema_2026_10_end},
    }};
    return all;
}

std::string gunzip(std::string_view in) {
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        throw std::runtime_error("zlib: inflateInit2 failed");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    std::string out;
    std::array<char, 1 << 16> buf{};
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        z.next_out = reinterpret_cast<Bytef*>(buf.data());
        z.avail_out = static_cast<uInt>(buf.size());
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&z);
            throw std::runtime_error("zlib: corrupt embedded schema");
        }
        out.append(buf.data(), buf.size() - z.avail_out);
    }
    inflateEnd(&z);
    return out;
}

}  // namespace

const std::vector<std::string>& served_versions() {
    static const std::vector<std::string> v = [] {
        std::vector<std::string> out;
        for (const auto& e : embedded())
            out.push_back(e.version);
        return out;
    }();
    return v;
}

const std::string& resolve_version(std::string_view requested) {
    for (const auto& v : served_versions()) {
        if (v == requested)
            return v;
    }
    return served_versions().front();
}

std::string_view published_schema_gzip(std::string_view version) {
    for (const auto& e : embedded()) {
        if (e.version == version)
            return {e.begin, static_cast<std::size_t>(e.end - e.begin)};
    }
    throw std::out_of_range("no published Shopify schema for version " + std::string(version));
}

std::shared_ptr<const boost::json::value> published_schema(std::string_view version) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const boost::json::value>, std::less<>> cache;
    const std::string_view gz = published_schema_gzip(version);
    std::lock_guard lock(mutex);
    if (auto it = cache.find(version); it != cache.end())
        return it->second;
    auto doc = std::make_shared<const boost::json::value>(boost::json::parse(gunzip(gz)));
    cache.emplace(std::string(version), doc);
    return doc;
}

}  // namespace sb::emulators::shopify
