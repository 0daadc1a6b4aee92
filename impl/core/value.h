// value.h: the Python-like values that spec cases, targets and adapters
// exchange.
//
// The documents describe a Python API, so its arguments and results are
// Python values: None, bool, int (unbounded), float, str, bytes, tuples and
// the module's symbolic constants (AF_INET, ...). Keeping str and bytes
// apart matters: the same 4 characters are a valid argument in Python 2 and
// a TypeError in Python 3. Integers outside int64 are kept as decimal text,
// because only their size matters to the operations that receive them (an
// OverflowError), and a spec case must be able to write 2**64.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sock {

struct None {
  friend bool operator==(None, None) = default;
};

// Raw bytes (Python bytes, or a Python 2 str used as a byte string).
struct Bytes {
  std::string data;
  friend bool operator==(const Bytes&, const Bytes&) = default;
};

// An integer that does not fit in int64, as canonical decimal text
// ("-" for negatives, no leading zeros).
struct BigInt {
  std::string decimal;
  friend bool operator==(const BigInt&, const BigInt&) = default;
};

// A symbolic module constant such as AF_INET; each target resolves it to
// its own number, so spec cases never hard-code platform values.
struct Const {
  std::string name;
  friend bool operator==(const Const&, const Const&) = default;
};

// A stateful object a target made (a socket), named by the target. Spec
// cases never write handles; they bind a step's result to a name and pass
// it on with !ref.
struct Handle {
  std::string id;
  friend bool operator==(const Handle&, const Handle&) = default;
};

// A spec-level placeholder for the value an earlier step bound to `name`;
// the runner replaces it before a target sees the call.
struct Ref {
  std::string name;
  friend bool operator==(const Ref&, const Ref&) = default;
};

struct Value;
using Tuple = std::vector<Value>;

struct Value {
  using Storage = std::variant<None, bool, std::int64_t, BigInt, double, std::string, Bytes, Tuple, Const, Handle, Ref>;
  Storage v;

  Value() : v(None{}) {}
  template <typename T>
    requires std::is_constructible_v<Storage, T&&>
  Value(T&& x) : v(std::forward<T>(x)) {}  // NOLINT(google-explicit-constructor): values read like literals
  Value(int x) : v(std::int64_t{x}) {}     // NOLINT
  Value(const char* s) : v(std::string(s)) {}  // NOLINT

  template <typename T>
  [[nodiscard]] bool is() const { return std::holds_alternative<T>(v); }
  template <typename T>
  [[nodiscard]] const T& as() const { return std::get<T>(v); }
  template <typename T>
  [[nodiscard]] const T* get_if() const { return std::get_if<T>(&v); }

  // The Python type name ("int", "str", "bytes", ...), used in TypeError
  // messages and in reports.
  [[nodiscard]] std::string_view type_name() const;

  // Equality is structural, except that two NaN floats are equal: a spec
  // case that expects nan must be able to say so.
  friend bool operator==(const Value& a, const Value& b);
};

// Python-repr-like text for reports and messages: b'\x7f\x00', (1, 'a'), AF_INET.
[[nodiscard]] std::string repr(const Value& value);

// Builds a BigInt or an int64 from decimal text; returns false on text that
// is not an optionally signed run of digits.
[[nodiscard]] bool parse_integer(std::string_view text, Value& out);

}  // namespace sock
