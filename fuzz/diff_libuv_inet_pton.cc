// diff_libuv_inet_pton: the reference's inet_pton against libuv's
// uv_inet_pton (its own parser, derived from BIND's; Debian libuv1-dev).
// Input: the text, as is, tried as both families.
//
// Invariant: for every text t without a NUL byte,
//   parse_ipv4_dotted(t) and uv_inet_pton(AF_INET, t) agree (both accept
//   with the same bytes, or both reject);
//   parse_ipv6(t) and uv_inet_pton(AF_INET6, t) agree, except as allowed
//   below.
//
// Allowed difference (not a failure): zone ids. uv_inet_pton(AF_INET6)
// cuts the text at its first '%' and parses what precedes it, dropping the
// zone ("fe80::1%eth0", RFC 4007 section 11); inet_pton, and with it the
// reference and Python's socket.inet_pton on glibc, takes no zone id. The
// spec files this under "exactly what is valid depends on ... the
// underlying implementation of inet_pton" (spec/README.md: implementation
// defined). So for a text with a '%', libuv must accept exactly when the
// reference accepts the part before the first '%', with the same bytes.
//
// On any other disagreement the report prints every result and the input
// in hex, then aborts.
#include <sys/socket.h>
#include <uv.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "fuzz_support.h"
#include "impl/inet/ipv4_text.h"
#include "impl/inet/ipv6_text.h"

namespace {

// As fuzz/diff_glibc_inet_pton.cc; fuzz/diff_libuv_inet_pton.options.
constexpr std::size_t kMaxLen = 64;

}  // namespace

// Glue only (fuzz_support.h, SOCKFUZZ_DRIVER): the coverage that guides is the callees'.
extern "C" SOCKFUZZ_DRIVER int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Oversized inputs are not interesting (see kMaxLen); skip, don't fail.
  if (size > kMaxLen) return 0;
  // A NUL never reaches inet_pton from Python (ValueError first), and libuv
  // takes a C string that would end there: nothing to compare.
  if (sockfuzz::has_nul(data, size)) return 0;
  const sockfuzz::InputScope scope(data, size);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const sockfuzz::CText<kMaxLen> c_text(data, size);

  sock::inet::Ipv4Bytes ref4{}, uv4{};
  const bool ref4_ok = sock::inet::parse_ipv4_dotted(text, ref4);
  const bool uv4_ok = uv_inet_pton(AF_INET, c_text.c_str(), uv4.data()) == 0;
  if (ref4_ok != uv4_ok || (ref4_ok && !sockfuzz::same(ref4, uv4))) {
    sockfuzz::Failure("inet_pton(AF_INET): the reference and libuv uv_inet_pton disagree", __FILE__, __LINE__)
        .parsed("reference parse_ipv4_dotted", ref4_ok, ref4.data(), 4)
        .parsed("libuv uv_inet_pton", uv4_ok, uv4.data(), 4)
        .spec_args("inet_pton", "AF_INET", data, size)
        .spec_outcome_bytes("reference", ref4_ok, ref4.data(), 4)
        .spec_outcome_bytes("libuv", uv4_ok, uv4.data(), 4)
        .fail();
  }

  sock::inet::Ipv6Bytes ref6{}, uv6{};
  const bool ref6_ok = sock::inet::parse_ipv6(text, ref6);
  const bool uv6_ok = uv_inet_pton(AF_INET6, c_text.c_str(), uv6.data()) == 0;

  // The allowed difference: compare libuv with the reference on the part
  // before the zone id.
  const std::size_t percent = text.find('%');
  const std::string_view address_part = text.substr(0, percent);
  sock::inet::Ipv6Bytes ref_part = ref6;
  const bool ref_part_ok = percent == text.npos ? ref6_ok : sock::inet::parse_ipv6(address_part, ref_part);

  if (ref_part_ok != uv6_ok || (uv6_ok && !sockfuzz::same(ref_part, uv6))) {
    sockfuzz::Failure("inet_pton(AF_INET6): the reference and libuv uv_inet_pton disagree", __FILE__, __LINE__)
        .parsed("reference parse_ipv6", ref6_ok, ref6.data(), 16)
        .text("text before the first '%'", address_part)
        .parsed("reference parse_ipv6 on that", ref_part_ok, ref_part.data(), 16)
        .parsed("libuv uv_inet_pton", uv6_ok, uv6.data(), 16)
        .spec_args("inet_pton", "AF_INET6", data, size)
        .spec_outcome_bytes("reference", ref6_ok, ref6.data(), 16)
        .spec_outcome_bytes("libuv", uv6_ok, uv6.data(), 16)
        .fail();
  }
  return 0;
}
