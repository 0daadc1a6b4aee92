// api_test: the reference socket's API on real loopback sockets, apart from
// timing: how settings reach descriptors, what new, accepted, paired and
// duplicated sockets start with, create_connection's timeout and
// source_address, makefile's precondition, closed sockets, argument errors.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>

#include "harness/fixtures/loopback.h"
#include "impl/socket/socket.h"
#include "impl/timeout/errors.h"
#include "impl/tests/timeout/print.h"

namespace {

namespace fx = sockcheck::fixtures;
using std::chrono::milliseconds;
using sock::Profile;
using sock::Value;
using sock::net::Address;
using sock::net::ContextPtr;
using sock::net::Socket;
using sock::timeout::Mode;
using sock::timeout::Result;
using sock::timeout::Setting;

template <typename T>
T must(Result<T> r) {
  if (!r) throw std::runtime_error(r.error().error_class + ": " + r.error().message);
  return std::move(r).value();
}

bool fd_nonblocking(int fd) { return (::fcntl(fd, F_GETFL) & O_NONBLOCK) != 0; }

Address local(int port) { return Address::ipv4("127.0.0.1", port); }

// The object's mode and the descriptor agree: O_NONBLOCK exactly when the
// mode is not blocking.
void expect_descriptor_matches(const Socket& s, const std::string& where) {
  EXPECT_EQ(fd_nonblocking(s.raw_fd()), s.model().mode() != Mode::blocking) << where;
}

Socket listening(const ContextPtr& ctx) {
  Socket s = must(sock::net::socket(ctx));
  (void)must(s.bind(local(0)));
  (void)must(s.listen(8));
  return s;
}

// ---- new sockets -------------------------------------------------------------------

TEST(NewSocket, StartsInBlockingModeInEveryProfile) {
  for (const Profile p : sock::kProfiles) {
    auto ctx = sock::net::make_context(p);
    Socket s = must(sock::net::socket(ctx));
    EXPECT_EQ(s.model().mode(), Mode::blocking) << sock::name(p);
    expect_descriptor_matches(s, std::string(sock::name(p)));
  }
}

TEST(NewSocket, DefaultTimeoutAppliesToSocketsCreatedAfterIt) {
  auto ctx = sock::net::make_context(Profile::v3_12);
  Socket before = must(sock::net::socket(ctx));
  ASSERT_TRUE(ctx->setdefaulttimeout(Value(0.7)).ok());
  Socket after = must(sock::net::socket(ctx));
  EXPECT_EQ(before.gettimeout().value(), Value());
  EXPECT_EQ(after.gettimeout().value(), Value(0.7));
  expect_descriptor_matches(before, "before");
  expect_descriptor_matches(after, "after");
  ASSERT_TRUE(ctx->setdefaulttimeout(Value(0.0)).ok());
  Socket nb = must(sock::net::socket(ctx));
  EXPECT_EQ(nb.getblocking().value(), Value(false));
  expect_descriptor_matches(nb, "default 0.0");
}

TEST(NewSocket, SockNonblockTypeMakesANonBlockingSocket) {
  auto ctx = sock::net::make_context(Profile::v3_3);
  ASSERT_TRUE(ctx->setdefaulttimeout(Value(0.5)).ok());
  Socket s = must(sock::net::socket(ctx, AF_INET, SOCK_STREAM | SOCK_NONBLOCK));
  EXPECT_EQ(s.gettimeout().value(), Value(0.0));
  EXPECT_EQ(s.type(), SOCK_STREAM) << "the flag is not part of the type";
  expect_descriptor_matches(s, "SOCK_NONBLOCK");
}

TEST(Socketpair, BothEndsStartWithTheDefault) {
  auto ctx = sock::net::make_context(Profile::v3_12);
  ASSERT_TRUE(ctx->setdefaulttimeout(Value(0.25)).ok());
  auto [a, b] = must(sock::net::socketpair(ctx));
  EXPECT_EQ(a.gettimeout().value(), Value(0.25));
  EXPECT_EQ(b.gettimeout().value(), Value(0.25));
  expect_descriptor_matches(a, "a");
  ASSERT_TRUE(a.sendall("ping").ok());
  EXPECT_EQ(must(b.recv(10)), "ping");
  // Not in the 1.x document.
  auto old = sock::net::socketpair(sock::net::make_context(Profile::v1));
  ASSERT_FALSE(old.ok());
  EXPECT_TRUE(old.error().unsupported());
}

// "Duplicate the file descriptor fd ... The socket is assumed to be in
// blocking mode": with no default, a non-blocking descriptor stays
// non-blocking while gettimeout() says None (CPython 2.7/3.11/3.12 agree).
TEST(Fromfd, AssumesBlockingModeWithoutLookingAtTheDescriptor) {
  auto ctx = sock::net::make_context(Profile::v3_3);
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  fx::Fd a(sv[0]), b(sv[1]);
  ASSERT_EQ(::fcntl(a.get(), F_SETFL, O_NONBLOCK), 0);
  Socket s = must(sock::net::fromfd(ctx, a.get(), AF_UNIX, SOCK_STREAM));
  EXPECT_NE(s.raw_fd(), a.get()) << "a duplicate, not the descriptor itself";
  EXPECT_EQ(s.gettimeout().value(), Value());
  EXPECT_TRUE(fd_nonblocking(s.raw_fd())) << "the descriptor's flag is left alone";
  // So a "blocking" recv with nothing to read reports EAGAIN at once.
  auto r = s.recv(10);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error_class, "BlockingIOError");
  // Closing the object leaves the original open.
  ASSERT_TRUE(s.close().ok());
  EXPECT_GE(::fcntl(a.get(), F_GETFL), 0);
}

TEST(Fromfd, TakesTheDefaultTimeout) {
  auto ctx = sock::net::make_context(Profile::v3_12);
  ASSERT_TRUE(ctx->setdefaulttimeout(Value(0.7)).ok());
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  fx::Fd a(sv[0]), b(sv[1]);
  Socket s = must(sock::net::fromfd(ctx, a.get(), AF_UNIX, SOCK_STREAM));
  EXPECT_EQ(s.gettimeout().value(), Value(0.7));
  expect_descriptor_matches(s, "fromfd with default");
}

// ---- accept inheritance on real sockets ------------------------------------------------

// Every profile x default x listener mode: the accepted socket's setting is
// one the documents allow, its descriptor agrees with it, and where the
// documents decide, it is exactly that.
TEST(Accept, InheritanceOnRealSockets) {
  const Value defaults[] = {Value(), Value(0.0), Value(0.7)};
  const Value listener_modes[] = {Value(), Value(0.0), Value(2.5)};
  for (const Profile p : {Profile::v2_6, Profile::v3_3, Profile::v3_12}) {
    for (const Value& d : defaults) {
      for (const Value& lm : listener_modes) {
        auto ctx = sock::net::make_context(p);
        Socket listener = listening(ctx);
        ASSERT_TRUE(listener.settimeout(lm).ok());
        const int port = must(listener.getsockname()).port;
        fx::Fd client = fx::connect_to(fx::Family::v4, port);
        ASSERT_TRUE(ctx->setdefaulttimeout(d).ok());
        // The connection is queued: accept completes in every mode.
        auto accepted = must(listener.accept());
        const std::string where = std::string(sock::name(p)) + " default " + sock::repr(d) + " listener " +
                                  sock::repr(lm);
        const auto rule = ctx->module().accepted(listener.model().setting());
        const Setting got = accepted.conn.model().setting();
        EXPECT_NE(std::find(rule.acceptable.begin(), rule.acceptable.end(), got), rule.acceptable.end()) << where;
        // What CPython 2.7.18/3.11.7/3.12.1 do on Linux: the default, else blocking.
        EXPECT_EQ(accepted.conn.gettimeout().value(), d) << where;
        expect_descriptor_matches(accepted.conn, where);
        EXPECT_EQ(accepted.address.host, "127.0.0.1");
      }
    }
  }
}

// ---- create_connection ---------------------------------------------------------------

TEST(CreateConnection, TimeoutArgumentAndDefault) {
  fx::Listener listener(fx::Family::v4, 16);
  auto ctx = sock::net::make_context(Profile::v3_12);
  ASSERT_TRUE(ctx->setdefaulttimeout(Value(0.7)).ok());
  auto given = must(sock::net::create_connection(ctx, local(listener.port()), Value(0.3)));
  EXPECT_EQ(given.gettimeout().value(), Value(0.3));
  auto absent = must(sock::net::create_connection(ctx, local(listener.port())));
  EXPECT_EQ(absent.gettimeout().value(), Value(0.7));
  // From 3.3, None is settimeout(None): blocking, whatever the default.
  auto none = must(sock::net::create_connection(ctx, local(listener.port()), Value()));
  EXPECT_EQ(none.gettimeout().value(), Value());
  expect_descriptor_matches(none, "None");
}

// The 2.6 document: "if it is not given or None, the global default timeout
// setting is used" (CPython 2.6/2.7 set None, i.e. blocking, instead).
TEST(CreateConnection, NoneMeansTheDefaultIn26) {
  fx::Listener listener;
  auto ctx = sock::net::make_context(Profile::v2_6);
  ASSERT_TRUE(ctx->setdefaulttimeout(Value(0.7)).ok());
  auto none = must(sock::net::create_connection(ctx, local(listener.port()), Value()));
  EXPECT_EQ(none.gettimeout().value(), Value(0.7));
}

TEST(CreateConnection, ZeroTimeoutConnectsNonBlockingAndFails) {
  fx::Listener listener;
  auto ctx = sock::net::make_context(Profile::v3_12);
  auto r = sock::net::create_connection(ctx, local(listener.port()), Value(0.0));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error_class, "BlockingIOError");  // CPython 3.11/3.12: [Errno 115]
  EXPECT_EQ(r.error().errnum, EINPROGRESS);
}

TEST(CreateConnection, ArgumentErrorsPropagate) {
  fx::Listener listener;
  auto ctx = sock::net::make_context(Profile::v3_12);
  auto r = sock::net::create_connection(ctx, local(listener.port()), Value(-1.0));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error_class, "ValueError");
}

TEST(CreateConnection, SourceAddress) {
  fx::Listener listener;
  auto ctx = sock::net::make_context(Profile::v3_3);
  // All of 127/8 is the loopback on Linux: a source of 127.0.0.2 shows the
  // argument was used. "If host or port are '' or 0 respectively the OS
  // default behavior will be used": port 0 lets the kernel pick.
  auto s = must(sock::net::create_connection(ctx, local(listener.port()), std::nullopt, Address::ipv4("127.0.0.2", 0)));
  const Address source = must(s.getsockname());
  EXPECT_EQ(source.host, "127.0.0.2");
  EXPECT_NE(source.port, 0);
  EXPECT_EQ(must(s.getpeername()).port, listener.port());
  // Not in 2.6's create_connection(address[, timeout]); no create_connection in 2.4.
  auto old = sock::net::create_connection(sock::net::make_context(Profile::v2_6), local(listener.port()),
                                          std::nullopt, local(0));
  ASSERT_FALSE(old.ok());
  EXPECT_TRUE(old.error().unsupported());
  auto older = sock::net::create_connection(sock::net::make_context(Profile::v2_4), local(listener.port()));
  ASSERT_FALSE(older.ok());
  EXPECT_TRUE(older.error().unsupported());
}

TEST(CreateConnection, RefusedRaisesTheConnectError) {
  auto ctx = sock::net::make_context(Profile::v3_12);
  fx::RefusingPort refusing;
  auto r = sock::net::create_connection(ctx, local(refusing.port()), Value(0.5));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error_class, "ConnectionRefusedError");
}

// ---- makefile ----------------------------------------------------------------------

TEST(Makefile, RefusedOnlyWhereTheDocumentSaysMust) {
  struct Row {
    Profile p;
    Value timeout;
    bool allowed;
  };
  const Row rows[] = {
      {Profile::v2_4, Value(0.5), true},    // "should": advice only
      {Profile::v2_6, Value(), true},
      {Profile::v2_6, Value(0.5), false},   // "it can not have a timeout"
      {Profile::v2_6, Value(0.0), false},
      {Profile::v3_3, Value(0.5), true},    // "it can have a timeout"
      {Profile::v3_3, Value(0.0), false},
      {Profile::v3_12, Value(0.0), false},
  };
  for (const Row& row : rows) {
    auto ctx = sock::net::make_context(row.p);
    auto [a, b] = must(sock::net::socketpair(ctx));
    ASSERT_TRUE(a.settimeout(row.timeout).ok());
    auto f = a.makefile();
    const std::string where = std::string(sock::name(row.p)) + " timeout " + sock::repr(row.timeout);
    EXPECT_EQ(f.ok(), row.allowed) << where;
    if (f.ok()) {
      EXPECT_NE(f.value().get(), a.raw_fd());
      // "the blocking and timeout modes are shared between file descriptors
      // and socket objects that refer to the same network endpoint"
      EXPECT_EQ(fd_nonblocking(f.value().get()), fd_nonblocking(a.raw_fd())) << where;
    } else {
      EXPECT_EQ(f.error().error_class, "ValueError") << where;
    }
  }
}

// ---- closed sockets ---------------------------------------------------------------------

TEST(Closed, AllFutureOperationsFail) {
  for (const Profile p : {Profile::v2_6, Profile::v3_12}) {
    auto ctx = sock::net::make_context(p);
    auto [a, b] = must(sock::net::socketpair(ctx));
    ASSERT_TRUE(a.close().ok());
    const std::string cls = p == Profile::v2_6 ? "socket.error" : "OSError";
    EXPECT_EQ(a.recv(1).error().error_class, cls);
    EXPECT_EQ(a.recv(1).error().errnum, EBADF);
    EXPECT_EQ(a.send("x").error().error_class, cls);
    EXPECT_EQ(a.sendall("x").error().error_class, cls);
    EXPECT_EQ(a.accept().error().error_class, cls);
    EXPECT_EQ(a.settimeout(Value(1.0)).error().error_class, cls);
    EXPECT_EQ(a.makefile().error().error_class, cls);
    EXPECT_TRUE(a.close().ok());
    if (p == Profile::v3_12) {
      EXPECT_EQ(a.fileno().value(), -1);
    } else {
      EXPECT_FALSE(a.fileno().ok());
    }
  }
}

// ---- errors from the kernel ---------------------------------------------------------------

TEST(Errors, ConnectRefusedPerProfile) {
  fx::RefusingPort refusing;
  const int port = refusing.port();
  struct Row {
    Profile p;
    const char* cls;
    const char* message;
  };
  const Row rows[] = {
      {Profile::v1, "socket.error", "(111, 'Connection refused')"},
      {Profile::v2_6, "socket.error", "[Errno 111] Connection refused"},
      {Profile::v3_3, "ConnectionRefusedError", "[Errno 111] Connection refused"},
  };
  for (const Row& row : rows) {
    auto ctx = sock::net::make_context(row.p);
    Socket s = must(sock::net::socket(ctx));
    auto r = s.connect(local(port));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().error_class, row.cls);
    EXPECT_EQ(r.error().message, row.message);
    Socket s2 = must(sock::net::socket(ctx));
    EXPECT_EQ(s2.connect_ex(local(port)).value(), ECONNREFUSED);
  }
}

TEST(Errors, SendToAGonePeerIsBrokenPipeNotSigpipe) {
  auto ctx = sock::net::make_context(Profile::v3_12);
  auto [a, b] = must(sock::net::socketpair(ctx));
  ASSERT_TRUE(b.close().ok());
  auto r = a.send("x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error_class, "BrokenPipeError");
}

TEST(Arguments, BufferSizes) {
  auto ctx = sock::net::make_context(Profile::v3_12);
  auto [a, b] = must(sock::net::socketpair(ctx));
  EXPECT_EQ(a.recv(-1).error().error_class, "ValueError");
  std::string buf(4, '\0');
  EXPECT_EQ(a.recv_into(buf, 5).error().message, "buffer too small for requested bytes");
  EXPECT_EQ(a.recv_into(buf, -1).error().error_class, "ValueError");
  ASSERT_TRUE(b.sendall("abcdef").ok());
  EXPECT_EQ(must(a.recv_into(buf)), 4U);
  EXPECT_EQ(buf, "abcd");
  EXPECT_EQ(must(a.recv_into(buf, 1)), 1U);
}

TEST(Udp, RecvfromReportsTheSender) {
  auto ctx = sock::net::make_context(Profile::v3_12);
  Socket s = must(sock::net::socket(ctx, AF_INET, SOCK_DGRAM));
  ASSERT_TRUE(s.bind(local(0)).ok());
  fx::UdpPeer peer;
  peer.send_to(must(s.getsockname()).port, "dgram");
  ASSERT_TRUE(s.settimeout(Value(1.0)).ok());
  auto r = must(s.recvfrom(100));
  EXPECT_EQ(r.data, "dgram");
  ASSERT_TRUE(r.address.has_value());
  EXPECT_EQ(r.address->to_value(),
            Value(sock::Tuple{Value("127.0.0.1"), Value(std::int64_t{peer.port()})}));
  EXPECT_EQ(must(s.sendto("back", 0, local(peer.port()))), 4U);
  EXPECT_EQ(peer.receive(milliseconds(1000)), std::optional<std::string>("back"));
}

TEST(Stream, RecvfromOnAConnectedStreamHasNoAddress) {
  auto ctx = sock::net::make_context(Profile::v3_12);
  auto [a, b] = must(sock::net::socketpair(ctx, AF_UNIX));
  ASSERT_TRUE(b.sendall("x").ok());
  auto r = must(a.recvfrom(10));
  EXPECT_EQ(r.data, "x");
}

TEST(Stream, ShutdownReadGivesEndOfFileAtOnce) {
  fx::Listener listener;
  auto ctx = sock::net::make_context(Profile::v3_12);
  auto s = must(sock::net::create_connection(ctx, local(listener.port()), Value(5.0)));
  fx::Fd peer = listener.accept(milliseconds(1000));
  ASSERT_TRUE(s.shutdown(SHUT_RD).ok());
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(must(s.recv(10)), "");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, milliseconds(100));
}

// The same timeout behaviour over ::1, when the machine has it.
TEST(Ipv6, ConnectTimesOutToAFullBacklog) {
  if (!fx::ipv6_loopback_available()) GTEST_SKIP() << "no IPv6 loopback here";
  fx::FullBacklogListener backlog(fx::Family::v6);
  auto ctx = sock::net::make_context(Profile::v3_12);
  Socket s = must(sock::net::socket(ctx, AF_INET6));
  ASSERT_TRUE(s.settimeout(Value(0.05)).ok());
  const auto t0 = std::chrono::steady_clock::now();
  auto r = s.connect(Address::ipv6("::1", backlog.port()));
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error_class, "TimeoutError");
  EXPECT_GE(elapsed, milliseconds(50));
  fx::Listener l6(fx::Family::v6);
  Socket c = must(sock::net::socket(ctx, AF_INET6));
  ASSERT_TRUE(c.connect(Address::ipv6("::1", l6.port())).ok());
  EXPECT_EQ(must(c.getpeername()).to_value(),
            Value(sock::Tuple{Value("::1"), Value(std::int64_t{l6.port()}), Value(std::int64_t{0}),
                              Value(std::int64_t{0})}));
}

}  // namespace
