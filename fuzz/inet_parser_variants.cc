// inet_parser_variants: the two implementations behind each reference
// parser (impl/inet/parser_variants.h: a plain scalar loop, and an SSE2
// one that the public functions use on x86-64) against each other.
// Input: the text, as is.
//
// Invariants, for every text t:
//
//  1. parse_aton_scalar(t, d) and parse_aton_sse2(t, d) agree, for both
//     dialects d; parse_dotted_scalar(t) and parse_dotted_sse2(t) agree;
//     parse_ipv6_scalar(t) and parse_ipv6_sse2(t) agree: both accept with
//     the same bytes, or both reject. (The scalar loops are "the readable
//     statement of the rules"; the SSE2 ones classify 16 bytes at a time
//     with overlapping loads, where an off-by-one hides easily. The other
//     targets only ever reach the SSE2 ones through the public functions.)
//  2. Every variant leaves `out` untouched when it rejects (the headers:
//     "`out` is written only on success").
//
// Without SSE2 there is one implementation per grammar; the target then
// checks only 2.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "fuzz_support.h"
#include "impl/inet/parser_variants.h"

namespace {

using sock::inet::Dialect;
using sock::inet::Ipv4Bytes;
using sock::inet::Ipv6Bytes;

// The SSE2 parsers read 16 and 48 bytes at a time and hand longer aton
// text to the scalar loop: 64 covers all three; the .options agree.
constexpr std::size_t kMaxLen = 64;

// A value no successful parse of these inputs needs to produce, to tell
// "untouched" from "written": every byte 0xa5.
template <std::size_t N>
std::array<std::uint8_t, N> sentinel() {
  std::array<std::uint8_t, N> bytes;
  bytes.fill(0xa5);
  return bytes;
}

// Runs `parse` with `out` preset to the sentinel; checks invariant 2.
template <std::size_t N, typename Parse>
bool run(const char* name, Parse parse, std::array<std::uint8_t, N>& out) {
  out = sentinel<N>();
  const bool ok = parse(out);
  SOCKFUZZ_CHECK_WITH(ok || sockfuzz::same(out, sentinel<N>()), .text("parser", name).bytes("out after rejecting", out.data(), N));
  return ok;
}

template <std::size_t N>
void check_agree(const char* what, bool scalar_ok, const std::array<std::uint8_t, N>& scalar, bool sse2_ok,
                 const std::array<std::uint8_t, N>& sse2, const char* file, int line) {
  if (scalar_ok == sse2_ok && (!scalar_ok || sockfuzz::same(scalar, sse2))) return;
  sockfuzz::Failure(what, file, line)
      .parsed("scalar", scalar_ok, scalar.data(), N)
      .parsed("sse2", sse2_ok, sse2.data(), N)
      .fail();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Oversized inputs are not interesting (see kMaxLen); skip, don't fail.
  if (size > kMaxLen) return 0;
  const sockfuzz::InputScope scope(data, size);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  namespace detail = sock::inet::detail;

  for (const Dialect dialect : {Dialect::posix, Dialect::glibc}) {
    Ipv4Bytes scalar{};
    const bool scalar_ok = run("parse_aton_scalar",
                               [&](Ipv4Bytes& out) { return detail::parse_aton_scalar(text, dialect, out); }, scalar);
#if defined(__SSE2__)
    Ipv4Bytes sse2{};
    const bool sse2_ok =
        run("parse_aton_sse2", [&](Ipv4Bytes& out) { return detail::parse_aton_sse2(text, dialect, out); }, sse2);
    check_agree(dialect == Dialect::posix ? "inet_aton (posix): the scalar and SSE2 parsers disagree"
                                          : "inet_aton (glibc): the scalar and SSE2 parsers disagree",
                scalar_ok, scalar, sse2_ok, sse2, __FILE__, __LINE__);
#else
    (void)scalar_ok;
#endif
  }

  Ipv4Bytes dotted_scalar{};
  const bool dotted_scalar_ok =
      run("parse_dotted_scalar", [&](Ipv4Bytes& out) { return detail::parse_dotted_scalar(text, out); }, dotted_scalar);
  Ipv6Bytes v6_scalar{};
  const bool v6_scalar_ok =
      run("parse_ipv6_scalar", [&](Ipv6Bytes& out) { return detail::parse_ipv6_scalar(text, out); }, v6_scalar);
#if defined(__SSE2__)
  Ipv4Bytes dotted_sse2{};
  const bool dotted_sse2_ok =
      run("parse_dotted_sse2", [&](Ipv4Bytes& out) { return detail::parse_dotted_sse2(text, out); }, dotted_sse2);
  check_agree("inet_pton(AF_INET): the scalar and SSE2 parsers disagree", dotted_scalar_ok, dotted_scalar,
              dotted_sse2_ok, dotted_sse2, __FILE__, __LINE__);
  Ipv6Bytes v6_sse2{};
  const bool v6_sse2_ok =
      run("parse_ipv6_sse2", [&](Ipv6Bytes& out) { return detail::parse_ipv6_sse2(text, out); }, v6_sse2);
  check_agree("inet_pton(AF_INET6): the scalar and SSE2 parsers disagree", v6_scalar_ok, v6_scalar, v6_sse2_ok,
              v6_sse2, __FILE__, __LINE__);
#else
  (void)dotted_scalar_ok;
  (void)v6_scalar_ok;
#endif
  return 0;
}
