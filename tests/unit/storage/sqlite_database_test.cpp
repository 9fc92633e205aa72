#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "storage/sql.hpp"

namespace sb::sql {

// Statement texts vary with what requests ask (a list's LIMIT is part of its SQL), so the
// per-connection statement cache must not keep every text it ever saw (issue 16, finding 8).
TEST(SqliteDatabase, TheStatementCacheIsBoundedWhateverTheTextsRun) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("sb-sqlite-cache-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    {
        auto db = open_sqlite({(dir / "cache.db").string(), 1});
        db->write(
            [](Session& s) { s.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT)"); });
        auto distinct = [&](int from, int to) {
            for (int i = from; i < to; ++i) {
                db->read([&](Session& s) {
                    s.exec(
                        "SELECT id, a, b FROM t WHERE a = $1 OR b = $1 ORDER BY a DESC, id DESC "
                        "LIMIT " +
                            std::to_string(i),
                        {std::string("x")});
                });
            }
        };
        distinct(1, 1000);  // the cache is full from here on
        const auto full = sqlite3_memory_used();
        distinct(1000, 5000);
        // Kept, 4,000 more statements of this size hold well over 10 MB.
        EXPECT_LT(sqlite3_memory_used() - full, 2 * 1024 * 1024);
        // A statement dropped from the cache is prepared again when it comes back.
        distinct(1, 10);
    }
    std::filesystem::remove_all(dir);
}

}  // namespace sb::sql
