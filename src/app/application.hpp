// Wiring: owns every long-lived object (clock, randomness, metrics, database, services, server)
// and runs the CLI subcommands. The only place that knows every layer.
#pragma once

#include <memory>
#include <string>

#include "app/config.hpp"

namespace mm::app {

class Application {
 public:
  explicit Application(Config config);
  ~Application();

  int Serve(bool migrate);
  int Migrate(bool status_only);
  int DemoData(bool if_empty);
  int Preflight();

  // The OpenAPI document, built from the route table without opening a database.
  static std::string OpenApiJson(const Config& config);

 private:
  struct State;
  void OpenDatabase();
  bool ApplyMigrations();  // prints the error and returns false when start-up must stop
  void RunFirstStart();

  Config config_;
  std::unique_ptr<State> state_;
};

}  // namespace mm::app
