// engine.h: the C-level functions the binding layer calls.
//
// CPython's socket module is a thin binding over the C library: it checks
// and converts Python arguments, calls inet_aton(3) or inet_pton(3), and
// turns the C result into a value or an exception. sockcheck models the
// same split. The binding layer (operations.h) is shared; the engine under
// it is either the reference conversions (in one of their dialects) or the
// system C library's own functions. So the `ref` and `libc` targets differ
// only where the engines differ, which is exactly what the documents leave
// to "the underlying C implementation".
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "impl/inet/dialect.h"

namespace sock::ops {

class Engine {
 public:
  virtual ~Engine() = default;

  [[nodiscard]] virtual std::string_view name() const = 0;

  // inet_aton(3) on NUL-free text: true and `out` set on success.
  [[nodiscard]] virtual bool inet_aton(const std::string& text, std::array<std::uint8_t, 4>& out) const = 0;
  // inet_ntoa(3).
  [[nodiscard]] virtual std::string inet_ntoa(const std::array<std::uint8_t, 4>& address) const = 0;
  // inet_pton(3) on NUL-free text: 1 converted, 0 invalid text, -1 family
  // not supported (errno set to EAFNOSUPPORT). `out` holds 16 bytes.
  [[nodiscard]] virtual int inet_pton(int family, const std::string& text, unsigned char* out) const = 0;
  // inet_ntop(3): true and `out` set, or false with errno set.
  [[nodiscard]] virtual bool inet_ntop(int family, const unsigned char* address, std::string& out) const = 0;

  [[nodiscard]] virtual std::uint16_t to_network16(std::uint16_t x) const = 0;
  [[nodiscard]] virtual std::uint16_t from_network16(std::uint16_t x) const = 0;
  [[nodiscard]] virtual std::uint32_t to_network32(std::uint32_t x) const = 0;
  [[nodiscard]] virtual std::uint32_t from_network32(std::uint32_t x) const = 0;
};

// The reference conversions in a dialect; one shared instance each.
[[nodiscard]] const Engine& reference_engine(inet::Dialect dialect);

// The system C library's functions (inet_ntoa's static buffer is guarded,
// so the engine is thread-safe).
[[nodiscard]] const Engine& libc_engine();

}  // namespace sock::ops
