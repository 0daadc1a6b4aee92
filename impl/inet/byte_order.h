// byte_order.h: htons, ntohs, htonl, ntohl on fixed-width integers.
//
// The documents: "On machines where the host byte order is the same as
// network byte order, this is a no-op; otherwise, it performs a 2-byte (or
// 4-byte) swap operation." Range checking of Python integers is the
// binding's business (impl/ops); these take values that already fit.
#pragma once

#include <bit>
#include <cstdint>

namespace sock::inet {

[[nodiscard]] constexpr std::uint16_t host_to_network16(std::uint16_t x) noexcept {
  if constexpr (std::endian::native == std::endian::big) return x;
  return static_cast<std::uint16_t>((x >> 8) | (x << 8));
}

[[nodiscard]] constexpr std::uint32_t host_to_network32(std::uint32_t x) noexcept {
  if constexpr (std::endian::native == std::endian::big) return x;
  return ((x & 0x000000ffu) << 24) | ((x & 0x0000ff00u) << 8) | ((x & 0x00ff0000u) >> 8) | ((x & 0xff000000u) >> 24);
}

// The swaps are involutions, so network-to-host is the same function.
[[nodiscard]] constexpr std::uint16_t network_to_host16(std::uint16_t x) noexcept { return host_to_network16(x); }
[[nodiscard]] constexpr std::uint32_t network_to_host32(std::uint32_t x) noexcept { return host_to_network32(x); }

}  // namespace sock::inet
