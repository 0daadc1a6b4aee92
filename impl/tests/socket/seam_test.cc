// seam_test: the socket's system-call error paths, through the Os seam
// (after fmt's posix-mock-test). Real descriptors (a socketpair) back the
// calls a test does not script; the scripted ones return EINTR, EAGAIN,
// spurious readiness, and a fake monotonic clock shows exactly how much of
// the deadline each poll() was given.
#include <fcntl.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <deque>
#include <functional>
#include <vector>

#include "impl/socket/socket.h"
#include "impl/timeout/errors.h"
#include "impl/tests/timeout/print.h"

namespace {

using namespace std::chrono_literals;
using sock::Profile;
using sock::Value;
using sock::net::Address;
using sock::net::Os;
using sock::net::Socket;

// An Os whose calls can be replaced one by one; the clock is fake (it
// moves only when a scripted call advances it) once `fake_clock` is set.
class MockOs : public Os {
 public:
  std::function<ssize_t(int, void*, size_t, int)> on_recv;
  std::function<ssize_t(int, const void*, size_t, int)> on_send;
  std::function<int(pollfd*, nfds_t, int)> on_poll;
  std::function<int(int, const sockaddr*, socklen_t)> on_connect;
  std::function<int(int, int, int, void*, socklen_t*)> on_getsockopt;
  std::function<int(int, int)> on_set_status_flags;
  std::function<int(int)> on_close;
  bool fake_clock = false;
  Clock::time_point clock{};  // the fake clock's time

  std::vector<int> poll_timeouts;  // every poll()'s timeout argument, in order
  std::vector<int> send_flags;
  int recv_calls = 0;

  void advance(Clock::duration d) { clock += d; }

  ssize_t recv(int fd, void* buf, size_t len, int flags) override {
    ++recv_calls;
    return on_recv ? on_recv(fd, buf, len, flags) : Os::recv(fd, buf, len, flags);
  }
  ssize_t send(int fd, const void* buf, size_t len, int flags) override {
    send_flags.push_back(flags);
    return on_send ? on_send(fd, buf, len, flags) : Os::send(fd, buf, len, flags);
  }
  int poll(pollfd* fds, nfds_t n, int timeout_ms) override {
    poll_timeouts.push_back(timeout_ms);
    return on_poll ? on_poll(fds, n, timeout_ms) : Os::poll(fds, n, timeout_ms);
  }
  int connect(int fd, const sockaddr* a, socklen_t len) override {
    return on_connect ? on_connect(fd, a, len) : Os::connect(fd, a, len);
  }
  int getsockopt(int fd, int level, int name, void* v, socklen_t* len) override {
    return on_getsockopt ? on_getsockopt(fd, level, name, v, len) : Os::getsockopt(fd, level, name, v, len);
  }
  int set_status_flags(int fd, int flags) override {
    return on_set_status_flags ? on_set_status_flags(fd, flags) : Os::set_status_flags(fd, flags);
  }
  int close(int fd) override { return on_close ? on_close(fd) : Os::close(fd); }
  Clock::time_point now() override { return fake_clock ? clock : Os::now(); }
};

// Returns -1 with errno set, for scripted failures.
int fail(int err) {
  errno = err;
  return -1;
}

struct Pair {
  sock::net::ContextPtr ctx;
  Socket a;
  Socket b;
};

Pair make_pair(MockOs& os, Profile profile = Profile::v3_12) {
  auto ctx = sock::net::make_context(profile, os);
  auto p = sock::net::socketpair(ctx);
  EXPECT_TRUE(p.ok());
  auto [a, b] = std::move(p).value();
  return {ctx, std::move(a), std::move(b)};
}

bool fd_nonblocking(int fd) { return (::fcntl(fd, F_GETFL) & O_NONBLOCK) != 0; }

// ---- EINTR ----------------------------------------------------------------------

TEST(Seam, RecvRetriesOnEintr) {
  MockOs os;
  auto p = make_pair(os);
  int interruptions = 2;
  os.on_recv = [&](int fd, void* buf, size_t len, int flags) -> ssize_t {
    if (interruptions-- > 0) return fail(EINTR);
    return ::recv(fd, buf, len, flags);
  };
  ASSERT_TRUE(p.b.send("hi").ok());
  auto r = p.a.recv(10);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value(), "hi");
  EXPECT_EQ(os.recv_calls, 3);
}

// The deadline is fixed when the call starts: after an EINTR 30 ms in, the
// next poll() gets the remaining 70 ms, not a fresh 100.
TEST(Seam, RecvTimeoutKeepsItsDeadlineAcrossEintr) {
  MockOs os;
  os.fake_clock = true;
  auto p = make_pair(os);
  ASSERT_TRUE(p.a.settimeout(Value(0.1)).ok());
  std::deque<std::function<int()>> polls = {
      [&] { os.advance(30ms); return fail(EINTR); },
      [&] { os.advance(70ms); return 0; },
  };
  os.on_poll = [&](pollfd*, nfds_t, int) {
    auto next = polls.front();
    polls.pop_front();
    return next();
  };
  auto r = p.a.recv(10);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error_class, "TimeoutError");
  EXPECT_EQ(r.error().message, "timed out");
  EXPECT_EQ(os.poll_timeouts, (std::vector<int>{100, 70}));
}

// Readiness that turns out to be false (poll says readable, recv says
// EAGAIN) does not restart the timeout either.
TEST(Seam, SpuriousReadinessDoesNotRestartTheTimeout) {
  MockOs os;
  os.fake_clock = true;
  auto p = make_pair(os);
  ASSERT_TRUE(p.a.settimeout(Value(0.1)).ok());
  os.on_poll = [&](pollfd*, nfds_t, int) {
    os.advance(40ms);
    return 1;
  };
  os.on_recv = [](int, void*, size_t, int) -> ssize_t { return fail(EAGAIN); };
  auto r = p.a.recv(10);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error_class, "TimeoutError");
  // 100 ms, then 60, then 20; at 120 ms the deadline has passed.
  EXPECT_EQ(os.poll_timeouts, (std::vector<int>{100, 60, 20}));
}

// poll() takes whole milliseconds; rounding up means it never wakes before
// the deadline.
TEST(Seam, PollTimeoutRoundsUpToWholeMilliseconds) {
  MockOs os;
  os.fake_clock = true;
  auto p = make_pair(os);
  ASSERT_TRUE(p.a.settimeout(Value(0.0505)).ok());
  os.on_poll = [&](pollfd*, nfds_t, int ms) {
    os.advance(std::chrono::milliseconds(ms));
    return 0;
  };
  EXPECT_FALSE(p.a.recv(1).ok());
  EXPECT_EQ(os.poll_timeouts, (std::vector<int>{51}));
}

TEST(Seam, InterruptHookErrorAbortsTheCall) {
  MockOs os;
  auto p = make_pair(os);
  os.on_recv = [](int, void*, size_t, int) -> ssize_t { return fail(EINTR); };
  p.ctx->set_interrupt_hook([] {
    return std::optional<sock::timeout::Error>(sock::timeout::Error{"KeyboardInterrupt", "", 0});
  });
  auto r = p.a.recv(10);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error_class, "KeyboardInterrupt");
  EXPECT_EQ(os.recv_calls, 1);
}

// ---- EAGAIN per mode ------------------------------------------------------------------

TEST(Seam, NonBlockingRecvFailsAtOnceWithoutPolling) {
  MockOs os;
  auto p = make_pair(os);
  ASSERT_TRUE(p.a.setblocking(Value(false)).ok());
  auto r = p.a.recv(10);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error_class, "BlockingIOError");
  EXPECT_EQ(r.error().errnum, EAGAIN);
  EXPECT_TRUE(os.poll_timeouts.empty());
}

// A blocking descriptor that reports EAGAIN anyway (a fromfd socket whose
// descriptor was non-blocking: "assumed to be in blocking mode") gets the
// error, not a wait.
TEST(Seam, BlockingModeReportsEagainFromTheKernel) {
  MockOs os;
  auto p = make_pair(os);
  os.on_recv = [](int, void*, size_t, int) -> ssize_t { return fail(EAGAIN); };
  auto r = p.a.recv(10);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error_class, "BlockingIOError");
  EXPECT_TRUE(os.poll_timeouts.empty());
}

// ---- sendall's deadline ----------------------------------------------------------------

// Script: EAGAIN, 60 ms wait, 10 bytes sent, EAGAIN, then poll() never
// succeeds. Whole-call (3.12): the second wait gets the 40 ms left.
// Per-send (3.3): it gets a fresh 100 ms.
std::vector<int> sendall_poll_timeouts(Profile profile) {
  MockOs os;
  os.fake_clock = true;
  auto p = make_pair(os, profile);
  EXPECT_TRUE(p.a.settimeout(Value(0.1)).ok());
  int sends = 0;
  os.on_send = [&](int, const void*, size_t len, int) -> ssize_t {
    ++sends;
    if (sends == 2) return static_cast<ssize_t>(std::min<size_t>(len, 10));
    return fail(EAGAIN);
  };
  int polls = 0;
  os.on_poll = [&](pollfd*, nfds_t, int ms) {
    if (++polls == 1) {
      os.advance(60ms);
      return 1;
    }
    os.advance(std::chrono::milliseconds(ms));
    return 0;
  };
  auto r = p.a.sendall(std::string(20, 'x'));
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(p.a.bytes_sent_by_last_sendall(), 10U);
  return os.poll_timeouts;
}

TEST(Seam, SendallDeadlineCoversTheWholeCallIn312) {
  EXPECT_EQ(sendall_poll_timeouts(Profile::v3_12), (std::vector<int>{100, 40}));
}

TEST(Seam, SendallDeadlineRestartsPerSendBefore312) {
  EXPECT_EQ(sendall_poll_timeouts(Profile::v3_3), (std::vector<int>{100, 100}));
}

TEST(Seam, SendUsesMsgNosignal) {
  MockOs os;
  auto p = make_pair(os);
  ASSERT_TRUE(p.a.send("x").ok());
  ASSERT_EQ(os.send_flags.size(), 1U);
  EXPECT_NE(os.send_flags[0] & MSG_NOSIGNAL, 0);
}

// ---- connect --------------------------------------------------------------------------------

// Interrupted connect(2) carries on in the background: blocking and timeout
// sockets wait for it to finish and read SO_ERROR (3.5+ behaviour).
TEST(Seam, ConnectAfterEintrWaitsInBlockingMode) {
  MockOs os;
  auto ctx = sock::net::make_context(Profile::v3_12, os);
  auto s = std::move(sock::net::socket(ctx)).value();
  os.on_connect = [](int, const sockaddr*, socklen_t) { return fail(EINTR); };
  os.on_poll = [](pollfd*, nfds_t, int) { return 1; };
  os.on_getsockopt = [](int, int, int, void* v, socklen_t*) {
    *static_cast<int*>(v) = 0;
    return 0;
  };
  auto r = s.connect(Address::ipv4("127.0.0.1", 9));
  EXPECT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(os.poll_timeouts, (std::vector<int>{-1}));  // no deadline in blocking mode
}

// "For non-blocking sockets, the method raises an InterruptedError exception
// if the connection is interrupted by a signal" (3.12).
TEST(Seam, ConnectAfterEintrRaisesInNonBlockingMode) {
  MockOs os;
  auto ctx = sock::net::make_context(Profile::v3_12, os);
  auto s = std::move(sock::net::socket(ctx)).value();
  ASSERT_TRUE(s.setblocking(Value(false)).ok());
  os.on_connect = [](int, const sockaddr*, socklen_t) { return fail(EINTR); };
  auto r = s.connect(Address::ipv4("127.0.0.1", 9));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error_class, "InterruptedError");
  EXPECT_TRUE(os.poll_timeouts.empty());
  EXPECT_EQ(s.connect_ex(Address::ipv4("127.0.0.1", 9)).value(), EINTR);
}

TEST(Seam, ConnectInTimeoutModeReportsSoError) {
  MockOs os;
  auto ctx = sock::net::make_context(Profile::v3_3, os);
  auto s = std::move(sock::net::socket(ctx)).value();
  ASSERT_TRUE(s.settimeout(Value(0.5)).ok());
  os.on_connect = [](int, const sockaddr*, socklen_t) { return fail(EINPROGRESS); };
  os.on_poll = [](pollfd*, nfds_t, int) { return 1; };
  os.on_getsockopt = [](int, int, int, void* v, socklen_t*) {
    *static_cast<int*>(v) = ECONNREFUSED;
    return 0;
  };
  auto r = s.connect(Address::ipv4("127.0.0.1", 9));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error_class, "ConnectionRefusedError");
  EXPECT_EQ(s.connect_ex(Address::ipv4("127.0.0.1", 9)).value(), ECONNREFUSED);
}

TEST(Seam, ConnectExReturnsEwouldblockWhenTheTimeoutRunsOut) {
  MockOs os;
  os.fake_clock = true;
  auto ctx = sock::net::make_context(Profile::v3_12, os);
  auto s = std::move(sock::net::socket(ctx)).value();
  ASSERT_TRUE(s.settimeout(Value(0.2)).ok());
  os.on_connect = [](int, const sockaddr*, socklen_t) { return fail(EINPROGRESS); };
  os.on_poll = [&](pollfd*, nfds_t, int ms) {
    os.advance(std::chrono::milliseconds(ms));
    return 0;
  };
  EXPECT_EQ(s.connect_ex(Address::ipv4("127.0.0.1", 9)).value(), EWOULDBLOCK);
  auto r = s.connect(Address::ipv4("127.0.0.1", 9));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error_class, "TimeoutError");
}

// AF_UNIX connect to a full backlog fails with EAGAIN even in timeout mode:
// only EINPROGRESS means "wait".
TEST(Seam, ConnectEagainIsNotATimeout) {
  MockOs os;
  auto ctx = sock::net::make_context(Profile::v3_12, os);
  auto s = std::move(sock::net::socket(ctx)).value();
  ASSERT_TRUE(s.settimeout(Value(0.5)).ok());
  os.on_connect = [](int, const sockaddr*, socklen_t) { return fail(EAGAIN); };
  auto r = s.connect(Address::ipv4("127.0.0.1", 9));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error_class, "BlockingIOError");
  EXPECT_TRUE(os.poll_timeouts.empty());
}

// ---- descriptor state ---------------------------------------------------------------------------

// The descriptor changes first and the model only when that worked: a
// failed fcntl leaves gettimeout() and the descriptor as they were.
TEST(Seam, SettimeoutLeavesStateWhenFcntlFails) {
  MockOs os;
  auto p = make_pair(os);
  os.on_set_status_flags = [](int, int) { return fail(ENOMEM); };
  auto r = p.a.settimeout(Value(0.5));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().errnum, ENOMEM);
  EXPECT_EQ(p.a.gettimeout().value(), Value());
  EXPECT_FALSE(fd_nonblocking(p.a.raw_fd()));
}

TEST(Seam, DescriptorFollowsTheMode) {
  MockOs os;
  auto p = make_pair(os);
  EXPECT_FALSE(fd_nonblocking(p.a.raw_fd()));
  ASSERT_TRUE(p.a.settimeout(Value(0.5)).ok());
  EXPECT_TRUE(fd_nonblocking(p.a.raw_fd())) << "timeout mode is non-blocking at the OS level";
  ASSERT_TRUE(p.a.settimeout(Value()).ok());
  EXPECT_FALSE(fd_nonblocking(p.a.raw_fd()));
  ASSERT_TRUE(p.a.setblocking(Value(0)).ok());
  EXPECT_TRUE(fd_nonblocking(p.a.raw_fd()));
}

// Linux releases the descriptor even when close() says EINTR: no error, no retry.
TEST(Seam, CloseIgnoresEintr) {
  MockOs os;
  auto p = make_pair(os);
  int closes = 0;
  os.on_close = [&](int fd) {
    ++closes;
    ::close(fd);
    return fail(EINTR);
  };
  EXPECT_TRUE(p.a.close().ok());
  EXPECT_EQ(closes, 1);
  EXPECT_TRUE(p.a.close().ok()) << "closing twice is not an error";
  EXPECT_EQ(closes, 1);
  os.on_close = nullptr;
}

}  // namespace
