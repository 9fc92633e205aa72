#pragma once

#include <vector>

#include "connectors/capabilities.hpp"

// The catalog actions that capabilities provide, defined once: every connector that
// implements a capability lists the same action, with the same id and input.
namespace sb::connectors::actions {

const ActionSpec& refresh_token();                             // TokenRefresher
const ActionSpec& register_webhooks();                         // WebhookSubscriber
const ActionSpec& set_stock_level();                           // StockWriter
ActionSpec update_shop(std::vector<domain::FieldSpec> input);  // ShopUpdater
inline constexpr std::string_view k_update_shop = "update_shop";

// The input of set_stock_level for a level, and back.
domain::FieldMap stock_level_input(const StockLevelWrite& level);
StockLevelWrite stock_level_of(const domain::FieldMap& input);

}  // namespace sb::connectors::actions
