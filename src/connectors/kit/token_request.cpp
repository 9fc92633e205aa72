#include "connectors/kit/token_request.hpp"

#include <boost/json/parse.hpp>
#include <utility>

namespace sb::connectors::kit {

namespace json = boost::json;

json::object token_request(const PlatformClient& platform, http::ClientRequest request,
                           std::string label, const RetryPolicy& retry) {
    Call call;
    call.request = std::move(request);
    call.label = std::move(label);
    call.policy.retry = retry;
    call.policy.idempotent = false;
    const auto answer = platform.send(call);
    if (answer.status == 400 || answer.status == 401 || answer.status == 403) {
        boost::system::error_code ec;
        const auto body = json::parse(answer.body, ec);
        std::string said;
        if (!ec && body.is_object()) {
            if (const auto* e = body.as_object().if_contains("error"); e && e->is_string())
                said = std::string(e->as_string());
        }
        auto error = status_error(platform.platform(), call.label, answer.status, said);
        platform.fail(PlatformError(Errc::invalid_grant, "The store refused the authorization",
                                    error.description(), answer.status),
                      call.label);
    }
    auto body = platform.json_object(answer, call.label);
    const auto* token = body.if_contains("access_token");
    if (!token || !token->is_string() || token->as_string().empty()) {
        platform.fail(
            unusable_answer(platform.platform(), call.label, answer.status, "no access_token"),
            call.label);
    }
    return body;
}

}  // namespace sb::connectors::kit
