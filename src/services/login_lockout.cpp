#include "services/login_lockout.hpp"

#include "core/hash.hpp"
#include "core/normalize.hpp"

namespace mm::services {

std::string LoginLockout::EmailHash(const std::string& email) {
  return core::Sha256Hex("login:" + core::NormalizeSearch(email));
}

std::optional<core::Timestamp> LoginLockout::LockedUntil(store::Tx& tx, const std::string& email,
                                                         core::Timestamp now) const {
  auto row = tx.QueryOne("SELECT desbloqueo_en FROM login_bloqueos WHERE email_hash = $1",
                         {EmailHash(email)});
  if (!row || row->IsNull(0)) return std::nullopt;
  auto until = row->Time(0);
  if (until <= now) return std::nullopt;
  return until;
}

std::optional<core::Timestamp> LoginLockout::RecordFailure(store::Tx& tx, const std::string& email,
                                                           core::Timestamp now) const {
  std::string hash = EmailHash(email);
  auto row = tx.QueryOne(
      "SELECT fallos, primer_fallo_en, desbloqueo_en FROM login_bloqueos WHERE email_hash = $1",
      {hash});
  int fallos = 1;
  core::Timestamp first = now;
  if (row) {
    bool lock_over = !row->IsNull(2) && row->Time(2) <= now;
    bool window_over = row->Time(1) + options_.window <= now;
    if (!lock_over && !window_over) {
      fallos = static_cast<int>(row->Int(0)) + 1;
      first = row->Time(1);
    }
  }
  std::optional<core::Timestamp> until;
  if (fallos >= options_.max_failures) until = now + options_.lock;
  tx.Exec(R"sql(
INSERT INTO login_bloqueos (email_hash, fallos, primer_fallo_en, desbloqueo_en, actualizado_en)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (email_hash) DO UPDATE SET fallos = excluded.fallos,
  primer_fallo_en = excluded.primer_fallo_en, desbloqueo_en = excluded.desbloqueo_en,
  actualizado_en = excluded.actualizado_en)sql",
          {hash, fallos, first, until, now});
  return until;
}

void LoginLockout::Clear(store::Tx& tx, const std::string& email) const {
  tx.Exec("DELETE FROM login_bloqueos WHERE email_hash = $1", {EmailHash(email)});
}

}  // namespace mm::services
