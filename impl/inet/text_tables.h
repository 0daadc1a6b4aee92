// text_tables.h: lookup tables shared by ipv4_text.cc and ipv6_text.cc.
//
// Internal to sockref_inet; nothing outside impl/inet includes it. The
// conversions are on the hot path of every fuzz run and benchmark, so they
// classify and print characters by table lookup instead of by locale-aware
// <cctype> calls (which the C library answers through the current locale)
// or snprintf (which parses a format string on every call).
#pragma once

#include <array>
#include <cstdint>
#include <cstring>

namespace sock::inet::detail {

// kHexValue[c] is the value of the hexadecimal digit c (0-9, a-f, A-F), or
// kNotHex for any other byte. RFC 4291 section 2.2 allows either case in a
// group, and so do inet_aton's 0x parts (inet(3)).
inline constexpr std::uint8_t kNotHex = 0xff;
inline constexpr std::array<std::uint8_t, 256> kHexValue = [] {
  std::array<std::uint8_t, 256> table{};
  for (auto& entry : table) entry = kNotHex;
  for (int c = '0'; c <= '9'; ++c) table[c] = static_cast<std::uint8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) table[c] = static_cast<std::uint8_t>(c - 'a' + 10);
  for (int c = 'A'; c <= 'F'; ++c) table[c] = static_cast<std::uint8_t>(c - 'A' + 10);
  return table;
}();

// kHexPair[b] is the two lowercase hex digits of the byte b, most
// significant first; RFC 5952 section 4.3 asks for lowercase output.
inline constexpr std::array<std::array<char, 2>, 256> kHexPair = [] {
  constexpr char digits[] = "0123456789abcdef";
  std::array<std::array<char, 2>, 256> table{};
  for (int b = 0; b < 256; ++b) table[b] = {digits[b >> 4], digits[b & 15]};
  return table;
}();

// kOctetText[v] is the decimal text of v (0-255) without leading zeros,
// padded to four bytes with '.'; kOctetLength[v] is its digit count.
// Writing all four bytes and advancing by the length plus one prints "v."
// without a branch per digit; the caller must have four writable bytes at
// the cursor.
inline constexpr std::array<std::array<char, 4>, 256> kOctetText = [] {
  std::array<std::array<char, 4>, 256> table{};
  for (int v = 0; v < 256; ++v) {
    char text[4] = {'.', '.', '.', '.'};
    int n = 0;
    if (v >= 100) text[n++] = static_cast<char>('0' + v / 100);
    if (v >= 10) text[n++] = static_cast<char>('0' + v / 10 % 10);
    text[n] = static_cast<char>('0' + v % 10);
    table[v] = {text[0], text[1], text[2], text[3]};
  }
  return table;
}();
inline constexpr std::array<std::uint8_t, 256> kOctetLength = [] {
  std::array<std::uint8_t, 256> table{};
  for (int v = 0; v < 256; ++v) table[v] = static_cast<std::uint8_t>(v >= 100 ? 3 : v >= 10 ? 2 : 1);
  return table;
}();

// Writes "a.b.c.d" for the four bytes at `bytes` to `cursor`, which must
// have 16 writable bytes (the last write is four bytes wide even when the
// octet is one digit), and returns the cursor after the last digit. Callers
// format into a scratch buffer and copy out only the counted bytes, so that
// the public functions never touch bytes past the text they return.
inline char* write_dotted_quad(const std::uint8_t* bytes, char* cursor) noexcept {
  for (int i = 0; i < 4; ++i) {
    std::memcpy(cursor, kOctetText[bytes[i]].data(), 4);
    cursor += kOctetLength[bytes[i]] + 1;
  }
  return cursor - 1;  // the last octet's "dot" is padding, not output
}

}  // namespace sock::inet::detail
