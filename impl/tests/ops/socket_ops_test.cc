// The socket module's operations in a session (impl/ops/socket_ops.cc): the
// options, descriptor and module functions the spec's socket-objects,
// module and constants cases call, with their argument rules per profile.
#include <gtest/gtest.h>
#include <net/if.h>
#include <sys/socket.h>

#include "impl/core/error_class.h"
#include "impl/ops/operations.h"

namespace sock::ops {
namespace {

class SocketOps : public ::testing::Test {
 protected:
  Outcome run(std::string_view op, std::vector<Value> args, Profile profile = Profile::v3_12) {
    return call(op, args, Context{profile, &reference_engine(inet::Dialect::glibc), &session_});
  }
  Value value(std::string_view op, std::vector<Value> args, Profile profile = Profile::v3_12) {
    const Outcome o = run(op, std::move(args), profile);
    EXPECT_EQ(o.kind, OutcomeKind::value) << op << ": " << describe(o);
    return o.value;
  }
  void raises(std::string_view op, std::vector<Value> args, std::string_view cls, Profile profile = Profile::v3_12) {
    const Outcome o = run(op, std::move(args), profile);
    ASSERT_EQ(o.kind, OutcomeKind::raised) << op << ": " << describe(o);
    EXPECT_TRUE(error_class_matches(o.error_class, cls, profile)) << op << ": " << describe(o) << ", want " << cls;
  }
  Value sock(Profile profile = Profile::v3_12, std::int64_t family = AF_INET, std::int64_t type = SOCK_STREAM) {
    return value("socket", {family, type}, profile);
  }
  Session session_;
};

TEST_F(SocketOps, GetsockoptIntAndBuffer) {
  const Value s = sock(Profile::v3_3, AF_INET, SOCK_DGRAM);
  EXPECT_EQ(value("socket.getsockopt", {s, std::int64_t{SOL_SOCKET}, std::int64_t{SO_TYPE}}, Profile::v3_3),
            Value(std::int64_t{SOCK_DGRAM}));
  const Value b = value("socket.getsockopt", {s, std::int64_t{SOL_SOCKET}, std::int64_t{SO_TYPE}, std::int64_t{64}},
                        Profile::v3_3);
  ASSERT_TRUE(b.is<Bytes>());
  EXPECT_EQ(b.get_if<Bytes>()->data.size(), sizeof(int));
  raises("socket.getsockopt", {s, std::string("SOL_SOCKET"), std::int64_t{SO_TYPE}}, "TypeError", Profile::v3_3);
  raises("socket.getsockopt", {s, std::int64_t{SOL_SOCKET}}, "TypeError", Profile::v3_3);
}

TEST_F(SocketOps, SetsockoptValueForms) {
  const Value s = sock();
  const Value level = std::int64_t{SOL_SOCKET}, name = std::int64_t{SO_KEEPALIVE};
  EXPECT_EQ(value("socket.setsockopt", {s, level, name, std::int64_t{1}}), Value(None{}));
  EXPECT_EQ(value("socket.setsockopt", {s, level, name, Bytes{std::string("\1\1\1\1")}}), Value(None{}));
  EXPECT_EQ(value("socket.getsockopt", {s, level, name}), Value(std::int64_t{1}));
  raises("socket.setsockopt", {s, level, name, std::string("1")}, "TypeError");
  raises("socket.setsockopt", {s, level, name, 1.0}, "TypeError");
  raises("socket.setsockopt", {s, level, name, None{}}, "TypeError");
  raises("socket.setsockopt", {s, level, name, None{}, std::int64_t{4}}, "OSError");  // EFAULT from the kernel
  // The None form is 3.6+: not in the 3.3 document.
  const Value t = sock(Profile::v3_3);
  raises("socket.setsockopt", {t, level, name, None{}, std::int64_t{4}}, "TypeError", Profile::v3_3);
  // A 2.x string is the buffer itself.
  const Value u = sock(Profile::v2_6);
  EXPECT_EQ(value("socket.setsockopt", {u, level, name, std::string("\1\0\0\0", 4)}, Profile::v2_6), Value(None{}));
}

TEST_F(SocketOps, AttributesExistFrom26) {
  const Value s = sock(Profile::v2_6, AF_INET6, SOCK_DGRAM);
  EXPECT_EQ(value("socket.family", {s}, Profile::v2_6), Value(std::int64_t{AF_INET6}));
  EXPECT_EQ(value("socket.type", {s}, Profile::v2_6), Value(std::int64_t{SOCK_DGRAM}));
  EXPECT_EQ(value("socket.proto", {s}, Profile::v2_6), Value(std::int64_t{0}));
  const Value t = sock(Profile::v2_4);
  EXPECT_EQ(run("socket.family", {t}, Profile::v2_4).kind, OutcomeKind::unsupported);
}

TEST_F(SocketOps, SocketV1NeedsFamilyAndType) {
  raises("socket", {std::int64_t{AF_INET}}, "TypeError", Profile::v1);
  EXPECT_EQ(run("socket", {std::int64_t{AF_INET}}, Profile::v2_6).kind, OutcomeKind::value);
}

TEST_F(SocketOps, DetachThenAdoptHandsTheDescriptorOver) {
  const Value s = sock(Profile::v3_12, AF_INET6, SOCK_DGRAM);
  const Value fd = value("socket.detach", {s});
  EXPECT_EQ(value("socket.fileno", {s}), Value(std::int64_t{-1}));
  const Value t = value("socket", {std::int64_t{-1}, std::int64_t{-1}, std::int64_t{-1}, fd});
  EXPECT_EQ(value("socket.family", {t}), Value(std::int64_t{AF_INET6}));
  EXPECT_EQ(value("socket.type", {t}), Value(std::int64_t{SOCK_DGRAM}));
  EXPECT_EQ(value("socket.fileno", {t}), fd);
  // The 3.3 document has no fileno argument.
  raises("socket", {std::int64_t{AF_INET}, std::int64_t{SOCK_STREAM}, std::int64_t{0}, fd}, "TypeError",
         Profile::v3_3);
}

TEST_F(SocketOps, DupAndInheritanceAreThe312Documents) {
  const Value s = sock();
  EXPECT_EQ(value("socket.get_inheritable", {s}), Value(false));
  EXPECT_EQ(value("socket.set_inheritable", {s, true}), Value(None{}));
  EXPECT_EQ(value("socket.get_inheritable", {s}), Value(true));
  const Value d = value("socket.dup", {s});
  EXPECT_EQ(value("socket.get_inheritable", {d}), Value(false));
  const Value t = sock(Profile::v3_3);
  EXPECT_EQ(run("socket.dup", {t}, Profile::v3_3).kind, OutcomeKind::unsupported);
}

TEST_F(SocketOps, FromfdDuplicates) {
  const Value s = sock();
  const Value fd = value("socket.fileno", {s});
  const Value d = value("fromfd", {fd, std::int64_t{AF_UNIX}, std::int64_t{SOCK_DGRAM}});
  EXPECT_NE(value("socket.fileno", {d}), fd);
  EXPECT_EQ(value("socket.family", {d}), Value(std::int64_t{AF_UNIX}));  // not checked
  raises("fromfd", {fd, std::int64_t{AF_INET}}, "TypeError");
  raises("fromfd", {std::int64_t{-1}, std::int64_t{AF_INET}, std::int64_t{SOCK_STREAM}}, "OSError");
}

TEST_F(SocketOps, HasattrFollowsTheOperations) {
  const Value s = sock(Profile::v2_4);
  EXPECT_EQ(value("socket.hasattr", {s, std::string("read")}, Profile::v2_4), Value(false));
  EXPECT_EQ(value("socket.hasattr", {s, std::string("write")}, Profile::v2_4), Value(false));
  EXPECT_EQ(value("socket.hasattr", {s, std::string("recv")}, Profile::v2_4), Value(true));
}

TEST_F(SocketOps, ConstantReadsTheHeaderTable) {
  EXPECT_EQ(value("constant", {std::string("SO_REUSEADDR")}), Value(std::int64_t{SO_REUSEADDR}));
  EXPECT_EQ(value("constant", {std::string("IPPORT_RESERVED")}), Value(std::int64_t{1024}));
  EXPECT_EQ(value("constant", {std::string("SO_USELOOPBACK")}), Value(None{}));
  raises("constant", {std::int64_t{1}}, "TypeError");
}

TEST_F(SocketOps, InterfaceNames) {
  EXPECT_EQ(value("if_nametoindex", {std::string("lo")}), Value(std::int64_t(::if_nametoindex("lo"))));
  EXPECT_EQ(value("if_indextoname", {std::int64_t(::if_nametoindex("lo"))}), Value(std::string("lo")));
  raises("if_nametoindex", {std::string("sockcheck-none0")}, "OSError");
  raises("if_indextoname", {std::int64_t{2147483647}}, "OSError");
  raises("if_indextoname", {std::int64_t{-1}}, "OverflowError");
  raises("if_indextoname", {std::string("lo")}, "TypeError");
  raises("if_nametoindex", {std::int64_t{1}}, "TypeError");
  EXPECT_EQ(run("if_nametoindex", {std::string("lo")}, Profile::v2_6).kind, OutcomeKind::unsupported);
  const Value all = value("if_nameindex", {});
  ASSERT_TRUE(all.is<Tuple>());
  EXPECT_FALSE(all.get_if<Tuple>()->empty());
}

TEST_F(SocketOps, SethostnameNeverRenamesTheMachine) {
  raises("sethostname", {std::int64_t{1}}, "TypeError");
  raises("sethostname", {}, "TypeError");
  EXPECT_EQ(run("sethostname", {std::string("renamed")}).kind, OutcomeKind::unsupported);
}

TEST_F(SocketOps, CreateServerListens) {
  const Value s = value("create_server", {Tuple{std::string("127.0.0.1"), std::int64_t{0}}});
  EXPECT_EQ(value("socket.getsockopt", {s, std::int64_t{SOL_SOCKET}, std::int64_t{SO_ACCEPTCONN}}),
            Value(std::int64_t{1}));
  raises("create_server",
         {Tuple{std::string("127.0.0.1"), std::int64_t{0}}, std::int64_t{AF_INET}, None{}, false, true},
         "ValueError");
}

}  // namespace
}  // namespace sock::ops
