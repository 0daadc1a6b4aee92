// inet_pton6_forms: every RFC 4291 section 2.2 spelling of an address is
// read as that address. Input: choices for a FuzzedDataProvider (below).
//
// Invariant: for every address A and every text T that spells A by RFC 4291
// section 2.2 (eight groups of one to four hex digits, leading zeros
// optional, either case; one "::" standing for any one run of one or more
// zero groups; optionally the last two groups as a dotted quad),
//   parse_ipv6(T) accepts T and gives A, and so does the C library's
//   inet_pton(AF_INET6, T).
//
// Choices (FuzzedDataProvider; false or 0 always means the default, so an
// empty input spells "::" as "0:0:0:0:0:0:0:0"):
//   the address (16 bytes from the front of the input, zero-padded); per
//   group the extra leading zeros (0-3, up to four digits in all) and upper
//   case; whether the last 32 bits are a dotted quad; which run of zero
//   groups "::" replaces (0 = none, else the n-th candidate run, counting
//   every run of consecutive zero groups by start, then length).
#include <arpa/inet.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <fuzzer/FuzzedDataProvider.h>

#include "fuzz_support.h"
#include "impl/inet/ipv6_text.h"

namespace {

using sock::inet::Ipv6Bytes;

// 16 address bytes and about 20 choice bytes; fuzz/inet_pton6_forms.options.
constexpr std::size_t kMaxLen = 64;

// Eight groups of four digits and their colons, or six and a dotted quad,
// and one more colon for "::": 40 bytes at most.
using Text = sockfuzz::FixedText<48>;

// How one group is written.
struct GroupStyle {
  int extra_zeros;  // leading zeros beyond the value's own digits, 0-3
  bool upper;
};

void append_group(Text& text, unsigned value, GroupStyle style) {
  int digits = 1;
  for (unsigned v = value >> 4; v != 0; v >>= 4) ++digits;
  for (int z = 0; z < style.extra_zeros && digits + z < 4; ++z) text.push('0');
  text.append_number(value, 16, style.upper);
}

void append_dotted(Text& text, const std::uint8_t* bytes) {
  for (int i = 0; i < 4; ++i) {
    if (i != 0) text.push('.');
    text.append_number(bytes[i], 10);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Oversized inputs are not interesting (see kMaxLen); skip, don't fail.
  if (size > kMaxLen) return 0;
  const sockfuzz::InputScope scope(data, size);
  FuzzedDataProvider choices(data, size);

  Ipv6Bytes address{};
  sockfuzz::consume_data(choices, address.data(), address.size());  // short input: the rest stays zero
  unsigned groups[8];
  for (int i = 0; i < 8; ++i) groups[i] = static_cast<unsigned>(address[2 * i] << 8 | address[2 * i + 1]);

  const bool dotted = sockfuzz::consume_bool(choices);
  const int hex_groups = dotted ? 6 : 8;
  GroupStyle styles[8] = {};
  for (int i = 0; i < hex_groups; ++i) {
    styles[i].extra_zeros = sockfuzz::consume_in_range<int>(choices, 0, 3);
    styles[i].upper = sockfuzz::consume_bool(choices);
  }

  // Every run [begin, end) of zero hex groups is a place "::" may go:
  // count them, pick one (0 = none), then find the picked one.
  int candidates = 0;
  for (int begin = 0; begin < hex_groups; ++begin) {
    for (int end = begin + 1; end <= hex_groups && groups[end - 1] == 0; ++end) ++candidates;
  }
  const int pick = sockfuzz::consume_in_range<int>(choices, 0, candidates);
  int run_begin = -1, run_end = -1;
  for (int begin = 0, n = 0; begin < hex_groups && run_begin < 0; ++begin) {
    for (int end = begin + 1; end <= hex_groups && groups[end - 1] == 0; ++end) {
      if (++n == pick) {
        run_begin = begin;
        run_end = end;
        break;
      }
    }
  }

  // Groups, with "::" in place of the picked run; a separator goes between
  // two written items, and "::" is its own separator on both sides.
  Text text;
  bool need_colon = false;
  for (int i = 0; i < hex_groups; ++i) {
    if (i == run_begin) {
      text.append("::");
      need_colon = false;
      i = run_end - 1;
      continue;
    }
    if (need_colon) text.push(':');
    append_group(text, groups[i], styles[i]);
    need_colon = true;
  }
  if (dotted) {
    if (need_colon) text.push(':');
    append_dotted(text, &address[12]);
  }

  Ipv6Bytes parsed{}, libc{};
  const bool ok = sock::inet::parse_ipv6(text.view(), parsed);
  const bool libc_ok = inet_pton(AF_INET6, text.c_str(), libc.data()) == 1;
  SOCKFUZZ_CHECK_WITH(ok && sockfuzz::same(parsed, address) && libc_ok && sockfuzz::same(libc, address),
                      .text("spelling", text.view())
                          .bytes("address", address.data(), 16)
                          .parsed("parse_ipv6", ok, parsed.data(), 16)
                          .parsed("C library inet_pton", libc_ok, libc.data(), 16)
                          .spec_args("inet_pton", "AF_INET6", text.view().data(), text.size())
                          .spec_outcome_bytes("reference", ok, parsed.data(), 16)
                          .spec_outcome_bytes("glibc", libc_ok, libc.data(), 16));
  return 0;
}
