// Group commit: concurrent callers share flushes, each gets its own result, a failure reaches
// every caller of its group and only them.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <stdexcept>
#include <thread>

#include "storage/group_commit.hpp"

namespace sb::storage {
namespace {

TEST(GroupCommit, ConcurrentCallersShareFlushesAndGetTheirOwnResults) {
    std::atomic<int> flushes{0};
    std::atomic<int> flushed{0};
    GroupCommit<int, int> commit([&](const std::vector<const int*>& items) {
        ++flushes;
        flushed += static_cast<int>(items.size());
        std::this_thread::sleep_for(std::chrono::milliseconds(2));  // a transaction's fsync
        std::vector<int> out;
        for (const int* i : items)
            out.push_back(*i * 10);
        return out;
    });
    constexpr int k_threads = 16, k_each = 50;
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < k_threads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < k_each; ++i) {
                const int item = t * 1000 + i;
                if (commit.submit(item) != item * 10)
                    ++wrong;
            }
        });
    }
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(wrong.load(), 0);
    EXPECT_EQ(flushed.load(), k_threads * k_each);
    // Callers waiting during a flush went out together in the next one.
    EXPECT_LT(flushes.load(), k_threads * k_each / 2);
}

TEST(GroupCommit, AFailedFlushFailsItsGroupOnly) {
    std::atomic<bool> fail_next{true};
    GroupCommit<int, bool> commit([&](const std::vector<const int*>& items) {
        if (fail_next.exchange(false))
            throw std::runtime_error("disk full");
        return std::vector<bool>(items.size(), true);
    });
    EXPECT_THROW(commit.submit(1), std::runtime_error);
    EXPECT_TRUE(commit.submit(2));  // the next group commits
}

TEST(GroupCommit, ALoneCallerFlushesAtOnce) {
    int flushes = 0;
    GroupCommit<std::string, std::size_t> commit([&](const std::vector<const std::string*>& items) {
        ++flushes;
        std::vector<std::size_t> out;
        for (const auto* s : items)
            out.push_back(s->size());
        return out;
    });
    EXPECT_EQ(commit.submit("abc"), 3u);
    EXPECT_EQ(commit.submit("hello"), 5u);
    EXPECT_EQ(flushes, 2);
}

}  // namespace
}  // namespace sb::storage
