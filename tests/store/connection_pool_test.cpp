// The connection pool serves waiters in arrival order (decision 35): a connection that comes back
// goes to the oldest waiter, never to a newcomer, and a waiter whose time runs out gives its turn
// to the next.
#include "store/connection_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mm::store {
namespace {

using namespace std::chrono_literals;

struct FakeConn {
  int id = 0;
};

ConnectionPool<FakeConn> OnePool(std::chrono::milliseconds timeout) {
  return ConnectionPool<FakeConn>(1, timeout, [] { return std::make_unique<FakeConn>(); });
}

void WaitForWaiters(ConnectionPool<FakeConn>& pool, int n) {
  while (pool.Stats().waiting < n) std::this_thread::sleep_for(1ms);
}

TEST(ConnectionPool, AReturnedConnectionGoesToTheOldestWaiterNotToANewcomer) {
  auto pool = OnePool(10s);
  std::mutex mu;
  std::vector<std::string> order;
  auto note = [&](std::string who) {
    std::lock_guard lock(mu);
    order.push_back(std::move(who));
  };
  std::optional<ConnectionPool<FakeConn>::Lease> held;
  held.emplace(pool.Acquire(std::nullopt));
  auto waiter = std::async(std::launch::async, [&] {
    auto lease = pool.Acquire(std::nullopt);
    note("waiter");
    std::this_thread::sleep_for(20ms);
  });
  WaitForWaiters(pool, 1);
  held.reset();  // the connection is idle now, and this thread asks again at once
  auto lease = pool.Acquire(std::nullopt);
  note("newcomer");
  waiter.get();
  EXPECT_EQ(order, (std::vector<std::string>{"waiter", "newcomer"}));
}

TEST(ConnectionPool, WaitersAreServedInArrivalOrder) {
  auto pool = OnePool(10s);
  std::mutex mu;
  std::vector<int> order;
  std::optional<ConnectionPool<FakeConn>::Lease> held;
  held.emplace(pool.Acquire(std::nullopt));
  std::vector<std::future<void>> waiters;
  for (int i = 0; i < 6; ++i) {
    waiters.push_back(std::async(std::launch::async, [&, i] {
      auto lease = pool.Acquire(std::nullopt);
      std::lock_guard lock(mu);
      order.push_back(i);
    }));
    WaitForWaiters(pool, i + 1);  // waiter i is queued before i + 1 starts
  }
  held.reset();
  for (auto& w : waiters) w.get();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5}));
}

TEST(ConnectionPool, AWaiterThatTimesOutPassesItsTurnOn) {
  auto pool = OnePool(10s);
  std::optional<ConnectionPool<FakeConn>::Lease> held;
  held.emplace(pool.Acquire(std::nullopt));
  // The first in line has a short deadline and gives up; the second must still get the
  // connection when it is returned.
  auto impatient = std::async(std::launch::async, [&] {
    try {
      pool.Acquire(std::chrono::steady_clock::now() + 50ms);
      return false;
    } catch (const DbError& e) {
      return e.kind() == DbError::Kind::kDeadline;
    }
  });
  WaitForWaiters(pool, 1);
  auto patient = std::async(std::launch::async, [&] {
    auto lease = pool.Acquire(std::nullopt);
    return lease->id == 0;
  });
  EXPECT_TRUE(impatient.get());
  held.reset();
  EXPECT_TRUE(patient.get());
  EXPECT_EQ(pool.Stats().acquire_timeouts, 1u);
}

}  // namespace
}  // namespace mm::store
