// Result<T>: a value or a typed core::Error. Expected outcomes (not found, conflict, invalid input)
// travel as Result; exceptions are for bugs and unrecoverable states only (conventions.md 5).
#pragma once

#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/error.hpp"

namespace mm::core {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  [[nodiscard]] bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return Checked(); }
  const T& value() const& { return const_cast<Result*>(this)->Checked(); }
  T&& value() && { return std::move(Checked()); }
  T* operator->() { return &Checked(); }
  const T* operator->() const { return &const_cast<Result*>(this)->Checked(); }
  T& operator*() & { return Checked(); }

  const Error& error() const {
    if (ok()) throw std::logic_error("Result::error() on a value");
    return std::get<1>(v_);
  }
  Error&& take_error() && {
    if (ok()) throw std::logic_error("Result::take_error() on a value");
    return std::get<1>(std::move(v_));
  }

 private:
  T& Checked() {
    if (!ok()) throw std::logic_error("Result::value() on an error");
    return std::get<0>(v_);
  }
  std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;

}  // namespace mm::core
