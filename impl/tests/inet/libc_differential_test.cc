// libc_differential_test.cc: the glibc dialect against the GNU C library it
// models, on a deterministic set of some hundred thousand inputs each.
//
// The tables in ipv4_text_test.cc and ipv6_text_test.cc state the rules;
// this test checks that the rules are glibc's, including the corners
// nobody thought to write a row for. The inputs are exhaustive over small
// grammars (every combination of boundary parts, every short string over
// the characters that matter) plus seeded random near misses, so a failure
// reproduces exactly. Every implementation of each parser
// (parser_variants.h) is checked, not only the one the public function
// uses. On a C library other than glibc the tests skip: the dialect
// models glibc, not whatever libc the test links.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <array>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "impl/inet/ipv4_text.h"
#include "impl/inet/ipv6_text.h"
#include "impl/inet/parser_variants.h"
#include "show.h"

namespace sock::inet {
namespace {

using testing::show;

#ifdef __GLIBC__
constexpr bool kIsGlibc = true;
#else
constexpr bool kIsGlibc = false;
#endif

// Counts the inputs on which the two disagree and keeps the first few, so
// that a regression reports a handful of readable lines rather than a
// hundred thousand failures.
class Disagreements {
 public:
  void add(std::string line) {
    if (count_++ < 8) first_ += "  " + line + "\n";
  }
  void expect_none(std::size_t checked) const {
    EXPECT_EQ(count_, 0u) << count_ << " of " << checked << " inputs differ from glibc, first:\n" << first_;
  }

 private:
  std::size_t count_ = 0;
  std::string first_;
};

// Seeded, and reduced with % rather than a distribution, so the inputs are
// the same with every standard library.
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(engine_() % n); }
  std::uint16_t word() { return static_cast<std::uint16_t>(engine_()); }

 private:
  std::mt19937_64 engine_;
};

// Every tuple of `parts` tokens joined by `separator`, for 1..max_parts.
template <typename Visit>
void for_each_join(const std::vector<std::string>& tokens, std::size_t max_parts, std::string_view separator,
                   Visit visit) {
  std::vector<std::size_t> index;
  for (std::size_t parts = 1; parts <= max_parts; ++parts) {
    index.assign(parts, 0);
    for (;;) {
      std::string text;
      for (std::size_t i = 0; i < parts; ++i) text += (i ? std::string(separator) : "") + tokens[index[i]];
      visit(text);
      std::size_t k = 0;
      while (k < parts && ++index[k] == tokens.size()) index[k++] = 0;
      if (k == parts) break;
    }
  }
}

// --- inet_aton ----------------------------------------------------------------

using AtonParser = bool (*)(std::string_view, Dialect, Ipv4Bytes&) noexcept;
const std::pair<const char*, AtonParser> kAtonParsers[] = {
    {"parse_inet_aton", parse_inet_aton},
    {"parse_aton_scalar", detail::parse_aton_scalar},
#if defined(__SSE2__)
    {"parse_aton_sse2", detail::parse_aton_sse2},
#endif
};

void check_aton(const std::string& text, Disagreements& out) {
  in_addr theirs{};
  const bool ok_theirs = inet_aton(text.c_str(), &theirs) != 0;
  Ipv4Bytes their_bytes;
  std::memcpy(their_bytes.data(), &theirs, 4);
  for (const auto& [name, parser] : kAtonParsers) {
    Ipv4Bytes ours{};
    const bool ok_ours = parser(text, Dialect::glibc, ours);
    if (ok_ours != ok_theirs || (ok_ours && ours != their_bytes)) {
      out.add(show(text) + ": " + name + " " + (ok_ours ? show(ours) : "invalid") + ", glibc " +
              (ok_theirs ? show(their_bytes) : "invalid"));
    }
  }
}

TEST(GlibcDifferential, InetAtonAgreesOnEveryCombinationOfBoundaryParts) {
  if (!kIsGlibc) GTEST_SKIP() << "not linked against GNU libc";
  // Each form's last-part limit and one past it, in each base; the
  // malformed parts; one to four parts; three kinds of trailer.
  const std::vector<std::string> parts = {
      "0",     "08",      "0x",       "0xg",      "",           " 1",          "255",
      "256",   "0377",    "0x100",    "65535",    "0x10000",    "0xffffff",    "16777216",
      "4294967295", "0x100000000", "18446744073709551616", "-1"};
  Disagreements disagreements;
  std::size_t checked = 0;
  for_each_join(parts, 4, ".", [&](const std::string& text) {
    for (const char* trailer : {"", " x", "x"}) {
      check_aton(text + trailer, disagreements);
      ++checked;
    }
  });
  disagreements.expect_none(checked);
}

TEST(GlibcDifferential, InetAtonAgreesOnRandomNearMisses) {
  if (!kIsGlibc) GTEST_SKIP() << "not linked against GNU libc";
  static constexpr std::string_view kAlphabet = "0123456789abcdefxX.+- \t\n\v\f\r\x1c\x85\xa0";
  Random rng(0xa709);
  Disagreements disagreements;
  constexpr std::size_t kInputs = 100'000;
  for (std::size_t i = 0; i < kInputs; ++i) {
    std::string text;
    const std::size_t length = rng.below(14);
    for (std::size_t j = 0; j < length; ++j) {
      // Mostly digits and dots, so that many inputs are addresses.
      text += rng.below(3) ? "0123456789."[rng.below(11)] : kAlphabet[rng.below(kAlphabet.size())];
    }
    check_aton(text, disagreements);
  }
  disagreements.expect_none(kInputs);
}

// --- inet_pton(AF_INET) ---------------------------------------------------------

using DottedParser = bool (*)(std::string_view, Ipv4Bytes&) noexcept;
const std::pair<const char*, DottedParser> kDottedParsers[] = {
    {"parse_ipv4_dotted", parse_ipv4_dotted},
    {"parse_dotted_scalar", detail::parse_dotted_scalar},
#if defined(__SSE2__)
    {"parse_dotted_sse2", detail::parse_dotted_sse2},
#endif
};

TEST(GlibcDifferential, InetPton4AgreesOnEveryCombinationOfBoundaryParts) {
  if (!kIsGlibc) GTEST_SKIP() << "not linked against GNU libc";
  const std::vector<std::string> parts = {"",    "0",   "00",  "01",  "1",   "9",   "10",  "99",
                                          "100", "199", "249", "250", "255", "256", "999", "1000"};
  Disagreements disagreements;
  std::size_t checked = 0;
  // Up to four parts; a trailing "." makes each a near miss with one part
  // too many (or an empty fifth part).
  for_each_join(parts, 4, ".", [&](const std::string& text) {
    for (const char* trailer : {"", ".", ".1", " "}) {
      const std::string input = text + trailer;
      Ipv4Bytes theirs{};
      const bool ok_theirs = inet_pton(AF_INET, input.c_str(), theirs.data()) == 1;
      for (const auto& [name, parser] : kDottedParsers) {
        Ipv4Bytes ours{};
        const bool ok_ours = parser(input, ours);
        if (ok_ours != ok_theirs || (ok_ours && ours != theirs)) {
          disagreements.add(show(input) + ": " + name + " " + (ok_ours ? show(ours) : "invalid") + ", glibc " +
                            (ok_theirs ? show(theirs) : "invalid"));
        }
      }
      ++checked;
    }
  });
  disagreements.expect_none(checked);
}

// --- inet_pton(AF_INET6) --------------------------------------------------------

using Ipv6Parser = bool (*)(std::string_view, Ipv6Bytes&) noexcept;
const std::pair<const char*, Ipv6Parser> kIpv6Parsers[] = {
    {"parse_ipv6", parse_ipv6},
    {"parse_ipv6_scalar", detail::parse_ipv6_scalar},
#if defined(__SSE2__)
    {"parse_ipv6_sse2", detail::parse_ipv6_sse2},
#endif
};

void check_pton6(const std::string& text, Disagreements& out) {
  Ipv6Bytes theirs{};
  const bool ok_theirs = inet_pton(AF_INET6, text.c_str(), theirs.data()) == 1;
  for (const auto& [name, parser] : kIpv6Parsers) {
    Ipv6Bytes ours{};
    const bool ok_ours = parser(text, ours);
    if (ok_ours != ok_theirs || (ok_ours && ours != theirs)) {
      out.add(show(text) + ": " + name + " " + (ok_ours ? show(ours) : "invalid") + ", glibc " +
              (ok_theirs ? show(theirs) : "invalid"));
    }
  }
}

TEST(GlibcDifferential, InetPton6AgreesOnEveryShortStringOfItsCharacters) {
  if (!kIsGlibc) GTEST_SKIP() << "not linked against GNU libc";
  // Every string of up to seven of these: enough for every placement of
  // ":", "::" and ":::" around short groups, and short dotted quads.
  Disagreements disagreements;
  std::size_t checked = 0;
  for_each_join({"0", "1", "f", ":", "."}, 7, "", [&](const std::string& text) {
    check_pton6(text, disagreements);
    ++checked;
  });
  disagreements.expect_none(checked);
}

TEST(GlibcDifferential, InetPton6AgreesOnEverySequenceOfGroupsAndSeparators) {
  if (!kIsGlibc) GTEST_SKIP() << "not linked against GNU libc";
  // Groups of one, four and five digits, single and double colons and a
  // dotted quad, in every order up to seven tokens: too many and too few
  // groups, "::" for nothing, the quad in every position.
  Disagreements disagreements;
  std::size_t checked = 0;
  for_each_join({"1", "ffff", "12345", ":", "::", "1.2.3.4"}, 7, "", [&](const std::string& text) {
    check_pton6(text, disagreements);
    ++checked;
  });
  disagreements.expect_none(checked);
}

TEST(GlibcDifferential, InetPton6AgreesOnRandomMutationsOfValidText) {
  if (!kIsGlibc) GTEST_SKIP() << "not linked against GNU libc";
  static constexpr std::string_view kMutations = "0123456789abcdefABCDEFg:. %/[]\t";
  Random rng(0x1b6);
  Disagreements disagreements;
  constexpr std::size_t kInputs = 60'000;
  for (std::size_t i = 0; i < kInputs; ++i) {
    // A valid address printed by glibc (both compressed and mixed forms
    // occur), then zero to two random edits.
    std::array<std::uint8_t, 16> bytes{};
    for (std::size_t g = 0; g < 8; ++g) {
      const std::uint16_t word = rng.below(3) == 0 ? 0 : rng.word();
      bytes[2 * g] = static_cast<std::uint8_t>(word >> 8);
      bytes[2 * g + 1] = static_cast<std::uint8_t>(word);
    }
    if (rng.below(4) == 0) std::fill(bytes.begin(), bytes.begin() + 10, 0);
    char printed[INET6_ADDRSTRLEN];
    ASSERT_NE(inet_ntop(AF_INET6, bytes.data(), printed, sizeof printed), nullptr);
    std::string text = printed;
    for (std::size_t edits = rng.below(3); edits > 0; --edits) {
      const std::size_t at = rng.below(text.size() + 1);
      switch (rng.below(3)) {
        case 0: text.insert(at, 1, kMutations[rng.below(kMutations.size())]); break;
        case 1: if (at < text.size()) text.erase(at, 1); break;
        default: if (at < text.size()) text[at] = kMutations[rng.below(kMutations.size())]; break;
      }
    }
    check_pton6(text, disagreements);
  }
  disagreements.expect_none(kInputs);
}

// --- inet_ntop ----------------------------------------------------------------------

TEST(GlibcDifferential, InetNtop6AgreesOnEveryPatternOfZeroGroups) {
  if (!kIsGlibc) GTEST_SKIP() << "not linked against GNU libc";
  // The output depends on which groups are zero (the "::" run) and on
  // group 5 being 0xffff (the mapped form): each of the 256 zero patterns,
  // with the other groups filled at random, small, or 0xffff.
  Random rng(0x6e70);
  Disagreements disagreements;
  std::size_t checked = 0;
  for (unsigned zeros = 0; zeros < 256; ++zeros) {
    for (int fill = 0; fill < 300; ++fill) {
      Ipv6Bytes bytes{};
      for (unsigned g = 0; g < 8; ++g) {
        std::uint16_t word = 0;
        if (!(zeros >> g & 1)) {
          switch (rng.below(4)) {
            case 0: word = 0xffff; break;
            case 1: word = static_cast<std::uint16_t>(1 + rng.below(15)); break;
            default: word = static_cast<std::uint16_t>(1 + rng.below(0xffff)); break;
          }
        }
        bytes[2 * g] = static_cast<std::uint8_t>(word >> 8);
        bytes[2 * g + 1] = static_cast<std::uint8_t>(word);
      }
      char theirs[INET6_ADDRSTRLEN];
      char ours[kIpv6TextMax];
      const std::string_view mine(ours, format_ipv6(bytes, Dialect::glibc, ours));
      if (inet_ntop(AF_INET6, bytes.data(), theirs, sizeof theirs) == nullptr || mine != theirs) {
        disagreements.add(show(bytes) + ": reference " + std::string(mine) + ", glibc " + theirs);
      }
      ++checked;
    }
  }
  disagreements.expect_none(checked);
}

TEST(GlibcDifferential, InetNtop4AgreesOnEveryOctetInEveryPosition) {
  if (!kIsGlibc) GTEST_SKIP() << "not linked against GNU libc";
  Random rng(0x6e74);
  Disagreements disagreements;
  std::size_t checked = 0;
  for (unsigned position = 0; position < 4; ++position) {
    for (unsigned value = 0; value < 256; ++value) {
      for (int fill = 0; fill < 16; ++fill) {
        Ipv4Bytes bytes;
        for (auto& byte : bytes) byte = static_cast<std::uint8_t>(rng.word());
        bytes[position] = static_cast<std::uint8_t>(value);
        char theirs[INET_ADDRSTRLEN];
        char ours[kIpv4TextMax];
        const std::string_view mine(ours, format_ipv4(bytes, ours));
        if (inet_ntop(AF_INET, bytes.data(), theirs, sizeof theirs) == nullptr || mine != theirs) {
          disagreements.add(show(bytes) + ": reference " + std::string(mine) + ", glibc " + theirs);
        }
        ++checked;
      }
    }
  }
  disagreements.expect_none(checked);
}

}  // namespace
}  // namespace sock::inet
