#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// How a connector finds the next page of a platform's list, whichever way the platform pages:
// by Link header, by page number or by cursor. No platform folder parses these by hand.
namespace sb::connectors::kit {

// ---- Link header (RFC 8288) ----

// The targets of a Link header's rel="next" and rel="prev" (or "previous", Shopify's name),
// as written: a relative reference stays relative. Tolerant of spacing, of quoted and bare
// values, of several relations in one rel ("next last"), of any number of links, and of
// commas and semicolons inside the <…>; a link it cannot read is skipped.
struct PageLinks {
    std::optional<std::string> next;
    std::optional<std::string> previous;
};
PageLinks page_links(std::string_view link_header);

// The target of the first link whose rel names `rel` (compared without case), or nullopt.
std::optional<std::string> link_target(std::string_view link_header, std::string_view rel);

// ---- page numbers ----

// What a page just read says about the next one. The next page exists if `page` is below the
// total number of pages, when the platform tells it (X-WP-TotalPages, meta.pagination's
// total_pages) or the total number of items (X-WP-Total, "count"); when it tells neither, if
// the page was full. An empty page is always the last, whatever the totals say, so a platform
// whose count is ahead of its list cannot keep a walk going.
struct PageRead {
    std::int64_t page = 1;      // the page just read, counted from 1
    std::int64_t per_page = 0;  // the size asked for
    std::size_t items = 0;      // what the page held
    std::optional<std::int64_t> total_pages;
    std::optional<std::int64_t> total_items;
};
bool has_next_page(const PageRead& read);

// A count in a header (X-WP-Total, X-WP-TotalPages): a non-negative integer, spaces around
// allowed; nullopt for anything else.
std::optional<std::int64_t> header_count(std::string_view value);

// The `meta.pagination` block of an answer (BigCommerce v3: total, count, per_page,
// current_page, total_pages), each field as given (numbers or numeric strings); nullopt when
// the answer has no such block.
struct Pagination {
    std::optional<std::int64_t> current_page;
    std::optional<std::int64_t> per_page;
    std::optional<std::int64_t> total_pages;
    std::optional<std::int64_t> total;
};
std::optional<Pagination> meta_pagination(const boost::json::object& answer);

// ---- cursors ----

// The cursor to send for the next page of a cursor-paged answer, or nullopt on the last page.
// `cursor_field` is where the platform puts it (endCursor, next_token, cursor, …); when the
// platform also sends a flag (`has_next_field`: hasNextPage, has_more), a false or missing
// flag ends the walk too. An empty or null cursor ends it.
std::optional<std::string> next_cursor(const boost::json::object& page,
                                       std::string_view cursor_field,
                                       std::string_view has_next_field = {});

// ---- where a paged read stands ----

// A sync job's checkpoint for a platform that pages by number or by token: the run's lower
// bound (`since`, epoch ms; absent in an initial sync), the page or token to ask for next,
// and, for reads that walk the store's locations one at a time, the location's index. Kept
// with the job as JSON text, so a resumed job asks for the page after the last one stored.
struct PageCheckpoint {
    std::optional<std::int64_t> since;
    std::int64_t page = 1;
    std::string token;
    std::int64_t location = 0;
};
// nullopt for an empty or unreadable text (the job starts over).
std::optional<PageCheckpoint> parse_page_checkpoint(std::string_view text);
std::string format_page_checkpoint(const PageCheckpoint& c);
// Where a paged read starts: where the job's checkpoint left off (a resumed job); else page 1,
// from `since` moved back by `overlap` in an incremental run (what changed while the last run
// was reading is read again), or from the beginning.
PageCheckpoint start_page_checkpoint(std::string_view checkpoint, std::optional<std::int64_t> since,
                                     std::chrono::milliseconds overlap);

}  // namespace sb::connectors::kit
