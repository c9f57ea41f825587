// Wiring: owns every long-lived object (clock, randomness, metrics, database, services, server)
// and runs the CLI subcommands. The only place that knows every layer.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/config.hpp"

namespace mm::app {

struct UserCommand {
  std::string email;
  std::string nombre;
  std::string rol = "usuario";
  std::optional<std::string> password;
  bool temporal = false;  // must change it at the next login
};

class Application {
 public:
  explicit Application(Config config);
  ~Application();

  int Serve(bool migrate);
  int Migrate(bool status_only);
  int DemoData(bool if_empty);
  int Preflight();
  int UserAdd(const UserCommand& cmd);
  int UserList();
  int UserPasswd(const UserCommand& cmd);
  int UserDisable(const std::string& email);
  int KeysRotate();

  // The OpenAPI document, built from the route table without opening a database.
  static std::string OpenApiJson(const Config& config);

 private:
  struct State;
  struct Auth;
  void OpenDatabase();
  bool ApplyMigrations();  // prints the error and returns false when start-up must stop
  void RunFirstStart();
  // preflight's checks plus, in production, the master key and the demo users.
  std::vector<std::string> ProductionProblems();
  // Master key, signing keys, tokens, users and sessions. Throws with a Spanish message.
  void BuildAuth();

  Config config_;
  std::unique_ptr<State> state_;
  std::unique_ptr<Auth> auth_;
};

}  // namespace mm::app
