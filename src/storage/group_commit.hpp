#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <vector>

namespace sb::storage {

// Group commit: callers that write at the same time share one transaction. A caller queues
// its item and waits; whoever finds no commit running takes everything queued (its own item
// among it), commits it in one call of `flush`, and hands each caller its result (or the
// failure). Arrivals during a commit form the next group, so the group grows with the load
// and a lone caller pays one transaction, as before. `flush` gets the items in arrival order
// and returns one result per item.
template <class Item, class Result>
class GroupCommit {
  public:
    using Flush = std::function<std::vector<Result>(const std::vector<const Item*>&)>;

    explicit GroupCommit(Flush flush, std::size_t max_group = 512)
        : flush_(std::move(flush)), max_group_(max_group) {}

    // Blocks until the item is committed; rethrows the group's failure.
    Result submit(const Item& item) {
        Waiter w{&item};
        std::unique_lock lock(mutex_);
        queue_.push_back(&w);
        while (!w.done) {
            if (committing_) {
                w.cv.wait(lock);
                continue;
            }
            committing_ = true;
            std::vector<Waiter*> group;
            const auto n = std::min(queue_.size(), max_group_);
            group.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
            queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
            lock.unlock();
            commit(group);
            lock.lock();
            committing_ = false;
            // Wakes the group's callers, and the first of the next group to commit it; the
            // others sleep on (one wake-up per caller, not one per caller per commit).
            for (auto* g : group) {
                g->done = true;
                if (g != &w)
                    g->cv.notify_one();
            }
            if (!queue_.empty())
                queue_.front()->cv.notify_one();
        }
        if (w.error)
            std::rethrow_exception(w.error);
        return std::move(w.result);
    }

  private:
    struct Waiter {
        const Item* item;
        std::condition_variable cv;
        bool done = false;
        Result result{};
        std::exception_ptr error;
    };

    void commit(const std::vector<Waiter*>& group) {
        std::vector<const Item*> items;
        items.reserve(group.size());
        for (auto* g : group)
            items.push_back(g->item);
        try {
            auto results = flush_(items);
            for (std::size_t i = 0; i < group.size(); ++i)
                group[i]->result = std::move(results.at(i));
        } catch (...) {
            for (auto* g : group)
                g->error = std::current_exception();
        }
    }

    Flush flush_;
    std::size_t max_group_;
    std::mutex mutex_;
    std::vector<Waiter*> queue_;
    bool committing_ = false;
};

}  // namespace sb::storage
