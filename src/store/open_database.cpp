#include <filesystem>
#include <stdexcept>

#include "store/database_options.hpp"
#include "store/postgres_database.hpp"
#include "store/sqlite_database.hpp"

namespace mm::store {

std::unique_ptr<Database> OpenDatabase(const DatabaseOptions& options) {
  const std::string& url = options.url;
  if (url.starts_with("sqlite:")) {
    std::string path = url.substr(7);
    if (path.starts_with("//")) path = path.substr(2);  // sqlite:///abs/path also accepted
    if (path.empty()) throw std::invalid_argument("database.url: falta la ruta del archivo SQLite");
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(parent, ec);
    }
    return std::make_unique<SqliteDatabase>(path, options);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return std::make_unique<PostgresDatabase>(options);
  }
  throw std::invalid_argument(
      "database.url debe empezar con sqlite: o postgresql:// (recibido: otro esquema)");
}

}  // namespace mm::store
