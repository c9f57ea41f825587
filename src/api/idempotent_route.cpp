#include <algorithm>

#include "api/idempotent_route.hpp"
#include "core/hash.hpp"
#include "core/json.hpp"

namespace mm::api {

std::string IdempotencyPrincipal(const Request& req) {
  return req.principal.authenticated() ? req.principal.user_id : std::string("anon");
}

std::string RequestFingerprint(const Request& req) {
  auto query = req.query;
  std::sort(query.begin(), query.end());
  std::string canonical = req.method + "\n" + req.path + "\n";
  for (const auto& [k, v] : query) canonical += k + "=" + v + "&";
  canonical += "\n";
  if (req.json) canonical += core::CanonicalJson(*req.json);
  return core::Sha256Hex(canonical);
}

std::optional<services::IdempotencyKey> KeyFor(const Request& req) {
  if (req.idempotency_key.empty()) return std::nullopt;
  return services::IdempotencyKey{req.method + " " + req.route, IdempotencyPrincipal(req),
                                  req.idempotency_key, RequestFingerprint(req)};
}

Reply ToReply(core::Result<services::IdempotentReply> r, const std::string& location_prefix) {
  if (!r.ok()) return std::move(r).take_error();
  JsonReply out;
  out.status = r->status;
  out.data_json = r->data_json;
  out.replayed = r->replayed;
  out.original_request_id = r->original_request_id;
  if (r->status == 201 && !r->resource_id.empty()) {
    out.location = location_prefix + "/" + r->resource_id;
  }
  return out;
}

}  // namespace mm::api
