// ipv4_text.cc: inet_aton's forms, inet_pton(AF_INET)'s dotted quad, and
// inet_ntop(AF_INET)'s output, written from inet(3) and POSIX inet_pton.
#include "ipv4_text.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include "parser_variants.h"
#include "text_tables.h"

#if defined(__SSE2__)
#include "sse2_text.h"
#endif

namespace sock::inet {
namespace {

// Stores the 32-bit host-order value `word` as four bytes, most significant
// first (network byte order), whatever the host's order.
void store_word(std::uint32_t word, Ipv4Bytes& out) noexcept {
  out = {static_cast<std::uint8_t>(word >> 24), static_cast<std::uint8_t>(word >> 16),
         static_cast<std::uint8_t>(word >> 8), static_cast<std::uint8_t>(word)};
}

// A part's value saturates here: anything larger is as invalid as
// 0x100000000 (no form's last part may exceed 0xffffffff), and saturating
// keeps an arbitrarily long run of digits from overflowing 64 bits.
constexpr std::uint64_t kSaturated = 0x1'0000'0000;

// The largest value the last part may take when `dots` dots precede it: it
// fills the 4 - dots bytes that remain (inet(3): "a.b" puts b in the low
// 24 bits, "a.b.c" puts c in the low 16 bits).
constexpr std::uint32_t kLastPartMax[4] = {0xffffffffu, 0xffffffu, 0xffffu, 0xffu};

// The bytes C's isspace() accepts in the "C" locale. glibc checks isascii()
// first, so no byte above 0x7f counts, whatever the locale.
bool is_c_space(unsigned char c) noexcept { return c == ' ' || (c >= '\t' && c <= '\r'); }

}  // namespace

#if defined(__SSE2__)

// --- SSE2 helpers ------------------------------------------------------------

namespace {

using detail::bit_mask;
using detail::equal_to;
using detail::in_range;

// The text's first (at most 16) bytes as a vector, zero past its end.
__m128i load_text16(std::string_view text) noexcept { return detail::load_vector16(text.data(), text.size(), 0); }

// Multipliers that combine eight digits of one base, most significant in
// the lowest byte, into their value in three steps (pairs, quads, all
// eight); see combine_digits. Octal (0), decimal (1), hexadecimal (2).
constexpr std::uint64_t kCombine[3][3] = {
    {1 + (8u << 8), 1 + (std::uint64_t{8 * 8} << 16), 1 + (std::uint64_t{8 * 8 * 8 * 8} << 32)},
    {1 + (10u << 8), 1 + (std::uint64_t{10 * 10} << 16), 1 + (std::uint64_t{10 * 10 * 10 * 10} << 32)},
    {1 + (16u << 8), 1 + (std::uint64_t{16 * 16} << 16), 1 + (std::uint64_t{16 * 16 * 16 * 16} << 32)},
};

// The value of up to eight digit values (each below the base), one per
// byte, the most significant in the lowest byte and leading zeros below
// it. Each step multiplies neighbouring lanes into lanes twice as wide:
// b * x + y in every 16-bit lane, then in every 32-bit lane, then in the
// whole word. No lane overflows (the largest is 16 * 255 + 255 in a 16-bit
// lane, and so on), and no step carries into the next lane.
std::uint32_t combine_digits(std::uint64_t digits, const std::uint64_t (&multiplier)[3]) noexcept {
  digits = ((digits * multiplier[0]) >> 8) & 0x00ff00ff00ff00ff;
  digits = ((digits * multiplier[1]) >> 16) & 0x0000ffff0000ffff;
  return static_cast<std::uint32_t>((digits * multiplier[2]) >> 32);
}

// parse_dotted_sse2 on the text's n (7 to 15) bytes, already loaded.
bool dotted_quad(__m128i bytes, std::size_t n, Ipv4Bytes& out) noexcept {
  // Byte classes, as vectors (a lane of all ones where true) and as
  // 16-bit masks (bit i for byte i). Byte n is padding, a 0.
  const __m128i value = _mm_sub_epi8(bytes, _mm_set1_epi8('0'));
  const __m128i is_digit = in_range(bytes, '0', 9);
  const __m128i is_dot = equal_to(bytes, '.');
  const unsigned digits = bit_mask(is_digit);
  const unsigned dots = bit_mask(is_dot);
  const unsigned zeros = bit_mask(_mm_cmpeq_epi8(value, _mm_setzero_si128()));

  // Only digits and dots (a NUL inside the text is neither).
  bool ok = (digits | dots) == (1u << n) - 1;
  // Exactly three dots: clearing the lowest set bit twice leaves one.
  unsigned above_second = dots & (dots - 1);
  above_second &= above_second - 1;
  ok &= above_second != 0 && (above_second & (above_second - 1)) == 0;
  // Every dot and the end of the text close a part: each needs a digit
  // right before it (no empty part), and a part is at most three digits,
  // its units, tens and hundreds.
  const unsigned ends = dots | 1u << n;
  const unsigned units = digits & ends >> 1;
  const unsigned tens = digits & units >> 1;
  const unsigned hundreds = digits & tens >> 1;
  ok &= (ends & ~(digits << 1)) == 0;
  ok &= (digits & ~(units | tens | hundreds)) == 0;
  // No leading zero: a part's first digit may be 0 only if it is also its
  // last (POSIX inet_pton has no octal).
  const unsigned firsts = digits & ~(digits << 1);
  ok &= (zeros & firsts & ~units) == 0;

  // The parts' values, in the lane of each part's units digit: the tens
  // and hundreds digits are moved one and two lanes up onto it. Lanes are
  // bytes, so the sum saturates at 255, and values above 255 are caught
  // by their digits instead: a hundreds digit above 2, or 2 with the rest
  // above 55.
  const __m128i is_end = _mm_or_si128(is_dot, _mm_cmpeq_epi8(bytes, _mm_setzero_si128()));
  const __m128i digit = _mm_and_si128(value, is_digit);
  const __m128i unit_lanes = _mm_and_si128(is_digit, _mm_srli_si128(is_end, 1));
  const __m128i ten_lanes = _mm_and_si128(is_digit, _mm_srli_si128(unit_lanes, 1));
  const __m128i hundred_lanes = _mm_and_si128(is_digit, _mm_srli_si128(ten_lanes, 1));
  const __m128i unit = _mm_and_si128(digit, unit_lanes);
  const __m128i ten = _mm_slli_si128(_mm_and_si128(digit, ten_lanes), 1);
  const __m128i hundred = _mm_slli_si128(_mm_and_si128(digit, hundred_lanes), 2);
  // 10t as 8t + 2t: 16-bit shifts, safe as no digit has bits to carry
  // into the next byte.
  const __m128i below_hundred = _mm_add_epi8(unit, _mm_add_epi8(_mm_slli_epi16(ten, 3), _mm_add_epi8(ten, ten)));
  // 100h as 64h + 32h + 4h for h capped at 3 (anything above 2 fails).
  const __m128i h = _mm_min_epu8(hundred, _mm_set1_epi8(3));
  const __m128i hundreds_value =
      _mm_adds_epu8(_mm_adds_epu8(_mm_slli_epi16(h, 6), _mm_slli_epi16(h, 5)), _mm_slli_epi16(h, 2));
  const __m128i part = _mm_adds_epu8(hundreds_value, below_hundred);
  const __m128i two_hundred_and_more =
      _mm_and_si128(equal_to(hundred, 2), _mm_cmpgt_epi8(below_hundred, _mm_set1_epi8(55)));
  const __m128i too_big = _mm_or_si128(_mm_cmpgt_epi8(hundred, _mm_set1_epi8(2)), two_hundred_and_more);
  ok &= bit_mask(too_big) == 0;

  // The four units lanes, in order. A sentinel bit keeps countr_zero off
  // zero, and the mask keeps a rejected text's indexes inside the array.
  alignas(16) std::uint8_t lanes[16];
  _mm_store_si128(reinterpret_cast<__m128i*>(lanes), part);
  unsigned rest = units | 1u << 16;
  const unsigned u0 = static_cast<unsigned>(std::countr_zero(rest)) & 15;
  rest &= rest - 1;
  const unsigned u1 = static_cast<unsigned>(std::countr_zero(rest)) & 15;
  rest &= rest - 1;
  const unsigned u2 = static_cast<unsigned>(std::countr_zero(rest)) & 15;
  rest &= rest - 1;
  const unsigned u3 = static_cast<unsigned>(std::countr_zero(rest)) & 15;
  if (!ok) return false;
  out = {lanes[u0], lanes[u1], lanes[u2], lanes[u3]};
  return true;
}

}  // namespace

#endif  // __SSE2__

// --- inet_aton ---------------------------------------------------------------

namespace detail {

bool parse_aton_scalar(std::string_view text, Dialect dialect, Ipv4Bytes& out) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = p + text.size();
  // Reading through `at` past the end yields 0, which no rule accepts as a
  // digit or a dot; the trailer check below tells a real NUL from the end.
  const auto at = [&](const unsigned char* q) -> unsigned { return q < end ? *q : 0u; };

  std::uint32_t leading = 0;  // the parts before the last dot, in place
  int dots = 0;
  std::uint64_t value = 0;
  for (;;) {
    // Every part starts with a decimal digit: glibc tests isdigit() before
    // calling strtoul, so a sign, a space or an empty part is rejected.
    const unsigned c = at(p);
    if (c - '0' > 9) return false;
    value = 0;
    if (c != '0') {
      for (unsigned d; (d = at(p) - '0') <= 9; ++p) value = std::min(value * 10 + d, kSaturated);
    } else if ((at(p + 1) | 0x20) == 'x' && kHexValue[at(p + 2)] != kNotHex) {
      // "0x" or "0X" and at least one hex digit. "0x" followed by anything
      // else is the octal part "0" followed by an 'x', which no rule
      // below accepts (strtoul(..., 0) stops before the x).
      p += 2;
      for (unsigned d; (d = kHexValue[at(p)]) != kNotHex; ++p) value = std::min(value * 16 + d, kSaturated);
    } else {
      // Octal, the leading 0 included. An 8 or 9 ends the part and is then
      // rejected as trailing text, as strtoul leaves it.
      for (unsigned d; (d = at(p) - '0') <= 7; ++p) value = std::min(value * 8 + d, kSaturated);
    }
    if (at(p) != '.') break;
    // A dot ends a part that must fit one byte, and there are at most three.
    if (dots == 3 || value > 0xff) return false;
    leading |= static_cast<std::uint32_t>(value) << (24 - 8 * dots);
    ++dots;
    ++p;
  }

  if (p != end) {
    // posix: inet(3) defines the address only; any byte after it, a NUL
    // included, makes the text invalid. glibc: a NUL ends the C string, and
    // ASCII whitespace ends the address with the rest ignored.
    if (dialect == Dialect::posix) return false;
    if (*p != 0 && !is_c_space(*p)) return false;
  }
  if (value > kLastPartMax[dots]) return false;
  store_word(leading | static_cast<std::uint32_t>(value), out);
  return true;
}

#if defined(__SSE2__)

bool parse_aton_sse2(std::string_view text, Dialect dialect, Ipv4Bytes& out) noexcept {
  // Text longer than a vector (leading zeros, glibc's ignored trailers)
  // and the empty text take the scalar path.
  const std::size_t n = text.size();
  if (n == 0 || n > 16) return parse_aton_scalar(text, dialect, out);
  const __m128i bytes = load_text16(text);

  // Byte classes as 16-bit masks (bit i for byte i; byte n on is padding).
  const __m128i is_hex = detail::hex_lanes(bytes);
  const unsigned decimal = bit_mask(in_range(bytes, '0', 9));
  const unsigned octal = bit_mask(in_range(bytes, '0', 7));
  const unsigned hex = bit_mask(is_hex);
  const unsigned x = bit_mask(equal_to(_mm_or_si128(bytes, _mm_set1_epi8(0x20)), 'x'));
  const unsigned dot = bit_mask(equal_to(bytes, '.'));
  const unsigned zero = bit_mask(equal_to(bytes, '0'));

  // The address runs to the first byte no part or dot can hold; what may
  // follow it is the dialect's business, as in the scalar parser.
  const unsigned stop = static_cast<unsigned>(std::countr_zero(~(hex | x | dot)));
  if (stop != n) {
    if (dialect == Dialect::posix) return false;
    const auto next = static_cast<unsigned char>(text[stop]);
    if (next != 0 && !is_c_space(next)) return false;
  }
  const unsigned address = (1u << stop) - 1;
  const unsigned dots = dot & address;
  // At most three dots: clearing the lowest set bit three times leaves none.
  unsigned extra = dots & (dots - 1);
  extra &= extra - 1;
  extra &= extra - 1;
  bool ok = extra == 0;

  // A part starts at 0 and after each dot, with a decimal digit (so no
  // part is empty). Its base, as strtoul(..., 0) picks it: "0x" or "0X"
  // and at least one more byte in the part is hexadecimal, any other
  // leading 0 octal, anything else decimal. Each part's bytes are then
  // found from its start at once: adding a start bit to the run of part
  // bytes it begins carries through exactly that run.
  const unsigned starts = dots << 1 | 1;
  ok &= (starts & ~decimal) == 0;
  const unsigned part_bytes = address & ~dots;
  const unsigned hex_starts = starts & zero & x >> 1 & part_bytes >> 2;
  const unsigned octal_starts = starts & zero & ~hex_starts;
  const unsigned decimal_starts = starts & ~zero;
  const unsigned hex_parts = part_bytes & ~(part_bytes + hex_starts);
  const unsigned octal_parts = part_bytes & ~(part_bytes + octal_starts);
  const unsigned decimal_parts = part_bytes & ~(part_bytes + decimal_starts);
  // Every byte is a digit of its part's base, past a hex part's "0x".
  ok &= ((hex_parts & ~(hex_starts | hex_starts << 1)) & ~hex) == 0;
  ok &= (octal_parts & ~octal) == 0;
  ok &= (decimal_parts & ~decimal) == 0;
  if (!ok) return false;

  // Each byte's digit value (0 past the text, for the leading-zero fill).
  const __m128i nibble = _mm_and_si128(detail::hex_values(bytes), is_hex);
  // Eight zero bytes, then the digit values: the eight bytes ending at any
  // part's end are then two neighbouring words.
  std::uint64_t padded[4];
  padded[0] = 0;
  _mm_storeu_si128(reinterpret_cast<__m128i*>(padded + 1), nibble);
  padded[3] = 0;

  // The parts in order: each ends at the next dot, the last at the stop.
  unsigned ends = dots | 1u << stop;
  std::uint32_t word = 0;
  unsigned start = 0;
  for (unsigned k = 0;; ++k) {
    const unsigned end = static_cast<unsigned>(std::countr_zero(ends));
    ends &= ends - 1;
    // Octal (0), decimal (1) or hexadecimal (2), from the masks above.
    const unsigned base_index = (hex_starts >> start & 1) ? 2 : (zero >> start & 1) ? 0 : 1;
    const unsigned digit_count = end - (start + (base_index == 2 ? 2 : 0));
    // More than eight digits (leading zeros, or a large decimal or octal
    // last part) is rare enough for the scalar path.
    if (digit_count > 8) return parse_aton_scalar(text, dialect, out);
    // The eight digit values ending at `end`, with the bytes before the
    // part's first digit cleared to leading zeros.
    const unsigned q = end / 8, r = 8 * (end % 8);
    const std::uint64_t window = padded[q] >> r | (padded[q + 1] << 1) << (63 - r);
    const std::uint64_t digits = window & ~((~std::uint64_t{0} >> 1) >> (8 * digit_count - 1));
    const std::uint32_t value = combine_digits(digits, kCombine[base_index]);
    // A part before a dot is one byte; the last fills what remains
    // (inet(3): "a.b" is 8.24 bits, "a.b.c" 8.8.16).
    if (end == stop) {
      if (value > kLastPartMax[k]) return false;
      word |= value;
      break;
    }
    if (value > 0xff) return false;
    word |= value << (24 - 8 * k);
    start = end + 1;
  }
  store_word(word, out);
  return true;
}

#endif  // __SSE2__

}  // namespace detail

bool parse_inet_aton(std::string_view text, Dialect dialect, Ipv4Bytes& out) noexcept {
#if defined(__SSE2__)
  return detail::parse_aton_sse2(text, dialect, out);
#else
  return detail::parse_aton_scalar(text, dialect, out);
#endif
}

// --- inet_pton(AF_INET) ------------------------------------------------------

namespace detail {

bool parse_dotted_scalar(std::string_view text, Ipv4Bytes& out) noexcept {
  // "0.0.0.0" is the shortest valid text and "255.255.255.255" the longest.
  const std::size_t n = text.size();
  if (n < 7 || n > 15) return false;
  // A padded copy: bytes past the text are 0, a sentinel that is neither a
  // digit nor a dot, so the parser reads ahead without bounds checks.
  unsigned char buf[16] = {};
  std::memcpy(buf, text.data(), n);

  const unsigned char* p = buf;
  Ipv4Bytes bytes;
  for (int i = 0; i < 4; ++i) {
    unsigned value = p[0] - '0';
    if (value > 9) return false;
    ++p;
    // A part that starts with 0 is exactly "0": inet_pton(AF_INET) takes no
    // leading zeros (and glibc rejects them rather than read octal).
    if (value != 0) {
      for (int more = 0; more < 2 && static_cast<unsigned>(p[0] - '0') <= 9; ++more, ++p) {
        value = value * 10 + (p[0] - '0');
      }
      if (value > 255) return false;
    }
    bytes[i] = static_cast<std::uint8_t>(value);
    // Three parts end in a dot, the fourth at the end of the text; a fourth
    // digit lands here too and fails.
    if (*p != (i < 3 ? '.' : 0)) return false;
    ++p;
  }
  // The end test above matched the sentinel; a NUL inside the text would
  // match it too, short of the end.
  if (static_cast<std::size_t>(p - buf) != n + 1) return false;
  out = bytes;
  return true;
}

#if defined(__SSE2__)

bool parse_dotted_sse2(std::string_view text, Ipv4Bytes& out) noexcept {
  const std::size_t n = text.size();
  if (n < 7 || n > 15) return false;
  return dotted_quad(load_text16(text), n, out);
}

#endif  // __SSE2__

}  // namespace detail

bool parse_ipv4_dotted(std::string_view text, Ipv4Bytes& out) noexcept {
#if defined(__SSE2__)
  return detail::parse_dotted_sse2(text, out);
#else
  return detail::parse_dotted_scalar(text, out);
#endif
}

// --- inet_ntop(AF_INET) ------------------------------------------------------

std::size_t format_ipv4(const Ipv4Bytes& address, char* out) noexcept {
  char scratch[16];
  const char* const last = detail::write_dotted_quad(address.data(), scratch);
  const auto length = static_cast<std::size_t>(last - scratch);
  std::memcpy(out, scratch, length);
  return length;
}

}  // namespace sock::inet
