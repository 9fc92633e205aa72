#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sb::test {

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

using EnvVars = std::vector<std::pair<std::string, std::string>>;

// Runs a program to completion (killed after `timeout`), capturing stdout and stderr.
RunResult run_process(const std::vector<std::string>& argv, const EnvVars& env = {},
                      std::chrono::milliseconds timeout = std::chrono::seconds(60));

// A long-running child (a server) whose stderr is read line by line.
class ChildProcess {
  public:
    ChildProcess(const std::vector<std::string>& argv, const EnvVars& env = {});
    ~ChildProcess();  // SIGKILL if still running
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // The next stderr line containing `needle`, or nullopt after `timeout`.
    std::optional<std::string> wait_for_line(
        const std::string& needle, std::chrono::milliseconds timeout = std::chrono::seconds(30));
    std::string stdout_text();  // what it printed on stdout so far (non-blocking)
    std::string stderr_text();  // stderr not yet consumed by wait_for_line (non-blocking)
    void signal(int sig);
    // Exit code, or -1 if it did not exit within `timeout` (then it is killed).
    int wait(std::chrono::milliseconds timeout = std::chrono::seconds(30));

  private:
    pid_t pid_ = -1;
    int out_fd_ = -1;
    int err_fd_ = -1;
    std::string err_buffer_;
    std::string out_buffer_;
    std::optional<int> exit_code_;
};

}  // namespace sb::test
