// The reference's glibc dialect against the C library, on numeric hosts
// and ports only: every call the libc engine makes carries
// AI_NUMERICHOST|AI_NUMERICSERV (or NI_NUMERICHOST), so these tests never
// send a DNS query. Where glibc depends on the machine (interface names,
// address sorting, AI_ADDRCONFIG) the inputs stay clear of it, and the
// comments say so.
#include <gtest/gtest.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "impl/ops/cmsg_layout.h"
#include "impl/ops/engine.h"

namespace sock::ops {
namespace {

std::string show(const netdb::AddrInfoResult& r) {
  std::ostringstream out;
  if (!r.refused.empty()) return "refused: " + r.refused;
  if (r.error != 0) return "error " + std::to_string(r.error) + " (" + ::gai_strerror(r.error) + ")";
  for (const auto& e : r.entries) {
    out << "[" << e.family << " " << e.socktype << " " << e.protocol << " '" << e.canonname.value_or("") << "' ";
    for (int i = 0; i < (e.family == AF_INET ? 4 : 16); ++i) out << static_cast<int>(e.address.address[i]) << ".";
    out << " port " << e.address.port << " flow " << e.address.flowinfo << " scope " << e.address.scope_id << "] ";
  }
  return out.str();
}

std::optional<std::string> opt(const char* s) { return s == nullptr ? std::nullopt : std::optional<std::string>(s); }

// The order of several addresses is glibc's RFC 6724 sort, which depends
// on the machine's addresses and /etc/gai.conf: compare those as sets.
void sort_entries(netdb::AddrInfoResult& r) {
  std::sort(r.entries.begin(), r.entries.end(), [](const netdb::AddrInfo& a, const netdb::AddrInfo& b) {
    return std::tie(a.family, a.socktype, a.protocol, a.address.address) <
           std::tie(b.family, b.socktype, b.protocol, b.address.address);
  });
}

TEST(DifferentialTest, GetaddrinfoMatchesGlibcOnNumericInputs) {
  const Engine& ref = reference_engine(inet::Dialect::glibc);
  const Engine& libc = libc_engine();
  // Hosts: the inet_addr forms, IPv6 forms, decimal zones (never interface
  // names, which depend on the machine), and text that is not numeric.
  const char* hosts[] = {nullptr,     "127.0.0.1", "0.0.0.0",       "255.255.255.255", "127.1",
                         "1",         "0x7f.1",    "010.0.0.1",     "1.2.3.08",        "4294967295",
                         "4294967296", "1.2.3.4.", "1.2.3.4 ",      "1.2.3.256",       "::",
                         "::1",       "2001:DB8::1", "::ffff:1.2.3.4", "::1.2.3.4",     "fe80::1%1",
                         "fe80::1%4294967295", "fe80::1%4294967296", "fe80::1%", "1.2.3.4%1", "[::1]",
                         "",          "*",         "example.invalid", "1..2"};
  const char* services[] = {nullptr, "*", "0", "80", "65535", "65536", "70000", "-1", "", " 80", "+80", "080",
                            "0x50", "http", "4294967296", "4294967375", "2147483648", "99999999999999999999"};
  // Hints: every flag with a meaning for literals (not AI_ADDRCONFIG,
  // which asks the machine which families it has configured).
  const netdb::Hints hints[] = {
      {0, 0, 0, 0},
      {AF_INET, SOCK_STREAM, 0, 0},
      {AF_INET6, SOCK_DGRAM, 0, 0},
      {0, SOCK_RAW, 0, 0},
      {0, 0, IPPROTO_TCP, 0},
      {0, 0, IPPROTO_UDP, 0},
      {0, 0, IPPROTO_SCTP, 0},
      {0, 0, IPPROTO_UDPLITE, 0},
      {0, 0, 255, 0},
      {0, SOCK_SEQPACKET, 0, 0},
      {0, SOCK_STREAM, IPPROTO_UDP, 0},
      {0, 12345, 0, 0},
      {12345, 0, 0, 0},
      {AF_UNIX, 0, 0, 0},
      {0, SOCK_STREAM, 0, AI_PASSIVE},
      {0, SOCK_STREAM, 0, AI_CANONNAME},
      {0, 0, 0, AI_CANONNAME | AI_NUMERICHOST},
      {AF_INET6, SOCK_STREAM, 0, AI_V4MAPPED},
      {AF_INET6, SOCK_STREAM, 0, AI_V4MAPPED | AI_ALL},
      {AF_INET6, SOCK_STREAM, 0, AI_ALL},
      {AF_INET, SOCK_STREAM, 0, 0},
      {0, SOCK_STREAM, 0, AI_NUMERICSERV},
      {0, 0, 0, 0x40},  // glibc's AI_IDN
      {0, 0, 0, 0x10000},
      {0, 0, 0, -1},
  };
  int compared = 0;
  for (const char* h : hosts) {
    for (const char* s : services) {
      for (const auto& hint : hints) {
        // The libc engine adds AI_NUMERICHOST, so "example.invalid" and ""
        // are never looked up; without the caller's flag it refuses them.
        netdb::AddrInfoResult want = libc.getaddrinfo(opt(h), opt(s), hint);
        if (!want.refused.empty()) continue;
        netdb::AddrInfoResult got = ref.getaddrinfo(opt(h), opt(s), hint);
        if (h == nullptr) {
          sort_entries(want);
          sort_entries(got);
        }
        ++compared;
        EXPECT_EQ(show(got), show(want)) << "getaddrinfo(" << (h ? h : "NULL") << ", " << (s ? s : "NULL")
                                         << ", family " << hint.family << ", type " << hint.socktype << ", proto "
                                         << hint.protocol << ", flags " << hint.flags << ")";
      }
    }
  }
  EXPECT_GT(compared, 5000);
}

TEST(DifferentialTest, GetnameinfoMatchesGlibcOnNumericFlags) {
  const Engine& ref = reference_engine(inet::Dialect::glibc);
  const Engine& libc = libc_engine();
  std::vector<netdb::Endpoint> addresses;
  for (const char* text : {"127.0.0.1", "0.0.0.0", "255.255.255.255", "::", "::1", "2001:db8::1", "::ffff:1.2.3.4",
                           "::1.2.3.4", "fe80::1", "ff02::1", "1:2:3:4:5:6:7:8", "2001:db8:0:1::"}) {
    for (const std::uint16_t port : std::initializer_list<std::uint16_t>{0, 1, 80, 65535}) {
      // Zones: 0, and indexes no machine has (glibc names an existing
      // link-local interface, which the reference does not model).
      for (const std::uint32_t scope : {0U, 4000000000U, 4294967295U}) {
        auto e = netdb::parse_numeric_host(text).value();
        if (e.family == AF_INET && scope != 0) continue;
        e.port = port;
        e.scope_id = scope;
        e.flowinfo = scope == 0 ? 0 : 0xfffff;
        addresses.push_back(e);
      }
    }
  }
  const int N = NI_NUMERICHOST | NI_NUMERICSERV;
  const int flag_sets[] = {N, N | NI_NOFQDN, N | NI_DGRAM, N | NI_NAMEREQD, N | 0x20, N | 0x10000, -1};
  int compared = 0;
  for (const auto& a : addresses) {
    for (const int flags : flag_sets) {
      const auto want = libc.getnameinfo(a, flags);
      ASSERT_TRUE(want.refused.empty()) << want.refused;
      const auto got = ref.getnameinfo(a, flags);
      ++compared;
      EXPECT_EQ(got.error, want.error) << "flags " << flags << " port " << a.port << " scope " << a.scope_id;
      EXPECT_EQ(got.host, want.host) << "flags " << flags << " scope " << a.scope_id;
      EXPECT_EQ(got.service, want.service) << "flags " << flags;
    }
  }
  EXPECT_GT(compared, 500);
}

TEST(DifferentialTest, LibcEngineNeverLooksANameUp) {
  const Engine& libc = libc_engine();
  // A name without AI_NUMERICHOST, a service name without AI_NUMERICSERV,
  // and getnameinfo without NI_NUMERICHOST are refused, not answered.
  EXPECT_FALSE(libc.getaddrinfo(std::string("localhost"), std::string("80"), {}).refused.empty());
  EXPECT_FALSE(libc.getaddrinfo(std::string(""), std::nullopt, {0, 0, 0, AI_PASSIVE}).refused.empty());
  EXPECT_FALSE(libc.getaddrinfo(std::string("127.0.0.1"), std::string("http"), {}).refused.empty());
  netdb::Endpoint loopback = netdb::parse_numeric_host("127.0.0.1").value();
  EXPECT_FALSE(libc.getnameinfo(loopback, NI_NUMERICSERV).refused.empty());
  // With the caller's numeric flags the same names are plain errors.
  EXPECT_EQ(libc.getaddrinfo(std::string("localhost"), std::string("80"), {0, 0, 0, AI_NUMERICHOST}).error, EAI_NONAME);
  EXPECT_EQ(libc.getaddrinfo(std::string("127.0.0.1"), std::string("http"), {0, 0, 0, AI_NUMERICSERV}).error,
            EAI_NONAME);
  // A numeric "-1" is looked up in the services files, not refused.
  EXPECT_EQ(libc.getaddrinfo(std::string("127.0.0.1"), std::string("-1"), {}).error, EAI_SERVICE);
}

TEST(DifferentialTest, CmsgLayoutMatchesTheMacros) {
  const Engine& ref = reference_engine(inet::Dialect::posix);
  const Engine& libc = libc_engine();
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= 4096; ++n) lengths.push_back(n);
  for (const std::size_t n : {65535UL, 65536UL, 2147483623UL, 2147483624UL, 2147483631UL, 2147483632UL, 4294967279UL})
    lengths.push_back(n);
  for (const std::size_t n : lengths) {
    EXPECT_EQ(ref.cmsg_len(n), libc.cmsg_len(n)) << n;
    EXPECT_EQ(ref.cmsg_space(n), libc.cmsg_space(n)) << n;
  }
  static_assert(cmsg::kHeader == 16 || sizeof(void*) != 8, "LP64 Linux: sizeof(struct cmsghdr) is 16");
}

}  // namespace
}  // namespace sock::ops
