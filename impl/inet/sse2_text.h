// sse2_text.h: text bytes as SSE2 vectors, and byte classes as bit masks.
//
// Internal to sockref_inet: the building blocks of the SSE2 parsers
// (parser_variants.h), included only where __SSE2__ is defined.
//
// Loading: the parsers classify 16 bytes at a time, but a string_view
// promises nothing past its end, so a plain 16-byte load could fault at a
// page boundary. Copying the text to a padded buffer first is no better:
// the vector load that follows spans several of the copy's stores, which
// stalls the CPU's store-to-load forwarding for longer than the parse
// itself takes. load_padded16 builds the padded bytes in registers
// instead, from overlapping loads that stay inside the text.
#pragma once

#if !defined(__SSE2__)
#error "sse2_text.h is for SSE2 builds only"
#endif

#include <emmintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace sock::inet::detail {

// Bytes [start, start + 16) of the n-byte text at `text`, as two
// little-endian words (byte start + i is bits 8i..8i+7 of the pair), with
// zeros at and past byte n. Requires start < n. Little-endian hosts only:
// every SSE2 host is x86.
struct Words16 {
  std::uint64_t lo, hi;
};

inline std::uint64_t load64(const char* p) noexcept {
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  return x;
}

inline Words16 load_padded16(const char* text, std::size_t n, std::size_t start) noexcept {
  const std::size_t m = n - start;  // bytes available from start
  const char* const src = text + start;
  if (m >= 16) return {load64(src), load64(src + 8)};
  if (m >= 8) {
    // The last eight bytes, shifted down so that byte 8 is at the bottom.
    // Two shifts, as one of 64 bits (m == 8) is undefined.
    return {load64(src), (load64(src + m - 8) >> (8 * (15 - m))) >> 8};
  }
  if (n >= 8) {
    // Fewer than eight bytes left, but the text is long enough to load the
    // eight that end where it ends and shift away the ones before start.
    return {(load64(text + n - 8) >> (8 * (7 - m))) >> 8, 0};
  }
  // A text shorter than eight bytes: two overlapping four-byte loads, or
  // single bytes below four.
  std::uint64_t lo = 0;
  if (m >= 4) {
    std::uint32_t head, tail;
    std::memcpy(&head, src, 4);
    std::memcpy(&tail, src + m - 4, 4);
    lo = head | std::uint64_t{tail} << (8 * (m - 4));
  } else {
    for (std::size_t i = 0; i < m; ++i) lo |= std::uint64_t{static_cast<unsigned char>(src[i])} << (8 * i);
  }
  return {lo, 0};
}

// Bytes [start, start + 16) of the text as a vector, zero at and past n.
inline __m128i load_vector16(const char* text, std::size_t n, std::size_t start) noexcept {
  const Words16 words = load_padded16(text, n, start);
  return _mm_set_epi64x(static_cast<long long>(words.hi), static_cast<long long>(words.lo));
}

// The lanes of `lanes` that are set, as a 16-bit mask (bit i for byte i).
inline unsigned bit_mask(__m128i lanes) noexcept { return static_cast<std::uint16_t>(_mm_movemask_epi8(lanes)); }

// The lanes of `chunk` holding a byte in [low, low + span]: one unsigned
// comparison, as SSE2 has only signed ones (x - low <= span, via min).
inline __m128i in_range(__m128i chunk, char low, char span) noexcept {
  const __m128i offset = _mm_sub_epi8(chunk, _mm_set1_epi8(low));
  return _mm_cmpeq_epi8(_mm_min_epu8(offset, _mm_set1_epi8(span)), offset);
}

// The lanes of `chunk` equal to c.
inline __m128i equal_to(__m128i chunk, char c) noexcept { return _mm_cmpeq_epi8(chunk, _mm_set1_epi8(c)); }

// The lanes of `chunk` that are hex digits, in either case.
inline __m128i hex_lanes(__m128i chunk) noexcept {
  return _mm_or_si128(in_range(chunk, '0', 9), in_range(_mm_or_si128(chunk, _mm_set1_epi8(0x20)), 'a', 5));
}

// Each lane's value as a hex digit, for lanes that are hex digits: a
// digit's low nibble is its value, and a letter's (either case, with bit 6
// set) is its value minus 9. Other lanes hold garbage below 32.
inline __m128i hex_values(__m128i chunk) noexcept {
  const __m128i letter_bit = _mm_and_si128(_mm_srli_epi16(chunk, 6), _mm_set1_epi8(1));
  return _mm_add_epi8(_mm_and_si128(chunk, _mm_set1_epi8(15)), _mm_add_epi8(_mm_slli_epi16(letter_bit, 3), letter_bit));
}

}  // namespace sock::inet::detail
