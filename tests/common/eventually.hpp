#pragma once

#include <chrono>
#include <thread>

namespace sb::test {

// Polls until `pred` holds or `limit` passes; tests assert on the outcome, not the time.
template <class F>
bool eventually(F pred, std::chrono::milliseconds limit = std::chrono::seconds(30)) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (pred())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return pred();
}

}  // namespace sb::test
