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
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "impl/inet/dialect.h"
#include "impl/netdb/netdb.h"

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

  // getaddrinfo(3) and getnameinfo(3) on numeric hosts and ports
  // (impl/netdb/netdb.h). No engine ever makes a name look-up: one that
  // cannot answer without it sets `refused`. The defaults refuse everything,
  // for engines without name services.
  [[nodiscard]] virtual netdb::AddrInfoResult getaddrinfo(const std::optional<std::string>& node,
                                                          const std::optional<std::string>& service,
                                                          const netdb::Hints& hints) const {
    (void)node, (void)service, (void)hints;
    return {0, {}, std::string(name()) + " has no getaddrinfo"};
  }
  [[nodiscard]] virtual netdb::NameInfoResult getnameinfo(const netdb::Endpoint& address, int flags) const {
    (void)address, (void)flags;
    return {0, {}, {}, std::string(name()) + " has no getnameinfo"};
  }

  // CMSG_LEN(3) and CMSG_SPACE(3) of a data length; nullopt when the engine
  // has no such macros (the default). Callers keep `length` small enough
  // for the result to fit (the binding's range check, impl/ops/cmsg_ops.cc).
  [[nodiscard]] virtual std::optional<std::size_t> cmsg_len(std::size_t length) const {
    (void)length;
    return std::nullopt;
  }
  [[nodiscard]] virtual std::optional<std::size_t> cmsg_space(std::size_t length) const {
    (void)length;
    return std::nullopt;
  }
};

// The reference conversions in a dialect; one shared instance each.
[[nodiscard]] const Engine& reference_engine(inet::Dialect dialect);

// The system C library's functions (inet_ntoa's static buffer is guarded,
// so the engine is thread-safe).
[[nodiscard]] const Engine& libc_engine();

}  // namespace sock::ops
