#include "http/static_files.hpp"

#include <fstream>
#include <sstream>

#include "core/hash.hpp"
#include "http/router.hpp"

namespace mm::http {
namespace {

namespace fs = std::filesystem;

std::string ContentType(const std::string& path) {
  auto ext = fs::path(path).extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json; charset=utf-8";
  if (ext == ".webmanifest") return "application/manifest+json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".webp") return "image/webp";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".map") return "application/json";
  return "application/octet-stream";
}

bool AcceptsHtml(const api::Request& req) {
  auto accept = req.Header("Accept");
  return accept && accept->find("text/html") != std::string_view::npos;
}

// Percent-decodes the path and refuses anything that could leave the root.
std::optional<std::string> SafeRelative(std::string_view path) {
  auto decoded = PercentDecode(path);
  if (!decoded || decoded->empty() || decoded->front() != '/') return std::nullopt;
  std::string rel = decoded->substr(1);
  std::size_t pos = 0;
  while (pos <= rel.size()) {
    auto next = rel.find('/', pos);
    std::string_view seg(rel.data() + pos, (next == std::string::npos ? rel.size() : next) - pos);
    if (seg == ".." || seg == "." || (!seg.empty() && seg.front() == '.' && seg != ".well-known")) {
      return std::nullopt;
    }
    if (next == std::string::npos) break;
    pos = next + 1;
  }
  if (rel.find('\\') != std::string::npos) return std::nullopt;
  return rel;
}

}  // namespace

void AddHtmlSecurityHeaders(HttpResponse& r) {
  r.Set("Content-Security-Policy",
        "default-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'");
  r.Set("X-Content-Type-Options", "nosniff");
  r.Set("Referrer-Policy", "same-origin");
}

StaticFiles::StaticFiles(fs::path root) : root_(std::move(root)) {}

std::optional<StaticFiles::File> StaticFiles::Load(const fs::path& rel) {
  fs::path full = root_ / rel;
  std::error_code ec;
  auto status = fs::status(full, ec);
  if (ec || !fs::is_regular_file(status)) return std::nullopt;
  auto mtime = fs::last_write_time(full, ec);
  if (ec) return std::nullopt;
  auto size = fs::file_size(full, ec);
  if (ec) return std::nullopt;
  std::string key = rel.string();
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(key);
    if (it != cache_.end() && it->second.mtime == mtime && it->second.size == size) {
      return it->second;
    }
  }
  std::ifstream in(full, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buf;
  buf << in.rdbuf();
  File f{buf.str(), {}, mtime, size};
  f.etag = "\"" + core::Sha256Hex(f.content).substr(0, 20) + "\"";
  std::lock_guard lock(mu_);
  cache_[key] = f;
  return f;
}

HttpResponse StaticFiles::Reply(const api::Request& req, const std::string& rel, const File& file) {
  HttpResponse r;
  std::string type = ContentType(rel);
  bool immutable = rel.starts_with("assets/");
  r.Set("Content-Type", type);
  r.Set("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.Set("ETag", file.etag);
  if (type.starts_with("text/html")) {
    AddHtmlSecurityHeaders(r);
  } else {
    r.Set("X-Content-Type-Options", "nosniff");
  }
  auto inm = req.Header("If-None-Match");
  if (inm && *inm == file.etag) {
    r.status = 304;
    return r;
  }
  r.status = 200;
  if (req.method != "HEAD") r.body = file.content;
  return r;
}

std::optional<HttpResponse> StaticFiles::Serve(const api::Request& req) {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  auto rel = SafeRelative(req.path);
  if (!rel) return std::nullopt;
  if (rel->empty() || rel->back() == '/') *rel += "index.html";
  if (auto file = Load(*rel)) return Reply(req, *rel, *file);
  if (rel->starts_with("assets/") || !AcceptsHtml(req)) return std::nullopt;
  if (auto index = Load("index.html")) return Reply(req, "index.html", *index);
  return std::nullopt;
}

}  // namespace mm::http
