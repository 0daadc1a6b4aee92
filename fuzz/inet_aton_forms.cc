// inet_aton_forms: every spelling inet(3) gives an address is read as that
// address. Input: choices for a FuzzedDataProvider (below), not text.
//
// Invariant: for every address A and every text T that spells A by the
// inet(3) rules (one to four parts, the last holding all remaining bytes;
// each part decimal, octal with a leading 0, or hexadecimal with 0x or 0X;
// octal and hex parts with any number of extra leading zeros; hex digits in
// either case),
//   parse_inet_aton(T, posix), parse_inet_aton(T, glibc) and the C
//   library's inet_aton(T) all accept T and give A;
// and for T followed by one C whitespace byte and any text,
//   the glibc dialect and the C library still give A (glibc ignores what
//   follows whitespace), and the posix dialect rejects it.
//
// Choices (FuzzedDataProvider; false or 0 always means the default, so an
// empty input is the canonical "0.0.0.0"):
//   the address (4 bytes); how many parts fewer than four (0-3); per part
//   the radix (0 decimal, 1 octal, 2 hex), extra leading zeros (0-3, octal
//   and hex only, since a leading zero makes a decimal part octal), an
//   upper-case X, upper-case hex digits; whether a trailer follows, which
//   whitespace byte starts it, and its text (the rest of the input).
#include <arpa/inet.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include <fuzzer/FuzzedDataProvider.h>

#include "fuzz_support.h"
#include "impl/inet/ipv4_text.h"

namespace {

using sock::inet::Dialect;
using sock::inet::Ipv4Bytes;

// About 30 choice bytes plus a trailer; fuzz/inet_aton_forms.options.
constexpr std::size_t kMaxLen = 128;

// Four parts of at most "0X" + three zeros + eight hex digits, three dots,
// one whitespace byte and a trailer of at most kMaxLen bytes.
using Text = sockfuzz::FixedText<4 * 13 + 3 + 1 + kMaxLen>;

// The C library's inet_aton on `text` up to its first NUL.
bool libc_inet_aton(Text& text, Ipv4Bytes& out) {
  in_addr address{};
  if (inet_aton(text.c_str(), &address) == 0) return false;
  std::memcpy(out.data(), &address.s_addr, 4);  // s_addr is in network order
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Oversized inputs are not interesting (see kMaxLen); skip, don't fail.
  if (size > kMaxLen) return 0;
  const sockfuzz::InputScope scope(data, size);
  FuzzedDataProvider choices(data, size);

  const std::uint32_t word = choices.ConsumeIntegral<std::uint32_t>();
  const Ipv4Bytes address = {static_cast<std::uint8_t>(word >> 24), static_cast<std::uint8_t>(word >> 16),
                             static_cast<std::uint8_t>(word >> 8), static_cast<std::uint8_t>(word)};
  const int parts = 4 - sockfuzz::consume_in_range<int>(choices, 0, 3);

  Text text;
  for (int i = 0; i < parts; ++i) {
    // Parts before the last are one byte each; the last takes the rest
    // (all 32 bits when it is the only part).
    const bool last = i == parts - 1;
    const std::uint32_t value = last ? word & (0xffffffffu >> (8 * i)) : address[i];
    const int radix = sockfuzz::consume_in_range<int>(choices, 0, 2);
    const int zeros = sockfuzz::consume_in_range<int>(choices, 0, 3);
    const bool upper_x = sockfuzz::consume_bool(choices);
    const bool upper_digits = sockfuzz::consume_bool(choices);
    if (i != 0) text.push('.');
    if (radix == 0) {
      text.append_number(value, 10);
    } else if (radix == 1) {
      // The leading 0 that makes it octal, the extra zeros, the digits (a
      // zero value needs none beyond the leading 0).
      for (int z = 0; z <= zeros; ++z) text.push('0');
      if (value != 0) text.append_number(value, 8);
    } else {
      text.append(upper_x ? "0X" : "0x");
      for (int z = 0; z < zeros; ++z) text.push('0');
      text.append_number(value, 16, upper_digits);
    }
  }

  Ipv4Bytes posix{}, glibc{}, libc{};
  const bool posix_ok = sock::inet::parse_inet_aton(text.view(), Dialect::posix, posix);
  const bool glibc_ok = sock::inet::parse_inet_aton(text.view(), Dialect::glibc, glibc);
  const bool libc_ok = libc_inet_aton(text, libc);
  SOCKFUZZ_CHECK_WITH(posix_ok && sockfuzz::same(posix, address) && glibc_ok && sockfuzz::same(glibc, address) && libc_ok &&
                          sockfuzz::same(libc, address),
                      .text("spelling", text.view())
                          .bytes("address", address.data(), 4)
                          .parsed("reference (posix)", posix_ok, posix.data(), 4)
                          .parsed("reference (glibc)", glibc_ok, glibc.data(), 4)
                          .parsed("C library inet_aton", libc_ok, libc.data(), 4)
                          .spec_args("inet_aton", "-", text.view().data(), text.size())
                          .spec_outcome_bytes("reference-posix", posix_ok, posix.data(), 4)
                          .spec_outcome_bytes("reference-glibc", glibc_ok, glibc.data(), 4)
                          .spec_outcome_bytes("glibc", libc_ok, libc.data(), 4));

  // No trailer chosen: done.
  if (!sockfuzz::consume_bool(choices)) return 0;
  static constexpr std::array<char, 6> kSpaces = {' ', '\t', '\n', '\v', '\f', '\r'};
  text.push(kSpaces[choices.ConsumeIntegralInRange<std::size_t>(0, kSpaces.size() - 1)]);
  char trailer[kMaxLen];
  const std::size_t trailer_size = sockfuzz::consume_data(choices, trailer, sizeof trailer);
  text.append({trailer, trailer_size});

  const bool posix_trailer_ok = sock::inet::parse_inet_aton(text.view(), Dialect::posix, posix);
  const bool glibc_trailer_ok = sock::inet::parse_inet_aton(text.view(), Dialect::glibc, glibc);
  const bool libc_trailer_ok = libc_inet_aton(text, libc);
  SOCKFUZZ_CHECK_WITH(!posix_trailer_ok && glibc_trailer_ok && sockfuzz::same(glibc, address) && libc_trailer_ok &&
                          sockfuzz::same(libc, address),
                      .text("spelling with trailer", text.view())
                          .bytes("address", address.data(), 4)
                          .parsed("reference (posix)", posix_trailer_ok, posix.data(), 4)
                          .parsed("reference (glibc)", glibc_trailer_ok, glibc.data(), 4)
                          .parsed("C library inet_aton", libc_trailer_ok, libc.data(), 4)
                          .spec_args("inet_aton", "-", text.view().data(), text.size())
                          .spec_outcome_bytes("reference-posix", posix_trailer_ok, posix.data(), 4)
                          .spec_outcome_bytes("reference-glibc", glibc_trailer_ok, glibc.data(), 4)
                          .spec_outcome_bytes("glibc", libc_trailer_ok, libc.data(), 4));
  return 0;
}
