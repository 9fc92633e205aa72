#include "emulators/shopify/server/throttle.hpp"

namespace sb::emulators::shopify {

PlanLimits limits_for_plan(const std::string& plan) {
    if (plan == "advanced")
        return {4000, 200, 80, 4};
    if (plan == "plus")
        return {20000, 1000, 400, 20};
    if (plan == "enterprise")
        return {40000, 2000, 800, 40};
    return {2000, 100, 40, 2};
}

}  // namespace sb::emulators::shopify
