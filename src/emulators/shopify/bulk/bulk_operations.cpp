#include "emulators/shopify/bulk/bulk_operations.hpp"

#include <cstdio>
#include <memory>

#include "core/time.hpp"

namespace sb::emulators::shopify {

BulkOperations::BulkOperations(std::string dir, int concurrency, Runner run, Finished finished,
                               UrlFor url_for)
    : dir_(std::move(dir)),
      concurrency_(std::max(1, concurrency)),
      run_(std::move(run)),
      finished_(std::move(finished)),
      url_for_(std::move(url_for)) {}

BulkOperations::~BulkOperations() {
    stop();
}

void BulkOperations::stop() {
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(mutex_);
        for (auto& [id, e] : ops_) {
            e->cancel = true;
            if (e->worker.joinable())
                threads.push_back(std::move(e->worker));
        }
    }
    for (auto& t : threads)
        t.join();
}

std::variant<BulkOperation, std::string> BulkOperations::start(const std::string& app_id,
                                                               const std::string& query,
                                                               const std::string& api_version) {
    std::lock_guard lock(mutex_);
    int running = 0;
    std::int64_t last_running = 0;
    for (const auto& [id, e] : ops_) {
        if (e->op.app_id == app_id && (e->op.status == "CREATED" || e->op.status == "RUNNING" ||
                                       e->op.status == "CANCELING")) {
            ++running;
            last_running = id;
        }
    }
    if (running >= concurrency_) {
        return "A bulk query operation for this app and shop is already in progress: "
               "gid://shopify/BulkOperation/" +
               std::to_string(last_running) + ".";
    }
    auto e = std::make_unique<Entry>();
    e->op.id = ++next_id_;
    e->op.app_id = app_id;
    e->op.query = query;
    e->op.api_version = api_version;
    e->op.created_at = now_ms();
    e->op.path = dir_ + "/bulk-" + std::to_string(e->op.id) + ".jsonl";
    BulkOperation snapshot = e->op;
    Entry* raw = e.get();
    ops_[snapshot.id] = std::move(e);
    raw->worker = std::thread([this, raw] { run(raw); });
    return snapshot;
}

void BulkOperations::run(Entry* e) {
    {
        std::lock_guard lock(mutex_);
        e->op.status = "RUNNING";
    }
    std::FILE* f = std::fopen(e->op.path.c_str(), "wb");
    std::string error;
    graphql::BulkSink sink;
    std::int64_t bytes = 0;
    std::int64_t last_published = 0;
    if (!f) {
        error = "could not open result file";
    } else {
        static constexpr std::size_t k_buffer = 1 << 20;
        std::unique_ptr<char[]> buf(new char[k_buffer]);
        std::setvbuf(f, buf.get(), _IOFBF, k_buffer);
        sink.write = [&](const std::string& line) {
            std::fwrite(line.data(), 1, line.size(), f);
            std::fputc('\n', f);
            bytes += static_cast<std::int64_t>(line.size()) + 1;
            // Progress is visible while running, as Shopify's objectCount is.
            if (sink.objects - last_published >= 1000) {
                last_published = sink.objects;
                std::lock_guard lock(mutex_);
                e->op.object_count = sink.objects;
                e->op.root_object_count = sink.roots;
            }
        };
        sink.cancelled = [e] { return e->cancel.load(); };
        try {
            error = run_(e->op, sink);
        } catch (const std::exception& ex) {
            error = ex.what();
        }
        std::fclose(f);
        buf.reset();
    }
    BulkOperation done;
    {
        std::lock_guard lock(mutex_);
        e->op.object_count = sink.objects;
        e->op.root_object_count = sink.roots;
        e->op.completed_at = now_ms();
        if (error == "cancelled" || e->cancel) {
            e->op.status = "CANCELED";
        } else if (!error.empty()) {
            e->op.status = "FAILED";
            e->op.error_code = "INTERNAL_SERVER_ERROR";
        } else {
            e->op.status = "COMPLETED";
            e->op.file_size = bytes;
            // Shopify gives no URL for an empty result.
            if (sink.objects > 0)
                e->op.url = url_for_(e->op);
        }
        done = e->op;
    }
    if (error != "cancelled" && finished_)
        finished_(done);
}

std::optional<BulkOperation> BulkOperations::get(std::int64_t id) const {
    std::lock_guard lock(mutex_);
    auto it = ops_.find(id);
    if (it == ops_.end())
        return std::nullopt;
    return it->second->op;
}

std::optional<BulkOperation> BulkOperations::current(const std::string& app_id) const {
    std::lock_guard lock(mutex_);
    for (auto it = ops_.rbegin(); it != ops_.rend(); ++it) {
        if (it->second->op.app_id == app_id)
            return it->second->op;
    }
    return std::nullopt;
}

std::vector<BulkOperation> BulkOperations::list(const std::string& app_id) const {
    std::lock_guard lock(mutex_);
    std::vector<BulkOperation> out;
    for (const auto& [id, e] : ops_) {
        if (e->op.app_id == app_id)
            out.push_back(e->op);
    }
    return out;
}

std::variant<BulkOperation, std::string> BulkOperations::cancel(std::int64_t id) {
    std::lock_guard lock(mutex_);
    auto it = ops_.find(id);
    if (it == ops_.end())
        return std::string("Bulk operation does not exist");
    auto& op = it->second->op;
    if (op.status != "CREATED" && op.status != "RUNNING") {
        std::string lower = op.status;
        for (auto& c : lower)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return "A bulk operation cannot be canceled when it is " + lower;
    }
    it->second->cancel = true;
    op.status = "CANCELING";
    return op;
}

std::int64_t BulkOperations::count() const {
    std::lock_guard lock(mutex_);
    return static_cast<std::int64_t>(ops_.size());
}

}  // namespace sb::emulators::shopify
