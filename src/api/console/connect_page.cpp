#include "api/console/connect_page.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "api/console/console.hpp"
#include "http/static_assets.hpp"

namespace sb::api::connect_page {

namespace json = boost::json;

namespace {

// The texts of the first language of Accept-Language that has a file, else English.
json::value texts_for(const http::Request& req) {
    std::string_view accept = req.header("accept-language").value_or("");
    while (!accept.empty()) {
        const auto comma = accept.find(',');
        auto tag = accept.substr(0, comma);
        tag = tag.substr(0, tag.find(';'));
        while (!tag.empty() && tag.front() == ' ')
            tag.remove_prefix(1);
        tag = tag.substr(0, tag.find('-'));
        std::string lang;
        for (char c : tag)
            if (c >= 'a' && c <= 'z')
                lang.push_back(c);
            else if (c >= 'A' && c <= 'Z')
                lang.push_back(static_cast<char>(c - 'A' + 'a'));
        if (!lang.empty() && lang.size() == tag.size()) {
            if (const auto* a = http::find_static_asset("/connect/assets/texts." + lang + ".json"))
                return json::parse(a->body);
        }
        if (comma == std::string_view::npos)
            break;
        accept.remove_prefix(comma + 1);
    }
    const auto* en = http::find_static_asset("/connect/assets/texts.en.json");
    if (!en)
        throw std::logic_error("web/connect/texts.en.json is not embedded");
    return json::parse(en->body);
}

class Texts {
  public:
    Texts(const http::Request& req, std::string_view platform) : texts_(texts_for(req)) {
        platform_ = platform.empty() ? get({"platform_unknown"}) : std::string(platform);
    }

    // The text at `path`, {platform} filled in; "" when missing.
    std::string get(std::initializer_list<std::string_view> path) const {
        const json::value* v = &texts_;
        for (auto key : path) {
            const auto* o = v->if_object();
            v = o ? o->if_contains(key) : nullptr;
            if (!v)
                return {};
        }
        const auto* s = v->if_string();
        if (!s)
            return {};
        std::string out(*s);
        for (auto pos = out.find("{platform}"); pos != std::string::npos;
             pos = out.find("{platform}", pos + platform_.size()))
            out.replace(pos, 10, platform_);
        return out;
    }
    std::string lang() const { return get({"lang"}); }
    std::string platform() const { return platform_; }

  private:
    json::value texts_;
    std::string platform_;
};

// The platform's key in `stores`: its name in lower-case letters ("BigCommerce" → bigcommerce).
std::string store_key(std::string_view platform) {
    std::string key;
    for (char c : platform) {
        if (c >= 'A' && c <= 'Z')
            key.push_back(static_cast<char>(c - 'A' + 'a'));
        else if (c >= 'a' && c <= 'z')
            key.push_back(c);
    }
    return key;
}

http::Response page(int status, const Texts& t, const std::string& title, std::string_view state,
                    const std::string& content) {
    auto r = http::Response::text(
        status,
        "<!doctype html>\n<html lang=\"" + html_escape(t.lang()) +
            "\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
            html_escape(title) +
            "</title>\n<link rel=\"stylesheet\" href=\"/console/lib/pico.min.css\">\n"
            "<link rel=\"stylesheet\" href=\"/connect/assets/connect.css\">\n"
            "<script type=\"module\" src=\"/connect/assets/connect.js\"></script>\n</head>\n"
            "<body>\n<main class=\"container sb-connect\" data-state=\"" +
            std::string(state) + "\">\n<article>\n" + content +
            "</article>\n</main>\n</body>\n</html>\n",
        "text/html; charset=utf-8");
    r.set_header("Cache-Control", "no-store");
    console::set_page_security_headers(r, console::Page::connect);
    return r;
}

std::string attr(std::string_view name, const std::string& value) {
    return value.empty() ? "" : " " + std::string(name) + "=\"" + html_escape(value) + "\"";
}

}  // namespace

bool wants_html(const http::Request& req) {
    auto accept = req.header("accept");
    return accept && accept->find("text/html") != std::string_view::npos;
}

http::Response form(const http::Request& req, std::string_view platform, std::string_view token,
                    std::string_view shop, const ApiError* error) {
    const Texts t(req, platform);
    std::string key = store_key(platform);
    if (t.get({"stores", key, "label"}).empty())
        key = "other";
    const auto store = [&](std::string_view field) { return t.get({"stores", key, field}); };
    const std::string help = error ? t.get({"errors", "validation_failed"}) : store("help");
    const std::string title = t.get({"title"});
    std::string content = "<h1>" + html_escape(title) + "</h1>\n<p>" +
                          html_escape(t.get({"intro"})) + "</p>\n<form method=\"get\">\n" +
                          "<input type=\"hidden\" name=\"token\" value=\"" + html_escape(token) +
                          "\">\n<label for=\"shop\">" + html_escape(store("label")) + "</label>\n" +
                          "<input id=\"shop\" name=\"shop\" required autocomplete=\"off\" "
                          "autocapitalize=\"none\" spellcheck=\"false\" "
                          "aria-describedby=\"shop-help\"" +
                          attr("placeholder", store("placeholder")) +
                          attr("inputmode", store("inputmode")) + attr("value", std::string(shop)) +
                          (error ? " aria-invalid=\"true\"" : "") + ">\n<small id=\"shop-help\">" +
                          html_escape(help) + "</small>\n<button type=\"submit\">" +
                          html_escape(t.get({"submit"})) + "</button>\n<p><small>" +
                          html_escape(t.get({"redirect_note"})) + "</small></p>\n</form>\n";
    return page(error ? error_info(error->code()).status : 200, t, title, "form", content);
}

http::Response success(const http::Request& req, std::string_view platform) {
    const Texts t(req, platform);
    const std::string title = t.get({"success", "title"});
    return page(200, t, title, "success",
                "<h1>" + html_escape(title) + "</h1>\n<p>" +
                    html_escape(t.get({"success", "body"})) + "</p>\n");
}

http::Response failure(const http::Request& req, std::string_view platform, const ApiError& error,
                       std::string_view retry_url) {
    const Texts t(req, platform);
    const auto info = error_info(error.code());
    std::string message = t.get({"errors", info.code});
    if (message.empty())
        message = t.get({"errors", "other"});
    const std::string title = t.get({"failure", "title"});
    std::string details = "<p>" + html_escape(error.message()) + "</p>\n";
    if (!error.description().empty())
        details += "<p>" + html_escape(error.description()) + "</p>\n";
    for (const auto& f : error.fields())
        details +=
            "<p><code>" + html_escape(f.name) + "</code> " + html_escape(f.description) + "</p>\n";
    details += "<p><code>" + html_escape(info.code) + "</code></p>\n";
    const std::string retry = retry_url.empty()
                                  ? "<button type=\"button\" data-back>" +
                                        html_escape(t.get({"failure", "retry"})) + "</button>\n"
                                  : "<a role=\"button\" href=\"" + html_escape(retry_url) + "\">" +
                                        html_escape(t.get({"failure", "retry"})) + "</a>\n";
    return page(info.status, t, title, "failure",
                "<h1>" + html_escape(title) + "</h1>\n<p class=\"sb-connect-error\">" +
                    html_escape(message) + "</p>\n<details>\n<summary>" +
                    html_escape(t.get({"failure", "details"})) + "</summary>\n" + details +
                    "</details>\n" + retry + "<p><small>" +
                    html_escape(t.get({"failure", "start_over"})) + "</small></p>\n");
}

}  // namespace sb::api::connect_page
