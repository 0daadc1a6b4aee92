// diff_glibc_inet_ntop: the reference's glibc dialect of inet_ntop against
// the C library's inet_ntop (GNU libc, which CPython's socket.inet_ntop
// calls on Linux). Input: up to 16 bytes, zero-padded to 16; the IPv6
// address is all 16, the IPv4 address the first 4.
//
// Invariant: for all bytes b,
//   format_ipv4(b[0:4]) equals inet_ntop(AF_INET, b[0:4]), and
//   format_ipv6(b, glibc) equals inet_ntop(AF_INET6, b),
// character for character.
//
// On a disagreement the report prints both texts and the input in hex,
// then aborts.
#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "impl/inet/ipv4_text.h"
#include "impl/inet/ipv6_text.h"

namespace {

// The largest address is 16 bytes; fuzz/diff_glibc_inet_ntop.options.
constexpr std::size_t kMaxLen = 16;

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
  char libc4[INET_ADDRSTRLEN];
  // inet_ntop fails only for a short buffer or an unknown family; a null
  // result is a finding too, reported as an empty text.
  const std::string_view libc4_text = inet_ntop(AF_INET, v4.data(), libc4, sizeof libc4) ? libc4 : "";
  if (!sockfuzz::same_text(ref4_text, libc4_text)) {
    sockfuzz::Failure("inet_ntop(AF_INET): the reference and the C library disagree", __FILE__, __LINE__)
        .text("reference format_ipv4", ref4_text)
        .text("C library inet_ntop", libc4_text)
        .spec_args("inet_ntop", "AF_INET", v4.data(), 4)
        .spec_outcome_text("reference-glibc", ref4_text)
        .spec_outcome_text("glibc", libc4_text)
        .fail();
  }

  char ref6[sock::inet::kIpv6TextMax];
  const std::string_view ref6_text(ref6, sock::inet::format_ipv6(v6, sock::inet::Dialect::glibc, ref6));
  char libc6[INET6_ADDRSTRLEN];
  const std::string_view libc6_text = inet_ntop(AF_INET6, v6.data(), libc6, sizeof libc6) ? libc6 : "";
  if (!sockfuzz::same_text(ref6_text, libc6_text)) {
    sockfuzz::Failure("inet_ntop(AF_INET6): the reference (glibc dialect) and the C library disagree", __FILE__,
                      __LINE__)
        .text("reference format_ipv6 (glibc)", ref6_text)
        .text("C library inet_ntop", libc6_text)
        .spec_args("inet_ntop", "AF_INET6", v6.data(), 16)
        .spec_outcome_text("reference-glibc", ref6_text)
        .spec_outcome_text("glibc", libc6_text)
        .fail();
  }
  return 0;
}
