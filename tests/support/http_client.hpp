// A small blocking HTTP client for tests (libcurl). One instance per thread; it keeps its
// connection alive between calls.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

namespace mm::testing {

struct HttpResult {
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  bool transport_error = false;
  std::string error;

  [[nodiscard]] boost::json::value Json() const;  // throws on bad JSON
  [[nodiscard]] std::string Header(const std::string& lower_name) const;
  [[nodiscard]] std::string Code() const;  // error.code of an envelope, or ""
};

using Headers = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  explicit HttpClient(std::string base_url);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResult Get(const std::string& path, const Headers& headers = {});
  HttpResult PostJson(const std::string& path, const std::string& body, Headers headers = {});
  HttpResult Send(const std::string& method, const std::string& path, const std::string& body,
                  const Headers& headers);

 private:
  std::string base_;
  void* curl_;
};

// A raw TCP connection to 127.0.0.1:port, for tests that must misbehave (slow or oversized
// requests).
class RawConnection {
 public:
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  // Sends all bytes; false if the peer closed.
  bool Send(const std::string& bytes);
  // Reads until the peer closes or `timeout_ms` passes without data.
  std::string ReadAll(int timeout_ms);
  // True if the peer has closed the connection (reads EOF within timeout_ms).
  bool ClosedByPeer(int timeout_ms);

 private:
  int fd_ = -1;
};

}  // namespace mm::testing
