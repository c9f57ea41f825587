// Serves the built web app from web.root (ui.md §6): existing files as they are; any other GET
// that accepts text/html gets index.html (the SPA fallback); a missing /assets/ file is a 404.
// Hashed /assets/ files are immutable for a year; everything else is revalidated by ETag.
#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/request.hpp"
#include "http/response.hpp"

namespace mm::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  // nullopt when the request is not for the web app (not GET/HEAD): the caller answers 404/405.
  [[nodiscard]] std::optional<HttpResponse> Serve(const api::Request& req);

 private:
  struct File {
    std::string content;
    std::string etag;
    std::filesystem::file_time_type mtime;
    std::uintmax_t size = 0;
  };
  // Reads (or returns the cached copy of) a regular file under the root; nullopt if absent.
  std::optional<File> Load(const std::filesystem::path& rel);
  HttpResponse Reply(const api::Request& req, const std::string& rel, const File& file);

  std::filesystem::path root_;
  std::mutex mu_;
  std::unordered_map<std::string, File> cache_;
};

// Headers every HTML answer carries (hardening.md, "Security headers").
void AddHtmlSecurityHeaders(HttpResponse& r);

}  // namespace mm::http
