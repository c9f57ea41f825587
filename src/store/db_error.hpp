// Database failures, classified by the driver so that nothing above store/ reads message text.
// Thrown (they abort the transaction); services catch the kinds they expect, e.g. a unique
// violation that means DUPLICATE, and the HTTP layer maps the rest (kUnavailable, kTimeout,
// kDeadline → 503 SERVICE_UNAVAILABLE; anything else → 500 INTERNAL_ERROR).
#pragma once

#include <stdexcept>
#include <string>

namespace mm::store {

class DbError : public std::runtime_error {
 public:
  enum class Kind {
    kUniqueViolation,
    kForeignKeyViolation,
    kCheckViolation,
    kNotNullViolation,
    kSerialization,  // deadlock or serialization failure: the transaction may be retried
    kTimeout,        // statement timeout or interrupted statement
    kDeadline,       // the request's deadline passed before the work could finish
    kPoolTimeout,    // no connection within the acquire timeout
    kUnavailable,    // cannot connect, or the connection broke
    kOther,
  };

  DbError(Kind kind, std::string message, std::string constraint = {})
      : std::runtime_error(std::move(message)), kind_(kind), constraint_(std::move(constraint)) {}

  [[nodiscard]] Kind kind() const { return kind_; }
  // PostgreSQL's constraint name when the server reports one; empty otherwise.
  [[nodiscard]] const std::string& constraint() const { return constraint_; }
  [[nodiscard]] bool IsConstraintViolation() const {
    return kind_ == Kind::kUniqueViolation || kind_ == Kind::kForeignKeyViolation ||
           kind_ == Kind::kCheckViolation || kind_ == Kind::kNotNullViolation;
  }
  // True when the failure says nothing about the request: retrying later may succeed.
  [[nodiscard]] bool IsTransient() const {
    return kind_ == Kind::kSerialization || kind_ == Kind::kTimeout || kind_ == Kind::kDeadline ||
           kind_ == Kind::kPoolTimeout || kind_ == Kind::kUnavailable;
  }

 private:
  Kind kind_;
  std::string constraint_;
};

}  // namespace mm::store
