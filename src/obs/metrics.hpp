// The process's metrics registry (prometheus-cpp) and its text exposition for /metrics.
// Thread-safe. Families are created on first use and live as long as the registry.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace mm::obs {

using Labels = std::map<std::string, std::string>;

class Metrics {
 public:
  Metrics();

  prometheus::Counter& Counter(const std::string& name, const std::string& help,
                               const Labels& labels = {});
  prometheus::Gauge& Gauge(const std::string& name, const std::string& help,
                           const Labels& labels = {});
  // `buckets` are used when the family is first created.
  prometheus::Histogram& Histogram(const std::string& name, const std::string& help,
                                   const Labels& labels, const std::vector<double>& buckets);

  // One finished HTTP request: mm_http_requests_total and mm_http_request_duration_seconds.
  void ObserveRequest(std::string_view method, std::string_view route, int status, double seconds);
  // One wait for a database connection (or the SQLite writer).
  void ObservePoolWait(double seconds);

  // `fn` runs before each Render(), to refresh gauges that mirror other state (pool usage).
  void OnCollect(std::function<void(Metrics&)> fn);
  // Prometheus text exposition format 0.0.4.
  [[nodiscard]] std::string Render();

  static const std::vector<double>& LatencyBuckets();

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  std::mutex mu_;
  std::map<std::string, prometheus::Family<prometheus::Counter>*> counters_;
  std::map<std::string, prometheus::Family<prometheus::Gauge>*> gauges_;
  std::map<std::string, prometheus::Family<prometheus::Histogram>*> histograms_;
  std::vector<std::function<void(Metrics&)>> on_collect_;
};

}  // namespace mm::obs
