// arguments.h: Python's argument parsing, as the socket module's binding
// applies it in each version of the spec.
//
// What a function accepts is part of the documented behaviour: inet_aton
// takes a str and inet_ntoa "a bytes-like object" from 3.3 on, while in 1.x
// to 2.6 both take the one string type. These helpers turn a Value into the
// C-level argument or into the exception the binding raises (TypeError for
// a wrong type, OverflowError for an int that does not fit the C type,
// ValueError for an embedded NUL in 3.x).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "impl/core/outcome.h"
#include "impl/core/profile.h"
#include "impl/core/value.h"

namespace sock::ops {

using Args = std::span<const Value>;

// Either the converted argument or the exception to raise instead.
template <typename T>
using Checked = std::variant<T, Outcome>;

template <typename T>
[[nodiscard]] bool failed(const Checked<T>& c) {
  return std::holds_alternative<Outcome>(c);
}

// The class the module raises for socket errors in a profile: socket.error
// before 3.3, OSError (its alias) from 3.3 on.
[[nodiscard]] std::string socket_error(Profile profile);

// TypeError when the call has the wrong number of arguments.
[[nodiscard]] std::optional<Outcome> check_arity(std::string_view function, Args args, std::size_t count);

// The "s" format: a text string without NUL characters, as UTF-8.
[[nodiscard]] Checked<std::string> text_argument(std::string_view function, const Value& arg, Profile profile);

// The "y*" format (3.x) or "s#" (2.x): raw bytes.
[[nodiscard]] Checked<std::string> bytes_argument(std::string_view function, const Value& arg, Profile profile);

// The "i" format: a C int. bool is an int; a float is a TypeError (truncated
// with a warning before 3.x); an int beyond the C int range is an
// OverflowError.
[[nodiscard]] Checked<std::int64_t> c_int_argument(std::string_view function, const Value& arg, Profile profile);

// An unbounded Python int (for htonl/ntohl, which range-check themselves):
// nullopt-like `BigInt` passes through as the out-of-range flag.
struct PyInt {
  std::int64_t value = 0;
  bool beyond_int64 = false;
  bool negative = false;
};
[[nodiscard]] Checked<PyInt> int_argument(std::string_view function, const Value& arg, Profile profile);

// A module constant resolved to this platform's number; other values pass
// through unchanged.
[[nodiscard]] Value resolve_constant(const Value& value);

}  // namespace sock::ops
