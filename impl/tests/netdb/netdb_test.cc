// The reference getaddrinfo/getnameinfo (impl/netdb): tables of inputs at
// their boundaries, per dialect. Each row says what is tested; a failure
// prints the row.
#include "impl/netdb/netdb.h"

#include <gtest/gtest.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <optional>
#include <string>
#include <vector>

namespace sock::netdb {
namespace {

using inet::Dialect;
constexpr Dialect kPosix = Dialect::posix;
constexpr Dialect kGlibc = Dialect::glibc;

// ---------------------------------------------------------------- services

struct ServiceRow {
  const char* text;
  ServiceParse::Kind posix;
  int posix_port;  // when posix is a port
  ServiceParse::Kind glibc;
  int glibc_port;
};

TEST(ParseServiceTest, DecimalPortsAndWhatEachDialectMakesOfTheRest) {
  using K = ServiceParse::Kind;
  const ServiceRow rows[] = {
      // Plain decimal ports: both dialects.
      {"0", K::port, 0, K::port, 0},
      {"1", K::port, 1, K::port, 1},
      {"80", K::port, 80, K::port, 80},
      {"080", K::port, 80, K::port, 80},  // decimal, not octal
      {"65535", K::port, 65535, K::port, 65535},
      {"0000000000000000000080", K::port, 80, K::port, 80},
      // One past the largest port: POSIX has no such port; glibc keeps 16 bits.
      {"65536", K::out_of_range, 0, K::port, 0},
      {"65537", K::out_of_range, 0, K::port, 1},
      {"70000", K::out_of_range, 0, K::port, 4464},
      {"2147483647", K::out_of_range, 0, K::port, 65535},
      // glibc stores strtoul's unsigned long in an int: these are negative,
      // so looked up as names (and not found).
      {"2147483648", K::out_of_range, 0, K::out_of_range, 0},
      {"4294967295", K::out_of_range, 0, K::out_of_range, 0},
      // ... and 2**32 is 0 again as an int.
      {"4294967296", K::out_of_range, 0, K::port, 0},
      {"4294967376", K::out_of_range, 0, K::port, 80},
      // strtoul saturates on overflow: ULONG_MAX is -1 as an int.
      {"99999999999999999999999", K::out_of_range, 0, K::out_of_range, 0},
      // Signs and white space: strtoul's, not POSIX's.
      {"-1", K::name, 0, K::out_of_range, 0},
      {"-0", K::name, 0, K::port, 0},
      {"+80", K::name, 0, K::port, 80},
      {" 80", K::name, 0, K::port, 80},
      {"\t80", K::name, 0, K::port, 80},
      {"80 ", K::name, 0, K::name, 0},  // strtoul stops at the space: not all consumed
      {"-4294967216", K::name, 0, K::port, 80},  // -(2**32 - 80) wraps to 80
      // The empty string: strtoul consumes nothing and ends at the NUL.
      {"", K::name, 0, K::port, 0},
      {" ", K::name, 0, K::name, 0},
      {"+", K::name, 0, K::name, 0},
      // Not numbers at all.
      {"http", K::name, 0, K::name, 0},
      {"0x50", K::name, 0, K::name, 0},
      {"8O", K::name, 0, K::name, 0},
  };
  for (const auto& r : rows) {
    const ServiceParse p = parse_service(r.text, kPosix);
    EXPECT_EQ(p.kind, r.posix) << "posix '" << r.text << "'";
    if (r.posix == K::port) {
      EXPECT_EQ(p.value, r.posix_port) << "posix '" << r.text << "'";
    }
    const ServiceParse g = parse_service(r.text, kGlibc);
    EXPECT_EQ(g.kind, r.glibc) << "glibc '" << r.text << "'";
    if (r.glibc == K::port) {
      EXPECT_EQ(g.value, r.glibc_port) << "glibc '" << r.text << "'";
    }
  }
}

// ---------------------------------------------------------------- hosts

struct HostRow {
  const char* text;
  int family;             // 0: not numeric
  std::vector<int> bytes;  // the address, when numeric
  std::uint32_t scope = 0;
};

TEST(ParseNumericHostTest, InetAddrFormsAndIpv6WithDecimalZones) {
  const HostRow rows[] = {
      // The inet_addr forms POSIX getaddrinfo accepts.
      {"127.0.0.1", AF_INET, {127, 0, 0, 1}},
      {"0.0.0.0", AF_INET, {0, 0, 0, 0}},
      {"255.255.255.255", AF_INET, {255, 255, 255, 255}},
      {"127.1", AF_INET, {127, 0, 0, 1}},
      {"1", AF_INET, {0, 0, 0, 1}},
      {"4294967295", AF_INET, {255, 255, 255, 255}},
      {"0x7f.1", AF_INET, {127, 0, 0, 1}},
      {"10.0.0.010", AF_INET, {10, 0, 0, 8}},
      {"1.2.65535", AF_INET, {1, 2, 255, 255}},
      // One past each limit, and text after the address.
      {"4294967296", 0, {}},
      {"1.2.65536", 0, {}},
      {"1.2.3.256", 0, {}},
      {"1.2.3.08", 0, {}},
      {"1.2.3.4.", 0, {}},
      {"1.2.3.4 ", 0, {}},
      {" 1.2.3.4", 0, {}},
      {"1.2.3.4.5", 0, {}},
      {"", 0, {}},
      {"localhost", 0, {}},
      // IPv6, with and without zones.
      {"::", AF_INET6, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
      {"::1", AF_INET6, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}},
      {"::ffff:1.2.3.4", AF_INET6, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4}},
      {"fe80::1%0", AF_INET6, {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 0},
      {"fe80::1%1", AF_INET6, {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 1},
      {"fe80::1%01", AF_INET6, {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 1},
      {"fe80::1%4294967295", AF_INET6, {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 4294967295U},
      {"fe80::1%4294967296", 0, {}},
      {"fe80::1%", 0, {}},
      {"fe80::1%-1", 0, {}},
      {"fe80::1%+1", 0, {}},
      {"fe80::1%lo", 0, {}},  // interface names are not modelled
      {"fe80::1%1%2", 0, {}},
      {"1.2.3.4%1", 0, {}},
      {"[::1]", 0, {}},
      {"1::2::3", 0, {}},
  };
  for (const auto& r : rows) {
    const auto e = parse_numeric_host(r.text);
    if (r.family == 0) {
      EXPECT_FALSE(e.has_value()) << "'" << r.text << "' is not numeric";
      continue;
    }
    ASSERT_TRUE(e.has_value()) << "'" << r.text << "' is numeric";
    EXPECT_EQ(e->family, r.family) << r.text;
    for (std::size_t i = 0; i < r.bytes.size(); ++i) EXPECT_EQ(e->address[i], r.bytes[i]) << r.text << " byte " << i;
    EXPECT_EQ(e->scope_id, r.scope) << r.text;
  }
}

// ---------------------------------------------------------------- getaddrinfo

std::optional<std::string> S(const char* s) { return s == nullptr ? std::nullopt : std::optional<std::string>(s); }

struct GaiRow {
  const char* what;
  const char* node;
  const char* service;
  Hints hints;
  int posix_error;  // 0: success
  int glibc_error;
  std::size_t entries = 0;  // on success, in both dialects
};

TEST(GetaddrinfoTest, ErrorsInBothDialects) {
  const int NH = AI_NUMERICHOST;
  const GaiRow rows[] = {
      {"both null", nullptr, nullptr, {}, EAI_NONAME, EAI_NONAME},
      {"both null beats bad flags", nullptr, nullptr, {0, 0, 0, -1}, EAI_NONAME, EAI_NONAME},
      {"unknown flag", "1.2.3.4", "80", {0, 0, 0, 0x10000}, EAI_BADFLAGS, EAI_BADFLAGS},
      {"glibc's AI_IDN", "1.2.3.4", "80", {0, SOCK_STREAM, 0, 0x40}, EAI_BADFLAGS, 0, 1},
      {"canonname without host", nullptr, "80", {0, 0, 0, AI_CANONNAME}, EAI_BADFLAGS, EAI_BADFLAGS},
      {"unknown family", "1.2.3.4", "80", {12345, 0, 0, 0}, EAI_FAMILY, EAI_FAMILY},
      {"AF_UNIX", "1.2.3.4", "80", {AF_UNIX, 0, 0, 0}, EAI_FAMILY, EAI_FAMILY},
      {"unknown socket type", "1.2.3.4", "80", {0, 12345, 0, 0}, EAI_SOCKTYPE, EAI_SOCKTYPE},
      {"SOCK_NONBLOCK is not a type", "1.2.3.4", "80", {0, SOCK_STREAM | SOCK_NONBLOCK, 0, 0}, EAI_SOCKTYPE,
       EAI_SOCKTYPE},
      {"stream over UDP", "1.2.3.4", "80", {0, SOCK_STREAM, IPPROTO_UDP, 0}, EAI_SOCKTYPE, EAI_SOCKTYPE},
      {"raw with a port", "1.2.3.4", "80", {0, SOCK_RAW, 0, 0}, EAI_SERVICE, EAI_SERVICE},
      {"raw protocol with a port", "1.2.3.4", "80", {0, 0, IPPROTO_RAW, 0}, EAI_SERVICE, EAI_SERVICE},
      {"SCTP is glibc's", "1.2.3.4", "80", {0, 0, IPPROTO_SCTP, 0}, EAI_SERVICE, 0, 1},
      {"SEQPACKET is glibc's", "1.2.3.4", "80", {0, SOCK_SEQPACKET, 0, 0}, EAI_SOCKTYPE, 0, 1},
      {"numeric-serv refuses a name", "1.2.3.4", "http", {0, 0, 0, AI_NUMERICSERV}, EAI_NONAME, EAI_NONAME},
      {"a name, no services database", "1.2.3.4", "http", {}, EAI_SERVICE, EAI_SERVICE},
      {"-1 with numeric-serv", "1.2.3.4", "-1", {0, 0, 0, AI_NUMERICSERV}, EAI_NONAME, EAI_SERVICE},
      {"65536", "1.2.3.4", "65536", {0, SOCK_STREAM, 0, 0}, EAI_SERVICE, 0, 1},
      {"socket type checked before the service", "1.2.3.4", "http", {0, 12345, 0, 0}, EAI_SOCKTYPE, EAI_SOCKTYPE},
      {"a domain name", "example.invalid", "80", {0, 0, 0, NH}, EAI_NONAME, EAI_NONAME},
      {"a name, no name service", "localhost", "80", {}, EAI_NONAME, EAI_NONAME},
      {"IPv4 literal as AF_INET6", "1.2.3.4", "80", {AF_INET6, 0, 0, NH}, EAI_NONAME, EAI_ADDRFAMILY},
      {"IPv6 literal as AF_INET", "::1", "80", {AF_INET, 0, 0, NH}, EAI_NONAME, EAI_ADDRFAMILY},
      {"mapped literal as AF_INET", "::ffff:1.2.3.4", "80", {AF_INET, SOCK_STREAM, 0, NH}, EAI_NONAME, 0, 1},
      {"AI_ALL alone maps nothing", "1.2.3.4", "80", {AF_INET6, 0, 0, AI_ALL}, EAI_NONAME, EAI_ADDRFAMILY},
      {"V4MAPPED", "1.2.3.4", "80", {AF_INET6, SOCK_STREAM, 0, AI_V4MAPPED}, 0, 0, 1},
      // glibc's "*" is NULL, and an empty service is none (port 0, even raw).
      {"star host", "*", "80", {AF_INET, SOCK_STREAM, 0, NH}, EAI_NONAME, 0, 1},
      {"star for both", "*", "*", {}, EAI_SERVICE, EAI_NONAME},
      {"star host, canonname", "*", "80", {0, 0, 0, AI_CANONNAME}, EAI_NONAME, EAI_BADFLAGS},
      {"empty service, raw", "1.2.3.4", "", {0, SOCK_RAW, 0, 0}, EAI_SERVICE, 0, 1},
      {"zero service, raw", "1.2.3.4", "0", {0, SOCK_RAW, 0, 0}, EAI_SERVICE, EAI_SERVICE},
  };
  for (const auto& r : rows) {
    for (const Dialect d : {kPosix, kGlibc}) {
      const int want = d == kPosix ? r.posix_error : r.glibc_error;
      const AddrInfoResult got = getaddrinfo(S(r.node), S(r.service), r.hints, d);
      EXPECT_EQ(got.error, want) << r.what << " (" << inet::name(d) << "): " << ::gai_strerror(got.error);
      EXPECT_TRUE(got.refused.empty()) << r.what;
      if (want == 0) {
        EXPECT_EQ(got.entries.size(), r.entries) << r.what;
      }
    }
  }
}

TEST(GetaddrinfoTest, NullHostIsLoopbackOrWildcardIpv6First) {
  for (const Dialect d : {kPosix, kGlibc}) {
    const auto active = getaddrinfo(std::nullopt, S("80"), {0, SOCK_STREAM, 0, 0}, d);
    ASSERT_EQ(active.entries.size(), 2U);
    EXPECT_EQ(active.entries[0].family, AF_INET6);
    EXPECT_EQ(active.entries[0].address.address[15], 1);  // ::1
    EXPECT_EQ(active.entries[1].family, AF_INET);
    EXPECT_EQ(active.entries[1].address.address[0], 127);
    const auto passive = getaddrinfo(std::nullopt, S("80"), {AF_INET, SOCK_STREAM, 0, AI_PASSIVE}, d);
    ASSERT_EQ(passive.entries.size(), 1U);
    EXPECT_EQ(passive.entries[0].address.address[0], 0);  // 0.0.0.0
    EXPECT_EQ(passive.entries[0].address.port, 80);
  }
}

TEST(GetaddrinfoTest, FullRangeIsStreamDgramRawWithTheirProtocols) {
  const auto r = getaddrinfo(S("192.0.2.1"), S("80"), {}, kPosix);
  ASSERT_EQ(r.entries.size(), 3U);
  const int types[] = {SOCK_STREAM, SOCK_DGRAM, SOCK_RAW};
  const int protocols[] = {IPPROTO_TCP, IPPROTO_UDP, 0};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(r.entries[i].socktype, types[i]) << i;
    EXPECT_EQ(r.entries[i].protocol, protocols[i]) << i;
    EXPECT_EQ(r.entries[i].address.port, 80) << "the raw entry carries the port too: " << i;
  }
  // A protocol alone selects the one type that carries it; a raw socket
  // takes any protocol it is given.
  EXPECT_EQ(getaddrinfo(S("192.0.2.1"), S("80"), {0, 0, IPPROTO_UDP, 0}, kPosix).entries.at(0).socktype, SOCK_DGRAM);
  EXPECT_EQ(getaddrinfo(S("192.0.2.1"), std::nullopt, {0, 0, 255, 0}, kPosix).entries.at(0).protocol, 255);
}

TEST(GetaddrinfoTest, CanonicalNameIsTheTextGivenOnTheFirstEntryOnly) {
  const auto r = getaddrinfo(S("127.1"), S("80"), {0, 0, 0, AI_CANONNAME | AI_NUMERICHOST}, kPosix);
  ASSERT_EQ(r.entries.size(), 3U);
  EXPECT_EQ(r.entries[0].canonname, "127.1");
  EXPECT_FALSE(r.entries[1].canonname.has_value());
  EXPECT_FALSE(r.entries[2].canonname.has_value());
  EXPECT_FALSE(getaddrinfo(S("127.1"), S("80"), {}, kPosix).entries.at(0).canonname.has_value());
}

TEST(GetaddrinfoTest, TextAfterNulIsNeverSeen) {
  const auto r = getaddrinfo(std::string("127.0.0.1\0junk", 14), std::string("80\0x", 4), {AF_INET, SOCK_STREAM, 0, 0},
                             kPosix);
  ASSERT_EQ(r.error, 0);
  EXPECT_EQ(r.entries.at(0).address.port, 80);
}

// ---------------------------------------------------------------- getnameinfo

Endpoint v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d, std::uint16_t port) {
  Endpoint e;
  e.family = AF_INET;
  e.address[0] = a, e.address[1] = b, e.address[2] = c, e.address[3] = d;
  e.port = port;
  return e;
}

Endpoint v6(const char* text, std::uint16_t port, std::uint32_t scope = 0) {
  Endpoint e = parse_numeric_host(text).value();
  e.port = port;
  e.scope_id = scope;
  return e;
}

struct GniRow {
  const char* what;
  Endpoint address;
  int flags;
  const char* posix;  // "host service", or nullptr for an error
  const char* glibc;
};

TEST(GetnameinfoTest, NumericHostsServicesZonesAndFlags) {
  const int N = NI_NUMERICHOST | NI_NUMERICSERV;
  const GniRow rows[] = {
      {"loopback", v4(127, 0, 0, 1, 80), N, "127.0.0.1 80", "127.0.0.1 80"},
      {"port 0", v4(0, 0, 0, 0, 0), N, "0.0.0.0 0", "0.0.0.0 0"},
      {"port 65535", v4(255, 255, 255, 255, 65535), N, "255.255.255.255 65535", "255.255.255.255 65535"},
      {"no services database", v4(127, 0, 0, 1, 80), NI_NUMERICHOST, "127.0.0.1 80", "127.0.0.1 80"},
      {"no hosts database", v4(127, 0, 0, 1, 80), NI_NUMERICSERV, "127.0.0.1 80", "127.0.0.1 80"},
      {"name required, none found", v4(127, 0, 0, 1, 80), NI_NUMERICSERV | NI_NAMEREQD, nullptr, nullptr},
      {"name required but numeric asked", v4(127, 0, 0, 1, 80), N | NI_NAMEREQD, "127.0.0.1 80", nullptr},
      {"NOFQDN and DGRAM change nothing numeric", v4(127, 0, 0, 1, 53), N | NI_NOFQDN | NI_DGRAM, "127.0.0.1 53",
       "127.0.0.1 53"},
      {"unknown flag", v4(127, 0, 0, 1, 80), N | 0x10000, nullptr, nullptr},
      {"glibc's NI_IDN", v4(127, 0, 0, 1, 80), N | 0x20, nullptr, "127.0.0.1 80"},
      {"IPv6", v6("2001:DB8:0::1", 443), N, "2001:db8::1 443", "2001:db8::1 443"},
      {"mapped", v6("::ffff:1.2.3.4", 1), N, "::ffff:1.2.3.4 1", "::ffff:1.2.3.4 1"},
      {"compatible", v6("::1.2.3.4", 1), N, "::102:304 1", "::1.2.3.4 1"},
      {"zone", v6("fe80::1", 80, 4000000000U), N, "fe80::1%4000000000 80", "fe80::1%4000000000 80"},
      {"zone on a global address", v6("2001:db8::1", 80, 7), N, "2001:db8::1%7 80", "2001:db8::1%7 80"},
      {"largest zone", v6("::1", 80, 4294967295U), N, "::1%4294967295 80", "::1%4294967295 80"},
  };
  for (const auto& r : rows) {
    for (const Dialect d : {kPosix, kGlibc}) {
      const char* want = d == kPosix ? r.posix : r.glibc;
      const NameInfoResult got = getnameinfo(r.address, r.flags, d);
      const std::string where = std::string(r.what) + " (" + std::string(inet::name(d)) + ")";
      if (want == nullptr) {
        EXPECT_NE(got.error, 0) << where << ": " << got.host << " " << got.service;
      } else {
        EXPECT_EQ(got.error, 0) << where << ": " << ::gai_strerror(got.error);
        EXPECT_EQ(got.host + " " + got.service, want) << where;
      }
    }
  }
  EXPECT_EQ(getnameinfo(v4(1, 2, 3, 4, 5), -1, kPosix).error, EAI_BADFLAGS);
  EXPECT_EQ(getnameinfo(v4(1, 2, 3, 4, 5), NI_NUMERICSERV | NI_NAMEREQD, kPosix).error, EAI_NONAME);
}

}  // namespace
}  // namespace sock::netdb
