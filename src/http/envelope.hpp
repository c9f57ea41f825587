// The JSON envelope of api.md §1.2 and the headers every API response carries (§1.1).
#pragma once

#include <string>

#include "api/reply.hpp"
#include "core/error.hpp"
#include "http/response.hpp"

namespace mm::http {

[[nodiscard]] HttpResponse RenderSuccess(const api::JsonReply& reply,
                                         const std::string& request_id);
[[nodiscard]] HttpResponse RenderError(const core::Error& error, const std::string& request_id);
// Cache-Control: no-store and nosniff for JSON answers, plus Referrer-Policy.
void AddApiHeaders(HttpResponse& r);

}  // namespace mm::http
