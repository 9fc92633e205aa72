#pragma once

#include <string>
#include <string_view>

namespace sb::core {

// Text made safe inside HTML content and double- or single-quoted attribute values: & < > " '
// become character references.
std::string html_escape(std::string_view in);

}  // namespace sb::core
