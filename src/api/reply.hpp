// What a handler answers: an enveloped JSON success, a raw response (documents, CSV, metrics),
// or a typed error. http/ turns each into bytes.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "api/request.hpp"
#include "core/error.hpp"

namespace mm::api {

struct JsonReply {
  int status = 200;
  std::string data_json = "null";           // the envelope's data, serialised
  std::optional<boost::json::object> meta;  // pagination, lists only
  std::string location;                     // Location header of a 201
  bool replayed = false;                    // Idempotent-Replayed: true
  std::string original_request_id;          // Idempotent-Original-Request-Id
  HeaderList headers;                       // extra headers

  static JsonReply Ok(const boost::json::value& data, int status = 200);
};

struct RawReply {
  int status = 200;
  std::string content_type;
  std::string body;
  HeaderList headers;
};

using Reply = std::variant<JsonReply, RawReply, core::Error>;

}  // namespace mm::api
