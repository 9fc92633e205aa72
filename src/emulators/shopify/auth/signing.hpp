#pragma once

#include "emulators/common/signing.hpp"

namespace sb::emulators::shopify {

using common::oauth_hmac;
using common::oauth_message;
using common::webhook_hmac;

}  // namespace sb::emulators::shopify
