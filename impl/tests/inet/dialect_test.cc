// dialect_test.cc: dialect names, and the byte-order helpers beside them.
#include <gtest/gtest.h>

#include "impl/inet/byte_order.h"
#include "impl/inet/dialect.h"

namespace sock::inet {
namespace {

TEST(Dialect, EveryDialectParsesBackFromItsName) {
  for (const Dialect dialect : {Dialect::posix, Dialect::glibc}) {
    EXPECT_EQ(parse_dialect(name(dialect)), dialect) << name(dialect);
  }
  EXPECT_EQ(name(Dialect::posix), "posix");
  EXPECT_EQ(name(Dialect::glibc), "glibc");
}

TEST(Dialect, RejectsNamesThatAreNotExactlyADialect) {
  // A spec case with a misspelt dialect must fail to load, not default.
  for (const std::string_view text : {"", "POSIX", "Glibc", "glibc ", " posix", "gnu", "musl"}) {
    EXPECT_EQ(parse_dialect(text), std::nullopt) << "\"" << text << "\"";
  }
  EXPECT_EQ(parse_dialect(std::string_view("glibc\0", 6)), std::nullopt);
}

// The swaps at their limits; the expected values are written as network
// byte order would lay them out, so this holds on either host order.
TEST(ByteOrder, SwapsOnLittleEndianAndIsAnInvolution) {
  constexpr bool little = std::endian::native == std::endian::little;
  EXPECT_EQ(host_to_network16(0x1234), little ? 0x3412 : 0x1234);
  EXPECT_EQ(host_to_network32(0x12345678u), little ? 0x78563412u : 0x12345678u);
  for (const std::uint16_t x : {std::uint16_t{0}, std::uint16_t{1}, std::uint16_t{0x00ff}, std::uint16_t{0xff00},
                                std::uint16_t{0xffff}}) {
    EXPECT_EQ(network_to_host16(host_to_network16(x)), x);
  }
  for (const std::uint32_t x : {0u, 1u, 0xffu, 0xff000000u, 0x00ffff00u, 0xffffffffu}) {
    EXPECT_EQ(network_to_host32(host_to_network32(x)), x);
  }
  static_assert(host_to_network16(0xffff) == 0xffff);
  static_assert(host_to_network32(0) == 0);
}

}  // namespace
}  // namespace sock::inet
