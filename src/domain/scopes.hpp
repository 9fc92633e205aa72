#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sb::domain {

// Every scope a route may require. A client can only be given scopes from this list.
const std::vector<std::string_view>& known_scopes();
bool is_known_scope(std::string_view scope);

std::vector<std::string> split_scopes(std::string_view text);  // space separated
std::string join_scopes(const std::vector<std::string>& scopes);
bool has_scope(const std::vector<std::string>& granted, std::string_view needed);

}  // namespace sb::domain
