#include "connectors/custom/custom_connector.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>

#include "connectors/common/store_host.hpp"
#include "connectors/custom/pull_client.hpp"
#include "connectors/kit/paging.hpp"
#include "core/error.hpp"
#include "crypto/crypto.hpp"

// The merchant's own system pushes its records (docs/custom-connector.md), or, where it serves
// them at `base_url`, the hub's syncs pull them (pull_client.hpp). Its one action rotates the
// secret that signs pushed batches. The push routes live in api/v1/records_push.cpp.
namespace sb::connectors {

namespace custom {

std::string new_push_secret() {
    return "whsec_" + crypto::base64_encode(crypto::random_bytes(24));
}

}  // namespace custom

namespace {

using domain::DataType;

// Where the hub pulls from: an https URL of a host name, as WooCommerce's site URL, so the
// outbound guard that refuses private addresses applies at connect time. With private targets
// allowed (tests, an operator's own network) http:// and IP addresses are accepted too.
std::optional<std::string> check_base_url(std::string_view url, bool allow_private) {
    if (!allow_private) {
        if (auto why = check_public_https_url(url))
            return why;
    } else {
        auto u = boost::urls::parse_absolute_uri(url);
        if (!u || (u->scheme() != "https" && u->scheme() != "http") || u->has_userinfo() ||
            u->encoded_host().empty())
            return "must be an http:// or https:// URL";
    }
    if (url.find_first_of("?#") != std::string_view::npos)
        return "must have no query or fragment";
    return std::nullopt;
}

std::string setting_text(const domain::Integration& i, std::string_view name) {
    auto it = i.settings.find(std::string(name));
    if (it == i.settings.end())
        return {};
    const auto* s = std::get_if<std::string>(&it->second);
    return s ? *s : std::string();
}

ConnectorInfo custom_info(bool allow_private) {
    return {
        .id = custom::k_connector_id,
        .name = "Custom (push or pull)",
        .auth_kind = "push",
        .credential_fields = {{.name = custom::k_push_secret,
                               .secret = true,
                               .description =
                                   "Shared secret that signs pushed batches; set by the hub, "
                                   "rotated by rotate_push_secret"},
                              {.name = custom::k_pull_token,
                               .secret = true,
                               .description =
                                   "Pulls: the bearer token the hub sends to base_url (yours to "
                                   "issue); pulls need it",
                               .max_length = 1024}},
        .settings_fields = {{.name = custom::k_base_url,
                             .description =
                                 "Pulls: where your server answers GET {base_url}/records "
                                 "(https; docs/custom-connector.md). The data types are synced "
                                 "only for an integration with base_url and pull_token; without "
                                 "them it takes pushes only and syncs answer "
                                 "unsupported_data_type",
                             .max_length = 2048,
                             .check = [allow_private](std::string_view v) {
                                 return check_base_url(v, allow_private);
                             }}}};
}

class CustomActions final : public PlatformActions {
  public:
    std::vector<ActionSpec> platform_actions() const override {
        return {{custom::k_rotate_push_secret,
                 "Rotate push secret",
                 "Replaces the secret that signs pushed batches; the new one is answered once",
                 {}}};
    }

    ActionOutcome run_platform_action(const domain::Integration&, const ActionSpec& action,
                                      const domain::FieldMap&, const ActionContext&) override {
        if (action.id != custom::k_rotate_push_secret) {
            throw ApiError(Errc::connector_not_implemented,
                           "The Custom connector has no action " + action.id);
        }
        const std::string secret = custom::new_push_secret();
        ActionOutcome out;
        out.result = {{custom::k_push_secret, secret}};
        out.credentials = domain::FieldMap{{custom::k_push_secret, secret}};
        return out;
    }
};

class CustomConnector final : public Connector, public Reader {
  public:
    explicit CustomConnector(CustomOptions options)
        : Connector(custom_info(options.allow_private_targets)), options_(std::move(options)) {
        options_.http.allow_private_targets = options_.allow_private_targets;
        options_.page_size = std::clamp<int>(options_.page_size, 1, 1000);
        http_ = std::make_unique<http::Client>(options_.http);
        provide({.reader = this, .platform_actions = &actions_});
    }

    // Every type a push takes can be pulled.
    std::vector<DataType> data_types() const override {
        return {DataType::shop,    DataType::location,        DataType::customer,
                DataType::product, DataType::stock,           DataType::order,
                DataType::cart,    DataType::shipping_service};
    }

    std::optional<std::string> unreadable(const domain::Integration& i) const override {
        if (setting_text(i, custom::k_base_url).empty() ||
            credential_text(i, custom::k_pull_token).empty()) {
            return "The integration has no settings.base_url and credentials.pull_token: it "
                   "takes pushed records only (docs/custom-connector.md). Set both for the hub "
                   "to pull from your server.";
        }
        return std::nullopt;
    }

    void fetch(const FetchRequest& request, RecordSink& sink) override {
        // A push-only integration: nothing to pull (the hub refuses a manual sync of it; a
        // scheduled one ends here).
        if (unreadable(request.integration))
            return;
        std::string base = setting_text(request.integration, custom::k_base_url);
        if (auto why = check_base_url(base, options_.allow_private_targets)) {
            throw ApiError(Errc::validation_failed, "The base URL is invalid", "",
                           {{"settings.base_url", *why}});
        }
        while (!base.empty() && base.back() == '/')
            base.pop_back();
        custom::PullClient client(
            *http_, {base, credential_text(request.integration, custom::k_pull_token)},
            options_.retry);
        auto state =
            kit::start_page_checkpoint(request.checkpoint, request.since, options_.overlap);
        for (;;) {
            auto page = client.page(request.type, state.since, state.token, options_.page_size);
            const bool last = !page.next_cursor;
            state.token = page.next_cursor.value_or("");
            ++state.page;
            // The page and where the walk stands are stored in one transaction: a crash resumes
            // with the page after it.
            if (!sink.accept({std::move(page.records), kit::format_page_checkpoint(state), {}}) ||
                last)
                return;
        }
    }

  private:
    CustomOptions options_;
    std::unique_ptr<http::Client> http_;
    CustomActions actions_;
};

}  // namespace

std::unique_ptr<Connector> make_custom_connector(CustomOptions options) {
    return std::make_unique<CustomConnector>(std::move(options));
}

}  // namespace sb::connectors
