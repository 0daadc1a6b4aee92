// inet_text_properties.cc: properties of the reference text conversions
// (impl/inet) that must hold for every input, checked with RapidCheck over
// generated addresses and generated spellings of them.
//
// Beside impl/tests/inet/property_test.cc, which checks round trips and
// subset relations, these check the output against an independent oracle
// (rfc5952_oracle.h) and the parser against every spelling RFC 4291 allows:
//
//   - pton(ntop(b)) == b for all 4 and all 16 bytes, in both dialects;
//   - ntop(b) is exactly the RFC 5952 text the oracle computes;
//   - for any valid spelling x of b, pton(x) == b and ntop(pton(x)) is the
//     canonical text, which is stable: ntop(pton(ntop(pton(x)))) equals it;
//   - inet_aton accepts every text inet_pton(AF_INET) accepts, with the
//     same bytes, in both dialects.
//
// RC_PARAMS="seed=N" reproduces a run; a failure prints the shrunk input.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "impl/inet/ipv4_text.h"
#include "impl/inet/ipv6_text.h"
#include "rfc5952_oracle.h"

namespace sock::inet {
namespace {

// ---------------------------------------------------------------------------
// Generators.

// IPv6 addresses where zero groups are common (each group is zero with
// probability about one half) and the mapped and compatible prefixes turn
// up, so that every run placement, tie and special form is exercised; an
// address of uniformly random bytes almost never has a zero group.
rc::Gen<Ipv6Bytes> ipv6_address() {
  return rc::gen::exec([] {
    Ipv6Bytes b{};
    const int shape = *rc::gen::inRange(0, 8);
    for (int g = 0; g < 8; ++g) {
      const bool zero = *rc::gen::arbitrary<bool>();
      const std::uint16_t value = zero ? 0 : *rc::gen::arbitrary<std::uint16_t>();
      b[2 * g] = static_cast<std::uint8_t>(value >> 8);
      b[2 * g + 1] = static_cast<std::uint8_t>(value);
    }
    if (shape == 0) {  // IPv4-mapped ::ffff:a.b.c.d
      for (int i = 0; i < 10; ++i) b[i] = 0;
      b[10] = b[11] = 0xff;
    } else if (shape == 1) {  // IPv4-compatible ::a.b.c.d (or :: / ::x)
      for (int i = 0; i < 12; ++i) b[i] = 0;
    }
    return b;
  });
}

// A valid RFC 4291 section 2.2 spelling of `address`, and how it was made.
struct Spelling {
  Ipv6Bytes address;
  std::string text;
};

// Any spelling: per group optional leading zeros (up to four digits) and
// either case; optionally the last 32 bits as a dotted quad; optionally
// one "::" for any run of one or more zero groups.
rc::Gen<Spelling> ipv6_spelling() {
  return rc::gen::exec([] {
    const Ipv6Bytes address = *ipv6_address();
    const bool dotted_tail = *rc::gen::arbitrary<bool>();
    const int hex_groups = dotted_tail ? 6 : 8;
    std::vector<std::string> tokens;
    std::array<unsigned, 8> groups{};
    for (int g = 0; g < 8; ++g) groups[g] = static_cast<unsigned>(address[2 * g] << 8 | address[2 * g + 1]);
    for (int g = 0; g < hex_groups; ++g) {
      const int width = *rc::gen::inRange(1, 5);  // minimum digits, 1-4
      const bool upper = *rc::gen::arbitrary<bool>();
      char hex[8];
      std::snprintf(hex, sizeof hex, upper ? "%0*X" : "%0*x", width, groups[g]);
      tokens.emplace_back(hex);
    }
    if (dotted_tail) tokens.push_back(oracle::dotted(&address[12]));

    std::vector<std::pair<int, int>> runs;  // [begin, end) of zero groups
    for (int begin = 0; begin < hex_groups; ++begin) {
      for (int end = begin + 1; end <= hex_groups && groups[end - 1] == 0; ++end) runs.emplace_back(begin, end);
    }
    std::string text;
    const auto join = [&](int from, int to) {
      std::string out;
      for (int i = from; i < to; ++i) out += (i == from ? "" : ":") + tokens[i];
      return out;
    };
    const int count = static_cast<int>(tokens.size());
    if (!runs.empty() && *rc::gen::arbitrary<bool>()) {
      const auto [begin, end] = *rc::gen::elementOf(runs);
      text = join(0, begin) + "::" + join(end, count);
    } else {
      text = join(0, count);
    }
    return Spelling{address, text};
  });
}

std::string ntop(const Ipv6Bytes& b, Dialect dialect) {
  char text[kIpv6TextMax];
  return std::string(text, format_ipv6(b, dialect, text));
}

// ---------------------------------------------------------------------------
// Round trips over all bytes.

RC_GTEST_PROP(Roundtrip, PtonOfNtopIsTheIdentityOnEveryFourBytes, (std::array<std::uint8_t, 4> b)) {
  char text[kIpv4TextMax];
  const std::string_view s(text, format_ipv4(b, text));
  Ipv4Bytes back{};
  RC_ASSERT(parse_ipv4_dotted(s, back));
  RC_ASSERT(back == b);
}

RC_GTEST_PROP(Roundtrip, PtonOfNtopIsTheIdentityOnEverySixteenBytes, (std::array<std::uint8_t, 16> raw)) {
  // Uniform bytes here (the other properties bias towards zero groups).
  for (const Dialect dialect : {Dialect::posix, Dialect::glibc}) {
    const std::string s = ntop(raw, dialect);
    Ipv6Bytes back{};
    RC_ASSERT(parse_ipv6(s, back));
    RC_ASSERT(back == raw);
  }
}

RC_GTEST_PROP(Roundtrip, PtonOfNtopIsTheIdentityOnZeroRichAddresses, ()) {
  const Ipv6Bytes b = *ipv6_address();
  for (const Dialect dialect : {Dialect::posix, Dialect::glibc}) {
    Ipv6Bytes back{};
    RC_ASSERT(parse_ipv6(ntop(b, dialect), back));
    RC_ASSERT(back == b);
  }
}

// ---------------------------------------------------------------------------
// RFC 5952, against the oracle.

RC_GTEST_PROP(Rfc5952, NtopPrintsExactlyTheOraclesText, ()) {
  const Ipv6Bytes b = *ipv6_address();
  RC_ASSERT(ntop(b, Dialect::posix) == oracle::ipv6_text(b, false));
  RC_ASSERT(ntop(b, Dialect::glibc) == oracle::ipv6_text(b, true));
}

// The oracle itself, on the examples of RFC 5952 and a few hand-checked
// addresses: an oracle that is wrong the same way as the reference would
// make the property above vacuous.
TEST(Rfc5952Oracle, AgreesWithHandWrittenExamples) {
  const auto bytes = [](std::array<unsigned, 8> groups) {
    Ipv6Bytes b{};
    for (int g = 0; g < 8; ++g) {
      b[2 * g] = static_cast<std::uint8_t>(groups[g] >> 8);
      b[2 * g + 1] = static_cast<std::uint8_t>(groups[g]);
    }
    return b;
  };
  const struct {
    std::array<unsigned, 8> groups;
    const char* posix;
    const char* glibc;
  } rows[] = {
      {{0, 0, 0, 0, 0, 0, 0, 0}, "::", "::"},
      {{0, 0, 0, 0, 0, 0, 0, 1}, "::1", "::1"},
      {{1, 0, 0, 0, 0, 0, 0, 0}, "1::", "1::"},
      {{0x2001, 0xdb8, 0, 0, 0, 0, 2, 1}, "2001:db8::2:1", "2001:db8::2:1"},             // 4.2.1
      {{0x2001, 0xdb8, 0, 1, 1, 1, 1, 1}, "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},  // 4.2.2
      {{0x2001, 0, 0, 1, 0, 0, 0, 1}, "2001:0:0:1::1", "2001:0:0:1::1"},                   // 4.2.3 longer
      {{0x2001, 0xdb8, 0, 0, 1, 0, 0, 1}, "2001:db8::1:0:0:1", "2001:db8::1:0:0:1"},       // 4.2.3 tie
      {{0x2001, 0xdb8, 0xaaaa, 0xbbbb, 0xcccc, 0xdddd, 0xeeee, 0xaaaa},
       "2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa"},  // 4.3
      {{0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0280}, "::ffff:192.0.2.128", "::ffff:192.0.2.128"},  // 5
      {{0, 0, 0, 0, 0, 0, 0xc000, 0x0280}, "::c000:280", "::192.0.2.128"},                   // compatible
      {{0, 0, 0, 0, 0, 0, 0, 0xffff}, "::ffff", "::ffff"},
      {{0, 0, 0, 0, 0, 0xffff, 0, 0}, "::ffff:0.0.0.0", "::ffff:0.0.0.0"},
      {{0, 0, 0, 0, 1, 0, 0, 0}, "::1:0:0:0", "::1:0:0:0"},
      {{0, 0, 0, 1, 0, 0, 0, 0}, "0:0:0:1::", "0:0:0:1::"},
      {{1, 0, 1, 0, 1, 0, 1, 0}, "1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0"},
      {{1, 0, 0, 1, 0, 0, 1, 1}, "1::1:0:0:1:1", "1::1:0:0:1:1"},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(oracle::ipv6_text(bytes(row.groups), false), row.posix);
    EXPECT_EQ(oracle::ipv6_text(bytes(row.groups), true), row.glibc);
  }
}

// ---------------------------------------------------------------------------
// Parsing every spelling; canonical output is stable.

RC_GTEST_PROP(Spellings, EveryRfc4291SpellingParsesToItsAddress, ()) {
  const Spelling s = *ipv6_spelling();
  RC_LOG() << "text: " << s.text << "\n";
  Ipv6Bytes back{};
  RC_ASSERT(parse_ipv6(s.text, back));
  RC_ASSERT(back == s.address);
}

RC_GTEST_PROP(Spellings, NtopOfPtonIsCanonicalAndStable, ()) {
  const Spelling s = *ipv6_spelling();
  RC_LOG() << "text: " << s.text << "\n";
  for (const Dialect dialect : {Dialect::posix, Dialect::glibc}) {
    Ipv6Bytes parsed{};
    RC_ASSERT(parse_ipv6(s.text, parsed));
    const std::string canonical = ntop(parsed, dialect);
    RC_ASSERT(canonical == oracle::ipv6_text(s.address, dialect == Dialect::glibc));
    Ipv6Bytes again{};
    RC_ASSERT(parse_ipv6(canonical, again));
    RC_ASSERT(again == parsed);
    RC_ASSERT(ntop(again, dialect) == canonical);
  }
}

// ---------------------------------------------------------------------------
// inet_aton is a superset of inet_pton(AF_INET).

// Text shaped like a dotted quad, so that about half of it is valid: one to
// five parts of one to four characters, mostly digits, sometimes a leading
// zero or a stray character.
rc::Gen<std::string> dotted_like_text() {
  return rc::gen::exec([] {
    const int parts = *rc::gen::weightedElement<int>({{1, 1}, {1, 3}, {8, 4}, {1, 5}});
    std::string text;
    for (int i = 0; i < parts; ++i) {
      if (i != 0) text += '.';
      const int length = *rc::gen::inRange(1, 5);
      for (int j = 0; j < length; ++j) {
        text += *rc::gen::weightedElement<char>({{20, '1'}, {10, '0'}, {20, '2'}, {20, '5'}, {10, '9'},
                                                 {1, 'x'}, {1, ' '}, {1, '-'}});
      }
    }
    return text;
  });
}

RC_GTEST_PROP(Ipv4Superset, InetAtonAcceptsEveryDottedQuadWithTheSameBytes, ()) {
  const std::string text = *dotted_like_text();
  Ipv4Bytes dotted{};
  const bool ok = parse_ipv4_dotted(text, dotted);
  RC_CLASSIFY(ok, "dotted quad");
  if (!ok) return;
  for (const Dialect dialect : {Dialect::posix, Dialect::glibc}) {
    Ipv4Bytes aton{};
    RC_ASSERT(parse_inet_aton(text, dialect, aton));
    RC_ASSERT(aton == dotted);
  }
}

RC_GTEST_PROP(Ipv4Superset, InetAtonAcceptsArbitraryValidQuads, (std::array<std::uint8_t, 4> b)) {
  // The same from the address side: the canonical text of any address.
  const std::string text = oracle::dotted(b.data());
  for (const Dialect dialect : {Dialect::posix, Dialect::glibc}) {
    Ipv4Bytes aton{};
    RC_ASSERT(parse_inet_aton(text, dialect, aton));
    RC_ASSERT(aton == b);
  }
}

}  // namespace
}  // namespace sock::inet
