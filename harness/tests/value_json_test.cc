#include "harness/protocol/value_json.h"

#include <gtest/gtest.h>

#include <cmath>

namespace sockcheck {
namespace {

TEST(ValueJsonTest, EveryKindOfValueRoundTrips) {
  const sock::Value values[] = {
      sock::None{},
      true,
      sock::Value(std::int64_t{INT64_MIN}),
      sock::BigInt{"18446744073709551616"},
      1.5,
      -HUGE_VAL,
      std::nan(""),
      "text",
      sock::Bytes{std::string("\x00\xff\x7f", 3)},
      sock::Tuple{sock::Value("::1"), sock::Value(80), sock::Value(0), sock::Value(0)},
      sock::Const{"AF_INET"},
  };
  for (const auto& v : values) {
    const auto j = to_json(v);
    sock::Value back;
    std::string error;
    ASSERT_TRUE(value_from_json(j, back, error)) << j.dump() << ": " << error;
    EXPECT_EQ(back, v) << j.dump();
  }
}

TEST(ValueJsonTest, TaggedFormsAreThoseTheProtocolDocuments) {
  EXPECT_EQ(to_json(sock::Value(sock::Bytes{"\x7f\x01"})).dump(), R"({"bytes":"7f01"})");
  EXPECT_EQ(to_json(sock::Value(1.0)).dump(), R"({"float":"1"})");
  EXPECT_EQ(to_json(sock::Value(sock::Tuple{sock::Value(1)})).dump(), "[1]");
  EXPECT_EQ(to_json(sock::Outcome::raise("OSError", "bad")).dump(), R"({"message":"bad","raises":"OSError"})");
}

TEST(ValueJsonTest, MalformedJsonValuesAreErrorsNotCrashes) {
  const char* rows[] = {R"({"bytes":"7"})", R"({"bytes":"zz"})",   R"({"bytes":1})", R"({"int":"1x"})",
                        R"({"float":"x"})", R"({"what":"x"})",     R"({})",          R"({"a":"1","b":"2"})",
                        "1.5",              R"([1, {"bytes":"0"}])"};
  for (const char* text : rows) {
    sock::Value v;
    std::string error;
    EXPECT_FALSE(value_from_json(nlohmann::json::parse(text), v, error)) << text;
    EXPECT_FALSE(error.empty()) << text;
  }
  sock::Outcome o;
  std::string error;
  EXPECT_FALSE(outcome_from_json(nlohmann::json::parse(R"({"nothing":1})"), o, error));
  EXPECT_FALSE(outcome_from_json(nlohmann::json::parse("[]"), o, error));
}

}  // namespace
}  // namespace sockcheck
