// The rules a new password must pass (api.md §3.4, hardening.md WS4). Each failure is
// PASSWORD_TOO_WEAK with a Spanish message that names the rule, so the user knows what to change.
#pragma once

#include <optional>
#include <string_view>

#include "core/result.hpp"

namespace mm::services {

inline constexpr std::size_t kPasswordMinCodePoints = 10;
inline constexpr std::size_t kPasswordMaxCodePoints = 128;

// Checks, in this order: 10–128 Unicode code points; not the email nor its local part (ignoring
// ASCII case); not `current`; accepted by cracklib's FascistCheck against the system dictionary
// (GetDefaultCracklibDict(), from Debian's cracklib-runtime; no word list of our own).
// `password` is UTF-8 (request bodies are validated before they get here).
// Thread-safe: cracklib is not, so every call into it holds one process-wide mutex.
// A missing system dictionary is a deployment fault: INTERNAL_ERROR, not a weak password.
[[nodiscard]] core::Status CheckNewPassword(std::string_view password, std::string_view email,
                                            std::optional<std::string_view> current = std::nullopt);

}  // namespace mm::services
