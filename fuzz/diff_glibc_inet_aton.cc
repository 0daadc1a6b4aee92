// diff_glibc_inet_aton: the reference's glibc dialect of inet_aton against
// the C library's inet_aton (GNU libc, which CPython calls on Linux).
// Input: the text, as is.
//
// Invariant: for every text t, parse_inet_aton(t, glibc) and inet_aton(t)
// both accept t with the same bytes, or both reject it. The reference
// models a NUL byte as the end of the C string, so texts with a NUL are
// compared too: the C function sees the part before it.
//
// On a disagreement the report prints both results and the input in hex,
// then aborts.
#include <arpa/inet.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "fuzz_support.h"
#include "impl/inet/ipv4_text.h"

namespace {

// As fuzz/inet_aton.cc; fuzz/diff_glibc_inet_aton.options.
constexpr std::size_t kMaxLen = 64;

}  // namespace

// Glue only (fuzz_support.h, SOCKFUZZ_DRIVER): the coverage that guides is the callees'.
extern "C" SOCKFUZZ_DRIVER int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Oversized inputs are not interesting (see kMaxLen); skip, don't fail.
  if (size > kMaxLen) return 0;
  const sockfuzz::InputScope scope(data, size);
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  sock::inet::Ipv4Bytes reference{};
  const bool reference_ok = sock::inet::parse_inet_aton(text, sock::inet::Dialect::glibc, reference);

  const sockfuzz::CText<kMaxLen> c_text(data, size);
  in_addr address{};
  const bool libc_ok = inet_aton(c_text.c_str(), &address) != 0;
  sock::inet::Ipv4Bytes libc{};
  if (libc_ok) std::memcpy(libc.data(), &address.s_addr, 4);  // network byte order

  if (reference_ok != libc_ok || (libc_ok && !sockfuzz::same(reference, libc))) {
    sockfuzz::Failure("inet_aton: the reference (glibc dialect) and the C library disagree", __FILE__, __LINE__)
        .parsed("reference (glibc dialect)", reference_ok, reference.data(), 4)
        .parsed("C library inet_aton", libc_ok, libc.data(), 4)
        .spec_args("inet_aton", "-", data, size)
        .spec_outcome_bytes("reference-glibc", reference_ok, reference.data(), 4)
        .spec_outcome_bytes("glibc", libc_ok, libc.data(), 4)
        .fail();
  }
  return 0;
}
