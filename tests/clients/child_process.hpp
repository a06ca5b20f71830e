#pragma once
// A real server started by a test: its own process group, output to a log file, a bounded wait
// for its port, and SIGTERM to that group (and only it) at the end.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace replycheck::test {

/// A child process running `argv`; `listening` tells whether `port` accepted connections in time.
class child_process {
public:
    child_process(std::vector<std::string> argv, const std::string& log_path, std::uint16_t port) {
        pid_ = ::fork();
        if (pid_ == 0) {
            ::setpgid(0, 0);
            if (std::FILE* log = std::fopen(log_path.c_str(), "w")) {
                ::dup2(::fileno(log), 1);
                ::dup2(::fileno(log), 2);
            }
            std::vector<char*> args;
            for (auto& a : argv) args.push_back(a.data());
            args.push_back(nullptr);
            ::execv(args[0], args.data());
            ::_exit(127);
        }
        // Bounded wait for the listener: 50 tries, 100 ms apart.
        for (int i = 0; i < 50 && !listening_; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            int fd = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in a{};
            a.sin_family = AF_INET;
            a.sin_port = htons(port);
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            listening_ = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
            ::close(fd);
        }
    }
    ~child_process() {
        if (pid_ > 0) {
            ::kill(-pid_, SIGTERM);  // the process group this test started
            ::waitpid(pid_, nullptr, 0);
        }
    }
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;

    bool listening() const { return listening_; }

private:
    pid_t pid_ = -1;
    bool listening_ = false;
};

}  // namespace replycheck::test
