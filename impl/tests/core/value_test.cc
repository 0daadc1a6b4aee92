#include "impl/core/value.h"
#include "impl/core/outcome.h"

#include <gtest/gtest.h>

#include <cmath>

namespace sock {
namespace {

TEST(ValueTest, StrAndBytesAreDifferentValues) {
  EXPECT_NE(Value("abcd"), Value(Bytes{"abcd"}));
  EXPECT_EQ(Value(Bytes{"abcd"}), Value(Bytes{"abcd"}));
}

TEST(ValueTest, IntAndFloatAreDifferentValues) {
  // A float where an int is expected is a TypeError in the documented API,
  // so 1 and 1.0 must never compare equal.
  EXPECT_NE(Value(1), Value(1.0));
}

TEST(ValueTest, NanEqualsNanSoCasesCanExpectIt) {
  EXPECT_EQ(Value(std::nan("")), Value(std::nan("")));
  EXPECT_NE(Value(std::nan("")), Value(0.0));
}

TEST(ValueTest, ReprLooksLikePython) {
  EXPECT_EQ(repr(Value(Bytes{std::string("\x7f\x00\x00\x01", 4)})), "b'\\x7f\\x00\\x00\\x01'");
  EXPECT_EQ(repr(Value("it's")), "'it\\'s'");
  EXPECT_EQ(repr(Value("a\nb\x01")), "'a\\nb\\x01'");
  EXPECT_EQ(repr(Value(Tuple{Value("a"), Value(1)})), "('a', 1)");
  EXPECT_EQ(repr(Value(Tuple{Value(1)})), "(1,)");
  EXPECT_EQ(repr(Value(None{})), "None");
  EXPECT_EQ(repr(Value(true)), "True");
  EXPECT_EQ(repr(Value(1.0)), "1.0");
  EXPECT_EQ(repr(Value(-HUGE_VAL)), "-inf");
  EXPECT_EQ(repr(Value(Const{"AF_INET"})), "AF_INET");
}

struct IntegerRow {
  const char* text;
  bool ok;
  Value want;
};

TEST(ValueTest, ParseIntegerAtTheInt64Limits) {
  const IntegerRow rows[] = {
      // fits in int64
      {"0", true, Value(0)},
      {"-0", true, Value(0)},
      {"+7", true, Value(7)},
      {"007", true, Value(7)},
      {"9223372036854775807", true, Value(std::int64_t{INT64_MAX})},
      {"-9223372036854775808", true, Value(std::int64_t{INT64_MIN})},
      // one past each limit becomes a BigInt, canonical
      {"9223372036854775808", true, Value(BigInt{"9223372036854775808"})},
      {"-9223372036854775809", true, Value(BigInt{"-9223372036854775809"})},
      {"000018446744073709551616", true, Value(BigInt{"18446744073709551616"})},
      // not integers
      {"", false, Value()},
      {"-", false, Value()},
      {"1.0", false, Value()},
      {"0x10", false, Value()},
      {"1 ", false, Value()},
  };
  for (const auto& row : rows) {
    Value got;
    EXPECT_EQ(parse_integer(row.text, got), row.ok) << row.text;
    if (row.ok) {
      EXPECT_EQ(got, row.want) << row.text << " -> " << repr(got);
    }
  }
}

TEST(ValueTest, TypeNamesArePythons) {
  EXPECT_EQ(Value(Bytes{}).type_name(), "bytes");
  EXPECT_EQ(Value("").type_name(), "str");
  EXPECT_EQ(Value(BigInt{"99999999999999999999"}).type_name(), "int");
  EXPECT_EQ(Value(1.5).type_name(), "float");
  EXPECT_EQ(Value(None{}).type_name(), "NoneType");
}

}  // namespace
}  // namespace sock

namespace sock {
namespace {

TEST(OutcomeTest, DescribeCutsLongValuesAtACharacterBoundary) {
  EXPECT_EQ(describe(Outcome::returned(Bytes{"ab"})), "-> b'ab'");
  const std::string long_text = describe(Outcome::returned(Bytes{std::string(100000, 'x')}));
  EXPECT_LT(long_text.size(), 460u);
  EXPECT_NE(long_text.find("(100003 characters in all)"), std::string::npos) << long_text;
  // 'é' is two bytes in UTF-8; wherever the cut falls, no half of one remains.
  std::string accented;
  for (int i = 0; i < 300; ++i) accented += "\xc3\xa9";
  const std::string cut = describe(Outcome::returned(Value(accented)));
  const std::size_t end = cut.find("...");
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ((end - std::string("-> '").size()) % 2, 0u) << cut;
}

}  // namespace
}  // namespace sock
