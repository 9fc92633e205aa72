#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "connectors/woocommerce/rest_client.hpp"

namespace sb::connectors::woocommerce {
namespace {

using namespace std::chrono_literals;

TEST(SiteGate, NeverLetsMoreThanItsLimitIn) {
    SiteGate gate(2);
    std::atomic<int> in{0}, most{0};
    std::vector<std::thread> callers;
    for (int i = 0; i < 8; ++i) {
        callers.emplace_back([&] {
            for (int n = 0; n < 20; ++n) {
                gate.acquire();
                const int now = ++in;
                int seen = most.load();
                while (now > seen && !most.compare_exchange_weak(seen, now)) {
                }
                std::this_thread::sleep_for(1ms);
                --in;
                EXPECT_EQ(gate.settle(nullptr), kit::Verdict::answer);
            }
        });
    }
    for (auto& t : callers)
        t.join();
    EXPECT_LE(most.load(), 2);
    EXPECT_GE(most.load(), 1);
}

TEST(SiteGate, AThirdCallWaitsForASlot) {
    SiteGate gate(2);
    gate.acquire();
    gate.acquire();
    std::atomic<bool> in{false};
    std::thread third([&] {
        gate.acquire();
        in = true;
        gate.settle(nullptr);
    });
    std::this_thread::sleep_for(50ms);
    EXPECT_FALSE(in.load());  // both slots are held
    gate.settle(nullptr);
    third.join();
    EXPECT_TRUE(in.load());
    gate.settle(nullptr);
}

TEST(SiteGates, OneGateASite) {
    SiteGates gates(1);
    const auto a = gates.gate("https://a.example");
    EXPECT_EQ(a, gates.gate("https://a.example"));
    const auto b = gates.gate("https://b.example");
    EXPECT_NE(a, b);
    a->acquire();
    b->acquire();  // another site's slot is free although a's is taken
    b->settle(nullptr);
    a->settle(nullptr);
}

}  // namespace
}  // namespace sb::connectors::woocommerce
