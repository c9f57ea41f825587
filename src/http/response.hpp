#pragma once

#include <string>

#include "api/request.hpp"

namespace mm::http {

struct HttpResponse {
  int status = 200;
  api::HeaderList headers;
  std::string body;
  bool close = false;  // close the connection after this response

  void Set(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

}  // namespace mm::http
