// inet_pton4: the reference's parse_ipv4_dotted (inet_pton(AF_INET)) and
// format_ipv4 (inet_ntop(AF_INET)). Input: the text, as is.
//
// Invariants, for every text t:
//
//  1. parse_ipv4_dotted accepts t exactly when t is four decimal numbers
//     of one to three digits, each at most 255 and without a leading zero,
//     separated by three dots; checked against the deliberately plain
//     oracle below (POSIX inet_pton: "ddd.ddd.ddd.ddd").
//  2. An accepted text is canonical: format_ipv4 of its bytes prints t
//     again, character for character (each address has one such text), so
//     format -> parse gives the same bytes.
//  3. An accepted text is also inet_aton text for the same bytes (posix
//     dialect).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "impl/inet/ipv4_text.h"
#include "uninstrumented_inet.h"

namespace {

using sock::inet::Dialect;
using sock::inet::Ipv4Bytes;
// The conversions the checks call, without coverage (uninstrumented_inet.h).
namespace checked_by = sockfuzz::uninstrumented;

// "255.255.255.255" is 15 bytes; the rest is room for near misses.
constexpr std::size_t kMaxLen = 32;

// The oracle for invariant 1: split at dots, then look at each part. Slow
// and obvious on purpose.
SOCKFUZZ_ORACLE bool oracle_dotted(std::string_view text, Ipv4Bytes& out) {
  Ipv4Bytes bytes{};
  int part = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    const std::string_view digits = text.substr(start, dot == text.npos ? text.npos : dot - start);
    if (part == 4 || digits.empty() || digits.size() > 3) return false;
    if (digits.size() > 1 && digits[0] == '0') return false;
    unsigned value = 0;
    for (const char c : digits) {
      if (c < '0' || c > '9') return false;
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value > 255) return false;
    bytes[part++] = static_cast<std::uint8_t>(value);
    if (dot == text.npos) break;
    start = dot + 1;
  }
  if (part != 4) return false;
  out = bytes;
  return true;
}

}  // namespace

// Glue only (fuzz_support.h, SOCKFUZZ_DRIVER): the coverage that guides is the callees'.
extern "C" SOCKFUZZ_DRIVER int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Oversized inputs are not interesting (see kMaxLen); skip, don't fail.
  if (size > kMaxLen) return 0;
  const sockfuzz::InputScope scope(data, size);
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  Ipv4Bytes parsed{}, expected{};
  const bool ok = sock::inet::parse_ipv4_dotted(text, parsed);
  const bool oracle_ok = oracle_dotted(text, expected);
  // 1
  SOCKFUZZ_CHECK_WITH(ok == oracle_ok && (!ok || sockfuzz::same(parsed, expected)),
                      .parsed("parse_ipv4_dotted", ok, parsed.data(), 4)
                          .parsed("oracle", oracle_ok, expected.data(), 4)
                          .spec_args("inet_pton", "AF_INET", data, size)
                          .spec_outcome_bytes("reference", ok, parsed.data(), 4));
  // Rejected, rightly (the oracle agrees): nothing more to check.
  if (!ok) return 0;

  // 2
  char formatted[sock::inet::kIpv4TextMax];
  const std::string_view printed(formatted, checked_by::format_ipv4(parsed, formatted));
  SOCKFUZZ_CHECK_WITH(sockfuzz::same_text(printed, text), .bytes("parsed", parsed.data(), 4).text("format_ipv4", printed));

  // 3
  Ipv4Bytes aton{};
  const bool aton_ok = checked_by::parse_inet_aton(text, Dialect::posix, aton);
  SOCKFUZZ_CHECK_WITH(aton_ok && sockfuzz::same(aton, parsed), .parsed("parse_ipv4_dotted", ok, parsed.data(), 4)
                                                     .parsed("parse_inet_aton (posix)", aton_ok, aton.data(), 4));
  return 0;
}
