// diff_glibc_inet_pton: the reference's inet_pton against the C library's
// (GNU libc, which CPython's socket.inet_pton calls on Linux), for both
// families. Input: the text, as is; every input is tried as AF_INET and as
// AF_INET6, so one corpus serves both.
//
// Invariant: for every text t without a NUL byte,
//   parse_ipv4_dotted(t) and inet_pton(AF_INET, t) agree, and
//   parse_ipv6(t) and inet_pton(AF_INET6, t) agree:
// both accept with the same bytes, or both reject.
//
// On a disagreement the report prints both results and the input in hex,
// then aborts.
#include <arpa/inet.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "impl/inet/ipv4_text.h"
#include "impl/inet/ipv6_text.h"

namespace {

// Room for the longest IPv6 text (45) and near misses; the .options agree.
constexpr std::size_t kMaxLen = 64;

}  // namespace

// Glue only (fuzz_support.h, SOCKFUZZ_DRIVER): the coverage that guides is the callees'.
extern "C" SOCKFUZZ_DRIVER int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Oversized inputs are not interesting (see kMaxLen); skip, don't fail.
  if (size > kMaxLen) return 0;
  // A NUL never reaches inet_pton from Python (ValueError first), and the C
  // function cannot see past one: nothing to compare.
  if (sockfuzz::has_nul(data, size)) return 0;
  const sockfuzz::InputScope scope(data, size);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const sockfuzz::CText<kMaxLen> c_text(data, size);

  sock::inet::Ipv4Bytes ref4{}, libc4{};
  const bool ref4_ok = sock::inet::parse_ipv4_dotted(text, ref4);
  const bool libc4_ok = inet_pton(AF_INET, c_text.c_str(), libc4.data()) == 1;
  if (ref4_ok != libc4_ok || (ref4_ok && !sockfuzz::same(ref4, libc4))) {
    sockfuzz::Failure("inet_pton(AF_INET): the reference and the C library disagree", __FILE__, __LINE__)
        .parsed("reference parse_ipv4_dotted", ref4_ok, ref4.data(), 4)
        .parsed("C library inet_pton", libc4_ok, libc4.data(), 4)
        .spec_args("inet_pton", "AF_INET", data, size)
        .spec_outcome_bytes("reference", ref4_ok, ref4.data(), 4)
        .spec_outcome_bytes("glibc", libc4_ok, libc4.data(), 4)
        .fail();
  }

  sock::inet::Ipv6Bytes ref6{}, libc6{};
  const bool ref6_ok = sock::inet::parse_ipv6(text, ref6);
  const bool libc6_ok = inet_pton(AF_INET6, c_text.c_str(), libc6.data()) == 1;
  if (ref6_ok != libc6_ok || (ref6_ok && !sockfuzz::same(ref6, libc6))) {
    sockfuzz::Failure("inet_pton(AF_INET6): the reference and the C library disagree", __FILE__, __LINE__)
        .parsed("reference parse_ipv6", ref6_ok, ref6.data(), 16)
        .parsed("C library inet_pton", libc6_ok, libc6.data(), 16)
        .spec_args("inet_pton", "AF_INET6", data, size)
        .spec_outcome_bytes("reference", ref6_ok, ref6.data(), 16)
        .spec_outcome_bytes("glibc", libc6_ok, libc6.data(), 16)
        .fail();
  }
  return 0;
}
