#include "support/fake_jwks_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

#include <boost/json/serialize.hpp>

namespace mm::testing {
namespace {

constexpr int kPollMs = 50;
constexpr std::size_t kMaxHead = 64 * 1024;

std::string Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

void SendAll(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

// Reads the request head and any Content-Length body; "" when the peer went away first.
std::string ReadRequest(int fd, const std::atomic<bool>& stop) {
  std::string data;
  char buf[4096];
  std::size_t need = std::string::npos;
  while (!stop.load()) {
    auto end = data.find("\r\n\r\n");
    if (end != std::string::npos && need == std::string::npos) {
      need = end + 4;
      auto cl = data.find("Content-Length:");
      if (cl == std::string::npos) cl = data.find("content-length:");
      if (cl != std::string::npos && cl < end) need += std::stoul(data.substr(cl + 15));
    }
    if (need != std::string::npos && data.size() >= need) return data.substr(0, end + 4);
    if (data.size() > kMaxHead) return "";
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, kPollMs);
    if (r < 0) return "";
    if (r == 0) continue;
    auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return "";
    data.append(buf, static_cast<std::size_t>(n));
  }
  return "";
}

}  // namespace

FakeJwksServer::FakeJwksServer() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listen_fd_ < 0) throw std::runtime_error("socket failed");
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // never reachable from outside the machine
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 64) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("bind/listen on 127.0.0.1 failed");
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

FakeJwksServer::~FakeJwksServer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  stopping_.store(true);
  changed_.notify_all();
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> connections;
  {
    std::lock_guard lock(mu_);
    connections.swap(connections_);
  }
  for (auto& t : connections) t.join();
  ::close(listen_fd_);
}

void FakeJwksServer::SetBody(std::string body, int status) {
  std::lock_guard lock(mu_);
  body_ = std::move(body);
  status_ = status;
}

void FakeJwksServer::SetJwks(const boost::json::object& jwks) {
  SetBody(boost::json::serialize(jwks), 200);
}

void FakeJwksServer::SetMode(Mode mode) {
  {
    std::lock_guard lock(mu_);
    mode_ = mode;
  }
  changed_.notify_all();
}

void FakeJwksServer::FailNext(int n, int status) {
  std::lock_guard lock(mu_);
  fail_next_ = n;
  fail_status_ = status;
}

std::string FakeJwksServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::string FakeJwksServer::LastRequest() const {
  std::lock_guard lock(mu_);
  return last_request_;
}

void FakeJwksServer::AcceptLoop() {
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stop_) return;
    }
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, kPollMs) <= 0) continue;
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    std::lock_guard lock(mu_);
    connections_.emplace_back([this, fd] { Serve(fd); });
  }
}

void FakeJwksServer::Serve(int fd) {
  std::string head = ReadRequest(fd, stopping_);
  if (head.empty()) {
    ::close(fd);
    return;
  }
  requests_.fetch_add(1);
  std::unique_lock lock(mu_);
  last_request_ = head;
  int status = status_;
  std::string body = body_;
  if (fail_next_ > 0) {
    --fail_next_;
    status = fail_status_;
    body = R"({"error":"falla simulada"})";
  } else if (mode_ == Mode::kFail) {
    status = 500;
    body = R"({"error":"falla simulada"})";
  } else if (mode_ == Mode::kHang) {
    changed_.wait(lock, [&] { return stop_ || mode_ != Mode::kHang; });
    lock.unlock();
    ::close(fd);  // the client has long given up; it gets no answer
    return;
  }
  lock.unlock();
  SendAll(fd, "HTTP/1.1 " + std::to_string(status) + " " + Reason(status) +
                  "\r\nContent-Type: application/json\r\nContent-Length: " +
                  std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
  ::shutdown(fd, SHUT_WR);
  ::close(fd);
}

}  // namespace mm::testing
