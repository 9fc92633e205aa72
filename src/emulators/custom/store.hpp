#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <istream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

// The reference pull server's records: the push batch's record objects, kept as given (the
// hub validates them, not the server), the newest one per type and external_id, walked in
// (updated_at, external_id) order with a keyset cursor.
namespace sb::emulators::custom {

struct RecordsPage {
    boost::json::array records;
    std::optional<std::string> next_cursor;
};

class Store {
  public:
    // Adds or replaces each record by (type, external_id). Throws std::invalid_argument naming
    // `where` + the element when one is not an object with string `type` and `external_id`;
    // nothing is stored then.
    std::size_t put(const boost::json::array& records, const std::string& where = "records");
    // One record per line (blank lines skipped); a bad line throws std::invalid_argument
    // naming it, and nothing of the stream is stored.
    std::size_t load_jsonl(std::istream& in);

    // The records of `type` updated at or after `since` (epoch ms), after `cursor`, at most
    // `limit`. Throws std::invalid_argument for a cursor this store did not write.
    RecordsPage page(std::string_view type, std::optional<std::int64_t> since,
                     std::string_view cursor, std::size_t limit) const;

    std::map<std::string, std::int64_t> counts() const;

  private:
    using Key = std::pair<std::int64_t, std::string>;  // updated_at (ms; 0 unreadable), id
    struct Type {
        std::map<std::string, std::pair<Key, boost::json::object>> by_id;
        std::set<Key> order;
    };

    mutable std::mutex mutex_;
    std::map<std::string, Type, std::less<>> types_;
};

}  // namespace sb::emulators::custom
