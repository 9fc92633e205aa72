#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/data_types.hpp"

namespace sb::domain {

// A normalized commerce record as a connector produces it. `data` and `raw` are serialized
// JSON documents the domain carries without reading: `data` in the hub's normalized shape for
// the type (see docs/records.md), `raw` the platform's own payload.
struct Record {
    DataType type = DataType::order;
    std::string external_id;                        // the platform's id (legacy numeric id as text)
    std::optional<std::string> parent_external_id;  // e.g. a stock level's inventory item
    std::int64_t updated_at = 0;                    // the platform's updated_at, epoch ms
    bool deleted = false;                           // a tombstone: the platform deleted it
    std::string data;
    std::string raw;
};

// What a connector hands over after each page or batch. `checkpoint` is opaque to everyone
// but the connector: passed back, it resumes right after this batch.
struct RecordBatch {
    std::vector<Record> records;
    std::string checkpoint;
    std::optional<std::int64_t> total;  // records the whole run will read, when known
};

}  // namespace sb::domain
