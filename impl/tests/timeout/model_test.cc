// model_test: the timeout model against tables of what the documents say
// and what CPython was observed to do (2.7.18 for the 2.x profiles, 3.11.7
// for 3.3, 3.12.1 for 3.12; 3.6.15, 3.7.16, 3.10.13 and 3.13.0 agree on
// classes and differ only in some messages).
#include "impl/timeout/model.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cmath>
#include <limits>

#include "impl/core/error_class.h"
#include "impl/timeout/errors.h"
#include "impl/timeout/setting.h"
#include "impl/tests/timeout/print.h"

namespace {

using sock::BigInt;
using sock::Bytes;
using sock::Const;
using sock::None;
using sock::Outcome;
using sock::OutcomeKind;
using sock::Profile;
using sock::Tuple;
using sock::Value;
using namespace sock::timeout;

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// What settimeout(arg) followed by gettimeout() should give: a gettimeout
// value, or the exception settimeout raises.
struct Want {
  bool ok = true;
  Value timeout;          // ok: what gettimeout() returns afterwards
  bool negative_zero = false;
  std::string error_class;  // !ok
  std::string message;
};

Want gets(Value v) { return {true, std::move(v), false, {}, {}}; }
Want gets_negative_zero() { return {true, Value(-0.0), true, {}, {}}; }
Want raises(std::string cls, std::string msg) { return {false, {}, false, std::move(cls), std::move(msg)}; }

std::string show(const Want& w) {
  return w.ok ? "-> " + sock::repr(w.timeout) : "raises " + w.error_class + ": " + w.message;
}

struct Row {
  Value arg;
  Want py2;  // 2.4 and 2.6 profiles (CPython 2.7.18)
  Want py3;  // 3.3 and 3.12 profiles (CPython 3.11.7, 3.12.1)
};

const char* const kPy2Range = "Timeout value out of range";
const char* const kPy3TooLarge = "timestamp too large to convert to C _PyTime_t";
const char* const kPy3OutOfRange = "timestamp out of range for platform time_t";

const Row kSettimeoutRows[] = {
    // What the documents promise: "a nonnegative float expressing seconds, or None".
    {Value(), gets(Value()), gets(Value())},
    {Value(0.0), gets(Value(0.0)), gets(Value(0.0))},
    {Value(1.5), gets(Value(1.5)), gets(Value(1.5))},
    {Value(0.05), gets(Value(0.05)), gets(Value(0.05))},
    // Integers and bools are numbers too.
    {Value(0), gets(Value(0.0)), gets(Value(0.0))},
    {Value(1), gets(Value(1.0)), gets(Value(1.0))},
    {Value(true), gets(Value(1.0)), gets(Value(1.0))},
    {Value(false), gets(Value(0.0)), gets(Value(0.0))},
    {Value(Const{"AF_INET"}), gets(Value(2.0)), gets(Value(2.0))},
    // Negative values.
    {Value(-1), raises("ValueError", kPy2Range), raises("ValueError", kPy2Range)},
    {Value(-0.5), raises("ValueError", kPy2Range), raises("ValueError", kPy2Range)},
    {Value(-1e-10), raises("ValueError", kPy2Range), raises("ValueError", kPy2Range)},  // rounds away from zero
    {Value(-0.0), gets_negative_zero(), gets(Value(0.0))},
    // Not-a-number and infinities: 2.x stores them as given.
    {Value(kNan), gets(Value(kNan)), raises("ValueError", "Invalid value NaN (not a number)")},
    {Value(kInf), gets(Value(kInf)), raises("OverflowError", kPy3OutOfRange)},
    {Value(-kInf), raises("ValueError", kPy2Range), raises("OverflowError", kPy3OutOfRange)},
    {Value(1e300), gets(Value(1e300)), raises("OverflowError", kPy3OutOfRange)},
    // 3.x keeps whole nanoseconds in an int64: 9223372036 s is the largest
    // whole number of seconds, and smaller fractions round up.
    {Value(std::int64_t{9223372036}), gets(Value(9223372036.0)), gets(Value(9223372036.0))},
    {Value(std::int64_t{9223372037}), gets(Value(9223372037.0)), raises("OverflowError", kPy3TooLarge)},
    {Value(std::int64_t{-9223372036}), raises("ValueError", kPy2Range), raises("ValueError", kPy2Range)},
    {Value(9.3e9), gets(Value(9.3e9)), raises("OverflowError", kPy3OutOfRange)},
    {Value(1e-10), gets(Value(1e-10)), gets(Value(1e-9))},
    {Value(1.5e-9), gets(Value(1.5e-9)), gets(Value(2e-9))},
    {Value(BigInt{"100000000000000000000"}), gets(Value(1e20)), raises("OverflowError", kPy3TooLarge)},
    {Value(BigInt{"-100000000000000000000"}), raises("ValueError", kPy2Range), raises("OverflowError", kPy3TooLarge)},
    {Value(BigInt{"1" + std::string(400, '0')}), raises("OverflowError", "long int too large to convert to float"),
     raises("OverflowError", kPy3TooLarge)},
    // Not numbers.
    {Value("1"), raises("TypeError", "a float is required"),
     raises("TypeError", "'str' object cannot be interpreted as an integer")},
    {Value(Bytes{"1"}), raises("TypeError", "a float is required"),
     raises("TypeError", "'bytes' object cannot be interpreted as an integer")},
    {Value(Tuple{}), raises("TypeError", "a float is required"),
     raises("TypeError", "'tuple' object cannot be interpreted as an integer")},
};

void expect_row(Profile p, const Value& arg, const Want& want) {
  SocketModel s(p, Setting::blocking());
  const Outcome set = s.settimeout(arg);
  const std::string where = std::string(sock::name(p)) + " settimeout(" + sock::repr(arg) + ") want " + show(want);
  if (!want.ok) {
    ASSERT_EQ(set.kind, OutcomeKind::raised) << where << ", got " << sock::describe(set);
    EXPECT_EQ(set.error_class, want.error_class) << where;
    EXPECT_EQ(set.message, want.message) << where;
    // A rejected value leaves the socket as it was.
    EXPECT_EQ(s.gettimeout().value, Value()) << where;
    return;
  }
  ASSERT_EQ(set.kind, OutcomeKind::value) << where << ", got " << sock::describe(set);
  const Outcome got = s.gettimeout();
  ASSERT_EQ(got.kind, OutcomeKind::value) << where;
  EXPECT_EQ(got.value, want.timeout) << where << ", got " << sock::repr(got.value);
  if (want.negative_zero) {
    EXPECT_TRUE(std::signbit(got.value.as<double>())) << where;
  }
}

TEST(Settimeout, TableOfArgumentsPerProfile) {
  for (const Row& row : kSettimeoutRows) {
    for (const Profile p : {Profile::v2_4, Profile::v2_6}) expect_row(p, row.arg, row.py2);
    for (const Profile p : {Profile::v3_3, Profile::v3_12}) expect_row(p, row.arg, row.py3);
  }
}

// setdefaulttimeout validates exactly like settimeout ("See settimeout()
// for possible values and their respective meanings", 3.3).
TEST(Setdefaulttimeout, SameTableAsSettimeout) {
  for (const Row& row : kSettimeoutRows) {
    for (const Profile p : {Profile::v2_6, Profile::v3_3, Profile::v3_12}) {
      ModuleModel m(p);
      const Outcome set = m.setdefaulttimeout(row.arg);
      const Want& want = p >= Profile::v3_3 ? row.py3 : row.py2;
      const std::string where = std::string(sock::name(p)) + " setdefaulttimeout(" + sock::repr(row.arg) + ")";
      if (!want.ok) {
        EXPECT_EQ(set.error_class, want.error_class) << where;
        EXPECT_EQ(m.getdefaulttimeout().value, Value()) << where;
      } else {
        EXPECT_EQ(set.kind, OutcomeKind::value) << where;
        EXPECT_EQ(m.getdefaulttimeout().value, want.timeout) << where;
      }
    }
  }
}

// ---- setblocking ------------------------------------------------------------------

// b: blocking afterwards, n: non-blocking, or an exception class.
struct BlockingRow {
  Value arg;
  const char* py2;    // 1.x, 2.4, 2.6 (CPython 2.7.18)
  const char* py33;   // 3.3 (CPython 3.11.7)
  const char* py312;  // 3.12 (CPython 3.12.1)
};

const BlockingRow kSetblockingRows[] = {
    {Value(true), "b", "b", "b"},
    {Value(false), "n", "n", "n"},
    {Value(0), "n", "n", "n"},
    {Value(1), "b", "b", "b"},
    {Value(2), "b", "b", "b"},
    {Value(-1), "b", "b", "b"},
    {Value(std::int64_t{1} << 31), "b", "b", "b"},
    {Value(BigInt{"9223372036854775808"}), "OverflowError", "OverflowError", "b"},
    {Value(0.5), "n", "TypeError", "b"},  // 2.x: int(0.5) == 0
    {Value(1.5), "b", "TypeError", "b"},
    {Value(0.0), "n", "TypeError", "n"},
    {Value(kNan), "ValueError", "TypeError", "b"},
    {Value(), "TypeError", "TypeError", "n"},
    {Value("1"), "TypeError", "TypeError", "b"},
    {Value(""), "TypeError", "TypeError", "n"},
    {Value(Tuple{}), "TypeError", "TypeError", "n"},
};

TEST(Setblocking, TableOfArgumentsPerProfile) {
  for (const BlockingRow& row : kSetblockingRows) {
    for (const Profile p : sock::kProfiles) {
      const char* want = p <= Profile::v2_6 ? row.py2 : p == Profile::v3_3 ? row.py33 : row.py312;
      // Start from the opposite of the wanted mode so the change shows.
      SocketModel s(p, std::string(want) == "b" ? Setting::non_blocking() : Setting::blocking());
      const Outcome o = s.setblocking(row.arg);
      const std::string where = std::string(sock::name(p)) + " setblocking(" + sock::repr(row.arg) + ")";
      if (std::string(want) == "b") {
        EXPECT_EQ(o.kind, OutcomeKind::value) << where << ": " << sock::describe(o);
        EXPECT_EQ(s.mode(), Mode::blocking) << where;
      } else if (std::string(want) == "n") {
        EXPECT_EQ(o.kind, OutcomeKind::value) << where << ": " << sock::describe(o);
        EXPECT_EQ(s.mode(), Mode::non_blocking) << where;
      } else {
        EXPECT_EQ(o.error_class, want) << where << ": " << sock::describe(o);
        EXPECT_EQ(s.mode(), Mode::blocking) << where << " (unchanged)";
      }
    }
  }
}

// ---- transitions -----------------------------------------------------------------------

const Setting kStarts[] = {Setting::blocking(), Setting::non_blocking(), Setting::seconds(0.25)};

// "s.setblocking(0) is equivalent to s.settimeout(0.0); s.setblocking(1) is
// equivalent to s.settimeout(None)", from every starting state.
TEST(Transitions, SetblockingIsShorthandForSettimeout) {
  for (const Profile p : {Profile::v2_4, Profile::v2_6, Profile::v3_3, Profile::v3_12}) {
    for (const Setting& start : kStarts) {
      for (const bool flag : {false, true}) {
        SocketModel a(p, start), b(p, start);
        ASSERT_TRUE(a.setblocking(Value(flag)).returned_value());
        ASSERT_TRUE(b.settimeout(flag ? Value() : Value(0.0)).returned_value());
        EXPECT_EQ(a.setting(), b.setting()) << sock::name(p) << " from " << start.repr();
        EXPECT_EQ(a.gettimeout().value, b.gettimeout().value);
      }
    }
  }
}

// settimeout(None) = blocking, settimeout(0) = non-blocking, x > 0 = timeout.
TEST(Transitions, SettimeoutChoosesTheMode) {
  SocketModel s(Profile::v3_12, Setting::blocking());
  EXPECT_EQ(s.mode(), Mode::blocking);
  ASSERT_TRUE(s.settimeout(Value(0)).returned_value());
  EXPECT_EQ(s.mode(), Mode::non_blocking);
  EXPECT_EQ(s.getblocking().value, Value(false));
  ASSERT_TRUE(s.settimeout(Value(0.5)).returned_value());
  EXPECT_EQ(s.mode(), Mode::timeout);
  // getblocking: "equivalent to checking socket.gettimeout() != 0".
  EXPECT_EQ(s.getblocking().value, Value(true));
  ASSERT_TRUE(s.settimeout(Value()).returned_value());
  EXPECT_EQ(s.mode(), Mode::blocking);
  EXPECT_EQ(s.getblocking().value, Value(true));
}

// gettimeout "reflects the last call to setblocking() or settimeout()".
TEST(Transitions, GettimeoutReflectsTheLastCall) {
  SocketModel s(Profile::v2_6, Setting::blocking());
  ASSERT_TRUE(s.settimeout(Value(2.5)).returned_value());
  ASSERT_TRUE(s.setblocking(Value(0)).returned_value());
  EXPECT_EQ(s.gettimeout().value, Value(0.0));
  ASSERT_TRUE(s.setblocking(Value(1)).returned_value());
  EXPECT_EQ(s.gettimeout().value, Value());
  ASSERT_TRUE(s.settimeout(Value(0.125)).returned_value());
  EXPECT_EQ(s.gettimeout().value, Value(0.125));
}

// 1.x knows only setblocking ("Non-blocking mode is supported through the
// setblocking() method"); getblocking is new in 3.7 (the 3.12 profile).
TEST(Features, WhatEachProfileHas) {
  SocketModel v1(Profile::v1, Setting::blocking());
  EXPECT_EQ(v1.settimeout(Value(1.0)).kind, OutcomeKind::unsupported);
  EXPECT_EQ(v1.gettimeout().kind, OutcomeKind::unsupported);
  EXPECT_TRUE(v1.setblocking(Value(0)).returned_value());
  EXPECT_EQ(v1.mode(), Mode::non_blocking);
  EXPECT_EQ(ModuleModel(Profile::v1).setdefaulttimeout(Value(1.0)).kind, OutcomeKind::unsupported);
  EXPECT_EQ(ModuleModel(Profile::v1).getdefaulttimeout().kind, OutcomeKind::unsupported);
  for (const Profile p : {Profile::v1, Profile::v2_4, Profile::v2_6, Profile::v3_3}) {
    EXPECT_EQ(SocketModel(p, Setting::blocking()).getblocking().kind, OutcomeKind::unsupported) << sock::name(p);
  }
  EXPECT_FALSE(features(Profile::v2_4).create_connection);
  EXPECT_TRUE(features(Profile::v2_6).create_connection);
  EXPECT_FALSE(features(Profile::v2_6).source_address);
  EXPECT_TRUE(features(Profile::v3_3).source_address);
  EXPECT_FALSE(features(Profile::v1).socketpair);
  EXPECT_TRUE(features(Profile::v2_4).socketpair);
}

// ---- the module default -------------------------------------------------------------------

// "When the socket module is first imported, the default is None"; the
// default applies to sockets created after it is set, not to existing ones.
TEST(DefaultTimeout, AffectsOnlyNewSockets) {
  for (const Profile p : {Profile::v2_6, Profile::v3_3, Profile::v3_12}) {
    ModuleModel m(p);
    EXPECT_EQ(m.getdefaulttimeout().value, Value());
    SocketModel before(p, m.new_socket());
    ASSERT_TRUE(m.setdefaulttimeout(Value(0.7)).returned_value());
    SocketModel after(p, m.new_socket());
    EXPECT_EQ(before.gettimeout().value, Value()) << sock::name(p);
    EXPECT_EQ(after.gettimeout().value, Value(0.7)) << sock::name(p);
    ASSERT_TRUE(m.setdefaulttimeout(Value()).returned_value());
    EXPECT_EQ(after.gettimeout().value, Value(0.7)) << "resetting the default changes no socket";
    EXPECT_EQ(m.new_socket(), Setting::blocking());
  }
}

// SOCK_NONBLOCK in the type makes a non-blocking socket whatever the
// default (3.3 lists SOCK_NONBLOCK; CPython 3.11/3.12 observed).
TEST(DefaultTimeout, SockNonblockTypeWins) {
  ModuleModel m(Profile::v3_3);
  ASSERT_TRUE(m.setdefaulttimeout(Value(0.5)).returned_value());
  EXPECT_EQ(m.new_socket(true), Setting::non_blocking());
  EXPECT_EQ(m.new_socket(false), Setting::seconds(0.5));
}

// ---- accept ----------------------------------------------------------------------------------

struct AcceptRow {
  Profile profile;
  Value default_timeout;
  Setting listener;
  std::vector<Setting> acceptable;
};

TEST(Accept, InheritanceTable) {
  const Setting B = Setting::blocking(), N = Setting::non_blocking(), T = Setting::seconds(2.5);
  const AcceptRow rows[] = {
      // 3.3/3.12: "If getdefaulttimeout() is not None, sockets returned by
      // the accept() method inherit that timeout."
      {Profile::v3_3, Value(0.7), B, {Setting::seconds(0.7)}},
      {Profile::v3_3, Value(0.7), N, {Setting::seconds(0.7)}},
      {Profile::v3_3, Value(0.7), T, {Setting::seconds(0.7)}},
      {Profile::v3_12, Value(0.0), T, {N}},
      // "if the listening socket is in blocking mode or in timeout mode, the
      // socket returned by accept() is in blocking mode"
      {Profile::v3_3, Value(), B, {B}},
      {Profile::v3_3, Value(), T, {B}},
      {Profile::v3_12, Value(), T, {B}},
      // "if the listening socket is in non-blocking mode, whether the socket
      // returned by accept() is in blocking or non-blocking mode is operating
      // system-dependent"
      {Profile::v3_3, Value(), N, {B, N}},
      {Profile::v3_12, Value(), N, {B, N}},
      // Before 3.3: a new socket object, i.e. the default (CPython 2.7 agrees
      // for every listener mode).
      {Profile::v2_6, Value(), N, {B}},
      {Profile::v2_6, Value(), T, {B}},
      {Profile::v2_6, Value(0.7), B, {Setting::seconds(0.7)}},
      {Profile::v2_4, Value(), N, {B}},
  };
  for (const AcceptRow& row : rows) {
    ModuleModel m(row.profile);
    ASSERT_TRUE(m.setdefaulttimeout(row.default_timeout).returned_value());
    const AcceptRule rule = m.accepted(row.listener);
    EXPECT_EQ(rule.acceptable, row.acceptable)
        << sock::name(row.profile) << " default " << sock::repr(row.default_timeout) << " listener "
        << row.listener.repr();
    EXPECT_FALSE(rule.quote.empty());
  }
}

// ---- makefile --------------------------------------------------------------------------------

TEST(Makefile, VerdictPerProfileAndMode) {
  using V = MakefileVerdict;
  struct MRow {
    Profile p;
    Mode mode;
    V want;
  };
  const MRow rows[] = {
      {Profile::v1, Mode::non_blocking, V::permitted},
      {Profile::v2_4, Mode::blocking, V::permitted},
      {Profile::v2_4, Mode::timeout, V::discouraged},      // "should be in blocking mode"
      {Profile::v2_4, Mode::non_blocking, V::discouraged},
      {Profile::v2_6, Mode::blocking, V::permitted},
      {Profile::v2_6, Mode::timeout, V::forbidden},        // "it can not have a timeout"
      {Profile::v2_6, Mode::non_blocking, V::forbidden},
      {Profile::v3_3, Mode::timeout, V::permitted},        // "it can have a timeout"
      {Profile::v3_3, Mode::non_blocking, V::forbidden},
      {Profile::v3_12, Mode::timeout, V::permitted},
      {Profile::v3_12, Mode::non_blocking, V::forbidden},
  };
  for (const MRow& r : rows) {
    const MakefileRule rule = makefile_rule(r.mode, r.p);
    EXPECT_EQ(rule.verdict, r.want) << sock::name(r.p) << " " << to_string(r.mode);
    if (r.want != V::permitted) {
      EXPECT_FALSE(rule.quote.empty());
    }
  }
}

// ---- operations that cannot complete at once ----------------------------------------------------

TEST(NotReady, NonBlockingFailsAtOnceWithTheSystemError) {
  SocketModel s(Profile::v3_12, Setting::non_blocking());
  NotReady r = s.when_not_ready(Op::recv);
  EXPECT_EQ(r.kind, NotReady::Kind::fail_now);
  EXPECT_EQ(r.outcome.error_class, "BlockingIOError");
  EXPECT_EQ(r.outcome.message, "[Errno 11] Resource temporarily unavailable");
  r = s.when_not_ready(Op::connect);
  EXPECT_EQ(r.outcome.error_class, "BlockingIOError");
  EXPECT_EQ(r.outcome.message, "[Errno 115] Operation now in progress");
  r = s.when_not_ready(Op::connect_ex);
  EXPECT_EQ(r.kind, NotReady::Kind::return_now);
  EXPECT_EQ(r.outcome.value, Value(std::int64_t{EINPROGRESS}));
  // 2.6: "a error exception is raised" -- socket.error with the errno.
  SocketModel old(Profile::v2_6, Setting::non_blocking());
  EXPECT_EQ(old.when_not_ready(Op::send).outcome.error_class, "socket.error");
}

TEST(NotReady, TimeoutModeFailsAfterTheTimeout) {
  SocketModel s(Profile::v3_3, Setting::seconds(0.05));
  for (const Op op : {Op::accept, Op::connect, Op::recv, Op::recv_into, Op::recvfrom, Op::send, Op::sendall,
                      Op::sendto}) {
    const NotReady r = s.when_not_ready(op);
    EXPECT_EQ(r.kind, NotReady::Kind::fail_after) << to_string(op);
    EXPECT_EQ(r.after, std::chrono::milliseconds(50)) << to_string(op);
    EXPECT_EQ(r.outcome.error_class, "socket.timeout") << to_string(op);
    EXPECT_EQ(r.outcome.message, "timed out");
  }
  const NotReady ex = s.when_not_ready(Op::connect_ex);
  EXPECT_EQ(ex.kind, NotReady::Kind::return_after);
  EXPECT_EQ(ex.outcome.value, Value(std::int64_t{EWOULDBLOCK}));
  // 3.12 spells the class TimeoutError.
  EXPECT_EQ(SocketModel(Profile::v3_12, Setting::seconds(0.05)).when_not_ready(Op::recv).outcome.error_class,
            "TimeoutError");
}

TEST(NotReady, BlockingAndUnboundedTimeoutsWait) {
  EXPECT_EQ(SocketModel(Profile::v3_12, Setting::blocking()).when_not_ready(Op::recv).kind,
            NotReady::Kind::wait_forever);
  // 2.x accepts nan and inf; CPython 2.7 then waits without bound.
  EXPECT_EQ(SocketModel(Profile::v2_6, Setting::seconds(kNan)).when_not_ready(Op::recv).kind,
            NotReady::Kind::wait_forever);
  EXPECT_EQ(SocketModel(Profile::v2_6, Setting::seconds(kInf)).when_not_ready(Op::recv).kind,
            NotReady::Kind::wait_forever);
}

// "All future operations on the socket object will fail." 2.x fails even
// settimeout's argument parsing; 3.x parses first, and gettimeout answers.
TEST(Closed, EveryOperationFails) {
  SocketModel s3(Profile::v3_12, Setting::seconds(1.0));
  s3.close();
  EXPECT_EQ(s3.settimeout(Value(2.0)).error_class, "OSError");
  EXPECT_EQ(s3.settimeout(Value("x")).error_class, "TypeError");
  EXPECT_EQ(s3.setblocking(Value(0)).error_class, "OSError");
  EXPECT_EQ(s3.gettimeout().value, Value(1.0));
  EXPECT_EQ(s3.when_not_ready(Op::recv).outcome.message, "[Errno 9] Bad file descriptor");
  SocketModel s2(Profile::v2_6, Setting::blocking());
  s2.close();
  EXPECT_EQ(s2.settimeout(Value("x")).error_class, "socket.error");
  EXPECT_EQ(s2.gettimeout().error_class, "socket.error");
}

// ---- errors ------------------------------------------------------------------------------------

TEST(Errors, TimeoutClassPerProfile) {
  EXPECT_EQ(timed_out(Profile::v2_6).error_class, "socket.timeout");
  EXPECT_EQ(timed_out(Profile::v3_3).error_class, "socket.timeout");
  EXPECT_EQ(timed_out(Profile::v3_12).error_class, "TimeoutError");
  // socket.timeout is "a subclass of socket.error" (3.3) and so of IOError
  // in 2.6; TimeoutError is an OSError.
  EXPECT_TRUE(sock::error_class_matches("socket.timeout", "socket.error", Profile::v2_6));
  EXPECT_TRUE(sock::error_class_matches("socket.timeout", "IOError", Profile::v2_6));
  EXPECT_TRUE(sock::error_class_matches("socket.timeout", "OSError", Profile::v3_3));
  EXPECT_TRUE(sock::error_class_matches("TimeoutError", "socket.timeout", Profile::v3_12));
  EXPECT_TRUE(sock::error_class_matches("BlockingIOError", "socket.error", Profile::v3_3));
}

TEST(Errors, OsErrorClassAndMessage) {
  EXPECT_EQ(os_error(Profile::v1, EAGAIN).message, "(11, 'Resource temporarily unavailable')");
  EXPECT_EQ(os_error(Profile::v2_6, EAGAIN).message, "[Errno 11] Resource temporarily unavailable");
  EXPECT_EQ(os_error(Profile::v2_6, ECONNREFUSED).error_class, "socket.error");
  EXPECT_EQ(os_error(Profile::v3_3, ECONNREFUSED).error_class, "ConnectionRefusedError");
  EXPECT_EQ(os_error(Profile::v3_12, EINTR).error_class, "InterruptedError");
  EXPECT_EQ(os_error(Profile::v3_12, EBADF).error_class, "OSError");
  EXPECT_EQ(os_error(Profile::v3_12, EINPROGRESS).errnum, EINPROGRESS);
}

// ---- Setting ------------------------------------------------------------------------------------

TEST(SettingTest, WaitLimit) {
  EXPECT_FALSE(Setting::blocking().wait_limit().has_value());
  EXPECT_EQ(Setting::non_blocking().wait_limit(), std::chrono::nanoseconds(0));
  EXPECT_EQ(Setting::seconds(0.05).wait_limit(), std::chrono::nanoseconds(50'000'000));
  EXPECT_EQ(Setting::seconds(1e-9).wait_limit(), std::chrono::nanoseconds(1));
  EXPECT_FALSE(Setting::seconds(2e9).wait_limit().has_value());
  EXPECT_EQ(Setting::seconds(-0.0).mode(), Mode::non_blocking);
  EXPECT_EQ(Setting::seconds(kNan).mode(), Mode::timeout);
}

TEST(SettingTest, PythonFloatRepr) {
  const std::pair<double, const char*> rows[] = {
      {0.1, "0.1"},       {0.05, "0.05"},       {1.0, "1.0"},       {-0.0, "-0.0"},
      {1e-9, "1e-09"},    {1e-5, "1e-05"},      {0.0001, "0.0001"}, {1e15, "1000000000000000.0"},
      {1e16, "1e+16"},    {1e20, "1e+20"},      {kNan, "nan"},      {-kInf, "-inf"},
      {123456789012345680.0, "1.2345678901234568e+17"},             {9223372036.8, "9223372036.8"},
  };
  for (const auto& [d, text] : rows) EXPECT_EQ(python_float_repr(d), text) << text;
}

TEST(Deadlines, SendallAndCreateConnectionPerProfile) {
  EXPECT_EQ(sendall_deadline(Profile::v3_3), SendallDeadline::per_send);
  EXPECT_EQ(sendall_deadline(Profile::v3_12), SendallDeadline::whole_call);
  EXPECT_TRUE(create_connection_none_means_default(Profile::v2_6));
  EXPECT_FALSE(create_connection_none_means_default(Profile::v3_3));
}

}  // namespace
