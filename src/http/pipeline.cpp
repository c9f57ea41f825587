#include "http/pipeline.hpp"

#include <algorithm>

#include "core/hash.hpp"
#include "core/json.hpp"
#include "core/uuid.hpp"
#include "http/envelope.hpp"
#include "obs/log.hpp"
#include "store/db_error.hpp"

namespace mm::http {
namespace {

using core::Error;
using core::ErrorCode;

bool ValidToken(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

bool IsLowerHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// W3C trace context: version-traceid-parentid-flags, ids not all zero, version not ff.
bool ValidTraceparent(std::string_view s) {
  if (s.size() != 55 || s[2] != '-' || s[35] != '-' || s[52] != '-') return false;
  auto version = s.substr(0, 2), trace = s.substr(3, 32), parent = s.substr(36, 16),
       flags = s.substr(53, 2);
  if (!IsLowerHex(version) || !IsLowerHex(trace) || !IsLowerHex(parent) || !IsLowerHex(flags)) {
    return false;
  }
  if (version == "ff") return false;
  if (trace.find_first_not_of('0') == std::string_view::npos) return false;
  if (parent.find_first_not_of('0') == std::string_view::npos) return false;
  return true;
}

bool IsServerPath(std::string_view path) {
  return path == "/api" || path.starts_with("/api/") || path == "/healthz" || path == "/readyz" ||
         path == "/metrics" || path.starts_with("/.well-known/");
}

bool ValidJobId(std::string_view s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

bool ValidBreakerName(std::string_view s) {
  if (s.size() > 64) return false;
  auto colon = s.find(':');
  if (colon == std::string_view::npos) return ValidJobId(s);
  return ValidJobId(s.substr(0, colon)) && ValidJobId(s.substr(colon + 1));
}

std::string_view PathOf(std::string_view target) {
  auto q = target.find('?');
  return q == std::string_view::npos ? target : target.substr(0, q);
}

bool IsJsonContentType(std::string_view ct) {
  auto semi = ct.find(';');
  std::string_view type = ct.substr(0, semi);
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  if (!api::IEquals(type, "application/json")) return false;
  if (semi == std::string_view::npos) return true;
  std::string_view params = ct.substr(semi + 1);
  while (!params.empty() && params.front() == ' ') params.remove_prefix(1);
  if (params.empty()) return true;
  auto eq = params.find('=');
  if (eq == std::string_view::npos || !api::IEquals(params.substr(0, eq), "charset")) return false;
  std::string_view charset = params.substr(eq + 1);
  if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"') {
    charset = charset.substr(1, charset.size() - 2);
  }
  return api::IEquals(charset, "utf-8") || api::IEquals(charset, "utf8");
}

void AddHeaders(HttpResponse& r, const std::vector<std::pair<std::string, std::string>>& h) {
  for (const auto& kv : h) r.headers.push_back(kv);
}

}  // namespace

Pipeline::Pipeline(PipelineOptions options, const api::RouteTable& table, Authenticator& auth,
                   RateLimiter& limiter, obs::Metrics& metrics, core::Random& random,
                   StaticFiles* static_files)
    : options_(std::move(options)),
      router_(table),
      auth_(auth),
      limiter_(limiter),
      metrics_(metrics),
      random_(random),
      static_files_(static_files) {}

std::string Pipeline::NewRequestId() { return core::NewUuidV4(random_); }

std::size_t Pipeline::BodyLimit(std::string_view method, std::string_view target) const {
  auto m = router_.Find(method, PathOf(target));
  if (m.route && m.route->body_limit > 0) return m.route->body_limit;
  return options_.max_body_bytes;
}

std::string Pipeline::ClientIp(const api::Request& req) const {
  const std::string& peer = req.client_ip;
  if (options_.trusted_proxies.empty() || !core::AnyContains(options_.trusted_proxies, peer)) {
    return peer;
  }
  auto xff = req.Header("X-Forwarded-For");
  if (!xff) return peer;
  // Right to left: the first hop that is not one of our proxies is the client.
  std::vector<std::string> hops;
  std::string_view rest = *xff;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string_view hop = rest.substr(0, comma);
    while (!hop.empty() && hop.front() == ' ') hop.remove_prefix(1);
    while (!hop.empty() && hop.back() == ' ') hop.remove_suffix(1);
    if (!hop.empty()) hops.emplace_back(hop);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    if (!core::AnyContains(options_.trusted_proxies, *it)) return *it;
  }
  return hops.empty() ? peer : hops.front();
}

std::optional<Error> Pipeline::CheckCors(const api::Request& req, bool& allowed_origin) const {
  allowed_origin = false;
  auto origin = req.Header("Origin");
  if (!origin) return std::nullopt;
  if (req.path.starts_with("/api/proveedor/") || req.path == "/api/proveedor") {
    return Error(ErrorCode::kCorsOriginNotAllowed);
  }
  auto host = req.Header("Host");
  bool own = host && (*origin == "http://" + std::string(*host) ||
                      *origin == "https://" + std::string(*host));
  bool listed =
      std::find(options_.cors_allowed_origins.begin(), options_.cors_allowed_origins.end(),
                *origin) != options_.cors_allowed_origins.end();
  if (!own && !listed) return Error(ErrorCode::kCorsOriginNotAllowed);
  allowed_origin = listed;  // same-origin answers need no CORS headers
  return std::nullopt;
}

std::optional<Error> Pipeline::PrepareParams(api::Request& req, const api::Route& route) const {
  std::vector<core::FieldError> bad;
  for (auto& [name, value] : req.params) {
    auto it = route.param_formats.find(name);
    auto format = it == route.param_formats.end() ? api::ParamFormat::kUuid : it->second;
    switch (format) {
      case api::ParamFormat::kUuid: {
        auto id = core::NormalizeUuid(value);
        if (id) {
          value = *id;
        } else {
          bad.push_back({name, "formato", "No es un identificador válido (UUID)."});
        }
        break;
      }
      case api::ParamFormat::kJobId:
        if (!ValidJobId(value))
          bad.push_back({name, "formato", "Identificador de tarea inválido."});
        break;
      case api::ParamFormat::kBreakerName:
        if (!ValidBreakerName(value))
          bad.push_back({name, "formato", "Nombre de breaker inválido."});
        break;
      case api::ParamFormat::kText:
        break;
    }
  }
  if (!bad.empty()) return Error::Validation(std::move(bad));
  return std::nullopt;
}

std::optional<Error> Pipeline::PrepareBody(api::Request& req, const api::Route& route) const {
  if (route.body != api::BodyKind::kJson) return std::nullopt;
  if (req.body.empty()) {
    if (route.empty_body_ok) {
      req.json = boost::json::object{};
      return std::nullopt;
    }
    return Error(ErrorCode::kInvalidJson, "Falta el cuerpo JSON.");
  }
  auto ct = req.Header("Content-Type");
  if (!ct || !IsJsonContentType(*ct)) return Error(ErrorCode::kUnsupportedMediaType);
  auto parsed = core::ParseStrictJson(req.body);
  if (!parsed.ok()) return parsed.error();
  if (!parsed->is_object()) {
    return Error(ErrorCode::kInvalidJson, "El cuerpo tiene que ser un objeto JSON.");
  }
  req.json = std::move(parsed).value();
  return std::nullopt;
}

HttpResponse Pipeline::Invoke(api::Request& req, const api::Route& route) {
  api::Reply reply = route.handler(req);
  if (auto* ok = std::get_if<api::JsonReply>(&reply)) return RenderSuccess(*ok, req.request_id);
  if (auto* raw = std::get_if<api::RawReply>(&reply)) {
    HttpResponse r;
    r.status = raw->status;
    r.body = std::move(raw->body);
    r.Set("Content-Type", raw->content_type);
    r.Set("X-Content-Type-Options", "nosniff");
    AddHeaders(r, raw->headers);
    return r;
  }
  return RenderError(std::get<Error>(reply), req.request_id);
}

HttpResponse Pipeline::Dispatch(api::Request& req, std::string& route_label) {
  if (req.method == "OPTIONS" && req.Header("Access-Control-Request-Method")) {
    route_label = "preflight";
    HttpResponse r;
    r.status = 204;
    if (auto origin = req.Header("Origin")) {
      r.Set("Access-Control-Allow-Origin", std::string(*origin));
      r.Set("Access-Control-Allow-Credentials", "true");
    }
    r.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
    r.Set("Access-Control-Allow-Headers",
          "Authorization, Content-Type, Idempotency-Key, x-request-id, traceparent, tracestate");
    r.Set("Access-Control-Max-Age", "600");
    r.Set("Vary", "Origin");
    return r;
  }

  auto match = router_.Find(req.method, req.path);
  if (match.route) route_label = match.route->path;

  if (!match.path_known && !IsServerPath(req.path) && static_files_) {
    if (auto file = static_files_->Serve(req)) {
      route_label = "static";
      return std::move(*file);
    }
  }

  const api::Route* route = match.route;
  if (!route || !route->skip_auth) {
    auto principal = auth_.Authenticate(req);
    if (!principal.ok()) return RenderError(principal.error(), req.request_id);
    req.principal = std::move(principal).value();
  }

  std::vector<std::pair<std::string, std::string>> rate_headers;
  if (!route || !route->no_rate_limit) {
    RateDecision d = limiter_.Check(req);
    rate_headers = std::move(d.headers);
    if (!d.allowed) {
      HttpResponse r =
          RenderError(d.error.value_or(Error(ErrorCode::kRateLimited)), req.request_id);
      AddHeaders(r, rate_headers);
      return r;
    }
  }

  auto finish = [&](HttpResponse r) {
    AddHeaders(r, rate_headers);
    return r;
  };

  if (!route) {
    if (match.path_known) {
      HttpResponse r = RenderError(Error(ErrorCode::kMethodNotAllowed), req.request_id);
      r.Set("Allow", match.allow);
      return finish(std::move(r));
    }
    return finish(RenderError(Error(ErrorCode::kNotFound), req.request_id));
  }
  req.route = route->path;
  req.params = std::move(match.params);

  if (!route->access.publico) {
    if (!req.principal.authenticated()) {
      return finish(RenderError(Error(ErrorCode::kUnauthorized), req.request_id));
    }
    bool allowed =
        req.principal.role && std::find(route->access.roles.begin(), route->access.roles.end(),
                                        *req.principal.role) != route->access.roles.end();
    if (!allowed) return finish(RenderError(Error(ErrorCode::kForbidden), req.request_id));
  }
  if (req.principal.must_change_password && !route->during_password_change) {
    return finish(RenderError(Error(ErrorCode::kPasswordChangeRequired), req.request_id));
  }

  if (route->idempotency != api::Idempotency::kNone) {
    auto key = req.Header("Idempotency-Key");
    if (key) {
      if (!ValidToken(*key, 128)) {
        return finish(RenderError(Error(ErrorCode::kIdempotencyKeyInvalid), req.request_id));
      }
      req.idempotency_key = std::string(*key);
    } else if (route->idempotency == api::Idempotency::kRequired) {
      return finish(RenderError(Error(ErrorCode::kIdempotencyKeyRequired), req.request_id));
    }
  }

  if (auto e = PrepareParams(req, *route)) return finish(RenderError(*e, req.request_id));
  if (auto e = PrepareBody(req, *route)) return finish(RenderError(*e, req.request_id));

  req.deadline =
      std::chrono::steady_clock::now() +
      (route->long_deadline ? options_.long_request_deadline : options_.request_deadline);
  return finish(Invoke(req, *route));
}

HttpResponse Pipeline::Handle(api::Request& req) {
  auto started = std::chrono::steady_clock::now();
  auto rid = req.Header("x-request-id");
  req.request_id = (rid && ValidToken(*rid, 128)) ? std::string(*rid) : NewRequestId();
  auto tp = req.Header("traceparent");
  if (tp && ValidTraceparent(*tp)) {
    req.traceparent = std::string(*tp);
  } else {
    std::uint8_t bytes[24];
    random_.Fill(bytes);
    std::string hex = core::HexEncode(std::string_view(reinterpret_cast<char*>(bytes), 24));
    req.traceparent = "00-" + hex.substr(0, 32) + "-" + hex.substr(32, 16) + "-01";
  }
  obs::ScopedRequestId scoped(req.request_id);
  req.client_ip = ClientIp(req);

  std::string route_label = "-";
  bool cors_origin = false;
  HttpResponse resp;
  try {
    if (draining_.load()) {
      resp = RenderError(Error::Unavailable(1), req.request_id);
      resp.close = true;
    } else if (auto e = CheckCors(req, cors_origin)) {
      resp = RenderError(*e, req.request_id);
    } else {
      resp = Dispatch(req, route_label);
    }
  } catch (const store::DbError& e) {
    bool transient = e.IsTransient();
    obs::Log(transient ? obs::Level::kWarn : obs::Level::kError, "db_error")
        .Str("kind", transient ? "transitorio" : "otro")
        .Str("error", e.what());
    resp = RenderError(transient ? Error::Unavailable(1) : Error::Internal(), req.request_id);
  } catch (const std::exception& e) {
    obs::Log(obs::Level::kError, "unhandled_exception").Str("error", e.what());
    resp = RenderError(Error::Internal(), req.request_id);
  }
  Finish(resp, req, cors_origin, route_label, started);
  return resp;
}

HttpResponse Pipeline::Reject(const Error& error, const std::string& method,
                              const std::string& target, const std::string& client_ip,
                              std::chrono::steady_clock::time_point started) {
  api::Request req;
  req.method = method;
  req.target = target;
  req.path = std::string(PathOf(target));
  req.client_ip = client_ip;
  req.request_id = NewRequestId();
  obs::ScopedRequestId scoped(req.request_id);
  HttpResponse resp = RenderError(error, req.request_id);
  resp.close = true;
  Finish(resp, req, false, "-", started);
  return resp;
}

void Pipeline::Finish(HttpResponse& resp, const api::Request& req, bool cors_origin,
                      const std::string& route_label,
                      std::chrono::steady_clock::time_point started) {
  resp.Set("x-request-id", req.request_id);
  if (cors_origin) {
    resp.Set("Access-Control-Allow-Origin", std::string(*req.Header("Origin")));
    resp.Set("Access-Control-Allow-Credentials", "true");
    resp.Set("Vary", "Origin");
    resp.Set("Access-Control-Expose-Headers",
             "x-request-id, RateLimit, RateLimit-Policy, Retry-After, Idempotent-Replayed, "
             "Idempotent-Original-Request-Id, Location, Content-Disposition");
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics_.ObserveRequest(req.method.empty() ? "-" : req.method, route_label, resp.status, seconds);
  obs::Log(resp.status >= 500 ? obs::Level::kWarn : obs::Level::kInfo, "http_request")
      .Str("method", req.method)
      .Str("route", route_label)
      .Str("path", req.path)
      .Int("status", resp.status)
      .Num("duration_ms", seconds * 1000)
      .Str("ip", req.client_ip)
      .Str("trace_id", req.traceparent.size() == 55 ? req.traceparent.substr(3, 32) : "");
}

}  // namespace mm::http
