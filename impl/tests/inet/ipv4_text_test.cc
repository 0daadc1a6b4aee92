// ipv4_text_test.cc: parse_inet_aton, parse_ipv4_dotted and format_ipv4 as
// tables of inputs at every boundary.
//
// Rules and where they come from: inet(3) for inet_aton's forms and bases;
// POSIX inet_pton for the dotted quad; GNU libc 2.36's inet_aton for what
// the glibc dialect accepts after the address (checked against the real
// function by libc_differential_test.cc).
//
// Every row runs through the public function and through each of its
// implementations (parser_variants.h: the scalar one and, where compiled
// in, the SSE2 one), so that a rule one of them gets wrong fails here.
#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "impl/inet/ipv4_text.h"
#include "impl/inet/parser_variants.h"
#include "show.h"

namespace sock::inet {
namespace {

using testing::show;
using namespace std::string_view_literals;

constexpr std::optional<Ipv4Bytes> kInvalid = std::nullopt;
constexpr std::optional<Ipv4Bytes> A(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  return Ipv4Bytes{a, b, c, d};
}

struct ParseCase {
  std::string_view text;
  std::optional<Ipv4Bytes> want;
};

// A byte pattern no row expects, to show that a failed parse leaves `out`
// as it was (the header promises it is written only on success).
constexpr Ipv4Bytes kUntouched = {0xa5, 0x5a, 0xa5, 0x5a};

// The implementations of each grammar, by name.
using AtonParser = bool (*)(std::string_view, Dialect, Ipv4Bytes&) noexcept;
using DottedParser = bool (*)(std::string_view, Ipv4Bytes&) noexcept;
const std::pair<const char*, AtonParser> kAtonParsers[] = {
    {"parse_inet_aton", parse_inet_aton},
    {"parse_aton_scalar", detail::parse_aton_scalar},
#if defined(__SSE2__)
    {"parse_aton_sse2", detail::parse_aton_sse2},
#endif
};
const std::pair<const char*, DottedParser> kDottedParsers[] = {
    {"parse_ipv4_dotted", parse_ipv4_dotted},
    {"parse_dotted_scalar", detail::parse_dotted_scalar},
#if defined(__SSE2__)
    {"parse_dotted_sse2", detail::parse_dotted_sse2},
#endif
};

template <typename Parse>
void expect_parse(const ParseCase& row, Parse parse, std::string_view what) {
  Ipv4Bytes out = kUntouched;
  const bool ok = parse(row.text, out);
  const std::optional<Ipv4Bytes> got = ok ? std::optional<Ipv4Bytes>(out) : std::nullopt;
  EXPECT_EQ(got, row.want) << what << "(" << show(row.text) << ") gave " << show(got) << ", want " << show(row.want);
  if (!ok) {
    EXPECT_EQ(out, kUntouched) << what << "(" << show(row.text) << ") wrote its output on failure";
  }
}

void expect_aton(const ParseCase& row, Dialect dialect) {
  for (const auto& [name, parser] : kAtonParsers) {
    expect_parse(row, [&](auto text, auto& out) { return parser(text, dialect, out); },
                 std::string(name) + "[" + std::string(inet::name(dialect)) + "]");
  }
}

// --- parse_inet_aton: rows that hold in both dialects -------------------------

const ParseCase kAtonBothDialects[] = {
    // One part "a": 32 bits (inet(3)); the limit in each base and one past it.
    {"0", A(0, 0, 0, 0)},
    {"1", A(0, 0, 0, 1)},
    {"3232235777", A(192, 168, 1, 1)},
    {"4294967295", A(255, 255, 255, 255)},
    {"4294967296", kInvalid},
    {"0xffffffff", A(255, 255, 255, 255)},
    {"0XFFFFFFFF", A(255, 255, 255, 255)},
    {"0x100000000", kInvalid},
    {"037777777777", A(255, 255, 255, 255)},
    {"040000000000", kInvalid},
    // Past 64 bits too: the value saturates, it does not wrap around to a
    // small number (18446744073709551616 is 2^64, 2^64 + 1 would wrap to 1).
    {"18446744073709551615", kInvalid},
    {"18446744073709551617", kInvalid},
    {"0x10000000000000001", kInvalid},
    {"99999999999999999999999999999999", kInvalid},
    // Leading zeros do not count towards the limit.
    {"0000000000000000000000000000377", A(0, 0, 0, 255)},
    {"0x000000000000000000000000000000ff", A(0, 0, 0, 255)},
    {"0x0000000000000000000000ffffffff", A(255, 255, 255, 255)},

    // Two parts "a.b": 8.24 bits.
    {"127.1", A(127, 0, 0, 1)},
    {"1.16777215", A(1, 255, 255, 255)},
    {"1.16777216", kInvalid},
    {"1.0xffffff", A(1, 255, 255, 255)},
    {"1.0x1000000", kInvalid},
    {"1.077777777", A(1, 255, 255, 255)},
    {"1.0100000000", kInvalid},
    {"255.0", A(255, 0, 0, 0)},
    {"256.0", kInvalid},
    {"0xff.0", A(255, 0, 0, 0)},
    {"0x100.0", kInvalid},
    {"0377.0", A(255, 0, 0, 0)},
    {"0400.0", kInvalid},

    // Three parts "a.b.c": 8.8.16 bits.
    {"10.0.258", A(10, 0, 1, 2)},
    {"1.2.65535", A(1, 2, 255, 255)},
    {"1.2.65536", kInvalid},
    {"1.2.0xffff", A(1, 2, 255, 255)},
    {"1.2.0x10000", kInvalid},
    {"1.2.0177777", A(1, 2, 255, 255)},
    {"1.2.0200000", kInvalid},
    {"1.255.0", A(1, 255, 0, 0)},
    {"1.256.0", kInvalid},

    // Four parts "a.b.c.d": 8.8.8.8 bits, each part at most 255.
    {"0.0.0.0", A(0, 0, 0, 0)},
    {"1.2.3.4", A(1, 2, 3, 4)},
    {"255.255.255.255", A(255, 255, 255, 255)},
    {"256.255.255.255", kInvalid},
    {"255.256.255.255", kInvalid},
    {"255.255.256.255", kInvalid},
    {"255.255.255.256", kInvalid},
    {"1.2.3.0xff", A(1, 2, 3, 255)},
    {"1.2.3.0x100", kInvalid},
    {"1.2.3.0377", A(1, 2, 3, 255)},
    {"1.2.3.0400", kInvalid},
    {"0x7f.0.0.01", A(127, 0, 0, 1)},
    {"0177.0.0.1", A(127, 0, 0, 1)},
    {"000001.2.3.4", A(1, 2, 3, 4)},
    {"1.2.3.4.5", kInvalid},

    // Bases: a leading 0 is octal, 0x or 0X hexadecimal in either case.
    {"010", A(0, 0, 0, 8)},
    {"0x10", A(0, 0, 0, 16)},
    {"0X10", A(0, 0, 0, 16)},
    {"0xaBcD", A(0, 0, 0xab, 0xcd)},
    {"0", A(0, 0, 0, 0)},
    {"00", A(0, 0, 0, 0)},
    {"0x0", A(0, 0, 0, 0)},
    {"07", A(0, 0, 0, 7)},
    {"08", kInvalid},   // 8 is no octal digit; it is left over after "0"
    {"09", kInvalid},
    {"0778", kInvalid},
    {"0x", kInvalid},   // a prefix with no digit
    {"0X", kInvalid},
    {"0xg", kInvalid},
    {"0x.1", kInvalid},
    {"0x0x1", kInvalid},
    {"00x1", kInvalid},
    {"1x1", kInvalid},
    {"0xx1", kInvalid},
    {"1f", kInvalid},   // hex digits need the prefix

    // Eight digits a part and 16 bytes a text are what the SSE2 parser
    // reads itself; longer goes to the scalar one. Both sides of each.
    {"99999999", A(5, 245, 224, 255)},
    {"100000000", A(5, 245, 225, 0)},
    {"07777777", A(0, 31, 255, 255)},
    {"077777777", A(0, 255, 255, 255)},
    {"0x0fffffff", A(15, 255, 255, 255)},
    {"0x0ffffffff", A(255, 255, 255, 255)},
    {"255.255.255.0377", A(255, 255, 255, 255)},
    {"255.255.255.00377", A(255, 255, 255, 255)},
    {"0000000000000001", A(0, 0, 0, 1)},
    {"00000000000000001", A(0, 0, 0, 1)},
    {"1.2.3.4.5.6.7.8.", kInvalid},
    {"1.2.3.4.5.6.7.8.9", kInvalid},
    {"1.2.3.0000000004", A(1, 2, 3, 4)},
    {"1.2.3.00000000004", A(1, 2, 3, 4)},

    // Empty input and empty parts.
    {"", kInvalid},
    {".", kInvalid},
    {"1.", kInvalid},
    {".1", kInvalid},
    {"1..2", kInvalid},
    {"1.2.3.", kInvalid},
    {"1.2.3.4.", kInvalid},

    // Each part starts with a digit: no sign, no leading space.
    {"-1", kInvalid},
    {"+1", kInvalid},
    {" 1", kInvalid},
    {"\t1", kInvalid},
    {"1.-2", kInvalid},
    {"1. 2", kInvalid},

    // Other bytes after the address, which neither dialect skips.
    {"1.2.3.4x", kInvalid},
    {"1.2.3.4/24", kInvalid},
    {"1.2.3.4:80", kInvalid},
    {"1,2,3,4", kInvalid},
    {"1.2.3.a", kInvalid},
    {"1.2.3.4\x1c", kInvalid},  // a separator control, not C whitespace
    {"1.2.3.4\x85", kInvalid},  // NEL: not ASCII, so not whitespace
    {"1.2.3.4\xa0", kInvalid},  // Latin-1 no-break space
    {"\xef\xbc\x91", kInvalid}, // U+FF11 FULLWIDTH DIGIT ONE
};

TEST(ParseInetAton, BothDialectsAgreeOnTheForms) {
  for (const auto& row : kAtonBothDialects) {
    expect_aton(row, Dialect::posix);
    expect_aton(row, Dialect::glibc);
  }
}

// --- parse_inet_aton: text after the address ----------------------------------

struct TrailerCase {
  std::string_view text;
  std::optional<Ipv4Bytes> glibc;  // posix rejects every row
};

// glibc stops at the first C whitespace byte after the address and ignores
// the rest; a NUL ends the text as it ends a C string. inet(3) as written
// (the posix dialect) has no such rule, so each of these is invalid there.
const TrailerCase kAtonTrailers[] = {
    // Each of the six C whitespace bytes.
    {"1.2.3.4 ", A(1, 2, 3, 4)},
    {"1.2.3.4\t", A(1, 2, 3, 4)},
    {"1.2.3.4\n", A(1, 2, 3, 4)},
    {"1.2.3.4\v", A(1, 2, 3, 4)},
    {"1.2.3.4\f", A(1, 2, 3, 4)},
    {"1.2.3.4\r", A(1, 2, 3, 4)},
    // Anything after the whitespace, even another address.
    {"1.2.3.4 junk", A(1, 2, 3, 4)},
    {"1.2.3.4 5.6.7.8", A(1, 2, 3, 4)},
    {"127.1\tcomment", A(127, 0, 0, 1)},
    {"0x7f000001\n\n", A(127, 0, 0, 1)},
    // The whitespace may cut a longer form short: "1 .2" is the form "a".
    {"1 .2", A(0, 0, 0, 1)},
    {"1.2 .3.4", A(1, 0, 0, 2)},
    // A NUL ends the C string.
    {"1.2.3.4\0junk"sv, A(1, 2, 3, 4)},
    {"1\0.2"sv, A(0, 0, 0, 1)},
    {"1.2.3.4\0"sv, A(1, 2, 3, 4)},
    // Whitespace at and past the 16th byte (the SSE2 parser's reach).
    {"255.255.255.255 ", A(255, 255, 255, 255)},
    {"255.255.255.255\tx", A(255, 255, 255, 255)},
    {"0x000000000000ff ", A(0, 0, 0, 255)},
    // The range rules still apply to what comes before the whitespace.
    {"1.2.3.256 ", kInvalid},
    {"4294967296 ", kInvalid},
    {"1.2.3. 4", kInvalid},
    {"08 ", kInvalid},
    {"0x ", kInvalid},
    {"1.\0"sv, kInvalid},
};

TEST(ParseInetAton, GlibcIgnoresTextAfterWhitespaceAndPosixRejectsIt) {
  for (const auto& row : kAtonTrailers) {
    expect_aton({row.text, row.glibc}, Dialect::glibc);
    expect_aton({row.text, kInvalid}, Dialect::posix);
  }
}

// --- parse_ipv4_dotted -----------------------------------------------------------

const ParseCase kDotted[] = {
    // Each part at its limits.
    {"0.0.0.0", A(0, 0, 0, 0)},
    {"255.255.255.255", A(255, 255, 255, 255)},
    {"1.2.3.4", A(1, 2, 3, 4)},
    {"9.10.99.100", A(9, 10, 99, 100)},
    {"199.200.249.250", A(199, 200, 249, 250)},
    {"256.0.0.0", kInvalid},
    {"0.256.0.0", kInvalid},
    {"0.0.256.0", kInvalid},
    {"0.0.0.256", kInvalid},
    {"260.0.0.0", kInvalid},
    {"300.0.0.0", kInvalid},
    {"999.0.0.0", kInvalid},
    {"1000.0.0.0", kInvalid},
    {"0.0.0.2555", kInvalid},

    // No leading zeros: not even "00", and no octal reading of "010".
    {"01.2.3.4", kInvalid},
    {"1.2.3.04", kInvalid},
    {"00.0.0.0", kInvalid},
    {"000.0.0.0", kInvalid},
    {"1.2.3.010", kInvalid},
    {"0255.0.0.0", kInvalid},

    // Exactly four parts, none empty.
    {"", kInvalid},
    {"1", kInvalid},
    {"1.2.3", kInvalid},
    {"1.2.3.4.5", kInvalid},
    {"1.2.3.4.", kInvalid},
    {".1.2.3.4", kInvalid},
    {"1..2.3", kInvalid},
    {"1.2..3.4", kInvalid},
    {"...", kInvalid},

    // Forms only inet_aton accepts.
    {"127.1", kInvalid},
    {"2130706433", kInvalid},
    {"0x7f.0.0.1", kInvalid},
    {"0x7f000001", kInvalid},
    {"1.2.3.4 ", kInvalid},
    {"0000001.2.3.4", kInvalid},

    // Other bytes anywhere.
    {" 1.2.3.4", kInvalid},
    {"1.2.3.4\n", kInvalid},
    {"1.2.3.4\0"sv, kInvalid},
    {"1.2\0.3.4"sv, kInvalid},
    {"+1.2.3.4", kInvalid},
    {"1.2.3.-4", kInvalid},
    {"1.2.3.4/32", kInvalid},
    {"::1.2.3.4", kInvalid},
    {"1,2,3,4", kInvalid},
    {"1.2.3.a", kInvalid},
};

TEST(ParseIpv4Dotted, AcceptsOnlyFourDecimalPartsWithoutLeadingZeros) {
  for (const auto& row : kDotted) {
    for (const auto& [name, parser] : kDottedParsers) expect_parse(row, parser, name);
  }
}

// --- format_ipv4 -----------------------------------------------------------------

struct FormatCase {
  Ipv4Bytes address;
  std::string_view want;
};

const FormatCase kFormatted[] = {
    // One, two and three digits in every position.
    {{0, 0, 0, 0}, "0.0.0.0"},
    {{255, 255, 255, 255}, "255.255.255.255"},
    {{127, 0, 0, 1}, "127.0.0.1"},
    {{9, 10, 99, 100}, "9.10.99.100"},
    {{100, 99, 10, 9}, "100.99.10.9"},
    {{199, 200, 249, 250}, "199.200.249.250"},
    {{1, 22, 133, 4}, "1.22.133.4"},
};

TEST(FormatIpv4, PrintsDecimalWithoutLeadingZeros) {
  for (const auto& row : kFormatted) {
    // Past the text, the buffer must be as the caller left it.
    std::array<char, kIpv4TextMax> out;
    out.fill('#');
    const std::size_t n = format_ipv4(row.address, out.data());
    EXPECT_EQ(std::string_view(out.data(), n), row.want) << "format_ipv4(" << show(row.address) << ")";
    for (std::size_t i = n; i < out.size(); ++i) {
      EXPECT_EQ(out[i], '#') << "format_ipv4(" << show(row.address) << ") wrote past its text at " << i;
    }
  }
}

}  // namespace
}  // namespace sock::inet
