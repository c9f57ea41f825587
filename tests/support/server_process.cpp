#include "support/server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/http_client.hpp"

extern char** environ;

namespace mm::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The child's environment: ours without any MM_* variable, plus `env`.
std::vector<std::string> ChildEnv(const std::map<std::string, std::string>& env) {
  std::vector<std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string kv(*e);
    if (kv.rfind("MM_", 0) == 0) continue;
    out.push_back(kv);
  }
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

pid_t Spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const std::string& out_path, const std::string& err_path) {
  std::vector<std::string> envs = ChildEnv(env);
  std::vector<char*> argv;
  std::string bin = MM_BINARY_PATH;
  argv.push_back(bin.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : envs) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    dup2(err, 2);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

int DecodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  return -1;
}

}  // namespace

ServerProcess::ServerProcess(std::string database_url, std::map<std::string, std::string> env,
                             std::vector<std::string> args)
    : database_url_(std::move(database_url)),
      env_(std::move(env)),
      args_(std::move(args)),
      dir_(std::make_unique<TempDir>()) {}

ServerProcess::~ServerProcess() {
  if (pid_ > 0 && Running()) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
}

std::map<std::string, std::string> ServerProcess::Environment() const {
  std::map<std::string, std::string> env = TestEnvironment(database_url_);
  env["MM_SERVER_LISTEN"] = "127.0.0.1:0";
  env["MM_WEB_ROOT"] = dir_->path() + "/no-web";
  for (const auto& [k, v] : env_) env[k] = v;
  return env;
}

std::map<std::string, std::string> TestEnvironment(const std::string& database_url) {
  return {
      {"MM_DATABASE_URL", database_url},
      {"MM_TESTING_RUTAS_PRUEBA", "true"},
      // A fixed key, so a restarted server (or a CLI command) reads the same signing keys.
      {"MM_SECRETS_MASTER_KEY", "bWluaW1hcmtldC1jbGF2ZS1tYWVzdHJhLXBydWViYSE="},
      {"MM_AUTH_COOKIE_SECURE", "false"},
      // Suites log in often from 127.0.0.1; the login policies stay on, with room for that.
      {"MM_RATE_LIMIT_LOGIN_IP_Q", "1000"},
      {"MM_RATE_LIMIT_LOGIN_Q", "200"},
  };
}

std::string ServerProcess::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
std::string ServerProcess::Stdout() const { return ReadFile(dir_->path() + "/out.log"); }
std::string ServerProcess::Stderr() const { return ReadFile(dir_->path() + "/err.log"); }

std::chrono::milliseconds ServerProcess::Start(std::chrono::seconds timeout) {
  std::map<std::string, std::string> env = Environment();
  auto started = std::chrono::steady_clock::now();
  pid_ = Spawn(args_, env, dir_->path() + "/out.log", dir_->path() + "/err.log");
  auto deadline = started + timeout;
  static const std::regex kPort(R"re("event":"server_started".*"port":([0-9]+))re");
  while (port_ == 0) {
    if (!Running()) {
      throw std::runtime_error("server exited during start-up: " + Stderr() + Stdout());
    }
    std::smatch m;
    std::string out = Stdout();
    if (std::regex_search(out, m, kPort)) {
      port_ = std::stoi(m[1]);
      break;
    }
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("server start timeout");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  HttpClient client(base_url());
  std::chrono::milliseconds healthy{-1};
  while (true) {
    if (healthy.count() < 0 && client.Get("/healthz").status == 200) {
      healthy = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - started);
    }
    if (healthy.count() >= 0 && client.Get("/readyz").status == 200) return healthy;
    if (!Running()) throw std::runtime_error("server exited: " + Stderr());
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("server not ready");
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

bool ServerProcess::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == 0) return true;
  if (r == pid_) {
    exit_status_ = DecodeStatus(status);
    pid_ = -pid_;  // remember it ended
  }
  return false;
}

int ServerProcess::Stop(int sig, std::chrono::seconds timeout) {
  if (pid_ <= 0) return exit_status_;
  kill(pid_, sig);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (Running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return exit_status_;
}

int RunMinimarket(const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env, std::string* output) {
  TempDir dir;
  pid_t pid = Spawn(args, env, dir.path() + "/out", dir.path() + "/err");
  int status = 0;
  waitpid(pid, &status, 0);
  if (output) *output = ReadFile(dir.path() + "/out") + ReadFile(dir.path() + "/err");
  return DecodeStatus(status);
}

}  // namespace mm::testing
