// signal_test: real EINTR. A timer thread sends SIGUSR1 (pthread_kill) to
// the thread blocked in the socket; the handler does nothing and is
// installed without SA_RESTART, so the kernel interrupts the blocked
// poll()/recv() with EINTR. A counting Os proves the interruption reached
// the socket; the result shows it was handled without losing (or
// restarting) the deadline.
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cerrno>

#include "harness/fixtures/loopback.h"
#include "impl/socket/socket.h"
#include "impl/tests/timeout/print.h"

namespace {

namespace fx = sockcheck::fixtures;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using sock::Profile;
using sock::Value;
using sock::net::Address;
using sock::net::Os;
using Clock = std::chrono::steady_clock;

std::atomic<int> g_signals{0};
extern "C" void on_sigusr1(int) { g_signals.fetch_add(1, std::memory_order_relaxed); }

// Installs the no-op handler for the test's lifetime, restoring the old one.
class SignalHandler {
 public:
  SignalHandler() {
    struct sigaction sa {};
    sa.sa_handler = on_sigusr1;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: blocked calls fail with EINTR
    sigaction(SIGUSR1, &sa, &old_);
    g_signals = 0;
  }
  ~SignalHandler() { sigaction(SIGUSR1, &old_, nullptr); }

 private:
  struct sigaction old_ {};
};

// Counts the EINTRs the socket saw from poll() and recv().
class CountingOs : public Os {
 public:
  std::atomic<int> poll_eintr{0};
  std::atomic<int> recv_eintr{0};
  int poll(pollfd* fds, nfds_t n, int timeout_ms) override {
    const int r = Os::poll(fds, n, timeout_ms);
    if (r < 0 && errno == EINTR) {
      ++poll_eintr;
      errno = EINTR;
    }
    return r;
  }
  ssize_t recv(int fd, void* buf, size_t len, int flags) override {
    const ssize_t r = Os::recv(fd, buf, len, flags);
    if (r < 0 && errno == EINTR) {
      ++recv_eintr;
      errno = EINTR;
    }
    return r;
  }
};

// Sends SIGUSR1 to `target` at each of `at` (from construction).
class Interrupter {
 public:
  Interrupter(pthread_t target, const std::vector<milliseconds>& at) {
    for (const auto t : at) {
      after_.push_back(std::make_unique<fx::After>(t, [target] { pthread_kill(target, SIGUSR1); }));
    }
  }

 private:
  std::vector<std::unique_ptr<fx::After>> after_;
};

struct Connected {
  sock::net::Socket s;
  fx::Fd peer;
};

Connected connect_to_silent_peer(const sock::net::ContextPtr& ctx, fx::Listener& listener) {
  auto s = std::move(sock::net::socket(ctx)).value();
  EXPECT_TRUE(s.connect(Address::ipv4("127.0.0.1", listener.port())).ok());
  return {std::move(s), listener.accept(milliseconds(1000))};
}

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// Timeout mode: signals at 30, 60 and 90 ms interrupt the poll(); the recv
// still times out at T = 150 ms -- not earlier (the EINTR is not an error),
// not at 90 + 150 (the deadline is not restarted).
TEST(Signal, TimeoutRecvKeepsItsDeadlineThroughSignals) {
  SignalHandler handler;
  CountingOs os;
  auto ctx = sock::net::make_context(Profile::v3_12, os);
  fx::Listener listener;
  auto c = connect_to_silent_peer(ctx, listener);
  ASSERT_TRUE(c.s.settimeout(Value(0.15)).ok());
  const auto t0 = Clock::now();
  Interrupter interrupter(pthread_self(), {30ms, 60ms, 90ms});
  auto r = c.s.recv(10);
  const double elapsed = ms_since(t0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error_class, "TimeoutError");
  EXPECT_GE(elapsed, 150.0);
  EXPECT_LT(elapsed, 150.0 + 50.0);
  EXPECT_GE(os.poll_eintr.load(), 1) << "the signals never interrupted poll()";
  EXPECT_GE(g_signals.load(), 1);
}

// Blocking mode: the signal interrupts the blocking recv(2); the socket
// retries, and returns the data the peer sends later.
TEST(Signal, BlockingRecvRetriesAfterEintr) {
  SignalHandler handler;
  CountingOs os;
  auto ctx = sock::net::make_context(Profile::v3_12, os);
  fx::Listener listener;
  auto c = connect_to_silent_peer(ctx, listener);
  const auto t0 = Clock::now();
  Interrupter interrupter(pthread_self(), {30ms});
  fx::After data(100ms, [&] { (void)::send(c.peer.get(), "late", 4, MSG_NOSIGNAL); });
  auto r = c.s.recv(10);
  const double elapsed = ms_since(t0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value(), "late");
  EXPECT_GE(elapsed, 100.0);
  EXPECT_GE(os.recv_eintr.load(), 1) << "the signal never interrupted recv()";
}

// Timeout mode with data after the signal: the wait resumes with what is
// left of the timeout and the data arrives within it.
TEST(Signal, TimeoutRecvReceivesDataAfterASignal) {
  SignalHandler handler;
  CountingOs os;
  auto ctx = sock::net::make_context(Profile::v3_3, os);
  fx::Listener listener;
  auto c = connect_to_silent_peer(ctx, listener);
  ASSERT_TRUE(c.s.settimeout(Value(1.0)).ok());
  const auto t0 = Clock::now();
  Interrupter interrupter(pthread_self(), {30ms});
  fx::After data(80ms, [&] { (void)::send(c.peer.get(), "late", 4, MSG_NOSIGNAL); });
  auto r = c.s.recv(10);
  const double elapsed = ms_since(t0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value(), "late");
  EXPECT_GE(elapsed, 80.0);
  EXPECT_LT(elapsed, 80.0 + 50.0);
  EXPECT_GE(os.poll_eintr.load(), 1);
}

// A handler that "raises" (the interrupt hook returns an error) ends the
// call at the signal, with that error.
TEST(Signal, RaisingHandlerAbortsTheWait) {
  SignalHandler handler;
  CountingOs os;
  auto ctx = sock::net::make_context(Profile::v3_12, os);
  ctx->set_interrupt_hook([] {
    return g_signals.load() > 0 ? std::optional<sock::timeout::Error>(sock::timeout::Error{"KeyboardInterrupt", "", 0})
                                : std::nullopt;
  });
  fx::Listener listener;
  auto c = connect_to_silent_peer(ctx, listener);
  ASSERT_TRUE(c.s.settimeout(Value(1.0)).ok());
  const auto t0 = Clock::now();
  Interrupter interrupter(pthread_self(), {40ms});
  auto r = c.s.recv(10);
  const double elapsed = ms_since(t0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error_class, "KeyboardInterrupt");
  EXPECT_GE(elapsed, 40.0);
  EXPECT_LT(elapsed, 40.0 + 50.0);
}

// connect in timeout mode to a full backlog: the signal interrupts the wait
// for writability, and the connect still times out at T.
TEST(Signal, TimeoutConnectKeepsItsDeadlineThroughASignal) {
  SignalHandler handler;
  CountingOs os;
  auto ctx = sock::net::make_context(Profile::v3_12, os);
  fx::FullBacklogListener backlog;
  auto s = std::move(sock::net::socket(ctx)).value();
  ASSERT_TRUE(s.settimeout(Value(0.12)).ok());
  const auto t0 = Clock::now();
  Interrupter interrupter(pthread_self(), {40ms});
  auto r = s.connect(Address::ipv4("127.0.0.1", backlog.port()));
  const double elapsed = ms_since(t0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error_class, "TimeoutError");
  EXPECT_GE(elapsed, 120.0);
  EXPECT_LT(elapsed, 120.0 + 50.0);
  EXPECT_GE(os.poll_eintr.load(), 1);
}

}  // namespace
