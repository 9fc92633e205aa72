#include "common/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace sb::test {

namespace {

pid_t spawn(const std::vector<std::string>& argv, const EnvVars& env, int& out_fd, int& err_fd) {
    int out_pipe[2], err_pipe[2];
    if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0)
        throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
    posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);

    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) {
        std::string entry(*e);
        bool overridden = false;
        for (const auto& [k, v] : env)
            overridden |= entry.starts_with(k + "=");
        if (!overridden)
            env_strings.push_back(entry);
    }
    for (const auto& [k, v] : env)
        env_strings.push_back(k + "=" + v);
    std::vector<char*> envp, args;
    for (auto& s : env_strings)
        envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> argv_copy = argv;
    for (auto& a : argv_copy)
        args.push_back(a.data());
    args.push_back(nullptr);

    pid_t pid = -1;
    const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (rc != 0) {
        close(out_pipe[0]);
        close(err_pipe[0]);
        throw std::runtime_error("posix_spawn " + argv[0] + ": " + std::strerror(rc));
    }
    out_fd = out_pipe[0];
    err_fd = err_pipe[0];
    fcntl(out_fd, F_SETFL, O_NONBLOCK);
    fcntl(err_fd, F_SETFL, O_NONBLOCK);
    return pid;
}

// Reads what is available from fd into buf; returns false at EOF.
bool drain(int fd, std::string& buf) {
    char chunk[4096];
    for (;;) {
        const ssize_t n = read(fd, chunk, sizeof chunk);
        if (n > 0) {
            buf.append(chunk, static_cast<std::size_t>(n));
            continue;
        }
        return n < 0;  // EAGAIN: more may come; 0: EOF
    }
}

}  // namespace

RunResult run_process(const std::vector<std::string>& argv, const EnvVars& env,
                      std::chrono::milliseconds timeout) {
    ChildProcess child(argv, env);
    RunResult r;
    r.exit_code = child.wait(timeout);
    r.out = child.stdout_text();
    r.err = child.stderr_text();
    return r;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const EnvVars& env) {
    pid_ = spawn(argv, env, out_fd_, err_fd_);
}

ChildProcess::~ChildProcess() {
    if (!exit_code_ && pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    if (out_fd_ >= 0)
        close(out_fd_);
    if (err_fd_ >= 0)
        close(err_fd_);
}

std::optional<std::string> ChildProcess::wait_for_line(const std::string& needle,
                                                       std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        std::size_t start = 0;
        for (std::size_t nl; (nl = err_buffer_.find('\n', start)) != std::string::npos;
             start = nl + 1) {
            std::string line = err_buffer_.substr(start, nl - start);
            if (line.find(needle) != std::string::npos) {
                err_buffer_.erase(0, nl + 1);
                return line;
            }
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline)
            return std::nullopt;
        pollfd p{err_fd_, POLLIN, 0};
        poll(&p, 1,
             static_cast<int>(
                 std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count()));
        if (!drain(err_fd_, err_buffer_) && !(p.revents & POLLIN)) {
            // EOF and nothing matched.
            return std::nullopt;
        }
    }
}

std::string ChildProcess::stdout_text() {
    drain(out_fd_, out_buffer_);
    return out_buffer_;
}

std::string ChildProcess::stderr_text() {
    drain(err_fd_, err_buffer_);
    return err_buffer_;
}

void ChildProcess::signal(int sig) {
    if (pid_ > 0 && !exit_code_)
        kill(pid_, sig);
}

int ChildProcess::wait(std::chrono::milliseconds timeout) {
    if (exit_code_)
        return *exit_code_;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        drain(out_fd_, out_buffer_);
        drain(err_fd_, err_buffer_);
        int status = 0;
        const pid_t r = waitpid(pid_, &status, WNOHANG);
        if (r == pid_) {
            drain(out_fd_, out_buffer_);
            exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            return *exit_code_;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
            exit_code_ = -1;
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

}  // namespace sb::test
