// minimarket: the server and its operator commands (architecture.md §7).
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "app/application.hpp"
#include "app/config.hpp"

int main(int argc, char** argv) {
  CLI::App cli{"Mini Market: gestión de almacenes y minimercados"};
  cli.set_version_flag("--version", MM_VERSION);
  cli.require_subcommand(1);
  cli.fallthrough();

  std::string config_file;
  std::vector<std::string> overrides;
  cli.add_option("-c,--config", config_file, "Archivo de configuración TOML")
      ->check(CLI::ExistingFile);
  cli.add_option("--set", overrides, "Sobrescribe una clave: --set server.listen=0.0.0.0:8080");

  bool no_migrate = false;
  auto* serve = cli.add_subcommand("serve", "Inicia el servidor HTTP");
  serve->add_flag("--no-migrate", no_migrate, "No aplicar migraciones pendientes al iniciar");

  bool status_only = false;
  auto* migrate = cli.add_subcommand("migrate", "Aplica las migraciones pendientes");
  migrate->add_flag("--status", status_only, "Solo mostrar el estado");

  bool if_empty = false;
  auto* demo = cli.add_subcommand("demo-data", "Carga los datos de demostración");
  demo->add_flag("--if-empty", if_empty, "Solo si la base no tiene esos datos (idempotente)");

  auto* openapi = cli.add_subcommand("openapi", "Escribe el documento OpenAPI en stdout");
  auto* preflight =
      cli.add_subcommand("preflight", "Verifica que la configuración sea segura para producción");

  mm::app::UserCommand user_cmd;
  std::string password_flag;
  bool password_stdin = false;
  auto* user = cli.add_subcommand("user", "Usuarios del personal");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Crea un usuario");
  user_add->add_option("--email", user_cmd.email, "Email (único)")->required();
  user_add->add_option("--nombre", user_cmd.nombre, "Nombre para mostrar");
  user_add->add_option("--role,--rol", user_cmd.rol, "admin, deposito, ventas o usuario")
      ->required();
  user_add->add_option("--password", password_flag, "Contraseña (mejor --password-stdin)");
  user_add->add_flag("--password-stdin", password_stdin, "Lee la contraseña de la entrada");
  user_add->add_flag("--temporal", user_cmd.temporal, "Obliga a cambiarla al ingresar");
  auto* user_list = user->add_subcommand("list", "Lista los usuarios");
  auto* user_passwd = user->add_subcommand("passwd", "Restablece la contraseña de un usuario");
  user_passwd->add_option("--email", user_cmd.email, "Email")->required();
  user_passwd->add_option("--password", password_flag, "Contraseña temporal");
  user_passwd->add_flag("--password-stdin", password_stdin, "Lee la contraseña de la entrada");
  auto* user_disable =
      user->add_subcommand("disable", "Desactiva un usuario y cierra sus sesiones");
  user_disable->add_option("--email", user_cmd.email, "Email")->required();

  auto* keys_cmd = cli.add_subcommand("keys", "Claves de firma");
  keys_cmd->require_subcommand(1);
  auto* keys_rotate = keys_cmd->add_subcommand("rotate", "Activa una clave de firma nueva");

  auto* config_cmd = cli.add_subcommand("config", "Configuración");
  config_cmd->require_subcommand(1);
  auto* show =
      config_cmd->add_subcommand("show", "Muestra la configuración efectiva (sin secretos)");
  bool markdown = false;
  auto* keys = config_cmd->add_subcommand("keys", "Lista todas las claves");
  keys->add_flag("--markdown", markdown, "Como la tabla de docs/configuration.md");

  CLI11_PARSE(cli, argc, argv);

  if (keys->parsed()) {
    std::cout << mm::app::Config::MarkdownTable();
    return 0;
  }

  mm::app::Config config;
  try {
    std::optional<std::string> file;
    if (!config_file.empty()) file = config_file;
    config = mm::app::Config::Load(file, overrides, mm::app::ProcessEnvironment());
  } catch (const std::exception& e) {
    std::cerr << "minimarket: configuración inválida: " << e.what() << "\n";
    return 2;
  }

  if (show->parsed()) {
    std::cout << config.Show();
    return 0;
  }
  if (openapi->parsed()) {
    std::cout << mm::app::Application::OpenApiJson(config) << "\n";
    return 0;
  }

  try {
    mm::app::Application app(config);
    if (serve->parsed()) return app.Serve(!no_migrate);
    if (migrate->parsed()) return app.Migrate(status_only);
    if (demo->parsed()) return app.DemoData(if_empty);
    if (preflight->parsed()) return app.Preflight();
    if (password_stdin) {
      std::string line;
      std::getline(std::cin, line);
      user_cmd.password = line;
    } else if (!password_flag.empty()) {
      user_cmd.password = password_flag;
    }
    if (user_add->parsed()) return app.UserAdd(user_cmd);
    if (user_list->parsed()) return app.UserList();
    if (user_passwd->parsed()) return app.UserPasswd(user_cmd);
    if (user_disable->parsed()) return app.UserDisable(user_cmd.email);
    if (keys_rotate->parsed()) return app.KeysRotate();
  } catch (const std::exception& e) {
    std::cerr << "minimarket: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
