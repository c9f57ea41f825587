#include "obs/metrics.hpp"

#include <prometheus/text_serializer.h>

namespace mm::obs {

Metrics::Metrics() : registry_(std::make_shared<prometheus::Registry>()) {}

const std::vector<double>& Metrics::LatencyBuckets() {
  static const std::vector<double> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                               0.25,  0.5,    1.0,   2.5,  5.0,   10.0};
  return kBuckets;
}

prometheus::Counter& Metrics::Counter(const std::string& name, const std::string& help,
                                      const Labels& labels) {
  std::lock_guard lock(mu_);
  auto& fam = counters_[name];
  if (!fam) fam = &prometheus::BuildCounter().Name(name).Help(help).Register(*registry_);
  return fam->Add(labels);
}

prometheus::Gauge& Metrics::Gauge(const std::string& name, const std::string& help,
                                  const Labels& labels) {
  std::lock_guard lock(mu_);
  auto& fam = gauges_[name];
  if (!fam) fam = &prometheus::BuildGauge().Name(name).Help(help).Register(*registry_);
  return fam->Add(labels);
}

prometheus::Histogram& Metrics::Histogram(const std::string& name, const std::string& help,
                                          const Labels& labels,
                                          const std::vector<double>& buckets) {
  std::lock_guard lock(mu_);
  auto& fam = histograms_[name];
  if (!fam) fam = &prometheus::BuildHistogram().Name(name).Help(help).Register(*registry_);
  return fam->Add(labels, buckets);
}

void Metrics::ObserveRequest(std::string_view method, std::string_view route, int status,
                             double seconds) {
  Labels labels{{"method", std::string(method)},
                {"route", std::string(route)},
                {"status", std::to_string(status)}};
  Counter("mm_http_requests_total", "HTTP requests served, by method, route and status.", labels)
      .Increment();
  Histogram("mm_http_request_duration_seconds",
            "Time from a complete request to its response, by method, route and status.", labels,
            LatencyBuckets())
      .Observe(seconds);
}

void Metrics::ObservePoolWait(double seconds) {
  Histogram("mm_db_pool_wait_seconds",
            "Time spent waiting for a database connection (or the SQLite writer).", {},
            LatencyBuckets())
      .Observe(seconds);
}

void Metrics::OnCollect(std::function<void(Metrics&)> fn) {
  std::lock_guard lock(mu_);
  on_collect_.push_back(std::move(fn));
}

std::string Metrics::Render() {
  std::vector<std::function<void(Metrics&)>> callbacks;
  {
    std::lock_guard lock(mu_);
    callbacks = on_collect_;
  }
  for (auto& fn : callbacks) fn(*this);
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace mm::obs
