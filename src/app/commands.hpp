#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sb::app {

// Each returns the process exit code. Bad configuration prints one line and returns 2.
int run_serve(const std::vector<std::string>& args);
int run_admin(const std::vector<std::string>& args);
int run_migrate(const std::vector<std::string>& args);
// The custom connector's reference client (app/push_command.cpp): 1 when a batch failed.
int run_push(const std::vector<std::string>& args);
// `storebridge status`: accounts, integrations and running jobs as tables (status_command.cpp).
int run_status(const std::vector<std::string>& args);

// What `storebridge COMMAND --help` prints; "" for a command that has no usage here.
std::string command_usage(const std::string& command);

}  // namespace sb::app
