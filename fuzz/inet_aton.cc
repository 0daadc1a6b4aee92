// inet_aton: the reference's parse_inet_aton, in both dialects, against
// itself and against parse_ipv4_dotted. Input: the text, as is.
//
// Invariants, for every text t:
//
//  1. The dialects differ only in what may follow the address. glibc
//     accepts t exactly when posix accepts the part of t before its first
//     C whitespace byte or NUL, and then with the same bytes (dialect.h:
//     glibc "ignores anything after the first ASCII whitespace that follows
//     the address"; and a C string ends at its NUL, so the C function never
//     sees past one). In particular: posix accepts t => glibc accepts t with
//     the same bytes.
//  2. Every text inet_pton(AF_INET) accepts is an inet_aton text for the
//     same address (the dotted quad is inet(3)'s "a.b.c.d" form with
//     decimal parts), in both dialects.
//  3. Conversely, a text posix inet_aton accepts that is four decimal
//     parts without leading zeros (nothing octal or hex about it) is one
//     parse_ipv4_dotted accepts, with the same bytes.
//  4. The dotted quad format_ipv4 prints for accepted bytes is inet_aton
//     text for the same bytes.
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

// Longer texts add nothing but runs of digits or junk after whitespace;
// fuzz/inet_aton.options says the same.
constexpr std::size_t kMaxLen = 64;

// Where the glibc dialect's address part of `text` ends: at its first C
// whitespace byte (isspace() in the "C" locale, where a C program starts)
// or NUL, else at its end. One call per input, not one per byte: an oracle
// stays instrumented (its branches guide), but a call per byte cost more
// than both parses together.
SOCKFUZZ_ORACLE std::size_t address_end(std::string_view text) {
  std::size_t end = 0;
  while (end < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[end]);
    if (c == 0 || c == ' ' || (c >= '\t' && c <= '\r')) break;
    ++end;
  }
  return end;
}

// True when `text` is four nonempty runs of decimal digits separated by
// dots, none longer than one digit that starts with '0'.
SOCKFUZZ_ORACLE bool is_plain_decimal_quad(std::string_view text) {
  int parts = 0;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = text.find('.', start);
    const std::string_view part = text.substr(start, dot == std::string_view::npos ? text.npos : dot - start);
    if (part.empty() || (part.size() > 1 && part[0] == '0')) return false;
    for (const char c : part) {
      if (c < '0' || c > '9') return false;
    }
    ++parts;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts == 4;
}

}  // namespace

// Glue only (fuzz_support.h, SOCKFUZZ_DRIVER): the coverage that guides is the callees'.
extern "C" SOCKFUZZ_DRIVER int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Oversized inputs are not interesting (see kMaxLen); skip, don't fail.
  if (size > kMaxLen) return 0;
  const sockfuzz::InputScope scope(data, size);
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  Ipv4Bytes posix{}, glibc{};
  const bool posix_ok = sock::inet::parse_inet_aton(text, Dialect::posix, posix);
  const bool glibc_ok = sock::inet::parse_inet_aton(text, Dialect::glibc, glibc);

  // 1: the address ends at the first C whitespace or NUL in the glibc
  // dialect; posix sees that prefix only.
  const std::size_t end = address_end(text);
  // Without whitespace or NUL the prefix is the text: no second parse.
  Ipv4Bytes prefix = posix;
  const bool prefix_ok =
      end == size ? posix_ok : checked_by::parse_inet_aton(text.substr(0, end), Dialect::posix, prefix);
  SOCKFUZZ_CHECK_WITH(glibc_ok == prefix_ok && (!glibc_ok || sockfuzz::same(glibc, prefix)),
                      .parsed("glibc dialect", glibc_ok, glibc.data(), 4)
                          .text("address part", text.substr(0, end))
                          .parsed("posix dialect on the address part", prefix_ok, prefix.data(), 4));
  if (posix_ok) {
    SOCKFUZZ_CHECK_WITH(glibc_ok && sockfuzz::same(glibc, posix), .parsed("posix dialect", posix_ok, posix.data(), 4)
                                                         .parsed("glibc dialect", glibc_ok, glibc.data(), 4));
  }

  // 2: a dotted quad is an inet_aton text.
  Ipv4Bytes dotted{};
  const bool dotted_ok = checked_by::parse_ipv4_dotted(text, dotted);
  if (dotted_ok) {
    SOCKFUZZ_CHECK_WITH(posix_ok && sockfuzz::same(posix, dotted), .parsed("parse_ipv4_dotted", dotted_ok, dotted.data(), 4)
                                                         .parsed("posix dialect", posix_ok, posix.data(), 4));
  }

  // Rejected in both dialects: nothing more to check.
  if (!glibc_ok) return 0;

  // 3: plain decimal quads mean the same to both parsers.
  if (posix_ok && is_plain_decimal_quad(text)) {
    SOCKFUZZ_CHECK_WITH(dotted_ok && sockfuzz::same(dotted, posix), .parsed("posix dialect", posix_ok, posix.data(), 4)
                                                          .parsed("parse_ipv4_dotted", dotted_ok, dotted.data(), 4));
  }

  // 4: what format_ipv4 prints reads back as the same address.
  char formatted[sock::inet::kIpv4TextMax];
  const std::size_t length = checked_by::format_ipv4(glibc, formatted);
  const std::string_view printed(formatted, length);
  Ipv4Bytes again{};
  const bool again_ok = checked_by::parse_inet_aton(printed, Dialect::posix, again);
  SOCKFUZZ_CHECK_WITH(length <= 15 && again_ok && sockfuzz::same(again, glibc),
                      .parsed("glibc dialect", glibc_ok, glibc.data(), 4)
                          .text("format_ipv4", printed)
                          .parsed("posix dialect on that", again_ok, again.data(), 4));
  return 0;
}
