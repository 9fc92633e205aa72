#pragma once

#include "core/error.hpp"
#include "http/message.hpp"

namespace sb::http {

// The one mapping from an error to a response: status from the registry, the body in the
// seeds' error schema {code, message, description, fields[]}, JSON content type.
Response error_response(const ApiError& error);
Response error_response(Errc code, std::string message, std::string description = {});

}  // namespace sb::http
