// The real `minimarket` binary, started as a child process on a free port for HTTP tests.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/test_env.hpp"

namespace mm::testing {

class ServerProcess {
 public:
  // `env` adds or overrides MM_* variables. By default: the given database URL, a free port
  // (server.listen 127.0.0.1:0), the test routes on, and no web root.
  ServerProcess(std::string database_url, std::map<std::string, std::string> env = {},
                std::vector<std::string> args = {"serve"});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts and waits until /readyz answers 200 (throws after `timeout`). Returns the time from
  // fork to the first 200 of /healthz.
  std::chrono::milliseconds Start(std::chrono::seconds timeout = std::chrono::seconds(30));
  // Sends `sig` and waits up to `timeout` for the exit; returns the exit status (or -signal).
  int Stop(int sig, std::chrono::seconds timeout = std::chrono::seconds(30));
  [[nodiscard]] bool Running();

  // The MM_* environment the server runs with (for CLI commands on the same database).
  [[nodiscard]] std::map<std::string, std::string> Environment() const;
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string base_url() const;
  [[nodiscard]] pid_t pid() const { return pid_; }
  [[nodiscard]] std::string Stdout() const;  // the JSON log lines so far
  [[nodiscard]] std::string Stderr() const;

 private:
  std::string database_url_;
  std::map<std::string, std::string> env_;
  std::vector<std::string> args_;
  std::unique_ptr<TempDir> dir_;
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_status_ = 0;
};

// The MM_* variables every test process gets: database, test routes, a fixed master key.
[[nodiscard]] std::map<std::string, std::string> TestEnvironment(const std::string& database_url);

// Runs `minimarket <args>` to completion with the given MM_* environment; returns exit status.
int RunMinimarket(const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env, std::string* output = nullptr);

}  // namespace mm::testing
