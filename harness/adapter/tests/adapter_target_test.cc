// AdapterTarget against real processes: a correct adapter, the broken ones
// of broken/ (one fault each), and the CPython adapter of adapters/.
#include "harness/adapter/adapter_target.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "harness/adapter/manifest.h"

namespace sockcheck::adapter {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

AdapterOptions broken(const std::string& script, std::vector<std::string> extra = {}) {
  AdapterOptions o;
  o.argv = {"python3", "-B", std::string(SOCKCHECK_ADAPTER_TESTS_DIR) + "/broken/" + script};
  for (auto& e : extra) o.argv.push_back(std::move(e));
  o.processes = 1;
  o.call_timeout = milliseconds(1500);
  return o;
}

std::vector<Call> echoes(std::initializer_list<const char*> words) {
  std::vector<Call> calls;
  for (const char* w : words) calls.push_back({"echo", {sock::Value(w)}});
  return calls;
}

::testing::AssertionResult is_value(const sock::Outcome& o, const char* expected) {
  if (o.kind == sock::OutcomeKind::value && o.value == sock::Value(expected)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "want -> '" << expected << "', got " << sock::describe(o);
}

::testing::AssertionResult is_errored(const sock::Outcome& o, std::initializer_list<const char*> fragments) {
  if (o.kind != sock::OutcomeKind::errored) return ::testing::AssertionFailure() << "not errored: " << sock::describe(o);
  for (const char* f : fragments) {
    if (o.message.find(f) == std::string::npos) {
      return ::testing::AssertionFailure() << "message lacks '" << f << "': " << o.message;
    }
  }
  return ::testing::AssertionSuccess();
}

// --- a correct adapter ------------------------------------------------------

TEST(AdapterTarget, handshake_fills_info_and_supports) {
  AdapterTarget t(broken("ok.py"));
  EXPECT_EQ(t.info().name, "broken");
  EXPECT_EQ(t.info().version, "0");
  EXPECT_EQ(t.info().profile, sock::Profile::v3_12);
  EXPECT_TRUE(t.supports("echo"));
  EXPECT_FALSE(t.supports("inet_aton"));
}

TEST(AdapterTarget, pipelined_batch_is_answered_in_order) {
  AdapterTarget t(broken("ok.py"));
  std::vector<Call> calls;
  for (int i = 0; i < 5000; ++i) calls.push_back({"echo", {sock::Value("w" + std::to_string(i))}});
  const auto out = t.run(calls);
  ASSERT_EQ(out.size(), calls.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    ASSERT_EQ(out[i].kind, sock::OutcomeKind::value) << i << ": " << sock::describe(out[i]);
    ASSERT_EQ(out[i].value, calls[i].args[0]) << i;
  }
  EXPECT_EQ(t.stats().faults, 0u);
}

TEST(AdapterTarget, unlisted_operation_is_unsupported_without_asking) {
  AdapterTarget t(broken("ok.py"));
  const auto out = t.run(std::vector<Call>{{"inet_aton", {sock::Value("1.2.3.4")}}});
  EXPECT_EQ(out[0].kind, sock::OutcomeKind::unsupported) << sock::describe(out[0]);
  EXPECT_EQ(t.stats().calls, 0u);
}

TEST(AdapterTarget, runs_from_several_threads_at_once) {
  auto o = broken("ok.py");
  o.processes = 2;
  AdapterTarget t(o);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      for (int b = 0; b < 10; ++b) {
        std::vector<Call> calls;
        for (int i = 0; i < 200; ++i) calls.push_back({"echo", {sock::Value(k * 100000 + b * 1000 + i)}});
        const auto out = t.run(calls);
        for (std::size_t i = 0; i < out.size(); ++i) wrong += !(out[i].returned_value() && out[i].value == calls[i].args[0]);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(AdapterTarget, applies_resource_limits) {
  auto o = broken("limits.py");
  o.limits.open_files = 64;
  o.limits.address_space_mib = 2048;
  o.limits.cpu_seconds = 120;
  AdapterTarget t(o);
  const auto out = t.run(echoes({"limits"}));
  ASSERT_TRUE(out[0].returned_value()) << sock::describe(out[0]);
  const sock::Value want = sock::Tuple{sock::Value(64), sock::Value(0), sock::Value(2048), sock::Value(120)};
  EXPECT_EQ(out[0].value, want) << sock::repr(out[0].value);
}

TEST(AdapterTarget, missing_program_is_an_adapter_error) {
  AdapterOptions o;
  o.argv = {"sockcheck-no-such-program-anywhere"};
  EXPECT_THROW(AdapterTarget t(o), AdapterError);
}

// --- faults: the affected call is errored with stderr, later calls succeed --

TEST(AdapterTarget, crash_errors_the_crashing_call_and_restarts) {
  AdapterTarget t(broken("crash.py"));
  const auto out = t.run(echoes({"a", "crash", "b", "c"}));
  EXPECT_TRUE(is_value(out[0], "a"));
  EXPECT_TRUE(is_errored(out[1], {"closed its standard output", "signal 6", "about to abort"}));
  EXPECT_TRUE(is_value(out[2], "b"));
  EXPECT_TRUE(is_value(out[3], "c"));
  EXPECT_TRUE(is_value(t.run(echoes({"d"}))[0], "d"));
  EXPECT_EQ(t.stats().restarts, 1u);
}

TEST(AdapterTarget, hang_is_cut_by_the_deadline) {
  auto o = broken("hang.py");
  o.call_timeout = milliseconds(300);
  AdapterTarget t(o);
  const auto start = std::chrono::steady_clock::now();
  const auto out = t.run(echoes({"a", "hang", "b"}));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_TRUE(is_value(out[0], "a"));
  EXPECT_TRUE(is_errored(out[1], {"no reply within 300 ms", "hanging"}));
  EXPECT_TRUE(is_value(out[2], "b"));
}

TEST(AdapterTarget, garbage_line_errors_the_call_it_answered) {
  AdapterTarget t(broken("garbage.py"));
  const auto out = t.run(echoes({"a", "garbage", "b"}));
  EXPECT_TRUE(is_value(out[0], "a"));
  EXPECT_TRUE(is_errored(out[1], {"not a reply", "this line is not a reply"}));
  EXPECT_TRUE(is_value(out[2], "b"));
}

TEST(AdapterTarget, closed_stdout_errors_the_pending_call) {
  AdapterTarget t(broken("close_stdout.py"));
  const auto out = t.run(echoes({"a", "close", "b"}));
  EXPECT_TRUE(is_value(out[0], "a"));
  EXPECT_TRUE(is_errored(out[1], {"closed its standard output", "closing stdout"}));
  EXPECT_TRUE(is_value(out[2], "b"));
}

TEST(AdapterTarget, endless_line_is_bounded) {
  auto o = broken("flood.py");
  o.max_line_bytes = 64 * 1024;
  AdapterTarget t(o);
  const auto out = t.run(echoes({"a", "flood", "b"}));
  EXPECT_TRUE(is_value(out[0], "a"));
  EXPECT_TRUE(is_errored(out[1], {"longer than 65536 bytes"}));
  EXPECT_TRUE(is_value(out[2], "b"));
}

TEST(AdapterTarget, stderr_flood_is_drained_and_kept_short) {
  AdapterTarget t(broken("flood.py"));
  const auto out = t.run(echoes({"noise", "a"}));
  EXPECT_TRUE(is_value(out[0], "noise"));
  EXPECT_TRUE(is_value(out[1], "a"));
  EXPECT_EQ(t.stats().faults, 0u);
}

TEST(AdapterTarget, exit_during_handshake_is_retried) {
  const fs::path counter = fs::temp_directory_path() / ("sockcheck-hs-" + std::to_string(::getpid()));
  fs::remove(counter);
  {
    AdapterTarget t(broken("handshake_exit.py", {counter.string()}));  // start 1 fails, start 2 works
    const auto out = t.run(echoes({"a", "exit", "b"}));            // start 3 fails, start 4 works
    EXPECT_TRUE(is_value(out[0], "a"));
    EXPECT_TRUE(is_errored(out[1], {"exited with status 4"}));
    EXPECT_TRUE(is_value(out[2], "b"));
    EXPECT_GE(t.stats().faults, 3u);
    EXPECT_TRUE(t.disabled_reason().empty());
  }
  fs::remove(counter);
}

TEST(AdapterTarget, exit_during_every_handshake_is_an_error_with_stderr) {
  try {
    AdapterTarget t(broken("handshake_exit.py", {"always"}));
    FAIL() << "constructed";
  } catch (const AdapterError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("cannot start today"), std::string::npos) << what;
    EXPECT_NE(what.find("exited with status 3"), std::string::npos) << what;
  }
}

TEST(AdapterTarget, wrong_protocol_version_is_refused) {
  try {
    AdapterTarget t(broken("wrong_protocol.py"));
    FAIL() << "constructed";
  } catch (const AdapterError& e) {
    EXPECT_NE(std::string(e.what()).find("speaks protocol 2"), std::string::npos) << e.what();
  }
}

TEST(AdapterTarget, duplicate_id_errors_that_call_only) {
  AdapterTarget t(broken("ids.py"));
  const auto out = t.run(echoes({"a", "dup", "b"}));
  EXPECT_TRUE(is_value(out[0], "a"));
  EXPECT_TRUE(is_errored(out[1], {"twice"}));
  EXPECT_TRUE(is_value(out[2], "b"));
  EXPECT_EQ(t.stats().restarts, 0u);
}

TEST(AdapterTarget, missing_id_is_cut_by_the_deadline) {
  auto o = broken("ids.py");
  o.call_timeout = milliseconds(300);
  AdapterTarget t(o);
  const auto out = t.run(echoes({"a", "skip", "b"}));
  EXPECT_TRUE(is_value(out[0], "a"));
  EXPECT_TRUE(is_errored(out[1], {"no reply within 300 ms"}));
  EXPECT_TRUE(is_value(out[2], "b"));
  EXPECT_TRUE(is_value(t.run(echoes({"c"}))[0], "c"));
}

TEST(AdapterTarget, unknown_id_is_a_fault) {
  AdapterTarget t(broken("ids.py"));
  const auto out = t.run(echoes({"a", "wrong", "b"}));
  EXPECT_TRUE(is_value(out[0], "a"));
  EXPECT_TRUE(is_errored(out[1], {"never sent"}));
  EXPECT_TRUE(is_value(out[2], "b"));
}

TEST(AdapterTarget, malformed_reply_errors_only_that_call) {
  AdapterTarget t(broken("ids.py"));
  const auto out = t.run(echoes({"a", "bad", "b"}));
  EXPECT_TRUE(is_value(out[0], "a"));
  EXPECT_TRUE(is_errored(out[1], {"malformed reply"}));
  EXPECT_TRUE(is_value(out[2], "b"));
  EXPECT_EQ(t.stats().restarts, 0u);
}

TEST(AdapterTarget, exit_between_batches_blames_no_call) {
  AdapterTarget t(broken("ids.py"));
  EXPECT_TRUE(is_value(t.run(echoes({"bye"}))[0], "bye"));
  std::this_thread::sleep_for(milliseconds(300));  // let it exit
  EXPECT_TRUE(is_value(t.run(echoes({"a"}))[0], "a"));
}

TEST(AdapterTarget, gives_up_after_consecutive_failures) {
  auto o = broken("crash.py");
  o.max_consecutive_failures = 3;
  AdapterTarget t(o);
  for (int i = 0; i < 3; ++i) (void)t.run(echoes({"crash"}));
  EXPECT_NE(t.disabled_reason().find("3 consecutive failures"), std::string::npos) << t.disabled_reason();
  const auto start = std::chrono::steady_clock::now();
  const auto out = t.run(echoes({"a"}));
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(100));  // no new process
  EXPECT_TRUE(is_errored(out[0], {"disabled", "about to abort"}));
}

TEST(AdapterTarget, calls_pending_at_repeated_faults_are_not_retried_forever) {
  auto o = broken("crash.py");
  o.max_attempts = 2;
  AdapterTarget t(o);
  const auto out = t.run(echoes({"crash", "crash", "crash", "z"}));
  EXPECT_TRUE(is_errored(out[0], {"about to abort"}));
  EXPECT_TRUE(is_errored(out[1], {"about to abort"}));
  // "crash" #3 and "z" were pending at two faults: given up, not re-sent again.
  EXPECT_TRUE(is_errored(out[2], {"not answered"}));
  EXPECT_TRUE(is_errored(out[3], {"not answered"}));
}

// --- sessions: handles within one process ------------------------------------

TEST(AdapterSession, handles_from_a_restarted_process_are_not_sent) {
  AdapterTarget t(broken("crash.py"));
  auto s = t.open_session();
  const sock::Value h = sock::Handle{"h7"};
  EXPECT_EQ(s->call({"echo", {h}}).value, h);  // the adapter "made" h7
  EXPECT_TRUE(is_errored(s->call({"echo", {sock::Value("crash")}}), {"about to abort"}));
  EXPECT_TRUE(is_errored(s->call({"echo", {h}}), {"restarted during this session"}));
  EXPECT_TRUE(is_value(s->call({"echo", {sock::Value("a")}}), "a"));
}

// --- the CPython adapter ----------------------------------------------------

TEST(CpythonAdapter, answers_conversions_with_python_outcomes) {
  AdapterEnvironment env{fs::path(SOCKCHECK_REPO_ROOT) / "adapters", fs::temp_directory_path()};
  AdapterOptions base;
  base.processes = 1;
  auto t = make_adapter_target("cpython", env, base);
  EXPECT_EQ(t->info().name, "cpython");
  EXPECT_TRUE(t->supports("inet_pton"));
  const auto out = t->run(std::vector<Call>{
      {"inet_aton", {sock::Value("1.2.3.4")}},
      {"inet_aton", {sock::Value("1.2.3.4.5")}},
      {"inet_pton", {sock::Value(sock::Const{"AF_INET6"}), sock::Value("::1")}},
      {"inet_ntoa", {sock::Value(sock::Bytes{std::string("\x7f\0\0\x01", 4)})}},
      {"htons", {sock::Value(-1)}},
      {"htonl", {sock::Value(sock::BigInt{"18446744073709551616"})}},
      {"inet_pton", {sock::Value(sock::Const{"AF_SOCKCHECK_NONE"}), sock::Value("::1")}},
      {"inet_ntoa", {sock::Value("127.0.0.1")}},
  });
  EXPECT_EQ(out[0].value, sock::Value(sock::Bytes{"\x01\x02\x03\x04"})) << sock::describe(out[0]);
  EXPECT_EQ(out[1].error_class, "OSError") << sock::describe(out[1]);
  EXPECT_EQ(out[2].value, sock::Value(sock::Bytes{std::string(15, '\0') + "\x01"})) << sock::describe(out[2]);
  EXPECT_EQ(out[3].value, sock::Value("127.0.0.1")) << sock::describe(out[3]);
  EXPECT_EQ(out[4].error_class, "OverflowError") << sock::describe(out[4]);
  EXPECT_EQ(out[5].error_class, "OverflowError") << sock::describe(out[5]);
  EXPECT_EQ(out[6].kind, sock::OutcomeKind::unsupported) << sock::describe(out[6]);
  EXPECT_EQ(out[7].error_class, "TypeError") << sock::describe(out[7]);
}

TEST(CpythonAdapter, session_keeps_sockets_and_drops_them_at_the_end) {
  AdapterEnvironment env{fs::path(SOCKCHECK_REPO_ROOT) / "adapters", fs::temp_directory_path()};
  AdapterOptions base;
  base.processes = 1;  // the second session gets the same process
  auto t = make_adapter_target("cpython", env, base);
  sock::Value sock_handle;
  {
    auto s = t->open_session();
    const auto made = s->call({"socket", {sock::Value(sock::Const{"AF_INET"}), sock::Value(sock::Const{"SOCK_DGRAM"})}});
    ASSERT_TRUE(made.returned_value() && made.value.is<sock::Handle>()) << sock::describe(made);
    sock_handle = made.value;
    const auto bound = s->call({"socket.bind", {sock_handle, sock::Value(sock::Tuple{sock::Value("127.0.0.1"), sock::Value(0)})}});
    EXPECT_TRUE(bound.returned_value()) << sock::describe(bound);
    const auto name = s->call({"socket.getsockname", {sock_handle}});
    ASSERT_TRUE(name.returned_value()) << sock::describe(name);
    EXPECT_EQ(name.value.as<sock::Tuple>().at(0), sock::Value("127.0.0.1"));
  }
  auto s = t->open_session();
  EXPECT_TRUE(is_errored(s->call({"socket.getsockname", {sock_handle}}), {"unknown handle"}));
}

}  // namespace
}  // namespace sockcheck::adapter
