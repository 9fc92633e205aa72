#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "connectors/kit/platform_client.hpp"

// One call to a platform's OAuth2 token endpoint (RFC 6749 4.1.3 code exchange, 6 refresh),
// the same for every connector; each reads the platform's own fields from the answer.
namespace sb::connectors::kit {

// Sends `request` (its body and content type as the platform wants them) through `platform`,
// labelled `label` (the endpoint's path). A code or a refresh token is single use, so the
// call goes again only while it cannot have arrived (a refused connection, a 429), at most
// `retry.max_attempts` times. Throws invalid_grant for 400, 401 and 403 (RFC 6749 5.2 says
// 400; platforms answer 401 and 403 too), with the endpoint's `error` in the detail; the
// kit's codes for other failures; platform_error when the answer has no access_token.
// Returns the answer's JSON object.
boost::json::object token_request(const PlatformClient& platform, http::ClientRequest request,
                                  std::string label, const RetryPolicy& retry);

}  // namespace sb::connectors::kit
