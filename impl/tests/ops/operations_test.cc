// The binding layer: argument rules, error classes and results per profile,
// over the reference engine; and the libc engine where the C library is the
// ground truth.
#include "impl/ops/operations.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <cmath>
#include <vector>

#include "impl/core/error_class.h"

namespace sock::ops {
namespace {

Bytes bytes(std::initializer_list<int> b) {
  std::string s;
  for (const int x : b) s += static_cast<char>(x);
  return Bytes{s};
}

struct Row {
  const char* what;
  const char* op;
  std::vector<Value> args;
  Profile profile;
  // Either an expected value or an expected error class.
  std::optional<Value> value;
  const char* raises = nullptr;
};

void check(const Row& row, const Engine& engine) {
  const Outcome got = call(row.op, row.args, Context{row.profile, &engine});
  const std::string where = std::string(row.what) + " in " + std::string(name(row.profile)) + ": " + describe(got);
  if (row.raises != nullptr) {
    ASSERT_EQ(got.kind, OutcomeKind::raised) << where;
    EXPECT_TRUE(error_class_matches(got.error_class, row.raises, row.profile)) << where << ", want " << row.raises;
    EXPECT_FALSE(got.message.empty()) << where;
  } else {
    ASSERT_EQ(got.kind, OutcomeKind::value) << where;
    EXPECT_EQ(got.value, *row.value) << where << ", want " << repr(*row.value);
  }
}

const Profile P26 = Profile::v2_6, P33 = Profile::v3_3, P312 = Profile::v3_12;

TEST(OperationsTest, ArgumentTypesPerProfile) {
  const Row rows[] = {
      // inet_aton takes text: str in 3.x, the one string type in 2.x
      {"aton str", "inet_aton", {"1.2.3.4"}, P312, Value(bytes({1, 2, 3, 4}))},
      {"aton bytes 3.x", "inet_aton", {Bytes{"1.2.3.4"}}, P33, std::nullopt, "TypeError"},
      {"aton bytes 2.x", "inet_aton", {Bytes{"1.2.3.4"}}, P26, Value(bytes({1, 2, 3, 4}))},
      {"aton int", "inet_aton", {Value(1)}, P312, std::nullopt, "TypeError"},
      {"aton NUL 3.x", "inet_aton", {std::string("1.2.3.4\0", 8)}, P312, std::nullopt, "ValueError"},
      {"aton NUL 2.x", "inet_aton", {std::string("1.2.3.4\0", 8)}, P26, std::nullopt, "TypeError"},
      {"aton arity", "inet_aton", {}, P312, std::nullopt, "TypeError"},
      // inet_ntoa takes packed bytes
      {"ntoa bytes", "inet_ntoa", {bytes({127, 0, 0, 1})}, P312, Value("127.0.0.1")},
      {"ntoa str 3.x", "inet_ntoa", {"abcd"}, P33, std::nullopt, "TypeError"},
      {"ntoa str 2.x", "inet_ntoa", {"abcd"}, P26, Value("97.98.99.100")},
      {"ntoa 3 bytes", "inet_ntoa", {bytes({1, 2, 3})}, P312, std::nullopt, "socket.error"},
      {"ntoa 5 bytes", "inet_ntoa", {bytes({1, 2, 3, 4, 5})}, P26, std::nullopt, "socket.error"},
      // inet_pton / inet_ntop family argument
      {"pton const", "inet_pton", {Const{"AF_INET"}, "10.0.0.1"}, P312, Value(bytes({10, 0, 0, 1}))},
      {"pton float family", "inet_pton", {1.5, "10.0.0.1"}, P312, std::nullopt, "TypeError"},
      {"pton huge family", "inet_pton", {BigInt{"99999999999999999999"}, "1.2.3.4"}, P312, std::nullopt,
       "OverflowError"},
      {"pton unknown family", "inet_pton", {Value(12345), "1.2.3.4"}, P312, std::nullopt, "OSError"},
      {"pton invalid", "inet_pton", {Const{"AF_INET6"}, ":::"}, P312, std::nullopt, "OSError"},
      {"ntop short", "inet_ntop", {Const{"AF_INET6"}, bytes({1, 2, 3, 4})}, P312, std::nullopt, "ValueError"},
      {"ntop unknown family", "inet_ntop", {Value(12345), bytes({1, 2, 3, 4})}, P312, std::nullopt, "ValueError"},
      {"ntop v4", "inet_ntop", {Const{"AF_INET"}, bytes({192, 168, 0, 1})}, P312, Value("192.168.0.1")},
  };
  for (const auto& row : rows) check(row, reference_engine(inet::Dialect::posix));
}

TEST(OperationsTest, ByteOrderRangesPerProfile) {
  // Little-endian expectations; the reference engine swaps on such hosts.
  const Row rows[] = {
      {"htons 0", "htons", {Value(0)}, P312, Value(0)},
      {"htons 1", "htons", {Value(1)}, P312, Value(256)},
      {"htons max", "htons", {Value(0xffff)}, P312, Value(0xffff)},
      {"htons max+1 3.12", "htons", {Value(0x10000)}, P312, std::nullopt, "OverflowError"},
      {"htons max+1 3.3 truncates", "htons", {Value(0x10001)}, P33, Value(256)},
      {"htons -1", "htons", {Value(-1)}, P312, std::nullopt, "OverflowError"},
      {"htons -1 2.6", "htons", {Value(-1)}, P26, std::nullopt, "OverflowError"},
      {"htons float 3.x", "htons", {Value(1.0)}, P312, std::nullopt, "TypeError"},
      {"htons float 2.x truncates", "htons", {Value(1.9)}, P26, Value(256)},
      {"htons bool", "htons", {Value(true)}, P312, Value(256)},
      {"htons 2**31", "htons", {Value(std::int64_t{1} << 31)}, P33, std::nullopt, "OverflowError"},
      {"htonl max", "htonl", {Value(std::int64_t{0xffffffff})}, P312, Value(std::int64_t{0xffffffff})},
      {"htonl 1", "htonl", {Value(1)}, P312, Value(std::int64_t{0x01000000})},
      {"htonl max+1", "htonl", {Value(std::int64_t{0x100000000})}, P312, std::nullopt, "OverflowError"},
      {"htonl 2**64", "htonl", {BigInt{"18446744073709551616"}}, P312, std::nullopt, "OverflowError"},
      {"htonl -1", "htonl", {Value(-1)}, P312, std::nullopt, "OverflowError"},
      {"htonl float 2.x", "htonl", {Value(1.0)}, P26, std::nullopt, "TypeError"},
      {"ntohl", "ntohl", {Value(std::int64_t{0x01020304})}, P312, Value(std::int64_t{0x04030201})},
      {"ntohs", "ntohs", {Value(0x0102)}, P312, Value(0x0201)},
  };
  for (const auto& row : rows) check(row, reference_engine(inet::Dialect::posix));
}

TEST(OperationsTest, LibcAndReferenceEnginesAgreeOnTheBindingsErrors) {
  // Argument errors come from the binding, so the engine cannot change them.
  const std::vector<Value> args = {Const{"AF_INET6"}, bytes({1, 2, 3})};
  const Outcome ref = call("inet_ntop", args, Context{P312, &reference_engine(inet::Dialect::posix)});
  const Outcome libc = call("inet_ntop", args, Context{P312, &libc_engine()});
  EXPECT_EQ(ref.error_class, libc.error_class);
  EXPECT_EQ(ref.error_class, "ValueError");
}

TEST(OperationsTest, DialectsDifferWhereTheDocumentsAllow) {
  const std::vector<Value> trailing = {"1.2.3.4 trailing"};
  EXPECT_TRUE(call("inet_aton", trailing, Context{P312, &reference_engine(inet::Dialect::posix)}).raised());
  const Outcome g = call("inet_aton", trailing, Context{P312, &reference_engine(inet::Dialect::glibc)});
  ASSERT_TRUE(g.returned_value()) << describe(g);
  EXPECT_EQ(g.value, Value(bytes({1, 2, 3, 4})));
  const Outcome l = call("inet_aton", trailing, Context{P312, &libc_engine()});
  EXPECT_EQ(l.value, g.value) << "glibc dialect should match this machine's glibc";
}

TEST(OperationsTest, UnknownOperationIsNotSupportedNotAnError) {
  const Outcome got = call("no_such_op", {}, Context{P312, &libc_engine()});
  EXPECT_EQ(got.kind, OutcomeKind::unsupported);
}

TEST(OperationsTest, OperationsAreSortedForLookup) {
  const auto ops = operations();
  for (std::size_t i = 1; i < ops.size(); ++i) EXPECT_LT(ops[i - 1].name, ops[i].name);
  for (const auto& op : ops) EXPECT_EQ(find_operation(op.name), &op);
}

}  // namespace
}  // namespace sock::ops
