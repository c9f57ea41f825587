#include "services/readiness.hpp"

#include <chrono>

#include "store/migrator.hpp"

namespace mm::services {
namespace {

constexpr std::chrono::seconds kDbCheckTimeout{1};

template <typename F>
ReadyCheck Timed(std::string nombre, F&& fn) {
  auto start = std::chrono::steady_clock::now();
  bool ok = false;
  try {
    ok = fn();
  } catch (...) {
    ok = false;
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  return ReadyCheck{std::move(nombre), ok, ms};
}

}  // namespace

void Readiness::Add(std::string nombre, std::function<bool()> fn) {
  extra_.emplace_back(std::move(nombre), std::move(fn));
}

std::vector<ReadyCheck> Readiness::Check() {
  std::vector<ReadyCheck> out;
  out.push_back(Timed("base_de_datos", [&] {
    store::TxOptions o;
    o.deadline = std::chrono::steady_clock::now() + kDbCheckTimeout;
    o.statement_timeout = kDbCheckTimeout;
    return env_.db.Read([](store::Tx& tx) { return tx.QueryOne("SELECT 1")->Int(0) == 1; }, o);
  }));
  bool db_ok = out.front().ok;
  out.push_back(Timed("migraciones", [&] {
    return db_ok && store::Migrator(env_.db, env_.clock).Status().current();
  }));
  for (auto& [nombre, fn] : extra_) out.push_back(Timed(nombre, fn));
  return out;
}

}  // namespace mm::services
