// Build-time generator: turns the files that the binary serves (web/assets.txt) into one C++
// source holding a table {path, content type, bytes, etag}. Run by CMake, never by hand.
//
//   embed_assets <manifest> <base-dir> <out.cpp>
//
// Manifest lines: `<url-path> <file>[+<file>...] [replace:<old>=<new>]`; files relative to
// <base-dir>; several files are concatenated (licences), each under a header line; `replace`
// rewrites a literal in the file (a bare module specifier that a browser cannot resolve).
// Blank lines and lines starting with '#' are skipped.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Asset {
    std::string path;
    std::string content_type;
    std::string bytes;
    std::string etag;
};

std::string read_file(const std::string& name) {
    std::ifstream in(name, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + name +
                                 " (web/node_modules missing? run scripts/bootstrap)");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string content_type_of(const std::string& path) {
    struct Kind {
        const char* ext;
        const char* type;
    };
    static const Kind kinds[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".json", "application/json"},
        {".yaml", "application/yaml"},
        {".txt", "text/plain; charset=utf-8"},
        {".woff2", "font/woff2"},
    };
    for (const auto& k : kinds)
        if (ends_with(path, k.ext))
            return k.type;
    // A path without an extension is a page (/docs, /console/).
    return "text/html; charset=utf-8";
}

// FNV-1a, 64 bits: the ETag only has to change when the bytes do.
std::string etag_of(const std::string& bytes) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[24];
    std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
    return buf;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            if (!cur.empty())
                out.push_back(cur);
            cur.clear();
        } else {
            cur.push_back(c);
        }
    }
    if (!cur.empty())
        out.push_back(cur);
    return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    if (from.empty())
        return s;
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
    return s;
}

void write_literal(std::ostream& out, const std::string& bytes) {
    // Octal escapes are at most three digits, so a following digit never joins them.
    std::size_t col = 0;
    out << "\"";
    for (unsigned char c : bytes) {
        if (col >= 96) {
            out << "\"\n    \"";
            col = 0;
        }
        if (c == '"' || c == '\\') {
            out << '\\' << c;
            col += 2;
        } else if (c >= 0x20 && c < 0x7f && c != '?') {
            out << c;
            ++col;
        } else {
            char buf[5];
            std::snprintf(buf, sizeof buf, "\\%03o", c);
            out << buf;
            col += 4;
        }
    }
    out << "\"";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: embed_assets <manifest> <base-dir> <out.cpp>\n";
        return 2;
    }
    try {
        const std::string base = std::string(argv[2]) + "/";
        std::vector<Asset> assets;
        std::istringstream manifest(read_file(argv[1]));
        std::string line;
        while (std::getline(manifest, line)) {
            if (line.empty() || line[0] == '#')
                continue;
            auto cols = split(line, ' ');
            if (cols.size() < 2)
                throw std::runtime_error("bad manifest line: " + line);
            Asset a;
            a.path = cols[0];
            auto files = split(cols[1], '+');
            for (const auto& f : files) {
                if (files.size() > 1)
                    a.bytes += "==== " + f + " ====\n\n";
                a.bytes += read_file(base + f);
                if (files.size() > 1)
                    a.bytes += "\n\n";
            }
            for (std::size_t i = 2; i < cols.size(); ++i) {
                const auto& opt = cols[i];
                if (opt.rfind("replace:", 0) != 0 || opt.find('=') == std::string::npos)
                    throw std::runtime_error("bad option: " + opt);
                const auto eq = opt.find('=');
                a.bytes = replace_all(a.bytes, opt.substr(8, eq - 8), opt.substr(eq + 1));
            }
            a.content_type = content_type_of(a.path);
            a.etag = etag_of(a.bytes);
            assets.push_back(std::move(a));
        }
        std::sort(assets.begin(), assets.end(),
                  [](const Asset& x, const Asset& y) { return x.path < y.path; });
        std::ofstream out(argv[3], std::ios::binary | std::ios::trunc);
        out << "// Generated by tools/embed_assets.cpp from web/assets.txt: do not edit.\n"
               "#include \"http/static_assets.hpp\"\n\nnamespace sb::http {\n\nnamespace {\n\n";
        for (std::size_t i = 0; i < assets.size(); ++i) {
            out << "// " << assets[i].path << "\nconstexpr char k_body_" << i << "[] =\n    ";
            write_literal(out, assets[i].bytes);
            out << ";\n\n";
        }
        out << "constexpr StaticAsset k_assets[] = {\n";
        for (std::size_t i = 0; i < assets.size(); ++i) {
            out << "    {\"" << assets[i].path << "\", \"" << assets[i].content_type
                << "\", {k_body_" << i << ", " << assets[i].bytes.size() << "}, ";
            write_literal(out, assets[i].etag);
            out << "},\n";
        }
        out << "};\n\n}  // namespace\n\nstd::span<const StaticAsset> static_assets() {\n"
               "    return k_assets;\n}\n\n}  // namespace sb::http\n";
        if (!out)
            throw std::runtime_error(std::string("cannot write ") + argv[3]);
    } catch (const std::exception& e) {
        std::cerr << "embed_assets: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
