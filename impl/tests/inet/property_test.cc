// property_test.cc: properties of the text conversions over generated
// inputs, beside the tables (RapidCheck).
//
// The tables pin down each rule at its boundaries; these check what must
// hold for every input: formatting then parsing is the identity, the
// stricter grammars are subsets of the looser ones with the same bytes,
// and the dialects differ only where the header says they do.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cstdio>
#include <string>
#include <string_view>

#include "impl/inet/ipv4_text.h"
#include "impl/inet/ipv6_text.h"

namespace sock::inet {
namespace {

// Addresses with many zero groups, so that every "::" placement and the
// mapped and compatible prefixes come up, not only random-looking ones.
rc::Gen<Ipv6Bytes> ipv6_addresses() {
  return rc::gen::map(
      rc::gen::pair(rc::gen::arbitrary<std::array<std::uint16_t, 8>>(), rc::gen::inRange(0u, 256u)),
      [](const std::pair<std::array<std::uint16_t, 8>, unsigned>& words_and_zeros) {
        const auto& [words, zeros] = words_and_zeros;
        Ipv6Bytes bytes{};
        for (unsigned g = 0; g < 8; ++g) {
          const std::uint16_t word = (zeros >> g & 1) ? 0 : words[g];
          bytes[2 * g] = static_cast<std::uint8_t>(word >> 8);
          bytes[2 * g + 1] = static_cast<std::uint8_t>(word);
        }
        return bytes;
      });
}

// Text shaped like inet_aton input, so that a good share of it is valid:
// a dotted quad, or one to five parts joined by dots, each a number in one of the three bases
// (at and around the byte and word limits) or a few stray characters, and
// sometimes a trailer.
rc::Gen<std::string> address_like_text() {
  return rc::gen::exec([] {
    const auto number = [](const char* format, std::uint64_t value) {
      char text[32];
      std::snprintf(text, sizeof text, format, static_cast<unsigned long long>(value));
      return std::string(text);
    };
    const auto value = rc::gen::oneOf(rc::gen::inRange<std::uint64_t>(0, 300),
                                      rc::gen::inRange<std::uint64_t>(0xfff0, 0x10010),
                                      rc::gen::inRange<std::uint64_t>(0xfffff0, 0x1000010),
                                      rc::gen::inRange<std::uint64_t>(0xfffffff0, 0x100000010));
    std::string text;
    if (*rc::gen::inRange(0, 4) == 0) {
      // A plain dotted quad, which every grammar accepts.
      const auto bytes = *rc::gen::arbitrary<std::array<std::uint8_t, 4>>();
      for (std::size_t i = 0; i < 4; ++i) text += (i ? "." : "") + std::to_string(bytes[i]);
      return text;
    }
    const std::size_t count = *rc::gen::inRange<std::size_t>(1, 6);
    for (std::size_t i = 0; i < count; ++i) {
      if (i != 0) text += '.';
      switch (*rc::gen::inRange(0, 4)) {
        case 0: text += number("0%llo", *value); break;
        case 1: text += number("0x%llx", *value); break;
        case 2:  // stray characters
          text += *rc::gen::container<std::string>(rc::gen::element('0', '8', 'x', 'X', '-', ' ', '.', '\0'));
          break;
        default: text += number("%llu", *value); break;
      }
    }
    if (*rc::gen::inRange(0, 4) == 0) {
      text += *rc::gen::element<std::string>(" ", "\t", "x", std::string(1, '\0'), "\n1");
    }
    return text;
  });
}

RC_GTEST_PROP(Ipv6Text, EveryFormattedAddressParsesBackToTheSameBytes, ()) {
  const Ipv6Bytes address = *ipv6_addresses();
  for (const Dialect dialect : {Dialect::posix, Dialect::glibc}) {
    char text[kIpv6TextMax];
    const std::size_t n = format_ipv6(address, dialect, text);
    RC_ASSERT(n < kIpv6TextMax);
    Ipv6Bytes back{};
    RC_ASSERT(parse_ipv6(std::string_view(text, n), back));
    RC_ASSERT(back == address);
  }
}

RC_GTEST_PROP(Ipv6Text, DialectsDifferOnlyOnIpv4CompatibleAddresses, ()) {
  const Ipv6Bytes address = *ipv6_addresses();
  char posix[kIpv6TextMax], glibc[kIpv6TextMax];
  const std::string_view p(posix, format_ipv6(address, Dialect::posix, posix));
  const std::string_view g(glibc, format_ipv6(address, Dialect::glibc, glibc));
  // IPv4-compatible with group 6 nonzero: the first 12 bytes zero and
  // bytes 12-13 not both zero (the header's description of the glibc form).
  bool compatible = address[12] != 0 || address[13] != 0;
  for (int i = 0; i < 12; ++i) compatible = compatible && address[i] == 0;
  RC_ASSERT((p != g) == compatible);
}

RC_GTEST_PROP(Ipv6Text, PosixOutputIsCanonical, ()) {
  // RFC 5952: every group is "0" or starts with a nonzero digit (4.1),
  // has at most four digits, is lowercase (4.3); "::" appears at most once.
  const Ipv6Bytes address = *ipv6_addresses();
  char text[kIpv6TextMax];
  const std::string_view s(text, format_ipv6(address, Dialect::posix, text));
  for (std::size_t start = 0; start <= s.size();) {
    std::size_t end = s.find(':', start);
    if (end == std::string_view::npos) end = s.size();
    const std::string_view group = s.substr(start, end - start);
    if (!group.empty() && group.find('.') == std::string_view::npos) {
      RC_ASSERT(group.size() <= 4u);
      RC_ASSERT(group == "0" || group[0] != '0');
      RC_ASSERT(group.find_first_of("ABCDEF") == std::string_view::npos);
    }
    start = end + 1;
  }
  RC_ASSERT(s.find("::") == s.rfind("::"));
}

RC_GTEST_PROP(Ipv4Text, EveryFormattedAddressParsesBackInEveryGrammar, (std::array<std::uint8_t, 4> address)) {
  char text[kIpv4TextMax];
  const std::string_view s(text, format_ipv4(address, text));
  Ipv4Bytes dotted{}, posix{}, glibc{};
  RC_ASSERT(parse_ipv4_dotted(s, dotted));
  RC_ASSERT(parse_inet_aton(s, Dialect::posix, posix));
  RC_ASSERT(parse_inet_aton(s, Dialect::glibc, glibc));
  RC_ASSERT(dotted == address);
  RC_ASSERT(posix == address);
  RC_ASSERT(glibc == address);
}

RC_GTEST_PROP(Ipv4Text, StricterGrammarsAcceptSubsetsWithTheSameBytes, ()) {
  // dotted quad is a subset of inet_aton[posix], which is a subset of
  // inet_aton[glibc]; where two accept, they agree on the address.
  const std::string text = *address_like_text();
  Ipv4Bytes dotted{}, posix{}, glibc{};
  const bool ok_dotted = parse_ipv4_dotted(text, dotted);
  const bool ok_posix = parse_inet_aton(text, Dialect::posix, posix);
  const bool ok_glibc = parse_inet_aton(text, Dialect::glibc, glibc);
  RC_TAG(ok_dotted ? "dotted" : ok_posix ? "aton only" : ok_glibc ? "glibc only" : "invalid");
  if (ok_dotted) RC_ASSERT(ok_posix && posix == dotted);
  if (ok_posix) RC_ASSERT(ok_glibc && glibc == posix);
}

RC_GTEST_PROP(Ipv4Text, GlibcIgnoresWhateverFollowsWhitespace, (std::string junk)) {
  // The address parsed from "<address> <junk>" is the address parsed
  // from "<address>", whatever the junk.
  const std::string text = *address_like_text();
  // Text that already holds whitespace or a NUL may end earlier; that case
  // is covered by the tables.
  RC_PRE(text.find_first_of(std::string(" \t\0", 3)) == std::string::npos);
  Ipv4Bytes alone{}, followed{};
  const bool ok = parse_inet_aton(text, Dialect::glibc, alone);
  const bool ok_followed = parse_inet_aton(text + " " + junk, Dialect::glibc, followed);
  RC_ASSERT(ok == ok_followed);
  if (ok) RC_ASSERT(alone == followed);
}

}  // namespace
}  // namespace sock::inet
