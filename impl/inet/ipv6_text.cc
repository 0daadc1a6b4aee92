// ipv6_text.cc: RFC 4291 section 2.2 text in, RFC 5952 text out.
#include "ipv6_text.h"

#include <bit>
#include <cstdint>
#include <cstring>

#include "ipv4_text.h"
#include "parser_variants.h"
#include "text_tables.h"

#if defined(__SSE2__)
#include "sse2_text.h"
#endif

namespace sock::inet {
namespace {

// The longest run of zero groups RFC 5952 section 4.2 compresses, for each
// of the 256 patterns of zero groups (bit i set when group i is zero):
// the longest run (4.2.1), the first of equally long runs (4.2.3), and no
// run at all when the longest is a single group (4.2.2). `base` is 8 when
// there is no run, so that no group index ever equals it.
struct ZeroRun {
  std::uint8_t base;
  std::uint8_t length;
};
constexpr std::array<ZeroRun, 256> kLongestZeroRun = [] {
  std::array<ZeroRun, 256> table{};
  for (unsigned mask = 0; mask < 256; ++mask) {
    ZeroRun best{8, 0};
    for (unsigned i = 0; i < 8;) {
      if (!(mask >> i & 1)) {
        ++i;
        continue;
      }
      unsigned j = i;
      while (j < 8 && (mask >> j & 1)) ++j;
      if (j - i > best.length) best = {static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(j - i)};
      i = j;
    }
    if (best.length < 2) best = {8, 0};
    table[mask] = best;
  }
  return table;
}();

// Writes the address whose written groups are groups[0..count), with
// "::" standing before groups[gap] (gap < 0: no "::"), to `out`, or
// returns false if the groups and the "::" do not make exactly eight.
[[gnu::always_inline]] inline bool place_groups(const std::uint16_t (&groups)[8], int count, int gap,
                                                Ipv6Bytes& out) noexcept {
  if (gap >= 0) {
    // "::" stands for one or more zero groups, so with eight groups written
    // out there is nothing left for it to stand for (glibc rejects it too).
    if (count >= 8) return false;
  } else {
    if (count != 8) return false;
    gap = 8;
  }
  // Group k of the address is written group k before the gap, zero inside
  // it, and written group k - zeros after it. A fixed loop of selects, as
  // loops over the gap's varying bounds would mispredict.
  const int zeros = 8 - count;
  for (int k = 0; k < 8; ++k) {
    const int from = k < gap ? k : k - zeros;
    const bool written = k < gap || k >= gap + zeros;
    const std::uint16_t word = written ? groups[from & 7] : std::uint16_t{0};
    out[2 * k] = static_cast<std::uint8_t>(word >> 8);
    out[2 * k + 1] = static_cast<std::uint8_t>(word);
  }
  return true;
}

// The value of the group of one to four hex digits at p, and its length in
// `run`: the four bytes are looked up independently and the run of digits
// counted, with no branch on the group's length, which varies
// unpredictably. p must have four readable bytes.
[[gnu::always_inline]] inline unsigned read_group(const unsigned char* p, unsigned& run) noexcept {
  const unsigned d0 = detail::kHexValue[p[0]];
  const unsigned d1 = detail::kHexValue[p[1]];
  const unsigned d2 = detail::kHexValue[p[2]];
  const unsigned d3 = detail::kHexValue[p[3]];
  const unsigned run1 = d0 != detail::kNotHex;
  const unsigned run2 = run1 & (d1 != detail::kNotHex);
  const unsigned run3 = run2 & (d2 != detail::kNotHex);
  const unsigned run4 = run3 & (d3 != detail::kNotHex);
  run = run1 + run2 + run3 + run4;
  // All four nibbles, then shifted right past the ones beyond the run
  // (their table values are masked to a nibble first).
  const unsigned all4 = (d0 & 15) << 12 | (d1 & 15) << 8 | (d2 & 15) << 4 | (d3 & 15);
  return all4 >> (16 - 4 * run);
}

}  // namespace

namespace detail {

bool parse_ipv6_scalar(std::string_view text, Ipv6Bytes& out) noexcept {
  // "::" is the shortest valid text; six full groups and a full dotted quad
  // ("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255") the longest.
  const std::size_t n = text.size();
  if (n < 2 || n > 45) return false;
  // A padded copy: bytes past the text are 0, which is no hex digit, colon
  // or dot, so a group reads four bytes ahead without bounds checks. A NUL
  // inside the text stops the parse short of `end` and is rejected there.
  unsigned char buf[64] = {};
  std::memcpy(buf, text.data(), n);
  const unsigned char* p = buf;
  const unsigned char* const end = buf + n;

  std::uint16_t groups[8] = {};
  int count = 0;
  int gap = -1;  // index in `groups` where "::" stands, if it appears

  // A leading colon is only ever half of a leading "::" (RFC 4291 section
  // 2.2 item 2: "::" may start the address; a single ':' may not).
  if (p[0] == ':') {
    if (p[1] != ':') return false;
    gap = 0;
    p += 2;
  }
  while (p != end) {
    const unsigned char* const token = p;
    // One to four hex digits (RFC 4291 section 2.2 item 1); a fifth digit
    // is not a colon, dot or end, and fails below.
    unsigned run;
    const unsigned value = read_group(p, run);
    if (run == 0) return false;
    p += run;

    if (*p == ':') {
      if (count == 8) return false;
      groups[count++] = static_cast<std::uint16_t>(value);
      ++p;
      if (*p == ':') {
        // "::" (RFC 4291 section 2.2 item 2: "can only appear once").
        if (gap >= 0) return false;
        gap = count;
        ++p;
      } else if (p == end) {
        return false;  // a single trailing colon
      }
      continue;
    }
    if (*p == '.') {
      // The dotted quad of RFC 4291 section 2.2 item 3 takes the low-order
      // 32 bits, so it ends the text and at most six groups precede it.
      // It is parsed from the start of this token, as inet_pton(AF_INET).
      if (count > 6) return false;
      Ipv4Bytes quad;
      if (!parse_dotted_scalar({reinterpret_cast<const char*>(token), static_cast<std::size_t>(end - token)},
                               quad)) {
        return false;
      }
      groups[count++] = static_cast<std::uint16_t>(quad[0] << 8 | quad[1]);
      groups[count++] = static_cast<std::uint16_t>(quad[2] << 8 | quad[3]);
      p = end;
      break;
    }
    // The last group ends the text; any other byte (a NUL included) fails.
    if (p != end || count == 8) return false;
    groups[count++] = static_cast<std::uint16_t>(value);
  }

  return place_groups(groups, count, gap, out);
}

#if defined(__SSE2__)

bool parse_ipv6_sse2(std::string_view text, Ipv6Bytes& out) noexcept {
  const std::size_t n = text.size();
  if (n < 2 || n > 45) return false;
  // Every byte classified at once, as 48-bit masks (bit i for byte i).
  // With the colons known up front, each group's position is known before
  // any group is read, so the groups are read independently instead of
  // each waiting for the previous one's length. Each byte's value as a
  // hex digit (0 for any other byte) is stored for the groups to read:
  // whole aligned vectors, which byte loads forward from without a stall.
  alignas(16) std::uint8_t nibbles[64];
  std::uint64_t colons = 0, dots = 0, hex = 0;
  for (std::size_t k = 0; k < 3; ++k) {
    const __m128i chunk = 16 * k < n ? load_vector16(text.data(), n, 16 * k) : _mm_setzero_si128();
    const __m128i is_hex = hex_lanes(chunk);
    colons |= std::uint64_t{bit_mask(equal_to(chunk, ':'))} << (16 * k);
    dots |= std::uint64_t{bit_mask(equal_to(chunk, '.'))} << (16 * k);
    hex |= std::uint64_t{bit_mask(is_hex)} << (16 * k);
    _mm_store_si128(reinterpret_cast<__m128i*>(nibbles + 16 * k), _mm_and_si128(hex_values(chunk), is_hex));
  }
  _mm_store_si128(reinterpret_cast<__m128i*>(nibbles + 48), _mm_setzero_si128());
  const std::uint64_t text_bytes = (std::uint64_t{1} << n) - 1;
  // Only hex digits, colons and dots (a NUL inside the text is none).
  if ((colons | dots | hex) != text_bytes) return false;

  // The groups and colons end where a dotted quad (RFC 4291 section 2.2
  // item 3) begins: after the last colon before the first dot. The quad
  // must then be the whole rest of the text, as inet_pton(AF_INET) reads
  // it; a dot anywhere else fails that parse.
  std::uint64_t region = text_bytes;
  Ipv4Bytes quad{};
  int quad_groups = 0;
  if (dots != 0) {
    const std::uint64_t colons_before = colons & ((std::uint64_t{1} << std::countr_zero(dots)) - 1);
    if (colons_before == 0) return false;
    const int quad_start = 64 - std::countl_zero(colons_before);
    if (!parse_dotted_sse2(text.substr(static_cast<std::size_t>(quad_start)), quad)) return false;
    region = (std::uint64_t{1} << quad_start) - 1;
    quad_groups = 2;
  }

  const std::uint64_t c = colons & region;
  const std::uint64_t h = hex & region;
  // "::" at most once (RFC 4291 section 2.2 item 2). A ":::" makes two
  // overlapping pairs, so it fails the same test.
  const std::uint64_t pairs = c & c >> 1;
  bool ok = (pairs & (pairs - 1)) == 0;
  // Every other colon stands between two groups: a hex digit before it and
  // one after it (for the colon before a quad, the quad's first digit). So
  // no leading or trailing single colon.
  const std::uint64_t singles = c & ~(pairs | pairs << 1);
  ok &= (singles & ~(hex << 1)) == 0;
  ok &= (singles & ~(hex >> 1)) == 0;
  // Groups of one to four digits (item 1): no run of five.
  ok &= (h & h >> 1 & h >> 2 & h >> 3 & h >> 4) == 0;
  if (!ok) return false;

  // Each group from its start and its run of digits (one to four, as
  // checked above): its nibbles, with the ones past the run shifted out.
  const std::uint64_t starts = h & ~(h << 1);
  const int gap_at = pairs != 0 ? std::countr_zero(pairs) : 64;
  std::uint16_t groups[8] = {};
  int written = 0;
  int before_gap = 0;
  for (std::uint64_t rest = starts; rest != 0; rest &= rest - 1) {
    if (written == 8) return false;
    const int at = std::countr_zero(rest);
    const int run = std::countr_zero(~(h >> at));
    const std::uint8_t* q = nibbles + at;
    const unsigned all4 = unsigned{q[0]} << 12 | unsigned{q[1]} << 8 | unsigned{q[2]} << 4 | q[3];
    groups[written++] = static_cast<std::uint16_t>(all4 >> (16 - 4 * run));
    before_gap += at < gap_at;
  }
  const int gap = pairs != 0 ? before_gap : -1;
  // The quad's two groups follow the written ones; more than six written
  // groups leave no room for them.
  if (quad_groups != 0) {
    if (written > 6) return false;
    groups[written] = static_cast<std::uint16_t>(quad[0] << 8 | quad[1]);
    groups[written + 1] = static_cast<std::uint16_t>(quad[2] << 8 | quad[3]);
  }
  return place_groups(groups, written + quad_groups, gap, out);
}

#endif  // __SSE2__

}  // namespace detail

bool parse_ipv6(std::string_view text, Ipv6Bytes& out) noexcept {
#if defined(__SSE2__)
  return detail::parse_ipv6_sse2(text, out);
#else
  return detail::parse_ipv6_scalar(text, out);
#endif
}

std::size_t format_ipv6(const Ipv6Bytes& address, Dialect dialect, char* out) noexcept {
  std::uint16_t words[8];
  unsigned zero_mask = 0;
  for (int i = 0; i < 8; ++i) {
    words[i] = static_cast<std::uint16_t>(address[2 * i] << 8 | address[2 * i + 1]);
    zero_mask |= static_cast<unsigned>(words[i] == 0) << i;
  }
  const ZeroRun run = kLongestZeroRun[zero_mask];

  // Mixed notation (RFC 5952 section 5) for IPv4-mapped ::ffff:a.b.c.d:
  // groups 0-4 zero and group 5 0xffff is exactly a run of five at 0. glibc
  // also prints the IPv4-compatible ::a.b.c.d (RFC 4291 section 2.5.5.1)
  // when the run is groups 0-5 only; a longer run (:: and ::x) is hex.
  const bool dotted_tail = run.base == 0 && ((run.length == 5 && words[5] == 0xffff) ||
                                             (dialect == Dialect::glibc && run.length == 6));

  // Scratch with room for the fixed-width writes below (four hex digits or
  // four octet bytes at a time); only the counted bytes reach `out`.
  char scratch[64];
  char* o = scratch;
  for (int i = 0; i < 8;) {
    if (i == run.base) {
      // The run's first colon; the next group's separator (or, at the end,
      // one more colon) makes the "::".
      *o++ = ':';
      i += run.length;
      if (i == 8) *o++ = ':';
      continue;
    }
    if (i != 0) *o++ = ':';
    if (i == 6 && dotted_tail) {
      o = detail::write_dotted_quad(&address[12], o);
      break;
    }
    // RFC 5952 section 4.1: no leading zeros, but "0" for a zero group.
    // Shift the leading nonzero digit to the top nibble, write all four
    // digits, and keep only as many as the group has.
    const unsigned value = words[i];
    const int digits = (std::bit_width(value | 1u) + 3) / 4;
    const unsigned shifted = (value << (16 - 4 * digits)) & 0xffff;
    std::memcpy(o, detail::kHexPair[shifted >> 8].data(), 2);
    std::memcpy(o + 2, detail::kHexPair[shifted & 0xff].data(), 2);
    o += digits;
    ++i;
  }
  const auto length = static_cast<std::size_t>(o - scratch);
  std::memcpy(out, scratch, length);
  return length;
}

}  // namespace sock::inet
