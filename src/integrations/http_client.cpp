#include "integrations/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "obs/log.hpp"

namespace mm::integrations {

struct CurlHttpClient::Attempt {
  OutboundResponse response;
  CURLcode code = CURLE_OK;
  bool too_large = false;
  std::string error;  // curl's description, for the log
};

namespace {

using core::ErrorCode;

struct EasyFree {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct Sink {
  std::string* body;
  std::size_t limit;
  bool* too_large;
};

std::size_t WriteBody(char* data, std::size_t size, std::size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t bytes = size * n;
  if (sink->body->size() + bytes > sink->limit) {
    *sink->too_large = true;
    return 0;  // makes curl fail the transfer with CURLE_WRITE_ERROR
  }
  sink->body->append(data, bytes);
  return bytes;
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

std::size_t WriteHeader(char* data, std::size_t size, std::size_t n, void* user) {
  auto* headers = static_cast<HeaderList*>(user);
  std::string_view line(data, size * n);
  if (line.starts_with("HTTP/")) {
    headers->clear();  // a new response (after 100 Continue)
    return size * n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  std::string name(line.substr(0, colon));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  headers->emplace_back(std::move(name), Trimmed(line.substr(colon + 1)));
  return size * n;
}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("curl_global_init failed");
    }
  });
}

bool RetryableStatus(int status) { return status >= 500 || status == 429; }

bool RetryableTransport(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
      return true;
    default:
      return false;
  }
}

bool HasHeader(const HeaderList& headers, std::string_view lower_name) {
  return std::any_of(headers.begin(), headers.end(), [&](const auto& h) {
    if (h.first.size() != lower_name.size()) return false;
    for (std::size_t i = 0; i < h.first.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(h.first[i])) != lower_name[i]) return false;
    }
    return true;
  });
}

}  // namespace

std::string OutboundResponse::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return "";
}

CurlHttpClient::CurlHttpClient(resilience::BreakerRegistry& breakers, const core::Clock& clock,
                               core::Random& random, Sleeper sleep)
    : breakers_(breakers), clock_(clock), random_(random), sleep_(std::move(sleep)) {
  GlobalInit();
  if (!sleep_) sleep_ = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
}

CurlHttpClient::Attempt CurlHttpClient::Perform(const OutboundRequest& request,
                                                const CallPolicy& policy) const {
  Attempt a;
  std::unique_ptr<CURL, EasyFree> curl(curl_easy_init());
  if (!curl) throw std::runtime_error("curl_easy_init failed");
  CURL* c = curl.get();

  std::unique_ptr<curl_slist, SlistFree> header_list;
  auto add_header = [&](const std::string& line) {
    curl_slist* head = curl_slist_append(header_list.get(), line.c_str());
    if (!head) throw std::runtime_error("curl_slist_append failed");
    (void)header_list.release();
    header_list.reset(head);
  };
  for (const auto& [name, value] : request.headers) add_header(name + ": " + value);
  const std::string& request_id = obs::CurrentRequestId();
  if (!request_id.empty() && !HasHeader(request.headers, "x-request-id")) {
    add_header("x-request-id: " + request_id);
  }

  Sink sink{&a.response.body, policy.max_response_bytes, &a.too_large};
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: we are threaded
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(policy.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(policy.total_timeout.count()));
  curl_easy_setopt(c, CURLOPT_USERAGENT, "minimarket/" MM_VERSION);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, header_list.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &WriteBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &WriteHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &a.response.headers);
  if (request.method == "POST") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else if (request.method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (!request.body.empty()) {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
    }
  }
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);

  a.code = curl_easy_perform(c);
  if (a.code == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    a.response.status = static_cast<int>(status);
  } else {
    a.error = error[0] ? error : curl_easy_strerror(a.code);
  }
  return a;
}

std::chrono::milliseconds CurlHttpClient::Backoff(const CallPolicy& policy, int retry) {
  auto d = policy.backoff_base;
  for (int i = 0; i < retry && d < policy.backoff_max; ++i) d *= 2;
  d = std::min(d, policy.backoff_max);
  auto half = d / 2;
  auto jitter = std::chrono::milliseconds(
      static_cast<std::int64_t>(random_.NextUnit() * static_cast<double>((d - half).count() + 1)));
  return std::min(d, half + jitter);
}

core::Result<OutboundResponse> CurlHttpClient::Send(const OutboundRequest& request,
                                                    const CallPolicy& policy) {
  resilience::CircuitBreaker& breaker = breakers_.Get(policy.destination);
  resilience::BreakerPermit permit = breaker.Acquire();
  if (!permit.allowed) {
    core::Error e(ErrorCode::kBreakerOpen);
    if (permit.retry_at) {
      auto wait = std::chrono::ceil<std::chrono::seconds>(*permit.retry_at - clock_.Now());
      e.retry_after_s = static_cast<int>(std::max<std::int64_t>(1, wait.count()));
    }
    return e;
  }

  const int attempts = 1 + std::max(0, policy.max_retries);
  for (int i = 0; i < attempts; ++i) {
    if (i > 0) sleep_(Backoff(policy, i - 1));
    Attempt a = Perform(request, policy);
    bool transport_failed = a.code != CURLE_OK;
    if (!transport_failed && !RetryableStatus(a.response.status)) {
      breaker.OnSuccess(permit);
      return std::move(a.response);
    }
    bool retryable = transport_failed ? !a.too_large && RetryableTransport(a.code) : true;
    obs::Log(obs::Level::kWarn, "llamada_externa_fallida")
        .Str("destino", policy.destination)
        .Int("intento", i + 1)
        .Int("status", a.response.status)
        .Str("motivo", a.too_large        ? std::string("respuesta demasiado larga")
                       : transport_failed ? a.error
                                          : "status " + std::to_string(a.response.status));
    if (!retryable || i + 1 == attempts) {
      breaker.OnFailure(permit);
      if (a.code == CURLE_OPERATION_TIMEDOUT) return core::Error(ErrorCode::kExternalTimeout);
      return core::Error(ErrorCode::kExternalUnavailable);
    }
  }
  throw std::logic_error("unreachable: the last attempt always returns");
}

}  // namespace mm::integrations
