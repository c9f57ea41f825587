#include "core/error_code.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace mm::core {
namespace {

TEST(ErrorCode, NamesAreUniqueUpperSnakeAndParseBack) {
  std::set<std::string> seen;
  for (const auto& info : AllErrorCodes()) {
    std::string name(info.name);
    EXPECT_TRUE(seen.insert(name).second) << name;
    for (char c : name) EXPECT_TRUE((c >= 'A' && c <= 'Z') || c == '_') << name;
    EXPECT_EQ(ParseErrorCode(name), info.code);
    EXPECT_FALSE(info.default_message.empty()) << name;
  }
  EXPECT_EQ(ParseErrorCode("NO_SUCH_CODE"), std::nullopt);
}

TEST(ErrorCode, StatusesFollowTheMasterTable) {
  EXPECT_EQ(HttpStatus(ErrorCode::kValidationError), 400);
  EXPECT_EQ(HttpStatus(ErrorCode::kInvalidJson), 400);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnauthorized), 401);
  EXPECT_EQ(HttpStatus(ErrorCode::kForbidden), 403);
  EXPECT_EQ(HttpStatus(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatus(ErrorCode::kMethodNotAllowed), 405);
  EXPECT_EQ(HttpStatus(ErrorCode::kRequestTimeout), 408);
  EXPECT_EQ(HttpStatus(ErrorCode::kInsufficientStock), 409);
  EXPECT_EQ(HttpStatus(ErrorCode::kBodyTooLarge), 413);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnsupportedMediaType), 415);
  EXPECT_EQ(HttpStatus(ErrorCode::kIdempotencyKeyReused), 422);
  EXPECT_EQ(HttpStatus(ErrorCode::kRateLimited), 429);
  EXPECT_EQ(HttpStatus(ErrorCode::kHeadersTooLarge), 431);
  EXPECT_EQ(HttpStatus(ErrorCode::kInternalError), 500);
  EXPECT_EQ(HttpStatus(ErrorCode::kServiceUnavailable), 503);
}

TEST(ErrorCode, JobRunCodesNeverMapToAnHttpStatus) {
  for (auto code : {ErrorCode::kExternalTimeout, ErrorCode::kBreakerOpen, ErrorCode::kDbUnavailable,
                    ErrorCode::kSupplierLayoutChanged, ErrorCode::kLeaseExpired}) {
    EXPECT_EQ(HttpStatus(code), 0) << Name(code);
  }
}

}  // namespace
}  // namespace mm::core
