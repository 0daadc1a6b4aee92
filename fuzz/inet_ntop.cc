// inet_ntop: the reference's format_ipv4 and format_ipv6 over every packed
// address. Input: up to 16 bytes, zero-padded to 16; the IPv6 address is
// all 16, the IPv4 address the first 4.
//
// Invariants, for all bytes b:
//
//  1. IPv4: format_ipv4(b) is at most 15 characters, parse_ipv4_dotted
//     reads it back as b, and so does inet_aton (posix dialect; that glibc
//     accepts whatever posix does is fuzz/inet_aton.cc's invariant).
//  2. IPv6, for each dialect: format_ipv6(b) is at most 45 characters
//     (INET6_ADDRSTRLEN less the NUL), uses only 0-9, a-f, ':' and '.', has
//     at most one "::", and parse_ipv6 reads it back as b.
//  3. The canonical text is a fixed point: formatting what it parses to
//     prints it again. This follows from 2 (it parses to b) and format_ipv6
//     being a function of its bytes, so 2 checks it.
//  4. The dialects print the same text unless the first 96 bits are zero
//     (dialect.h: only IPv4-compatible addresses print differently).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "impl/inet/ipv4_text.h"
#include "impl/inet/ipv6_text.h"
#include "ipv6_text_checks.h"
#include "uninstrumented_inet.h"

namespace {

using sock::inet::Dialect;
using sock::inet::Ipv4Bytes;
using sock::inet::Ipv6Bytes;
// The conversions the checks call, without coverage (uninstrumented_inet.h).
namespace checked_by = sockfuzz::uninstrumented;

// The largest address is 16 bytes; fuzz/inet_ntop.options.
constexpr std::size_t kMaxLen = 16;

// Invariant 2 for one dialect's text of v6. Glue, like the driver: its
// branches only check, and it parses back with the uninstrumented copy.
SOCKFUZZ_DRIVER void check_round_trip(Dialect dialect, std::string_view printed, const Ipv6Bytes& v6) {
  SOCKFUZZ_CHECK_WITH(sockfuzz::canonical_ipv6_shape(printed),
                      .text("dialect", sock::inet::name(dialect)).text("format_ipv6", printed));
  Ipv6Bytes again{};
  const bool ok = checked_by::parse_ipv6(printed, again);
  SOCKFUZZ_CHECK_WITH(ok && sockfuzz::same(again, v6),
                      .text("dialect", sock::inet::name(dialect))
                          .bytes("address", v6.data(), 16)
                          .text("format_ipv6", printed)
                          .parsed("parse_ipv6 of that", ok, again.data(), 16)
                          .spec_args("inet_ntop", "AF_INET6", v6.data(), 16)
                          .spec_outcome_text(dialect == Dialect::posix ? "reference-posix" : "reference-glibc",
                                             printed));
}

}  // namespace

// Glue only (fuzz_support.h, SOCKFUZZ_DRIVER): the coverage that guides is the callees'.
extern "C" SOCKFUZZ_DRIVER int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Oversized inputs are not interesting (see kMaxLen); skip, don't fail.
  if (size > kMaxLen) return 0;
  const sockfuzz::InputScope scope(data, size);
  Ipv6Bytes v6{};
  std::copy(data, data + size, v6.begin());
  Ipv4Bytes v4{};
  std::copy(v6.begin(), v6.begin() + 4, v4.begin());

  // 1
  char text4[sock::inet::kIpv4TextMax];
  const std::string_view printed4(text4, sock::inet::format_ipv4(v4, text4));
  Ipv4Bytes dotted{}, posix{};
  const bool dotted_ok = checked_by::parse_ipv4_dotted(printed4, dotted);
  const bool posix_ok = checked_by::parse_inet_aton(printed4, Dialect::posix, posix);
  SOCKFUZZ_CHECK_WITH(printed4.size() <= 15 && dotted_ok && sockfuzz::same(dotted, v4) && posix_ok &&
                          sockfuzz::same(posix, v4),
                      .bytes("address", v4.data(), 4)
                          .text("format_ipv4", printed4)
                          .parsed("parse_ipv4_dotted", dotted_ok, dotted.data(), 4)
                          .parsed("parse_inet_aton (posix)", posix_ok, posix.data(), 4));

  // 2, and with it 3. When the dialects print the same text (always, by 4,
  // unless the first 96 bits are zero), one check of it serves both:
  // parse_ipv6 is a function of the text.
  char text_posix[sock::inet::kIpv6TextMax];
  char text_glibc[sock::inet::kIpv6TextMax];
  const std::string_view printed_posix(text_posix, sock::inet::format_ipv6(v6, Dialect::posix, text_posix));
  const std::string_view printed_glibc(text_glibc, sock::inet::format_ipv6(v6, Dialect::glibc, text_glibc));
  const bool same_texts = sockfuzz::same_text(printed_posix, printed_glibc);
  check_round_trip(Dialect::posix, printed_posix, v6);
  if (!same_texts) check_round_trip(Dialect::glibc, printed_glibc, v6);

  // 4
  if (!sockfuzz::first_96_bits_zero(v6)) {
    SOCKFUZZ_CHECK_WITH(same_texts, .bytes("address", v6.data(), 16)
                                        .text("posix", printed_posix)
                                        .text("glibc", printed_glibc));
  }
  return 0;
}
