// ipv6_text_test.cc: parse_ipv6 (RFC 4291 section 2.2, as inet_pton takes
// it) and format_ipv6 (RFC 5952, and glibc's inet_ntop) as tables.
//
// Every parse row runs through parse_ipv6 and through each of its
// implementations (parser_variants.h).
#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "impl/inet/ipv6_text.h"
#include "impl/inet/parser_variants.h"
#include "show.h"

namespace sock::inet {
namespace {

using testing::show;
using namespace std::string_view_literals;

using Words = std::array<std::uint16_t, 8>;

constexpr Ipv6Bytes bytes_of(const Words& words) {
  Ipv6Bytes bytes{};
  for (int i = 0; i < 8; ++i) {
    bytes[2 * i] = static_cast<std::uint8_t>(words[i] >> 8);
    bytes[2 * i + 1] = static_cast<std::uint8_t>(words[i]);
  }
  return bytes;
}

constexpr std::optional<Ipv6Bytes> W(std::uint16_t a, std::uint16_t b, std::uint16_t c, std::uint16_t d,
                                     std::uint16_t e, std::uint16_t f, std::uint16_t g, std::uint16_t h) {
  return bytes_of({a, b, c, d, e, f, g, h});
}
constexpr std::optional<Ipv6Bytes> kInvalid = std::nullopt;

// --- parse_ipv6 -------------------------------------------------------------------

struct ParseCase {
  std::string_view text;
  std::optional<Ipv6Bytes> want;
};

const ParseCase kParse[] = {
    // Eight groups written out (RFC 4291 section 2.2 item 1), either case.
    {"1:2:3:4:5:6:7:8", W(1, 2, 3, 4, 5, 6, 7, 8)},
    {"ABCD:EF01:2345:6789:ABCD:EF01:2345:6789", W(0xabcd, 0xef01, 0x2345, 0x6789, 0xabcd, 0xef01, 0x2345, 0x6789)},
    {"2001:DB8:0:0:8:800:200C:417A", W(0x2001, 0xdb8, 0, 0, 8, 0x800, 0x200c, 0x417a)},
    {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", W(0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff)},
    {"0:0:0:0:0:0:0:0", W(0, 0, 0, 0, 0, 0, 0, 0)},
    {"0000:0000:0000:0000:0000:0000:0000:0000", W(0, 0, 0, 0, 0, 0, 0, 0)},

    // One to four digits a group; a fifth is too many, even as a zero.
    {"1:22:333:4444:0:00:000:0000", W(1, 0x22, 0x333, 0x4444, 0, 0, 0, 0)},
    {"::0001", W(0, 0, 0, 0, 0, 0, 0, 1)},
    {"::000f", W(0, 0, 0, 0, 0, 0, 0, 0xf)},
    {"12345::", kInvalid},
    {"::12345", kInvalid},
    {"1:2:3:4:5:6:7:00000", kInvalid},
    {"00000::", kInvalid},

    // Groups across the SSE2 parser's 16-byte chunks (bytes 15/16, 31/32).
    {"1111:2222:3333:4444:5555:6666:7777:8888",
     W(0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666, 0x7777, 0x8888)},
    {"1:22:333:4444:55:6:7777:8", W(1, 0x22, 0x333, 0x4444, 0x55, 6, 0x7777, 8)},
    {"111:2222:3333:4::1:2:3", W(0x111, 0x2222, 0x3333, 4, 0, 1, 2, 3)},
    {"aaaa:bbbb:cccc::dddd:eeee:ffff:1", W(0xaaaa, 0xbbbb, 0xcccc, 0, 0xdddd, 0xeeee, 0xffff, 1)},
    {"aaaa:bbbb:cccc:dddd:eeee:ffff:0000:11111", kInvalid},
    {"aaaa:bbbb:cccc:dddd::ffff:0000:1111:", kInvalid},

    // "::" stands for one or more zero groups, anywhere (item 2).
    {"::", W(0, 0, 0, 0, 0, 0, 0, 0)},
    {"::1", W(0, 0, 0, 0, 0, 0, 0, 1)},
    {"1::", W(1, 0, 0, 0, 0, 0, 0, 0)},
    {"1::8", W(1, 0, 0, 0, 0, 0, 0, 8)},
    {"FF01::101", W(0xff01, 0, 0, 0, 0, 0, 0, 0x101)},
    {"2001:DB8::8:800:200C:417A", W(0x2001, 0xdb8, 0, 0, 8, 0x800, 0x200c, 0x417a)},
    {"::2:3:4:5:6:7:8", W(0, 2, 3, 4, 5, 6, 7, 8)},
    {"1:2:3:4:5:6:7::", W(1, 2, 3, 4, 5, 6, 7, 0)},
    {"1:2:3::5:6:7:8", W(1, 2, 3, 0, 5, 6, 7, 8)},
    {"1:2:3:4:5:6::8", W(1, 2, 3, 4, 5, 6, 0, 8)},
    // ...but never for no group at all, and at most once.
    {"1::2:3:4:5:6:7:8", kInvalid},
    {"::1:2:3:4:5:6:7:8", kInvalid},
    {"1:2:3:4:5:6:7:8::", kInvalid},
    {"1::2::3", kInvalid},
    {"::1::", kInvalid},
    {"::1::2", kInvalid},

    // Colons: single colons only between groups.
    {"", kInvalid},
    {":", kInvalid},
    {":::", kInvalid},
    {"::::", kInvalid},
    {"1:::2", kInvalid},
    {":1", kInvalid},
    {"1:", kInvalid},
    {":1::", kInvalid},
    {"1::2:", kInvalid},
    {":1:2:3:4:5:6:7:8", kInvalid},
    {"1:2:3:4:5:6:7:8:", kInvalid},

    // Exactly eight groups without "::".
    {"1:2:3:4:5:6:7", kInvalid},
    {"1:2:3:4:5:6:7:8:9", kInvalid},
    {"1", kInvalid},

    // A dotted quad as the low-order 32 bits (item 3), strict as inet_pton(AF_INET).
    {"0:0:0:0:0:0:13.1.68.3", W(0, 0, 0, 0, 0, 0, 0x0d01, 0x4403)},
    {"::13.1.68.3", W(0, 0, 0, 0, 0, 0, 0x0d01, 0x4403)},
    {"0:0:0:0:0:FFFF:129.144.52.38", W(0, 0, 0, 0, 0, 0xffff, 0x8190, 0x3426)},
    {"::FFFF:129.144.52.38", W(0, 0, 0, 0, 0, 0xffff, 0x8190, 0x3426)},
    {"1:2:3:4:5:6:1.2.3.4", W(1, 2, 3, 4, 5, 6, 0x0102, 0x0304)},
    {"1::1.2.3.4", W(1, 0, 0, 0, 0, 0, 0x0102, 0x0304)},
    {"1:2:3:4:5::1.2.3.4", W(1, 2, 3, 4, 5, 0, 0x0102, 0x0304)},
    {"::0.0.0.0", W(0, 0, 0, 0, 0, 0, 0, 0)},
    {"::255.255.255.255", W(0, 0, 0, 0, 0, 0, 0xffff, 0xffff)},
    {"::1:2.3.4.5", W(0, 0, 0, 0, 0, 1, 0x0203, 0x0405)},
    {"ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255",  // 45 bytes, the longest valid text
     W(0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff)},
    {"ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.2555", kInvalid},
    {"1.2.3.4", kInvalid},                   // two groups' worth, alone
    {"1:2:3:4:5:6:7:1.2.3.4", kInvalid},     // nine groups' worth
    {"1:2:3:4:5:6::1.2.3.4", kInvalid},      // "::" for nothing
    {"1:2:3:4:5:6:7:8:1.2.3.4", kInvalid},
    {"::1.2.3", kInvalid},
    {"::1.2.3.4.5", kInvalid},
    {"::1.2.3.4.", kInvalid},
    {"::256.1.1.1", kInvalid},
    {"::1.2.3.256", kInvalid},
    {"::01.2.3.4", kInvalid},
    {"::1.2.3.04", kInvalid},
    {"::1234.1.2.3", kInvalid},
    {"::0x1.2.3.4", kInvalid},
    {"::a.2.3.4", kInvalid},
    {"::1.2.3.4a", kInvalid},
    {"::1.2.3.4:5", kInvalid},                // the quad comes last
    {"::1.2.3.4::", kInvalid},
    {"::.1.2.3", kInvalid},
    {"1:.2.3.4", kInvalid},

    // Not inet_pton's grammar: brackets, zones, prefixes, spaces, signs.
    {"[::1]", kInvalid},
    {"::1%eth0", kInvalid},
    {"fe80::1%1", kInvalid},
    {"::/0", kInvalid},
    {"2001:db8::/32", kInvalid},
    {" ::1", kInvalid},
    {"::1 ", kInvalid},
    {"::1\n", kInvalid},
    {"::1\0"sv, kInvalid},
    {"::\0"sv, kInvalid},
    {"1:2:3:4:5:6:7:8\0"sv, kInvalid},
    {"::-1", kInvalid},
    {"::+1", kInvalid},
    {"0x1::", kInvalid},
    {"g::", kInvalid},
    {"::G", kInvalid},
    {"1:2:3:4:5:6:7:8x", kInvalid},
};

constexpr Ipv6Bytes kUntouched = bytes_of({0xa55a, 0xa55a, 0xa55a, 0xa55a, 0xa55a, 0xa55a, 0xa55a, 0xa55a});

using Ipv6Parser = bool (*)(std::string_view, Ipv6Bytes&) noexcept;
const std::pair<const char*, Ipv6Parser> kParsers[] = {
    {"parse_ipv6", parse_ipv6},
    {"parse_ipv6_scalar", detail::parse_ipv6_scalar},
#if defined(__SSE2__)
    {"parse_ipv6_sse2", detail::parse_ipv6_sse2},
#endif
};

TEST(ParseIpv6, AcceptsExactlyTheRfc4291TextForms) {
  for (const auto& row : kParse) {
    for (const auto& [name, parser] : kParsers) {
      Ipv6Bytes out = kUntouched;
      const bool ok = parser(row.text, out);
      const std::optional<Ipv6Bytes> got = ok ? std::optional<Ipv6Bytes>(out) : std::nullopt;
      EXPECT_EQ(got, row.want) << name << "(" << show(row.text) << ") gave " << show(got) << ", want "
                               << show(row.want);
      if (!ok) {
        EXPECT_EQ(out, kUntouched) << name << "(" << show(row.text) << ") wrote its output on failure";
      }
    }
  }
}

// --- format_ipv6 ------------------------------------------------------------------

struct FormatCase {
  Words words;
  std::string_view want;
};

std::string formatted(const Words& words, Dialect dialect) {
  // Past the text, the buffer must be as the caller left it.
  std::array<char, kIpv6TextMax> out;
  out.fill('#');
  const std::size_t n = format_ipv6(bytes_of(words), dialect, out.data());
  for (std::size_t i = n; i < out.size(); ++i) {
    EXPECT_EQ(out[i], '#') << "format_ipv6(" << show(bytes_of(words)) << ") wrote past its text at " << i;
  }
  return std::string(out.data(), n);
}

// RFC 5952 section 4, one group of rows per rule; the same text in both
// dialects.
const FormatCase kFormatBoth[] = {
    // 4.1: leading zeros suppressed, a zero group printed as "0".
    {{0x2001, 0x0db8, 0, 0, 0, 0, 0, 0x0001}, "2001:db8::1"},
    {{0x1, 0x12, 0x123, 0x1234, 0xf, 0xf0, 0xf00, 0xf000}, "1:12:123:1234:f:f0:f00:f000"},
    {{0x2001, 0xdb8, 0xaaaa, 0xbbbb, 0xcccc, 0xdddd, 0, 0x0001}, "2001:db8:aaaa:bbbb:cccc:dddd:0:1"},

    // 4.2.1: "::" shortens as much as possible.
    {{0x2001, 0xdb8, 0, 0, 0, 0, 2, 1}, "2001:db8::2:1"},
    {{0, 0, 0, 0, 0, 0, 0, 0}, "::"},
    {{0, 0, 0, 0, 0, 0, 0, 1}, "::1"},
    {{1, 0, 0, 0, 0, 0, 0, 0}, "1::"},
    {{0, 0, 1, 2, 3, 4, 5, 6}, "::1:2:3:4:5:6"},
    {{1, 2, 3, 4, 5, 6, 0, 0}, "1:2:3:4:5:6::"},
    {{1, 2, 3, 0, 0, 6, 7, 8}, "1:2:3::6:7:8"},

    // 4.2.2: never "::" for a single zero group, wherever it is.
    {{0x2001, 0xdb8, 0, 1, 1, 1, 1, 1}, "2001:db8:0:1:1:1:1:1"},
    {{0, 1, 2, 3, 4, 5, 6, 7}, "0:1:2:3:4:5:6:7"},
    {{1, 2, 3, 4, 5, 6, 7, 0}, "1:2:3:4:5:6:7:0"},
    {{1, 0, 2, 0, 3, 0, 4, 0}, "1:0:2:0:3:0:4:0"},
    {{1, 2, 3, 4, 5, 6, 7, 8}, "1:2:3:4:5:6:7:8"},

    // 4.2.3: the longest run; the first of equally long runs.
    {{0x2001, 0, 0, 1, 0, 0, 0, 1}, "2001:0:0:1::1"},
    {{0x2001, 0xdb8, 0, 0, 1, 0, 0, 1}, "2001:db8::1:0:0:1"},
    {{0, 0, 1, 0, 0, 1, 0, 0}, "::1:0:0:1:0:0"},
    {{1, 0, 0, 2, 3, 0, 0, 4}, "1::2:3:0:0:4"},
    {{0, 0, 0, 1, 0, 0, 0, 1}, "::1:0:0:0:1"},
    {{1, 0, 0, 0, 1, 0, 0, 0}, "1::1:0:0:0"},

    // 4.3: lowercase.
    {{0xABCD, 0xEF01, 0x2345, 0x6789, 0xABCD, 0xEF01, 0x2345, 0x6789}, "abcd:ef01:2345:6789:abcd:ef01:2345:6789"},
    {{0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff}, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},

    // Section 5: IPv4-mapped addresses (::ffff:0:0/96) in mixed notation,
    // the low 32 bits at their limits.
    {{0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201}, "::ffff:192.0.2.1"},
    {{0, 0, 0, 0, 0, 0xffff, 0, 0}, "::ffff:0.0.0.0"},
    {{0, 0, 0, 0, 0, 0xffff, 0xffff, 0xffff}, "::ffff:255.255.255.255"},
    {{0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001}, "::ffff:10.0.0.1"},
    // ...and the near misses, which are not mapped addresses and print in hex.
    {{0, 0, 0, 0, 0, 0xfffe, 0xc000, 0x0201}, "::fffe:c000:201"},
    {{0, 0, 0, 0, 1, 0xffff, 0xc000, 0x0201}, "::1:ffff:c000:201"},
    {{0, 0, 0, 0, 0xffff, 0, 0xc000, 0x0201}, "::ffff:0:c000:201"},  // IPv4-translated, RFC 2765
    {{1, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201}, "1::ffff:c000:201"},
    {{0, 0, 0, 0, 0, 0xffff, 0, 1}, "::ffff:0.0.0.1"},

    // Runs of seven or eight zeros are :: and ::x in both dialects, not
    // IPv4-compatible text: group 6 is zero.
    {{0, 0, 0, 0, 0, 0, 0, 0xffff}, "::ffff"},
    {{0, 0, 0, 0, 0, 0, 0, 2}, "::2"},
};

TEST(FormatIpv6, FollowsRfc5952InBothDialects) {
  for (const auto& row : kFormatBoth) {
    for (const Dialect dialect : {Dialect::posix, Dialect::glibc}) {
      EXPECT_EQ(formatted(row.words, dialect), row.want)
          << "format_ipv6[" << name(dialect) << "](" << show(bytes_of(row.words)) << ")";
    }
  }
}

struct DialectFormatCase {
  Words words;
  std::string_view posix;
  std::string_view glibc;
};

// IPv4-compatible addresses (::/96, RFC 4291 section 2.5.5.1, deprecated):
// RFC 5952 output is hex; glibc prints them dotted whenever the zero run
// is exactly groups 0-5, so group 6 is not zero.
const DialectFormatCase kFormatByDialect[] = {
    {{0, 0, 0, 0, 0, 0, 0xc000, 0x0201}, "::c000:201", "::192.0.2.1"},
    {{0, 0, 0, 0, 0, 0, 0x0100, 0}, "::100:0", "::1.0.0.0"},
    {{0, 0, 0, 0, 0, 0, 0x0001, 0}, "::1:0", "::0.1.0.0"},
    {{0, 0, 0, 0, 0, 0, 0x0001, 0x0001}, "::1:1", "::0.1.0.1"},
    {{0, 0, 0, 0, 0, 0, 0xffff, 0xffff}, "::ffff:ffff", "::255.255.255.255"},
};

TEST(FormatIpv6, GlibcPrintsIpv4CompatibleAddressesDotted) {
  for (const auto& row : kFormatByDialect) {
    const std::string address = show(bytes_of(row.words));
    EXPECT_EQ(formatted(row.words, Dialect::posix), row.posix) << "format_ipv6[posix](" << address << ")";
    EXPECT_EQ(formatted(row.words, Dialect::glibc), row.glibc) << "format_ipv6[glibc](" << address << ")";
  }
}

}  // namespace
}  // namespace sock::inet
