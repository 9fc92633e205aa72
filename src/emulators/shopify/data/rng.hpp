#pragma once

#include "emulators/common/rng.hpp"

namespace sb::emulators::shopify {

using common::hash_of;
using common::mix64;
using common::Rng;

}  // namespace sb::emulators::shopify
