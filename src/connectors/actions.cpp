#include "connectors/actions.hpp"

#include "core/error.hpp"

namespace sb::connectors::actions {

using domain::FieldType;

const ActionSpec& refresh_token() {
    static const ActionSpec a{
        "refresh_token", "Refresh token", "Exchange the refresh token for a new access token", {}};
    return a;
}

const ActionSpec& register_webhooks() {
    static const ActionSpec a{"register_webhooks",
                              "Register webhooks",
                              "Create the webhook subscriptions the hub relies on",
                              {}};
    return a;
}

const ActionSpec& set_stock_level() {
    static const ActionSpec a{
        "set_stock_level",
        "Set stock level",
        "Set the available quantity of an inventory item at a location",
        {{"inventory_item_id", FieldType::string, true, false, "Inventory item"},
         {"location_id", FieldType::string, true, false, "Location"},
         {"available", FieldType::integer, true, false, "New available quantity"}}};
    return a;
}

ActionSpec update_shop(std::vector<domain::FieldSpec> input) {
    return {std::string(k_update_shop), "Update shop", "Change the shop's settings at the store",
            std::move(input)};
}

domain::FieldMap stock_level_input(const StockLevelWrite& level) {
    return {{"inventory_item_id", level.inventory_item_id},
            {"location_id", level.location_id},
            {"available", level.available}};
}

StockLevelWrite stock_level_of(const domain::FieldMap& input) {
    StockLevelWrite w;
    auto text = [&](const char* k) {
        auto it = input.find(k);
        const auto* s = it == input.end() ? nullptr : std::get_if<std::string>(&it->second);
        return s ? *s : std::string();
    };
    w.inventory_item_id = text("inventory_item_id");
    w.location_id = text("location_id");
    if (auto it = input.find("available"); it != input.end()) {
        if (const auto* n = std::get_if<std::int64_t>(&it->second))
            w.available = *n;
    }
    return w;
}

}  // namespace sb::connectors::actions
