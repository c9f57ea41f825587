// Where the 32-byte master key of SecretBox comes from (hardening.md "Also required", decision
// 36): `secrets.master_key` (base64, usually MM_SECRETS_MASTER_KEY), else the file named by
// `secrets.master_key_file` (base64 text, mode 0600 or stricter), else — development only — a
// file created on first start. The key never appears in an error message.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/random.hpp"
#include "core/result.hpp"
#include "services/secret_box.hpp"

namespace mm::services {

// Decodes standard base64 (with padding; surrounding whitespace ignored) of exactly 32 bytes.
[[nodiscard]] core::Result<MasterKey> DecodeMasterKey(std::string_view base64);

// The first source that is set wins:
//  1. `base64_value` not empty → decoded;
//  2. `file_path` not empty → read; the file must exist, be a regular file and have no group or
//     other permission bits;
//  3. `create_if_missing_path` not empty → read like 2 when it exists, else created with 32 bytes
//     from `random` in base64, mode 0600 (missing parent folders are created, mode 0700);
//  4. otherwise an error: no master key configured.
// Errors are INTERNAL_ERROR with a Spanish message for the operator (preflight prints it).
[[nodiscard]] core::Result<MasterKey> LoadMasterKey(
    std::string_view base64_value, const std::filesystem::path& file_path,
    const std::filesystem::path& create_if_missing_path, core::Random& random);

}  // namespace mm::services
