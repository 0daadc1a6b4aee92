// result.h: typed results of socket-object operations, and their conversion
// to the harness's Outcome.
//
// The reference socket (impl/socket) and the timeout model (impl/timeout)
// answer with a value or with the Python exception the documents name for
// the failure: the class as spelled in the run's profile ("socket.timeout"
// in 2.6, "TimeoutError" in 3.12), the text str(exception) would print
// ("timed out", "[Errno 11] Resource temporarily unavailable") and, for
// errors that come from the operating system, the errno. An operation the
// profile's document does not have at all (settimeout in 1.x) is an Error
// with an empty class: Outcome calls that "unsupported", never a failure.
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "impl/core/outcome.h"

namespace sock::timeout {

struct Error {
  std::string error_class;  // empty: the profile has no such operation
  std::string message;      // str(exception), or why the operation is missing
  int errnum = 0;           // the errno of an OS error; 0 otherwise

  [[nodiscard]] bool unsupported() const { return error_class.empty(); }
  friend bool operator==(const Error&, const Error&) = default;
};

// The empty value of operations that return None.
struct Unit {
  friend bool operator==(Unit, Unit) = default;
};

// A value of type T or the Error the operation raised. Not ignorable: a
// dropped Result is a dropped exception.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}    // NOLINT(google-explicit-constructor): `return value;`
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: `return error;`

  [[nodiscard]] bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  [[nodiscard]] T& value() & { return std::get<0>(v_); }
  [[nodiscard]] const T& value() const& { return std::get<0>(v_); }
  [[nodiscard]] T&& value() && { return std::get<0>(std::move(v_)); }
  [[nodiscard]] const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// A raised Error becomes Outcome::raise, a missing operation
// Outcome::unsupported.
[[nodiscard]] inline Outcome to_outcome(const Error& e) {
  return e.unsupported() ? Outcome::unsupported(e.message) : Outcome::raise(e.error_class, e.message);
}

// `convert` turns the success value into a Value (identity for Value,
// None for Unit, ...).
template <typename T, typename F>
[[nodiscard]] Outcome to_outcome(const Result<T>& r, F&& convert) {
  if (!r.ok()) return to_outcome(r.error());
  return Outcome::returned(std::forward<F>(convert)(r.value()));
}

[[nodiscard]] inline Outcome to_outcome(const Result<Value>& r) {
  return to_outcome(r, [](const Value& v) { return v; });
}

[[nodiscard]] inline Outcome to_outcome(const Result<Unit>& r) {
  return to_outcome(r, [](Unit) { return Value(); });
}

}  // namespace sock::timeout
