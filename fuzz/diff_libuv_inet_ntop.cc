// diff_libuv_inet_ntop: the reference's glibc dialect of inet_ntop against
// libuv's uv_inet_ntop (its own formatter, derived from BIND's). Input: up
// to 16 bytes, zero-padded to 16; the IPv6 address is all 16, the IPv4
// address the first 4.
//
// Invariant: for all bytes b,
//   format_ipv4(b[0:4]) equals uv_inet_ntop(AF_INET, b[0:4]), and
//   format_ipv6(b, glibc) equals uv_inet_ntop(AF_INET6, b), except as
//   allowed below, character for character.
//
// Allowed difference (not a failure): libuv's current source (src/inet.c,
// from BIND) prints the IPv4-compatible form "::a.b.c.d" for every address
// whose first seven groups are zero and whose last group is neither 0 nor
// 1 ("::0.0.0.2" where glibc and the reference print "::2"); the libuv 1.44
// Debian 12 ships prints "::2" as glibc does. Both are RFC 4291 section 2.2
// texts for the same address, and the spec already treats the choice
// between hex and mixed notation for IPv4-compatible addresses as a
// dialect (the posix and glibc dialects of inet_ntop; spec/README.md:
// implementation defined). For those addresses libuv must print either the
// reference's text or exactly "::" followed by the dotted quad of the last
// four bytes, and what it prints must parse back to b.
//
// On any other disagreement the report prints both texts and the input in
// hex, then aborts.
#include <sys/socket.h>
#include <uv.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "impl/inet/ipv4_text.h"
#include "impl/inet/ipv6_text.h"

namespace {

// The largest address is 16 bytes; fuzz/diff_libuv_inet_ntop.options.
constexpr std::size_t kMaxLen = 16;

// First seven groups zero, last group not 0 and not 1: where BIND's rule
// and glibc's part ways.
bool bind_prints_mixed_where_glibc_does_not(const sock::inet::Ipv6Bytes& b) {
  const bool first_seven_zero = std::all_of(b.begin(), b.begin() + 14, [](std::uint8_t x) { return x == 0; });
  const unsigned last = static_cast<unsigned>(b[14] << 8 | b[15]);
  return first_seven_zero && last > 1;
}

}  // namespace

// Glue only (fuzz_support.h, SOCKFUZZ_DRIVER): the coverage that guides is the callees'.
extern "C" SOCKFUZZ_DRIVER int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Oversized inputs are not interesting (see kMaxLen); skip, don't fail.
  if (size > kMaxLen) return 0;
  const sockfuzz::InputScope scope(data, size);
  sock::inet::Ipv6Bytes v6{};
  std::copy(data, data + size, v6.begin());
  sock::inet::Ipv4Bytes v4{};
  std::copy(v6.begin(), v6.begin() + 4, v4.begin());

  char ref4[sock::inet::kIpv4TextMax];
  const std::string_view ref4_text(ref4, sock::inet::format_ipv4(v4, ref4));
  char uv4[16];
  // A nonzero result (no space) is a finding too, reported as empty text.
  const std::string_view uv4_text = uv_inet_ntop(AF_INET, v4.data(), uv4, sizeof uv4) == 0 ? uv4 : "";
  if (!sockfuzz::same_text(ref4_text, uv4_text)) {
    sockfuzz::Failure("inet_ntop(AF_INET): the reference and libuv uv_inet_ntop disagree", __FILE__, __LINE__)
        .text("reference format_ipv4", ref4_text)
        .text("libuv uv_inet_ntop", uv4_text)
        .spec_args("inet_ntop", "AF_INET", v4.data(), 4)
        .spec_outcome_text("reference-glibc", ref4_text)
        .spec_outcome_text("libuv", uv4_text)
        .fail();
  }

  char ref6[sock::inet::kIpv6TextMax];
  const std::string_view ref6_text(ref6, sock::inet::format_ipv6(v6, sock::inet::Dialect::glibc, ref6));
  char uv6[46];
  const std::string_view uv6_text = uv_inet_ntop(AF_INET6, v6.data(), uv6, sizeof uv6) == 0 ? uv6 : "";

  if (bind_prints_mixed_where_glibc_does_not(v6)) {
    // The allowed difference: glibc's text, or "::" and the dotted quad;
    // either way reading back as b.
    char quad[sock::inet::kIpv4TextMax];
    const sock::inet::Ipv4Bytes tail = {v6[12], v6[13], v6[14], v6[15]};
    const std::string expected = "::" + std::string(quad, sock::inet::format_ipv4(tail, quad));
    sock::inet::Ipv6Bytes again{};
    const bool again_ok = sock::inet::parse_ipv6(uv6_text, again);
    if ((!sockfuzz::same_text(uv6_text, ref6_text) && !sockfuzz::same_text(uv6_text, expected)) || !again_ok ||
        !sockfuzz::same(again, v6)) {
      sockfuzz::Failure("inet_ntop(AF_INET6): libuv's text for an IPv4-compatible address is neither allowed form",
                        __FILE__, __LINE__)
          .text("reference format_ipv6 (glibc)", ref6_text)
          .text("libuv uv_inet_ntop", uv6_text)
          .text("allowed besides the reference's", expected)
          .parsed("reference parse_ipv6 of libuv's text", again_ok, again.data(), 16)
          .spec_args("inet_ntop", "AF_INET6", v6.data(), 16)
          .spec_outcome_text("reference-glibc", ref6_text)
          .spec_outcome_text("libuv", uv6_text)
          .fail();
    }
    return 0;
  }
  if (!sockfuzz::same_text(ref6_text, uv6_text)) {
    sockfuzz::Failure("inet_ntop(AF_INET6): the reference (glibc dialect) and libuv uv_inet_ntop disagree", __FILE__,
                      __LINE__)
        .text("reference format_ipv6 (glibc)", ref6_text)
        .text("libuv uv_inet_ntop", uv6_text)
        .spec_args("inet_ntop", "AF_INET6", v6.data(), 16)
        .spec_outcome_text("reference-glibc", ref6_text)
        .spec_outcome_text("libuv", uv6_text)
        .fail();
  }
  return 0;
}
