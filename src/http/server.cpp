#include "http/server.hpp"

#include <atomic>
#include <csignal>
#include <list>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "obs/log.hpp"

namespace mm::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using core::Error;
using core::ErrorCode;

// A client that stops reading its response is dropped after this long.
constexpr std::chrono::seconds kWriteTimeout{30};
// Until the route is known, a body may be this large; the route's own limit applies after.
constexpr std::size_t kBodyReadCeiling = 64 * 1024 * 1024;

tcp::endpoint ParseListen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    throw std::runtime_error("server.listen debe ser host:puerto (recibido: " + listen + ")");
  }
  std::string host = listen.substr(0, colon);
  std::string port_s = listen.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty() || host == "localhost") host = "127.0.0.1";
  unsigned long port = 0;
  try {
    port = std::stoul(port_s);
  } catch (...) {
    throw std::runtime_error("server.listen: puerto inválido en " + listen);
  }
  if (port > 65535) throw std::runtime_error("server.listen: puerto inválido en " + listen);
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) throw std::runtime_error("server.listen: dirección inválida " + host);
  return tcp::endpoint(address, static_cast<unsigned short>(port));
}

}  // namespace

class Session;

class Server::Impl {
 public:
  Impl(ServerOptions o, Pipeline& p)
      : options(std::move(o)),
        pipeline(p),
        acceptor(ioc),
        signals(ioc, SIGINT, SIGTERM),
        workers(static_cast<std::size_t>(std::max(1, options.workers))),
        drain_timer(ioc) {}

  void Accept();
  void BeginShutdown();
  void CheckDrained();
  void Track(const std::shared_ptr<Session>& s);

  ServerOptions options;
  Pipeline& pipeline;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::thread_pool workers;
  asio::steady_timer drain_timer;
  Clock::time_point drain_deadline;
  std::atomic<int> in_flight{0};
  std::atomic<bool> stopping{false};
  std::mutex sessions_mu;
  std::list<std::weak_ptr<Session>> sessions;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Server::Impl& srv, tcp::socket socket)
      : srv_(srv), socket_(std::move(socket)), timer_(socket_.get_executor()) {
    boost::system::error_code ec;
    auto ep = socket_.remote_endpoint(ec);
    if (!ec) {
      auto addr = ep.address();
      if (addr.is_v6() && addr.to_v6().is_v4_mapped()) {
        addr = asio::ip::make_address_v4(asio::ip::v4_mapped, addr.to_v6());
      }
      peer_ = addr.to_string();
    }
  }

  void Start() { WaitForRequest(); }

  // Called on shutdown: an idle connection is closed at once.
  void OnDrain() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
      if (self->state_ == State::kWaiting) self->Close();
    });
  }

 private:
  enum class State { kWaiting, kReading, kHandling, kWriting, kClosed };

  void ArmTimer(std::chrono::milliseconds d) {
    std::uint64_t gen = ++timer_gen_;
    timed_out_ = false;
    timer_.expires_after(d);
    timer_.async_wait([self = shared_from_this(), gen](boost::system::error_code ec) {
      if (ec || gen != self->timer_gen_) return;
      self->timed_out_ = true;
      boost::system::error_code ignored;
      self->socket_.cancel(ignored);
    });
  }

  void DisarmTimer() {
    ++timer_gen_;
    timer_.cancel();
  }

  void WaitForRequest() {
    state_ = State::kWaiting;
    if (srv_.stopping.load()) return Close();
    if (buffer_.size() > 0) return ReadHeader();
    ArmTimer(first_ ? srv_.options.header_timeout : srv_.options.keepalive_idle);
    socket_.async_wait(tcp::socket::wait_read,
                       [self = shared_from_this()](boost::system::error_code ec) {
                         self->DisarmTimer();
                         if (ec || self->state_ == State::kClosed) return self->Close();
                         self->ReadHeader();
                       });
  }

  void ReadHeader() {
    state_ = State::kReading;
    started_ = Clock::now();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(srv_.options.max_header_bytes));
    parser_->body_limit(kBodyReadCeiling);
    ArmTimer(srv_.options.header_timeout);
    bhttp::async_read_header(
        socket_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    bool timed_out = timed_out_;
    DisarmTimer();
    if (timed_out) return Reject(Error(ErrorCode::kRequestTimeout));
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
      return Close();
    }
    if (ec == bhttp::error::header_limit) return Reject(Error(ErrorCode::kHeadersTooLarge));
    if (ec == bhttp::error::body_limit) return Reject(Error(ErrorCode::kBodyTooLarge));
    if (ec) {
      return Reject(Error(ErrorCode::kValidationError, "La solicitud HTTP está mal formada."));
    }
    auto& h = parser_->get();
    method_ = std::string(h.method_string());
    target_ = std::string(h.target());
    if (srv_.stopping.load()) return Reject(Error::Unavailable(1));
    std::size_t limit = srv_.pipeline.BodyLimit(method_, target_);
    auto length = parser_->content_length();
    if (length && *length > limit) return Reject(Error(ErrorCode::kBodyTooLarge));
    parser_->body_limit(limit);
    if (parser_->is_done()) return Dispatch();
    auto expect = h[bhttp::field::expect];
    if (beast::iequals(expect, "100-continue")) {
      ArmTimer(std::chrono::duration_cast<std::chrono::milliseconds>(kWriteTimeout));
      asio::async_write(socket_, asio::buffer(kContinue, sizeof(kContinue) - 1),
                        [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                          self->DisarmTimer();
                          if (ec) return self->Close();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    ArmTimer(srv_.options.body_timeout);
    bhttp::async_read(socket_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        bool timed_out = self->timed_out_;
                        self->DisarmTimer();
                        if (timed_out) return self->Reject(Error(ErrorCode::kRequestTimeout));
                        if (ec == bhttp::error::body_limit) {
                          return self->Reject(Error(ErrorCode::kBodyTooLarge));
                        }
                        if (ec) return self->Close();
                        self->Dispatch();
                      });
  }

  void Dispatch() {
    state_ = State::kHandling;
    auto msg = parser_->release();
    bool keep_alive = msg.keep_alive();
    api::Request req;
    req.method = method_;
    req.target = target_;
    auto q = target_.find('?');
    req.path = target_.substr(0, q);
    if (q != std::string::npos) {
      req.raw_query = target_.substr(q + 1);
      auto parsed = boost::urls::parse_origin_form(target_);
      if (!parsed) {
        return Reject(Error(ErrorCode::kValidationError, "La consulta (query) está mal formada."));
      }
      for (auto p : parsed->params()) req.query.emplace_back(p.key, p.value);
    }
    for (const auto& f : msg) {
      req.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    }
    req.body = std::move(msg.body());
    req.client_ip = peer_;
    srv_.in_flight.fetch_add(1);
    asio::post(srv_.workers,
               [self = shared_from_this(), req = std::move(req), keep_alive]() mutable {
                 HttpResponse resp = self->srv_.pipeline.Handle(req);
                 asio::post(self->socket_.get_executor(),
                            [self, resp = std::move(resp), keep_alive]() mutable {
                              self->Write(std::move(resp), keep_alive, true);
                            });
               });
  }

  void Reject(const Error& error) {
    HttpResponse r = srv_.pipeline.Reject(error, method_, target_, peer_, started_);
    Write(std::move(r), false, false);
  }

  void Write(HttpResponse r, bool keep_alive, bool counted) {
    if (state_ == State::kClosed) {
      if (counted) srv_.in_flight.fetch_sub(1);
      return;
    }
    state_ = State::kWriting;
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
    res->version(11);
    res->result(static_cast<unsigned>(r.status));
    for (auto& [name, value] : r.headers) res->insert(name, value);
    res->body() = std::move(r.body);
    bool close = r.close || !keep_alive || srv_.stopping.load();
    res->keep_alive(!close);
    res->prepare_payload();
    if (method_ == "HEAD") res->body().clear();
    ArmTimer(std::chrono::duration_cast<std::chrono::milliseconds>(kWriteTimeout));
    bhttp::async_write(
        socket_, *res,
        [self = shared_from_this(), res, close, counted](beast::error_code ec, std::size_t) {
          self->DisarmTimer();
          if (counted) self->srv_.in_flight.fetch_sub(1);
          if (ec || close) return self->Close();
          self->first_ = false;
          self->WaitForRequest();
        });
  }

  void Close() {
    if (state_ == State::kClosed) return;
    state_ = State::kClosed;
    DisarmTimer();
    boost::system::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

  static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";

  Server::Impl& srv_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  std::uint64_t timer_gen_ = 0;
  bool timed_out_ = false;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  State state_ = State::kWaiting;
  bool first_ = true;
  Clock::time_point started_ = Clock::now();
  std::string peer_;
  std::string method_;
  std::string target_;
};

void Server::Impl::Track(const std::shared_ptr<Session>& s) {
  std::lock_guard lock(sessions_mu);
  // Forget sessions that are gone, so the list stays as long as the open connections.
  for (auto it = sessions.begin(); it != sessions.end();) {
    it = it->expired() ? sessions.erase(it) : std::next(it);
  }
  sessions.push_back(s);
}

void Server::Impl::Accept() {
  acceptor.async_accept(asio::make_strand(ioc),
                        [this](boost::system::error_code ec, tcp::socket socket) {
                          if (ec) {
                            if (ec == asio::error::operation_aborted || stopping.load()) return;
                            obs::Log(obs::Level::kWarn, "accept_error").Str("error", ec.message());
                          } else {
                            boost::system::error_code ignored;
                            socket.set_option(tcp::no_delay(true), ignored);
                            auto session = std::make_shared<Session>(*this, std::move(socket));
                            Track(session);
                            session->Start();
                          }
                          if (!stopping.load()) Accept();
                        });
}

void Server::Impl::BeginShutdown() {
  if (stopping.exchange(true)) return;
  obs::Log(obs::Level::kInfo, "shutdown_started").Int("en_curso", in_flight.load());
  pipeline.SetDraining();
  boost::system::error_code ec;
  acceptor.close(ec);
  signals.cancel(ec);
  {
    std::lock_guard lock(sessions_mu);
    for (auto& w : sessions) {
      if (auto s = w.lock()) s->OnDrain();
    }
  }
  drain_deadline = Clock::now() + options.shutdown_drain;
  CheckDrained();
}

void Server::Impl::CheckDrained() {
  if (in_flight.load() == 0 || Clock::now() >= drain_deadline) {
    obs::Log(obs::Level::kInfo, "shutdown_drained").Int("abandonadas", in_flight.load());
    ioc.stop();
    return;
  }
  drain_timer.expires_after(std::chrono::milliseconds(20));
  drain_timer.async_wait([this](boost::system::error_code) { CheckDrained(); });
}

Server::Server(ServerOptions options, Pipeline& pipeline)
    : impl_(std::make_unique<Impl>(std::move(options), pipeline)) {}

Server::~Server() { impl_->workers.join(); }

void Server::Listen() {
  auto endpoint = ParseListen(impl_->options.listen);
  boost::system::error_code ec;
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("no se pudo escuchar en " + impl_->options.listen + ": " +
                             ec.message());
  }
}

unsigned short Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::Run(const std::function<void()>& on_ready) {
  impl_->signals.async_wait([this](boost::system::error_code ec, int) {
    if (!ec) impl_->BeginShutdown();
  });
  impl_->Accept();
  if (on_ready) on_ready();
  int n = impl_->options.io_threads > 0 ? impl_->options.io_threads
                                        : static_cast<int>(std::thread::hardware_concurrency());
  n = std::max(1, n);
  std::vector<std::thread> threads;
  for (int i = 1; i < n; ++i) threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : threads) t.join();
  impl_->workers.join();
}

void Server::Stop() {
  asio::post(impl_->ioc, [this] { impl_->BeginShutdown(); });
}

}  // namespace mm::http
