// parser_variants.h: the two implementations behind parse_inet_aton,
// parse_ipv4_dotted and parse_ipv6.
//
// Internal to sockref_inet (and its tests). These parsers are the hot path
// of every conversion benchmark and fuzz run, and a byte-at-a-time parser
// cannot beat the C library by much: each part or group must wait for the
// previous one's length, and on a mix of valid and invalid text its
// branches mispredict about once per part. So each grammar has two
// implementations:
//
//   *_scalar: the grammar as a plain loop, one part or group at a time.
//   It is the readable statement of the rules and the fallback on targets
//   without SSE2.
//
//   *_sse2: every byte classified at once with SSE2 (part of every x86-64
//   CPU, so no runtime dispatch is needed); the rules become bit tests on
//   masks (bit i for byte i), every part's position is known before any
//   part is read, and no branch depends on the text until the verdict.
//
// The public functions use the SSE2 one where it is compiled in; the tests
// run every table row and every differential input through both.
#pragma once

#include <string_view>

#include "ipv4_text.h"
#include "ipv6_text.h"

namespace sock::inet::detail {

// Each has the contract of the public function it implements: false for
// text the C library rejects, and `out` written only on success.
[[nodiscard]] bool parse_aton_scalar(std::string_view text, Dialect dialect, Ipv4Bytes& out) noexcept;
[[nodiscard]] bool parse_dotted_scalar(std::string_view text, Ipv4Bytes& out) noexcept;
[[nodiscard]] bool parse_ipv6_scalar(std::string_view text, Ipv6Bytes& out) noexcept;

#if defined(__SSE2__)
// parse_aton_sse2 hands text longer than 16 bytes, and parts of more than
// eight digits, to parse_aton_scalar.
[[nodiscard]] bool parse_aton_sse2(std::string_view text, Dialect dialect, Ipv4Bytes& out) noexcept;
[[nodiscard]] bool parse_dotted_sse2(std::string_view text, Ipv4Bytes& out) noexcept;
[[nodiscard]] bool parse_ipv6_sse2(std::string_view text, Ipv6Bytes& out) noexcept;
#endif

}  // namespace sock::inet::detail
