// inet_pton6: the reference's parse_ipv6 (inet_pton(AF_INET6)) and
// format_ipv6 (inet_ntop(AF_INET6)). Input: the text, as is.
//
// Invariants, for every text t that parse_ipv6 accepts, giving bytes b:
//
//  1. Hex digits are case-insensitive (RFC 4291 section 2.2): t in upper
//     case and t in lower case are accepted too, giving b.
//  2. For each dialect, format_ipv6(b) is at most 45 characters (fits
//     INET6_ADDRSTRLEN), uses only 0-9, a-f, ':' and '.', has at most one
//     "::", and parses back to b: formatted text round-trips.
//  3. Canonicalising is idempotent: with c(t) = format_ipv6(parse_ipv6(t)),
//     c(c(t)) == c(t), in each dialect. This follows from 2 (parse_ipv6 of
//     format_ipv6(b) is b) and format_ipv6 being a function of its bytes,
//     so it is checked through 2 rather than by formatting a third time.
//  4. The dialects print the same text unless the first 96 bits are zero
//     (dialect.h: glibc differs only in printing IPv4-compatible ::a.b.c.d).
//  5. t is at most 45 bytes: no longer text spells an address.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "impl/inet/ipv6_text.h"
#include "ipv6_text_checks.h"
#include "uninstrumented_inet.h"

namespace {

using sock::inet::Dialect;
using sock::inet::Ipv6Bytes;
// The conversions the checks call, without coverage (uninstrumented_inet.h).
namespace checked_by = sockfuzz::uninstrumented;

// The longest valid text is 45 bytes; the rest is room for near misses.
constexpr std::size_t kMaxLen = 64;

// Rewrites the letters a-f / A-F of `text` into `out` in one case; true
// when that changed a letter (otherwise the text is the same text, which
// parse_ipv6, a function of the text, has parsed already).
SOCKFUZZ_CHECKER bool recase(std::string_view text, bool upper, char* out) {
  bool changed = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (upper && c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
    if (!upper && c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    changed |= c != text[i];
    out[i] = c;
  }
  return changed;
}

// Invariant 2 for one dialect's text of b (parsed from t). Glue, like the
// driver: its branches only check, and it parses back with the
// uninstrumented copy.
SOCKFUZZ_DRIVER void check_round_trip(Dialect dialect, std::string_view printed, std::string_view t,
                                      const Ipv6Bytes& parsed) {
  SOCKFUZZ_CHECK_WITH(sockfuzz::canonical_ipv6_shape(printed),
                      .text("dialect", sock::inet::name(dialect)).text("format_ipv6", printed));
  if (sockfuzz::same_text(printed, t)) return;  // t itself: parsed to b already
  Ipv6Bytes again{};
  const bool ok = checked_by::parse_ipv6(printed, again);
  SOCKFUZZ_CHECK_WITH(ok && sockfuzz::same(again, parsed), .text("dialect", sock::inet::name(dialect))
                                                               .bytes("parsed", parsed.data(), 16)
                                                               .text("format_ipv6", printed)
                                                               .parsed("parse_ipv6 of that", ok, again.data(), 16));
}

}  // namespace

// Glue only (fuzz_support.h, SOCKFUZZ_DRIVER): the coverage that guides is the callees'.
extern "C" SOCKFUZZ_DRIVER int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Oversized inputs are not interesting (see kMaxLen); skip, don't fail.
  if (size > kMaxLen) return 0;
  const sockfuzz::InputScope scope(data, size);
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  Ipv6Bytes parsed{};
  // Rejected: nothing to check here (fuzz/diff_glibc_inet_pton.cc checks
  // rejections against the C library).
  if (!sock::inet::parse_ipv6(text, parsed)) return 0;

  // 5
  SOCKFUZZ_CHECK(size <= 45);

  // 1: only a re-cased text that differs from t needs parsing again.
  for (const bool upper : {false, true}) {
    char buffer[kMaxLen];
    if (!recase(text, upper, buffer)) continue;
    const std::string_view cased(buffer, size);
    Ipv6Bytes again{};
    const bool ok = checked_by::parse_ipv6(cased, again);
    SOCKFUZZ_CHECK_WITH(ok && sockfuzz::same(again, parsed), .text("re-cased", cased)
                                                   .parsed("original", true, parsed.data(), 16)
                                                   .parsed("re-cased", ok, again.data(), 16));
  }

  // 2, and with it 3. When the dialects print the same text (always, by 4,
  // unless the first 96 bits are zero), one check of it serves both; and a
  // text equal to t is known to parse to b.
  char text_posix[sock::inet::kIpv6TextMax];
  char text_glibc[sock::inet::kIpv6TextMax];
  const std::string_view printed_posix(text_posix, checked_by::format_ipv6(parsed, Dialect::posix, text_posix));
  const std::string_view printed_glibc(text_glibc, checked_by::format_ipv6(parsed, Dialect::glibc, text_glibc));
  const bool same_texts = sockfuzz::same_text(printed_posix, printed_glibc);
  check_round_trip(Dialect::posix, printed_posix, text, parsed);
  if (!same_texts) check_round_trip(Dialect::glibc, printed_glibc, text, parsed);

  // 4
  if (!sockfuzz::first_96_bits_zero(parsed)) {
    SOCKFUZZ_CHECK_WITH(same_texts, .bytes("parsed", parsed.data(), 16)
                                        .text("posix", printed_posix)
                                        .text("glibc", printed_glibc));
  }
  return 0;
}
