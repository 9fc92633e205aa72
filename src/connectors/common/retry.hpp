#pragma once

#include <chrono>

#include "http/client.hpp"

// Waiting between attempts at a platform call, for every connector.
namespace sb::connectors {

// Exponential backoff with full jitter: a random delay in [base*2^attempt / 2, base*2^attempt],
// capped at `cap`. `attempt` counts from 0.
std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap);

// How long to wait before retrying a 429 or 5xx answer: the backoff for this failure (the
// `failures`-th, from 1), or the answer's Retry-After (seconds) when that is longer.
std::chrono::milliseconds retry_delay(const http::ClientResponse& res,
                                      std::chrono::milliseconds base, std::chrono::milliseconds cap,
                                      int failures);

}  // namespace sb::connectors
