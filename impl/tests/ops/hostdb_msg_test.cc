// The host, service and protocol look-ups (netdb_ops.cc), the exception
// questions (exception_ops.cc) and sendmsg/recvmsg (socket_msg_ops.cc) of
// the reference binding: numeric answers, empty databases, argument
// errors, and ancillary data over a real AF_UNIX socket pair.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "impl/core/error_class.h"
#include "impl/ops/operations.h"

namespace sock::ops {
namespace {

const Profile P1 = Profile::v1, P26 = Profile::v2_6, P33 = Profile::v3_3, P312 = Profile::v3_12;

const Engine& ref() { return reference_engine(inet::Dialect::glibc); }

struct Row {
  const char* what;
  const char* op;
  std::vector<Value> args;
  Profile profile;
  std::optional<Value> value;  // the expected value, or
  const char* raises = nullptr;  // the expected error class
};

void check(const Row& row, const Context& ctx) {
  const Outcome got = call(row.op, row.args, ctx);
  const std::string where = std::string(row.what) + " in " + std::string(name(row.profile)) + ": " + describe(got);
  if (row.raises != nullptr) {
    ASSERT_EQ(got.kind, OutcomeKind::raised) << where;
    EXPECT_TRUE(error_class_matches(got.error_class, row.raises, row.profile)) << where << ", want " << row.raises;
  } else {
    ASSERT_EQ(got.kind, OutcomeKind::value) << where;
    EXPECT_EQ(got.value, *row.value) << where << ", want " << repr(*row.value);
  }
}

void check_all(std::initializer_list<Row> rows) {
  for (const auto& row : rows) check(row, Context{row.profile, &ref()});
}

Value triple(const char* name, std::vector<const char*> addresses) {
  Tuple l;
  for (const char* a : addresses) l.emplace_back(a);
  return Value(Tuple{Value(name), Value(Tuple{}), Value(std::move(l))});
}

TEST(HostDbTest, GethostbynameTranslatesLiteralsOnly) {
  check_all({
      // "If the host name is an IPv4 address itself it is returned unchanged."
      {"dotted quad", "gethostbyname", {"100.50.200.5"}, P312, Value("100.50.200.5")},
      {"dotted quad 1.x", "gethostbyname", {"100.50.200.5"}, P1, Value("100.50.200.5")},
      {"bytes 3.x", "gethostbyname", {Bytes{"127.0.0.1"}}, P33, Value("127.0.0.1")},
      // inet_addr forms are translated (POSIX getaddrinfo)
      {"a.b form", "gethostbyname", {"127.1"}, P312, Value("127.0.0.1")},
      // CPython's setipaddr: "" is INADDR_ANY, "<broadcast>" INADDR_BROADCAST
      {"empty", "gethostbyname", {""}, P312, Value("0.0.0.0")},
      {"broadcast", "gethostbyname", {"<broadcast>"}, P312, Value("255.255.255.255")},
      // AF_INET only
      {"ipv6 literal", "gethostbyname", {"::1"}, P312, std::nullopt, "socket.gaierror"},
      // no hosts database, no DNS
      {"name", "gethostbyname", {"localhost"}, P312, std::nullopt, "socket.gaierror"},
      {"name 1.x", "gethostbyname", {"localhost"}, P1, std::nullopt, "socket.error"},
      {"int", "gethostbyname", {Value(1)}, P312, std::nullopt, "TypeError"},
      {"none", "gethostbyname", {Value(None{})}, P312, std::nullopt, "TypeError"},
      {"arity", "gethostbyname", {}, P312, std::nullopt, "TypeError"},
  });
}

TEST(HostDbTest, GethostbynameExAnswersDigitsAndDotsItself) {
  check_all({
      {"literal", "gethostbyname_ex", {"192.0.2.1"}, P312, triple("192.0.2.1", {"192.0.2.1"})},
      // glibc's digits_dots keeps the name as given
      {"a.b form", "gethostbyname_ex", {"127.1"}, P33, triple("127.1", {"127.0.0.1"})},
      {"ipv6 literal", "gethostbyname_ex", {"::1"}, P312, std::nullopt, "socket.gaierror"},
      {"name", "gethostbyname_ex", {"localhost"}, P312, std::nullopt, "socket.error"},
      {"int", "gethostbyname_ex", {Value(1)}, P312, std::nullopt, "TypeError"},
  });
}

TEST(HostDbTest, GethostbyaddrFindsNothingInAnEmptyDatabase) {
  check_all({
      {"loopback", "gethostbyaddr", {"127.0.0.1"}, P312, std::nullopt, "socket.herror"},
      {"ipv6", "gethostbyaddr", {"::1"}, P26, std::nullopt, "socket.herror"},
      {"1.x", "gethostbyaddr", {"127.0.0.1"}, P1, std::nullopt, "socket.error"},
      {"arity", "gethostbyaddr", {}, P312, std::nullopt, "TypeError"},
  });
  // herror's value is (h_errno, hstrerror(h_errno)): HOST_NOT_FOUND is 1.
  const Value inner[] = {Value("gethostbyaddr"), Value(Tuple{Value("127.0.0.1")})};
  const Outcome args = call("exception.args", inner, Context{P312, &ref()});
  ASSERT_EQ(args.kind, OutcomeKind::value) << describe(args);
  EXPECT_EQ(args.value, Value(Tuple{Value(std::int64_t{1}), Value("Unknown host")}));
}

TEST(HostDbTest, GetfqdnReturnsTheNameWhenGethostbyaddrFails) {
  check_all({
      {"literal", "getfqdn", {"127.0.0.1"}, P312, Value("127.0.0.1")},
      {"stripped", "getfqdn", {" 127.0.0.1\t"}, P312, Value("127.0.0.1")},
      {"arity", "getfqdn", {"a", "b"}, P312, std::nullopt, "TypeError"},
  });
  char host[256] = {};
  ASSERT_EQ(::gethostname(host, sizeof host - 1), 0);
  check_all({{"empty is gethostname()", "getfqdn", {}, P312, Value(std::string(host))},
             {"gethostname", "gethostname", {}, P1, Value(std::string(host))}});
}

TEST(HostDbTest, ServicesAndProtocolsDatabasesAreEmpty) {
  check_all({
      {"service", "getservbyname", {"http", "tcp"}, P312, std::nullopt, "socket.error"},
      {"service, no protocol", "getservbyname", {"http"}, P26, std::nullopt, "socket.error"},
      {"1.x needs the protocol", "getservbyname", {"http"}, P1, std::nullopt, "TypeError"},
      {"int name", "getservbyname", {Value(80), "tcp"}, P312, std::nullopt, "TypeError"},
      {"port", "getservbyport", {Value(80)}, P312, std::nullopt, "socket.error"},
      {"port -1", "getservbyport", {Value(-1)}, P33, std::nullopt, "OverflowError"},
      {"port 65536", "getservbyport", {Value(65536)}, P312, std::nullopt, "OverflowError"},
      {"port 65535", "getservbyport", {Value(65535)}, P312, std::nullopt, "socket.error"},
      {"str port", "getservbyport", {"80"}, P312, std::nullopt, "TypeError"},
      {"protocol", "getprotobyname", {"tcp"}, P312, std::nullopt, "socket.error"},
      {"int protocol", "getprotobyname", {Value(6)}, P312, std::nullopt, "TypeError"},
  });
}

TEST(HostDbTest, LibcAnswersFromTheServicesFile) {
  if (::access("/etc/services", R_OK) != 0) GTEST_SKIP() << "no /etc/services (Debian package netbase)";
  const Context libc{P312, &libc_engine()};
  const Value http_tcp[] = {Value("http"), Value("tcp")};
  const Outcome port = call("getservbyname", http_tcp, libc);
  ASSERT_EQ(port.kind, OutcomeKind::value) << describe(port);
  EXPECT_EQ(port.value, Value(std::int64_t{80}));
  const Value localhost[] = {Value("localhost")};
  EXPECT_EQ(call("gethostbyname_ex", localhost, libc).kind, OutcomeKind::unsupported) << "never a name look-up";
  const Value loopback[] = {Value("127.0.0.1")};
  EXPECT_EQ(call("gethostbyaddr", loopback, libc).kind, OutcomeKind::unsupported) << "never a PTR query";
}

// exception.args reads both ways the reference writes an (errno, string)
// exception: "[Errno N] text" and 1.x's "(N, 'text')".
TEST(ExceptionArgsTest, ErrnoPairInEveryProfile) {
  for (const Profile p : {P1, P26, P312}) {
    Session session;
    const Context ctx{p, &ref(), &session};
    const auto ok = [&](const char* op, std::vector<Value> args) {
      Outcome o = call(op, args, ctx);
      EXPECT_EQ(o.kind, OutcomeKind::value) << op << ": " << describe(o);
      return o.value;
    };
    // A port nobody listens on: bound, then closed.
    const Value listener = ok("socket", {std::int64_t{AF_INET}, std::int64_t{SOCK_STREAM}});
    ok("socket.bind", {listener, Tuple{Value("127.0.0.1"), std::int64_t{0}}});
    const Value address = ok("socket.getsockname", {listener});
    ok("socket.close", {listener});
    const Value s = ok("socket", {std::int64_t{AF_INET}, std::int64_t{SOCK_STREAM}});
    const Value inner = Tuple{s, address};
    EXPECT_EQ(ok("exception.args", {Value("socket.connect"), inner}),
              Value(Tuple{std::int64_t{ECONNREFUSED}, Value(std::string(std::strerror(ECONNREFUSED)))}))
        << name(p);
    EXPECT_EQ(ok("exception.errno", {Value("socket.connect"), inner}), Value(std::int64_t{ECONNREFUSED})) << name(p);
  }
  // A string value stays one string.
  const Value inner[] = {Value("getservbyname"), Value(Tuple{Value("sockcheck-no-such-service"), Value("tcp")})};
  const Outcome o = call("exception.args", inner, Context{P312, &ref()});
  ASSERT_EQ(o.kind, OutcomeKind::value) << describe(o);
  EXPECT_EQ(o.value, Value(Tuple{Value("service/proto not found")}));
}

// ---- sendmsg / recvmsg -------------------------------------------------------

class MsgTest : public ::testing::Test {
 protected:
  Outcome run(const char* op, std::vector<Value> args) { return call(op, args, ctx); }
  Value ok(const char* op, std::vector<Value> args) {
    Outcome o = run(op, std::move(args));
    EXPECT_EQ(o.kind, OutcomeKind::value) << op << ": " << describe(o);
    return o.value;
  }
  void SetUp() override {
    const Tuple pair = ok("socketpair", {}).as<Tuple>();
    a = pair[0];
    b = pair[1];
  }
  Session session;
  Context ctx{P312, &ref(), &session};
  Value a, b;
};

TEST_F(MsgTest, SendmsgGathersAndRecvmsgReturnsTheFourTuple) {
  EXPECT_EQ(ok("socket.sendmsg", {a, Tuple{Bytes{"Mary had "}, Bytes{"a little lamb"}}}), Value(std::int64_t{22}));
  EXPECT_EQ(ok("socket.recvmsg", {b, 64}),
            Value(Tuple{Bytes{"Mary had a little lamb"}, Tuple{}, std::int64_t{0}, None{}}));
}

TEST_F(MsgTest, RecvmsgIntoScattersAsInTheDocumentedExample) {
  ok("socket.send", {a, Bytes{"Mary had a little lamb"}});
  const Value buffers = Tuple{Bytes{"----"}, Tuple{Bytes{"0123456789"}, 2, 9}, Bytes{"--------------"}};
  EXPECT_EQ(ok("cmsg.recvmsg_into", {b, buffers}),
            Value(Tuple{std::int64_t{22}, Tuple{}, std::int64_t{0}, None{},
                        Tuple{Bytes{"Mary"}, Bytes{"01 had a 9"}, Bytes{"little lamb---"}}}));
}

TEST_F(MsgTest, ScmRightsPassesTheSameOpenFile) {
  const Tuple other = ok("socketpair", {}).as<Tuple>();
  const Value fd = ok("socket.fileno", {other[0]});
  const Value data = ok("cmsg.int_array", {Tuple{fd}});
  const Value anc = Tuple{Tuple{std::int64_t{SOL_SOCKET}, std::int64_t{SCM_RIGHTS}, data}};
  EXPECT_EQ(ok("socket.sendmsg", {a, Tuple{Bytes{"x"}}, anc}), Value(std::int64_t{1}));
  const Tuple got = ok("socket.recvmsg", {b, 16, std::int64_t{CMSG_SPACE(sizeof(int))}}).as<Tuple>();
  ASSERT_EQ(got.size(), 4U);
  const Tuple& items = got[1].as<Tuple>();
  ASSERT_EQ(items.size(), 1U);
  const Tuple& item = items[0].as<Tuple>();
  EXPECT_EQ(item[0], Value(std::int64_t{SOL_SOCKET}));
  EXPECT_EQ(item[1], Value(std::int64_t{SCM_RIGHTS}));
  ASSERT_EQ(item[2].as<Bytes>().data.size(), sizeof(int));
  EXPECT_NE(item[2], data) << "a new descriptor";
  EXPECT_EQ(ok("cmsg.same_files", {item[2], Tuple{fd}}), Value(Tuple{true}));
  // A descriptor of another file is not the same file.
  const Value other_fd = ok("socket.fileno", {other[1]});
  EXPECT_EQ(ok("cmsg.same_files", {item[2], Tuple{other_fd}}), Value(Tuple{false}));
}

TEST_F(MsgTest, AncillaryDataWithoutABufferIsDiscardedWithCtrunc) {
  const Value fd = ok("socket.fileno", {a});
  const Value anc = Tuple{Tuple{std::int64_t{SOL_SOCKET}, std::int64_t{SCM_RIGHTS}, ok("cmsg.int_array", {Tuple{fd}})}};
  ok("socket.sendmsg", {a, Tuple{Bytes{"x"}}, anc});
  EXPECT_EQ(ok("socket.recvmsg", {b, 16}), Value(Tuple{Bytes{"x"}, Tuple{}, std::int64_t{MSG_CTRUNC}, None{}}));
}

TEST_F(MsgTest, ArgumentErrors) {
  const auto raises = [&](const char* op, std::vector<Value> args, const char* cls) {
    const Outcome o = run(op, args);
    ASSERT_EQ(o.kind, OutcomeKind::raised) << op << ": " << describe(o);
    EXPECT_TRUE(error_class_matches(o.error_class, cls, P312)) << op << ": " << describe(o) << ", want " << cls;
  };
  raises("socket.sendmsg", {a, 5}, "TypeError");
  raises("socket.sendmsg", {a, Tuple{Value("text")}}, "TypeError");
  raises("socket.sendmsg", {a, Tuple{Bytes{"x"}}, Tuple{Tuple{1, 1}}}, "TypeError");
  raises("socket.sendmsg", {a, Tuple{Bytes{"x"}}, Tuple{Tuple{1, 1, 5}}}, "TypeError");
  raises("socket.recvmsg", {b, -1}, "ValueError");
  raises("socket.recvmsg", {b, 16, -1}, "ValueError");
  raises("socket.recvmsg", {b}, "TypeError");
  raises("socket.recvmsg_into", {b, Tuple{Bytes{"----"}}}, "TypeError");
  raises("socket.recvmsg_into", {b, 5}, "TypeError");
  // Not in the profiles before 3.3.
  Context old{P26, &ref(), &session};
  EXPECT_EQ(call("socket.recvmsg", std::vector<Value>{b, 16}, old).kind, OutcomeKind::unsupported);
}

}  // namespace
}  // namespace sock::ops
