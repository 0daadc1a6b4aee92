// The binding layer of the operations in netdb_ops.cc, cmsg_ops.cc and
// exception_ops.cc: argument rules and error classes per profile, over the
// reference engine (and the libc engine where the C library decides).
#include <gtest/gtest.h>
#include <netdb.h>
#include <sys/socket.h>

#include <optional>
#include <string>
#include <vector>

#include "impl/core/error_class.h"
#include "impl/ops/operations.h"

namespace sock::ops {
namespace {

const Profile P1 = Profile::v1, P24 = Profile::v2_4, P26 = Profile::v2_6, P33 = Profile::v3_3, P312 = Profile::v3_12;

struct Row {
  const char* what;
  const char* op;
  std::vector<Value> args;
  Profile profile;
  std::optional<Value> value;  // expected value, or ...
  const char* raises = nullptr;  // ... expected error class, or ...
  bool unsupported = false;      // ... not supported in that profile
};

void check(const Row& row, const Engine& engine) {
  const Outcome got = call(row.op, row.args, Context{row.profile, &engine});
  const std::string where = std::string(row.what) + " in " + std::string(name(row.profile)) + " on " +
                            std::string(engine.name()) + ": " + describe(got);
  if (row.unsupported) {
    EXPECT_EQ(got.kind, OutcomeKind::unsupported) << where;
  } else if (row.raises != nullptr) {
    ASSERT_EQ(got.kind, OutcomeKind::raised) << where;
    EXPECT_TRUE(error_class_matches(got.error_class, row.raises, row.profile)) << where << ", want " << row.raises;
  } else {
    ASSERT_EQ(got.kind, OutcomeKind::value) << where;
    EXPECT_EQ(got.value, *row.value) << where << ", want " << repr(*row.value);
  }
}

void check_all(std::initializer_list<Row> rows) {
  for (const auto& r : rows) {
    check(r, reference_engine(inet::Dialect::posix));
    check(r, reference_engine(inet::Dialect::glibc));
    check(r, libc_engine());
  }
}

Value stream4(const char* host, std::int64_t port) {
  return Tuple{Value(Tuple{Value(std::int64_t{AF_INET}), Value(std::int64_t{SOCK_STREAM}),
                           Value(std::int64_t{IPPROTO_TCP}), Value(""), Value(Tuple{Value(host), Value(port)})})};
}

const Value kInet = Const{"AF_INET"};
const Value kStream = Const{"SOCK_STREAM"};
const Value kNumericHost = Const{"AI_NUMERICHOST"};

TEST(GetaddrinfoBindingTest, ArgumentsPerProfile) {
  check_all({
      {"absent in 1.x", "getaddrinfo", {"127.0.0.1", 80}, P1, std::nullopt, nullptr, true},
      {"present in 2.4", "getaddrinfo", {"127.0.0.1", 80, kInet, kStream}, P24, stream4("127.0.0.1", 80)},
      {"one argument", "getaddrinfo", {"127.0.0.1"}, P312, std::nullopt, "TypeError"},
      {"seven arguments", "getaddrinfo", {"127.0.0.1", 80, 0, 0, 0, 0, 0}, P312, std::nullopt, "TypeError"},
      {"host int", "getaddrinfo", {Value(1), 80}, P312, std::nullopt, "TypeError"},
      {"host bytes 3.x", "getaddrinfo", {Bytes{"127.0.0.1"}, 80, kInet, kStream}, P33, stream4("127.0.0.1", 80)},
      {"host NUL 3.x: C string", "getaddrinfo", {std::string("127.0.0.1\0x", 11), 80, kInet, kStream}, P312,
       stream4("127.0.0.1", 80)},
      {"empty label 3.x: idna", "getaddrinfo", {"1..2", 80, 0, 0, 0, kNumericHost}, P33, std::nullopt, "UnicodeError"},
      {"empty label 2.x: C", "getaddrinfo", {"1..2", 80, 0, 0, 0, kNumericHost}, P26, std::nullopt, "socket.gaierror"},
      {"empty last label is fine", "getaddrinfo", {"1.2.3.4.", 80, 0, 0, 0, kNumericHost}, P312, std::nullopt,
       "socket.gaierror"},
      {"64-character label", "getaddrinfo", {std::string(64, 'a'), 80, 0, 0, 0, kNumericHost}, P312, std::nullopt,
       "UnicodeError"},
      {"63-character label", "getaddrinfo", {std::string(63, 'a'), 80, 0, 0, 0, kNumericHost}, P312, std::nullopt,
       "socket.gaierror"},
      {"port bool 3.x", "getaddrinfo", {"127.0.0.1", true}, P312, std::nullopt, "OSError"},
      {"port bool 2.x", "getaddrinfo", {"127.0.0.1", true, kInet, kStream}, P26, stream4("127.0.0.1", 1)},
      {"port float", "getaddrinfo", {"127.0.0.1", 80.0}, P26, std::nullopt, "socket.error"},
      {"port 2**64 3.x", "getaddrinfo", {"127.0.0.1", BigInt{"18446744073709551616"}}, P33, std::nullopt,
       "OverflowError"},
      {"port 2**64 2.6", "getaddrinfo", {"127.0.0.1", BigInt{"18446744073709551616"}}, P26, std::nullopt,
       "socket.error"},
      {"port bytes", "getaddrinfo", {"127.0.0.1", Bytes{"80"}, kInet, kStream}, P312, stream4("127.0.0.1", 80)},
      {"empty host is NULL in 2.6", "getaddrinfo", {"", 80, kInet, kStream, 0, Const{"AI_PASSIVE"}}, P26,
       stream4("0.0.0.0", 80)},
      {"empty port is NULL in 2.6", "getaddrinfo", {"127.0.0.1", "", kInet, kStream}, P26, stream4("127.0.0.1", 0)},
      {"family float 3.x", "getaddrinfo", {"127.0.0.1", 80, 2.0}, P33, std::nullopt, "TypeError"},
      {"family float 2.x", "getaddrinfo", {"127.0.0.1", 80, 2.0, kStream}, P26, stream4("127.0.0.1", 80)},
      {"flags beyond C int", "getaddrinfo", {"127.0.0.1", 80, 0, 0, 0, BigInt{"2147483648"}}, P312, std::nullopt,
       "OverflowError"},
      {"gaierror", "getaddrinfo", {"127.0.0.1", 80, 12345}, P312, std::nullopt, "socket.gaierror"},
      {"gaierror is a socket.error", "getaddrinfo", {"127.0.0.1", 80, 12345}, P26, std::nullopt, "socket.error"},
  });
}

TEST(GetnameinfoBindingTest, SockaddrRulesPerProfile) {
  const Value N = 3;  // NI_NUMERICHOST | NI_NUMERICSERV
  const auto pair = [](const char* h, const char* p) { return Value(Tuple{Value(h), Value(p)}); };
  check_all({
      {"absent in 1.x", "getnameinfo", {Tuple{"127.0.0.1", 80}, N}, P1, std::nullopt, nullptr, true},
      {"numeric", "getnameinfo", {Tuple{"127.0.0.1", 80}, N}, P312, pair("127.0.0.1", "80")},
      {"shorthand host", "getnameinfo", {Tuple{"127.1", 80}, N}, P312, pair("127.0.0.1", "80")},
      {"not a tuple", "getnameinfo", {"127.0.0.1", N}, P312, std::nullopt, "TypeError"},
      {"one item", "getnameinfo", {Tuple{"127.0.0.1"}, N}, P312, std::nullopt, "TypeError"},
      {"five items", "getnameinfo", {Tuple{"::1", 80, 0, 0, 0}, N}, P312, std::nullopt, "TypeError"},
      {"IPv4 with flowinfo", "getnameinfo", {Tuple{"127.0.0.1", 80, 0}, N}, P312, std::nullopt, "socket.error"},
      {"host bytes 3.x", "getnameinfo", {Tuple{Bytes{"127.0.0.1"}, 80}, N}, P33, std::nullopt, "TypeError"},
      {"host bytes 2.x", "getnameinfo", {Tuple{Bytes{"127.0.0.1"}, 80}, N}, P26, pair("127.0.0.1", "80")},
      {"port str", "getnameinfo", {Tuple{"127.0.0.1", "80"}, N}, P312, std::nullopt, "TypeError"},
      {"port bool", "getnameinfo", {Tuple{"127.0.0.1", true}, N}, P312, pair("127.0.0.1", "1")},
      {"port -1", "getnameinfo", {Tuple{"127.0.0.1", -1}, N}, P312, std::nullopt, "socket.gaierror"},
      {"flowinfo limit", "getnameinfo", {Tuple{"::1", 80, 0xfffff, 0}, N}, P312, pair("::1", "80")},
      {"flowinfo past it 3.x", "getnameinfo", {Tuple{"::1", 80, 0x100000, 0}, N}, P33, std::nullopt,
       "OverflowError"},
      {"flowinfo past it 2.6", "getnameinfo", {Tuple{"::1", 80, 0x100000, 0}, N}, P26, pair("::1", "80")},
      {"scope -1 is 2**32-1", "getnameinfo", {Tuple{"::1", 80, 0, -1}, N}, P312, pair("::1%4294967295", "80")},
      {"scope 2**32 is 0", "getnameinfo", {Tuple{"::1", 80, 0, BigInt{"4294967296"}}, N}, P312, pair("::1", "80")},
      {"scope -(2**64)+5 is 5", "getnameinfo", {Tuple{"2001:db8::1", 80, 0, BigInt{"-18446744073709551611"}}, N},
       P312, pair("2001:db8::1%5", "80")},
      {"the tuple's scope wins", "getnameinfo", {Tuple{"2001:db8::1%3", 80}, N}, P312, pair("2001:db8::1", "80")},
      {"a name is refused", "getnameinfo", {Tuple{"localhost", 80}, N}, P312, std::nullopt, "socket.gaierror"},
      {"flags str", "getnameinfo", {Tuple{"127.0.0.1", 80}, "x"}, P312, std::nullopt, "TypeError"},
      {"bad flags", "getnameinfo", {Tuple{"127.0.0.1", 80}, -1}, P312, std::nullopt, "socket.gaierror"},
  });
  // Without NI_NUMERICHOST the C library would ask DNS: the libc engine
  // refuses, the reference answers as a system without names.
  const Value args[] = {Value(Tuple{"127.0.0.1", 80}), Value(2)};
  EXPECT_EQ(call("getnameinfo", args, Context{P312, &libc_engine()}).kind, OutcomeKind::unsupported);
  EXPECT_EQ(call("getnameinfo", args, Context{P312, &reference_engine(inet::Dialect::posix)}).value,
            Value(Tuple{"127.0.0.1", "80"}));
}

TEST(CmsgBindingTest, RangeAndTypes) {
  check_all({
      {"absent before 3.3", "CMSG_LEN", {Value(0)}, P26, std::nullopt, nullptr, true},
      {"CMSG_LEN(0)", "CMSG_LEN", {Value(0)}, P33, Value(16)},
      {"CMSG_SPACE(1)", "CMSG_SPACE", {Value(1)}, P312, Value(24)},
      {"CMSG_LEN(True)", "CMSG_LEN", {true}, P312, Value(17)},
      {"largest CMSG_LEN", "CMSG_LEN", {Value(2147483631)}, P312, Value(2147483647)},
      {"one past it", "CMSG_LEN", {Value(2147483632)}, P312, std::nullopt, "OverflowError"},
      {"largest CMSG_SPACE", "CMSG_SPACE", {Value(2147483623)}, P312, Value(2147483640)},
      {"one past it (same result)", "CMSG_SPACE", {Value(2147483624)}, P312, std::nullopt, "OverflowError"},
      {"negative", "CMSG_SPACE", {Value(-1)}, P312, std::nullopt, "OverflowError"},
      {"int64 min", "CMSG_LEN", {Value(std::int64_t{INT64_MIN})}, P312, std::nullopt, "OverflowError"},
      {"int64 max", "CMSG_LEN", {Value(std::int64_t{INT64_MAX})}, P312, std::nullopt, "OverflowError"},
      {"beyond ssize_t", "CMSG_LEN", {BigInt{"9223372036854775808"}}, P312, std::nullopt, "OverflowError"},
      {"float", "CMSG_LEN", {1.0}, P312, std::nullopt, "TypeError"},
      {"str", "CMSG_SPACE", {"1"}, P312, std::nullopt, "TypeError"},
      {"no argument", "CMSG_LEN", {}, P312, std::nullopt, "TypeError"},
  });
}

TEST(ExceptionBindingTest, IssubclassPerProfile) {
  const auto sub = [](const char* child, const char* parent, Profile p, std::optional<bool> want) {
    return Row{"issubclass", "exception.issubclass", {child, parent}, p,
               want ? std::optional<Value>(Value(*want)) : std::nullopt, nullptr, !want.has_value()};
  };
  for (const Row& r : {
           sub("socket.error", "Exception", P1, true),
           sub("socket.error", "IOError", P24, false),
           sub("socket.error", "IOError", P26, true),
           sub("socket.error", "OSError", P26, false),
           sub("IOError", "socket.error", P26, false),
           sub("socket.error", "OSError", P33, true),
           sub("OSError", "socket.error", P33, true),
           sub("IOError", "socket.error", P312, true),
           sub("socket.gaierror", "socket.error", P24, true),
           sub("socket.gaierror", "IOError", P26, true),
           sub("socket.herror", "socket.gaierror", P312, false),
           sub("socket.error", "socket.timeout", P312, false),
           sub("socket.timeout", "OSError", P33, true),
           sub("socket.timeout", "TimeoutError", P33, false),  // the 3.3 document's 3.3-3.9 answer
           sub("socket.timeout", "TimeoutError", P312, true),
           sub("TimeoutError", "socket.timeout", P312, true),
           sub("TypeError", "socket.error", P1, false),
           sub("socket.gaierror", "socket.error", P1, std::nullopt),  // no gaierror in 1.x
           sub("socket.timeout", "Exception", P1, std::nullopt),
           sub("TimeoutError", "OSError", P26, std::nullopt),  // new in 3.3
           sub("NoSuchError", "Exception", P312, std::nullopt),
       }) {
    check(r, reference_engine(inet::Dialect::posix));
  }
  check({"names must be str", "exception.issubclass", {Value(1), "Exception"}, P312, std::nullopt, "TypeError"},
        reference_engine(inet::Dialect::posix));
}

TEST(ExceptionBindingTest, RaisedArgsAndErrno) {
  const Value none{None{}};
  check_all({
      {"a message", "exception.args_types", {"inet_aton", Tuple{"1.2.3.x"}}, P312, Value(Tuple{"str"})},
      {"an errno pair", "exception.args_types", {"inet_pton", Tuple{12345, "1.2.3.4"}}, P312,
       Value(Tuple{"int", "str"})},
      {"a gaierror pair", "exception.args_types", {"getaddrinfo", Tuple{"127.0.0.1", 80, 12345}}, P312,
       Value(Tuple{"int", "str"})},
      {"no exception", "exception.args_types", {"inet_aton", Tuple{"1.2.3.4"}}, P312, none},
      {"EAI_FAMILY", "exception.errno", {"getaddrinfo", Tuple{"127.0.0.1", 80, 12345}}, P312,
       Value(std::int64_t{EAI_FAMILY})},
      {"no errno in a message", "exception.errno", {"inet_aton", Tuple{"1.2.3.x"}}, P312, none},
      {"args not a tuple", "exception.errno", {"inet_aton", "1.2.3.x"}, P312, std::nullopt, "TypeError"},
      {"an unknown inner op", "exception.errno", {"no_such_op", Tuple{}}, P312, std::nullopt, nullptr, true},
  });
}

}  // namespace
}  // namespace sock::ops
