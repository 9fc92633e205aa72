#pragma once

#include <string>
#include <vector>

namespace sb::app {

// Each returns the process exit code. Bad configuration prints one line and returns 2.
int run_serve(const std::vector<std::string>& args);
int run_admin(const std::vector<std::string>& args);
int run_migrate(const std::vector<std::string>& args);
// The custom connector's reference client (app/push_command.cpp): 1 when a batch failed.
int run_push(const std::vector<std::string>& args);

}  // namespace sb::app
