// A tiny HTTP/1.1 server on 127.0.0.1 standing in for an external issuer's JWKS endpoint (and any
// outbound HTTP dependency): it serves the body it is given, can fail with a status, or hang
// without answering until told otherwise. One thread accepts; one thread serves each connection
// (Connection: close). Blocking POSIX sockets; tests only.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/object.hpp>

namespace mm::testing {

class FakeJwksServer {
 public:
  enum class Mode {
    kServe,  // the body set with SetBody/SetJwks
    kFail,   // 500
    kHang,   // reads the request, then never answers (until the mode changes or the server stops)
  };

  // Listens on 127.0.0.1 on a free port. Throws std::runtime_error when it cannot.
  FakeJwksServer();
  // Stops accepting, releases hanging connections and joins every thread.
  ~FakeJwksServer();
  FakeJwksServer(const FakeJwksServer&) = delete;
  FakeJwksServer& operator=(const FakeJwksServer&) = delete;

  void SetBody(std::string body, int status = 200);
  // Serves {"keys": [...]} with status 200.
  void SetJwks(const boost::json::object& jwks);
  void SetMode(Mode mode);
  // The next `n` requests get `status` (whatever the mode), then the mode applies again.
  void FailNext(int n, int status = 500);

  [[nodiscard]] int port() const { return port_; }
  // http://127.0.0.1:<port><path>
  [[nodiscard]] std::string url(const std::string& path = "/.well-known/jwks.json") const;
  // Requests whose head was read completely.
  [[nodiscard]] int requests() const { return requests_.load(); }
  // The head (request line and headers) of the last request, as received.
  [[nodiscard]] std::string LastRequest() const;

 private:
  void AcceptLoop();
  void Serve(int fd);

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> requests_{0};
  std::atomic<bool> stopping_{false};  // stop_, readable without the mutex
  std::thread acceptor_;

  mutable std::mutex mu_;
  std::condition_variable changed_;
  bool stop_ = false;                     // guarded by mu_
  Mode mode_ = Mode::kServe;              // guarded by mu_
  std::string body_ = R"({"keys":[]})";   // guarded by mu_
  int status_ = 200;                      // guarded by mu_
  int fail_next_ = 0;                     // guarded by mu_
  int fail_status_ = 500;                 // guarded by mu_
  std::string last_request_;              // guarded by mu_
  std::vector<std::thread> connections_;  // guarded by mu_
};

}  // namespace mm::testing
