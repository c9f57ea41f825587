// The HTTP/1.1 server (Boost.Beast + Asio). The only translation unit that includes Beast.
//
// I/O threads read and write; complete requests run on a separate pool of worker threads (the
// handlers block on the database), and their responses are written back on the connection's
// strand. Every read has a deadline (decision 35): a client too slow with its request line and
// headers or its body gets 408 and is closed; an idle keep-alive connection is closed quietly.
// SIGINT/SIGTERM: stop accepting, close idle connections, let in-flight requests finish for up
// to the drain time (new requests on open connections get 503), then stop.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "http/pipeline.hpp"

namespace mm::http {

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free one
  int io_threads = 0;                     // 0: one per core
  int workers = 32;                       // threads running handlers
  std::chrono::milliseconds header_timeout{10000};
  std::chrono::milliseconds body_timeout{30000};
  std::chrono::milliseconds keepalive_idle{60000};
  std::size_t max_header_bytes = 16 * 1024;
  std::chrono::milliseconds shutdown_drain{10000};
};

class Server {
 public:
  Server(ServerOptions options, Pipeline& pipeline);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. Throws std::runtime_error (Spanish message) when it cannot.
  void Listen();
  [[nodiscard]] unsigned short port() const;

  // Serves until SIGINT/SIGTERM or Stop(), then drains and returns. `on_ready` runs once the
  // server accepts connections.
  void Run(const std::function<void()>& on_ready = {});
  // Starts the graceful shutdown from any thread.
  void Stop();

  class Impl;  // public so the connection objects in server.cpp can reach it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace mm::http
