#include "http/envelope.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace mm::http {

namespace json = boost::json;

void AddApiHeaders(HttpResponse& r) {
  r.Set("Content-Type", "application/json; charset=utf-8");
  r.Set("Cache-Control", "no-store");
  r.Set("X-Content-Type-Options", "nosniff");
  r.Set("Referrer-Policy", "same-origin");
}

HttpResponse RenderSuccess(const api::JsonReply& reply, const std::string& request_id) {
  HttpResponse r;
  r.status = reply.status;
  std::string body = "{\"success\":true,\"data\":";
  body += reply.data_json;
  if (reply.meta) {
    body += ",\"meta\":";
    body += json::serialize(*reply.meta);
  }
  body += ",\"requestId\":";
  body += json::serialize(json::string(request_id));
  body += "}";
  r.body = std::move(body);
  AddApiHeaders(r);
  if (!reply.location.empty()) r.Set("Location", reply.location);
  if (reply.replayed) {
    r.Set("Idempotent-Replayed", "true");
    r.Set("Idempotent-Original-Request-Id", reply.original_request_id);
  }
  for (const auto& h : reply.headers) r.headers.push_back(h);
  return r;
}

HttpResponse RenderError(const core::Error& error, const std::string& request_id) {
  HttpResponse r;
  r.status = core::HttpStatus(error.code);
  if (r.status == 0) r.status = 500;  // a job-run code has no place in a response
  json::object err{{"code", core::Name(error.code)}, {"message", error.Message()}};
  if (!error.details.empty()) err["details"] = error.details;
  json::object env{{"success", false}, {"error", std::move(err)}, {"requestId", request_id}};
  r.body = json::serialize(env);
  AddApiHeaders(r);
  if (error.retry_after_s > 0) r.Set("Retry-After", std::to_string(error.retry_after_s));
  return r;
}

}  // namespace mm::http
