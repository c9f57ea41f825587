#include "services/password_policy.hpp"

#include "core/validation.hpp"

#include <crack.h>

#include <filesystem>
#include <mutex>
#include <string>
#include <utility>

namespace mm::services {
namespace {

using core::ErrorCode;

core::Error Weak(std::string message) {
  return core::Error(ErrorCode::kPasswordTooWeak, std::move(message));
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

// cracklib's reasons (English in the C locale) in Spanish. Under another locale cracklib may
// answer translated text, which falls through to the generic message.
std::string SpanishReason(std::string_view reason) {
  static constexpr std::pair<std::string_view, std::string_view> kReasons[] = {
      {"it is WAY too short", "La contraseña es demasiado corta."},
      {"it is too short", "La contraseña es demasiado corta."},
      {"it does not contain enough DIFFERENT characters",
       "La contraseña no tiene suficientes caracteres distintos."},
      {"it is all whitespace", "La contraseña no puede ser solo espacios."},
      {"it is too simplistic/systematic",
       "La contraseña es demasiado simple o sistemática (por ejemplo, teclas o números seguidos)."},
      {"it looks like a National Insurance number.",
       "La contraseña parece un número de documento."},
      {"it is based on a dictionary word",
       "La contraseña se basa en una palabra del diccionario: es demasiado común o fácil de "
       "adivinar."},
      {"it is based on a (reversed) dictionary word",
       "La contraseña se basa en una palabra del diccionario al revés: es demasiado común o fácil "
       "de adivinar."},
  };
  for (const auto& [english, spanish] : kReasons) {
    if (reason == english) return std::string(spanish);
  }
  return "La contraseña es demasiado común o fácil de adivinar.";
}

std::mutex& CracklibMutex() {
  static std::mutex mu;
  return mu;
}

}  // namespace

core::Status CheckNewPassword(std::string_view password, std::string_view email,
                              std::optional<std::string_view> current) {
  std::size_t n = core::CodePoints(password);
  if (n < kPasswordMinCodePoints) {
    return Weak("La contraseña tiene que tener al menos 10 caracteres.");
  }
  if (n > kPasswordMaxCodePoints) {
    return Weak("La contraseña puede tener como máximo 128 caracteres.");
  }
  std::string_view local = email.substr(0, email.rfind('@'));
  if (EqualsIgnoringAsciiCase(password, email) ||
      (!local.empty() && EqualsIgnoringAsciiCase(password, local))) {
    return Weak("La contraseña no puede ser tu email ni la parte de tu email antes de la arroba.");
  }
  if (current && password == *current) {
    return Weak("La contraseña nueva tiene que ser distinta de la actual.");
  }

  const std::string dict = GetDefaultCracklibDict();
  std::error_code ec;
  if (!std::filesystem::exists(dict + ".pwd", ec)) return core::Error::Internal();
  std::string pw(password);  // FascistCheck reads a NUL-terminated string
  std::string reason;
  {
    std::lock_guard lock(CracklibMutex());
    if (const char* r = FascistCheck(pw.c_str(), dict.c_str())) reason = r;
  }
  if (reason.empty()) return core::Ok{};
  if (reason == "error loading dictionary") return core::Error::Internal();
  return Weak(SpanishReason(reason));
}

}  // namespace mm::services
