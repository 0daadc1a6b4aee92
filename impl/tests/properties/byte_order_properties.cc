// byte_order_properties.cc: htons/ntohs/htonl/ntohl (impl/inet/byte_order.h)
// over all generated values.
//
// The oracle is the definition of network byte order itself: the value's
// most significant byte first in memory. It is checked by looking at the
// bytes (memcpy), not by shifting the value back, so a "swap" that is its
// own inverse but in the wrong order would still fail.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <arpa/inet.h>

#include <cstdint>
#include <cstring>

#include "impl/inet/byte_order.h"

namespace sock::inet {
namespace {

RC_GTEST_PROP(ByteOrderProperty, Swap16IsAnInvolution, (std::uint16_t x)) {
  RC_ASSERT(host_to_network16(host_to_network16(x)) == x);
  RC_ASSERT(network_to_host16(host_to_network16(x)) == x);
  RC_ASSERT(host_to_network16(network_to_host16(x)) == x);
}

RC_GTEST_PROP(ByteOrderProperty, Swap32IsAnInvolution, (std::uint32_t x)) {
  RC_ASSERT(host_to_network32(host_to_network32(x)) == x);
  RC_ASSERT(network_to_host32(host_to_network32(x)) == x);
  RC_ASSERT(host_to_network32(network_to_host32(x)) == x);
}

RC_GTEST_PROP(ByteOrderProperty, NetworkOrderPutsTheMostSignificantByteFirst16, (std::uint16_t x)) {
  const std::uint16_t n = host_to_network16(x);
  unsigned char bytes[2];
  std::memcpy(bytes, &n, sizeof bytes);
  RC_ASSERT(bytes[0] == (x >> 8));
  RC_ASSERT(bytes[1] == (x & 0xff));
}

RC_GTEST_PROP(ByteOrderProperty, NetworkOrderPutsTheMostSignificantByteFirst32, (std::uint32_t x)) {
  const std::uint32_t n = host_to_network32(x);
  unsigned char bytes[4];
  std::memcpy(bytes, &n, sizeof bytes);
  RC_ASSERT(bytes[0] == (x >> 24));
  RC_ASSERT(bytes[1] == ((x >> 16) & 0xff));
  RC_ASSERT(bytes[2] == ((x >> 8) & 0xff));
  RC_ASSERT(bytes[3] == (x & 0xff));
}

RC_GTEST_PROP(ByteOrderProperty, AgreesWithTheCLibrary, (std::uint32_t x)) {
  // The C library's functions are the ones Python's socket.htonl calls.
  RC_ASSERT(host_to_network32(x) == htonl(x));
  RC_ASSERT(network_to_host32(x) == ntohl(x));
  const auto x16 = static_cast<std::uint16_t>(x);
  RC_ASSERT(host_to_network16(x16) == htons(x16));
  RC_ASSERT(network_to_host16(x16) == ntohs(x16));
}

}  // namespace
}  // namespace sock::inet
