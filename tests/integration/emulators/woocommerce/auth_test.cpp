// The emulator's authentication as WooCommerce's over plain HTTP: OAuth 1.0a one-legged
// signatures (and their refusals), Basic refused unless allowed, key permissions, and the
// REST API key grant (/wc-auth/v1) that POSTs a new key pair to the app.
#include "emulators/woocommerce/server/auth.hpp"
#include "common/webhook_receiver.hpp"
#include "fixture.hpp"

namespace sb::emulators::woocommerce::testing {
namespace {

namespace json = boost::json;
using connectors::woocommerce::SignatureMethod;

std::string code_of(const test::HttpResponse& r) {
    return std::string(r.json().at("code").as_string());
}

test::HttpResponse get_signed(const Emulator& e, const std::string& target,
                              const connectors::woocommerce::OAuth1Key& key, std::int64_t ts,
                              const std::string& nonce = {},
                              SignatureMethod how = SignatureMethod::hmac_sha256) {
    return test::get(e.port(), signed_target(e, "GET", target, key, ts, nonce, how));
}

std::int64_t now_s() {
    return now_ms() / 1000;
}

TEST(WooCommerceAuth, TheStringToSignOfTheWorkedExample) {
    // The connector's unit test computes this text with OpenSSL at hand
    // (tests/unit/connectors/woocommerce/oauth1_test.cpp); here the emulator derives it from
    // a request: the site's https home URL with the request's scheme, http.
    http::Request req;
    req.method = "GET";
    req.target =
        "/wp-json/wc/v3/orders?per_page=100&search=a%20b%2Bc&modified_after=2024-01-01T10:00:00";
    ASSERT_TRUE(http::parse_target(req.target, req));
    auto params = oauth_request_params(req);
    params["oauth_consumer_key"] = "ck_test";
    params["oauth_nonce"] = "abc123";
    params["oauth_signature_method"] = "HMAC-SHA256";
    params["oauth_timestamp"] = "1700000000";
    params["oauth_signature"] = "left out";
    EXPECT_EQ(
        oauth_string_to_sign(req, "https://acme-books.test", params),
        "GET&http%3A%2F%2Facme-books.test%2Fwp-json%2Fwc%2Fv3%2Forders&modified_after%3D2024-"
        "01-01T10%253A00%253A00%26oauth_consumer_key%3Dck_test%26oauth_nonce%3Dabc123%26oauth_"
        "signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1700000000%26per_page%3D100%"
        "26search%3Da%2520b%252Bc");
    // A site installed below a path signs with it.
    EXPECT_EQ(oauth_string_to_sign(req, "http://example.test/shop", {}),
              "GET&http%3A%2F%2Fexample.test%2Fshop%2Fwp-json%2Fwc%2Fv3%2Forders&");
}

TEST(WooCommerceAuth, SignedCallsAreTakenOnce) {
    auto e = start_emulator();
    const auto key = site_key(*e);
    const std::string target =
        signed_target(*e, "GET", "/wp-json/wc/v3/orders?per_page=5", key, now_s(), "nonce-1");
    auto ok = test::get(e->port(), target);
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(ok.json().as_array().size(), 5u);
    // The same request again: the nonce was used.
    auto replay = test::get(e->port(), target);
    EXPECT_EQ(replay.status, 401) << replay.body;
    EXPECT_EQ(code_of(replay), "woocommerce_rest_authentication_error");
    // HMAC-SHA1 is taken too, and 14 minutes of clock difference either way.
    EXPECT_EQ(get_signed(*e, "/wp-json/wc/v3/orders", key, now_s(), {}, SignatureMethod::hmac_sha1)
                  .status,
              200);
    EXPECT_EQ(get_signed(*e, "/wp-json/wc/v3/orders", key, now_s() - 14 * 60).status, 200);
    EXPECT_EQ(get_signed(*e, "/wp-json/wc/v3/orders", key, now_s() + 14 * 60).status, 200);
    const auto stats = admin(*e, "GET", "/_emulator/stats", "").json();
    EXPECT_EQ(stats.at("requests").at("oauth1").as_int64(), 4);
    EXPECT_EQ(stats.at("requests").at("basic").as_int64(), 0);
}

TEST(WooCommerceAuth, BadSignaturesAreRefused) {
    auto e = start_emulator();
    const auto key = site_key(*e);
    const auto refused = [&](const test::HttpResponse& r, const std::string& code) {
        EXPECT_EQ(r.status, 401) << r.body;
        EXPECT_EQ(code_of(r), code) << r.body;
        EXPECT_EQ(r.json().at("data").at("status"), 401);
    };
    // A parameter added after signing.
    const std::string t = signed_target(*e, "GET", "/wp-json/wc/v3/orders", key, now_s());
    refused(test::get(e->port(), t + "&per_page=3"), "woocommerce_rest_authentication_error");
    // Signed with another secret, or with the secret alone (no "&"), or another key.
    refused(get_signed(*e, "/wp-json/wc/v3/orders", {key.consumer_key, "cs_other"}, now_s()),
            "woocommerce_rest_authentication_error");
    {
        const auto ts = std::to_string(now_s());
        const std::string base =
            "GET&" + crypto::percent_encode(e->site_url() + "/wp-json/wc/v3/orders") + "&" +
            crypto::percent_encode("oauth_consumer_key=" + key.consumer_key +
                                   "&oauth_nonce=n1&oauth_signature_method=HMAC-"
                                   "SHA256&oauth_timestamp=" +
                                   ts);
        const auto with =
            crypto::base64_encode(crypto::hmac_sha256(key.consumer_secret + "&", base));
        const auto without = crypto::base64_encode(crypto::hmac_sha256(key.consumer_secret, base));
        const std::string q =
            "/wp-json/wc/v3/orders?oauth_consumer_key=" + key.consumer_key +
            "&oauth_nonce=n1&oauth_signature_method=HMAC-SHA256&oauth_timestamp=" + ts +
            "&oauth_signature=";
        refused(test::get(e->port(), q + crypto::percent_encode(without)),
                "woocommerce_rest_authentication_error");
        // The same parameters with the right key ("&" appended): taken, by hand, as documented.
        EXPECT_EQ(test::get(e->port(), q + crypto::percent_encode(with)).status, 200);
    }
    refused(get_signed(*e, "/wp-json/wc/v3/orders", {"ck_unknown", key.consumer_secret}, now_s()),
            "woocommerce_rest_authentication_error");
    // Signed for the address reached (127.0.0.1) rather than the site's own URL (whose scheme
    // is the call's: http).
    {
        auto o = EmulatorOptions{};
        o.site_url = "https://acme-books.test";
        auto site = start_emulator(o);
        const std::string path = "/wp-json/wc/v3/orders";
        const auto q = connectors::woocommerce::oauth1_signed_query(
            "GET", "http://127.0.0.1:" + std::to_string(site->port()) + path, {}, site_key(*site),
            now_s(), "n2");
        refused(test::get(site->port(), path + "?" + connectors::woocommerce::encode_query(q)),
                "woocommerce_rest_authentication_error");
        EXPECT_EQ(get_signed(*site, path, site_key(*site), now_s()).status, 200);
    }
    // Out of the 15-minute window.
    refused(get_signed(*e, "/wp-json/wc/v3/orders", key, now_s() - 16 * 60),
            "woocommerce_rest_authentication_error");
    refused(get_signed(*e, "/wp-json/wc/v3/orders", key, now_s() + 16 * 60),
            "woocommerce_rest_authentication_error");
    // An unknown method, and a parameter missing.
    refused(test::get(e->port(), "/wp-json/wc/v3/orders?oauth_consumer_key=" + key.consumer_key +
                                     "&oauth_nonce=x&oauth_timestamp=1&oauth_signature=x&oauth_"
                                     "signature_method=PLAINTEXT"),
            "woocommerce_rest_authentication_error");
    refused(test::get(e->port(), "/wp-json/wc/v3/orders?oauth_consumer_key=" + key.consumer_key +
                                     "&oauth_signature=x"),
            "woocommerce_rest_authentication_missing_parameter");
    const auto stats = admin(*e, "GET", "/_emulator/stats", "").json();
    EXPECT_EQ(stats.at("requests").at("oauth1").as_int64(), 1);
    EXPECT_GE(stats.at("requests").at("unauthorized").as_int64(), 8);
}

TEST(WooCommerceAuth, TheAuthorizationHeaderCarriesTheParametersToo) {
    auto e = start_emulator();
    const auto key = site_key(*e);
    const std::string path = "/wp-json/wc/v3/orders";
    const auto q = connectors::woocommerce::oauth1_signed_query(
        "GET", e->site_url() + path, {{"per_page", "2"}}, key, now_s(), "hdr-1");
    std::string header = "OAuth ";
    for (const auto& [k, v] : q) {
        if (k.rfind("oauth_", 0) == 0)
            header += k + "=\"" + crypto::percent_encode(v) + "\", ";
    }
    header.resize(header.size() - 2);
    auto r = test::send(e->port(), {"GET", path + "?per_page=2", {{"Authorization", header}}, {}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json().as_array().size(), 2u);
}

TEST(WooCommerceAuth, BasicOverPlainHttpIsIgnoredUnlessAllowed) {
    auto e = start_emulator();
    const auto& o = e->options();
    // As WooCommerce over HTTP: Basic and the query keys are not looked at.
    auto by_basic = api(*e, "GET", "/orders", {}, basic(o.consumer_key, o.consumer_secret));
    EXPECT_EQ(by_basic.status, 401);
    EXPECT_EQ(code_of(by_basic), "woocommerce_rest_cannot_view");
    auto by_query = test::get(e->port(), "/wp-json/wc/v3/orders?consumer_key=" + o.consumer_key +
                                             "&consumer_secret=" + o.consumer_secret);
    EXPECT_EQ(by_query.status, 401);
    EXPECT_EQ(code_of(by_query), "woocommerce_rest_cannot_view");
    auto none = api(*e, "GET", "/orders", {}, std::string());
    EXPECT_EQ(code_of(none), "woocommerce_rest_cannot_view");
    EXPECT_EQ(code_of(api(*e, "PUT", "/orders/1001", R"({"status":"completed"})", std::string())),
              "woocommerce_rest_cannot_edit");
}

TEST(WooCommerceAuth, BasicAndQueryKeysWhenAllowed) {
    EmulatorOptions opts;
    opts.allow_basic_over_http = true;
    auto e = start_emulator(opts);
    const auto& o = e->options();
    EXPECT_EQ(api(*e, "GET", "/orders", {}, basic(o.consumer_key, o.consumer_secret)).status, 200);
    // An unknown key is no key (WooCommerce goes on to OAuth and finds none); a known key with
    // a wrong secret is refused.
    auto wrong_key = api(*e, "GET", "/orders", {}, basic("ck_wrong", o.consumer_secret));
    EXPECT_EQ(wrong_key.status, 401);
    EXPECT_EQ(code_of(wrong_key), "woocommerce_rest_cannot_view");
    auto wrong_secret = api(*e, "GET", "/orders", {}, basic(o.consumer_key, "cs_wrong"));
    EXPECT_EQ(wrong_secret.status, 401);
    EXPECT_EQ(code_of(wrong_secret), "woocommerce_rest_authentication_error");
    auto query = test::get(e->port(), "/wp-json/wc/v3/orders?consumer_key=" + o.consumer_key +
                                          "&consumer_secret=" + o.consumer_secret + "&per_page=5");
    ASSERT_EQ(query.status, 200) << query.body;
    // The keys never travel on in the links.
    EXPECT_EQ(query.header("Link").find("consumer_secret"), std::string::npos);
    // OAuth still works beside them.
    EXPECT_EQ(api_get(*e, "/orders").status, 200);
    auto unknown = api_get(*e, "/nothing-here");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(code_of(unknown), "rest_no_route");
}

// ---- the key grant ----

std::string grant_query(const std::string& callback, const std::string& scope = "read_write") {
    return "app_name=Storebridge&scope=" + scope +
           "&user_id=state-42&return_url=" + crypto::percent_encode("https://hub.test/back?x=1") +
           "&callback_url=" + crypto::percent_encode(callback);
}

// The href of the page's link with `id`, HTML entities undone.
std::string link_of(const std::string& html, const std::string& id) {
    const auto at = html.find("id=\"" + id + "\" href=\"");
    if (at == std::string::npos)
        return {};
    const auto from = html.find("href=\"", at) + 6;
    std::string href = html.substr(from, html.find('"', from) - from);
    for (std::size_t p; (p = href.find("&amp;")) != std::string::npos;)
        href.replace(p, 5, "&");
    return href;
}

TEST(WooCommerceKeyGrant, ApprovedKeysArePostedThenTheBrowserReturns) {
    test::WebhookReceiver app;
    EmulatorOptions opts;
    opts.allow_http_callback = true;
    auto e = start_emulator(opts);
    auto page = test::get(e->port(), "/wc-auth/v1/authorize?" + grant_query(app.url()));
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.header("Content-Type").find("text/html"), std::string::npos);
    const std::string approve = link_of(page.body, "approve");
    ASSERT_EQ(approve.rfind(e->site_url() + "/wc-auth/v1/access_granted?", 0), 0u) << page.body;
    EXPECT_EQ(link_of(page.body, "deny"), "https://hub.test/back?x=1&success=0&user_id=state-42");
    EXPECT_EQ(app.count(), 0u);  // nothing before the merchant approves

    auto granted = test::get(e->port(), approve.substr(e->site_url().size()));
    ASSERT_EQ(granted.status, 302) << granted.body;
    EXPECT_EQ(granted.header("Location"), "https://hub.test/back?x=1&success=1&user_id=state-42");
    ASSERT_EQ(app.count(), 1u);
    const auto posted = app.requests().at(0);
    EXPECT_EQ(posted.method, "POST");
    EXPECT_EQ(posted.media_type(), "application/json");
    const auto keys = json::parse(posted.body).as_object();
    EXPECT_EQ(keys.at("user_id"), "state-42");
    EXPECT_EQ(keys.at("key_permissions"), "read_write");
    EXPECT_TRUE(keys.at("key_id").is_int64());
    const std::string ck(keys.at("consumer_key").as_string());
    const std::string cs(keys.at("consumer_secret").as_string());
    EXPECT_EQ(ck.rfind("ck_", 0), 0u);
    EXPECT_EQ(cs.rfind("cs_", 0), 0u);
    EXPECT_NE(ck, e->options().consumer_key);
    // The new pair signs calls, reads and writes.
    EXPECT_EQ(get_signed(*e, "/wp-json/wc/v3/orders", {ck, cs}, now_s()).status, 200);
    const auto stats = admin(*e, "GET", "/_emulator/stats", "").json();
    EXPECT_EQ(stats.at("records").at("api_keys").as_int64(), 2);
    EXPECT_EQ(stats.at("requests").at("keys_granted").as_int64(), 1);

    // A forged approval (no nonce) creates nothing.
    const auto forged = test::get(
        e->port(), "/wc-auth/v1/access_granted?" + grant_query(app.url()) + "&wc_auth_nonce=guess");
    EXPECT_EQ(forged.status, 401);
    EXPECT_EQ(app.count(), 1u);
}

TEST(WooCommerceKeyGrant, AReadKeyCannotWrite) {
    test::WebhookReceiver app;
    EmulatorOptions opts;
    opts.allow_http_callback = true;
    opts.auto_approve = true;
    auto e = start_emulator(opts);
    auto r = test::get(e->port(), "/wc-auth/v1/authorize?" + grant_query(app.url(), "read"));
    ASSERT_EQ(r.status, 302) << r.body;
    ASSERT_EQ(app.count(), 1u);
    const auto keys = json::parse(app.requests().at(0).body).as_object();
    EXPECT_EQ(keys.at("key_permissions"), "read");
    const connectors::woocommerce::OAuth1Key key{
        std::string(keys.at("consumer_key").as_string()),
        std::string(keys.at("consumer_secret").as_string())};
    EXPECT_EQ(get_signed(*e, "/wp-json/wc/v3/orders/1001", key, now_s()).status, 200);
    auto put =
        test::send(e->port(), {"PUT",
                               signed_target(*e, "PUT", "/wp-json/wc/v3/orders/1001", key, now_s()),
                               {{"Content-Type", "application/json"}},
                               R"({"status":"completed"})"});
    EXPECT_EQ(put.status, 401) << put.body;
    EXPECT_EQ(code_of(put), "woocommerce_rest_authentication_error");
}

TEST(WooCommerceKeyGrant, BadRequestsAndARefusingAppLeaveNoKey) {
    test::WebhookReceiver app;
    auto strict = start_emulator();
    // WooCommerce's own rule: the callback must be https.
    auto plain = test::get(strict->port(), "/wc-auth/v1/authorize?" + grant_query(app.url()));
    EXPECT_EQ(plain.status, 401);
    EXPECT_NE(plain.body.find("SSL"), std::string::npos) << plain.body;

    EmulatorOptions opts;
    opts.allow_http_callback = true;
    opts.auto_approve = true;
    auto e = start_emulator(opts);
    EXPECT_EQ(
        test::get(e->port(), "/wc-auth/v1/authorize?" + grant_query(app.url(), "admin")).status,
        401);
    EXPECT_EQ(test::get(e->port(), "/wc-auth/v1/authorize?app_name=x&scope=read").status, 401);
    EXPECT_EQ(app.count(), 0u);
    // The app answers 503: the key is deleted and the merchant sees the error.
    app.set_failing(true);
    auto failed = test::get(e->port(), "/wc-auth/v1/authorize?" + grant_query(app.url()));
    EXPECT_EQ(failed.status, 401) << failed.body;
    EXPECT_EQ(app.count(), 1u);
    const auto stats = admin(*e, "GET", "/_emulator/stats", "").json();
    EXPECT_EQ(stats.at("records").at("api_keys").as_int64(), 1);
    EXPECT_EQ(stats.at("requests").at("keys_refused").as_int64(), 1);
}

}  // namespace
}  // namespace sb::emulators::woocommerce::testing
