// The reference through the protocol must answer exactly what the
// reference answers in process: any difference is a bug in the protocol
// machinery (encoding, pipelining, decoding), not in the reference.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "harness/adapter/adapter_target.h"
#include "impl/ops/operations.h"

namespace sockcheck::adapter {
namespace {

TEST(RefAdapter, agrees_with_the_in_process_reference) {
  const std::string path = SOCKCHECK_REF_ADAPTER;
  if (path.empty() || !std::filesystem::exists(path)) GTEST_SKIP() << "sockcheck-ref-adapter is not built";
  AdapterOptions o;
  o.argv = {path, "--dialect", "posix"};
  AdapterTarget target(o);
  const sock::ops::Context context{sock::kNewestProfile, &sock::ops::reference_engine(sock::inet::Dialect::posix)};

  // Arguments of every kind the value encoding has, valid and not.
  const sock::Value af4 = sock::Const{"AF_INET"}, af6 = sock::Const{"AF_INET6"};
  const std::vector<sock::Value> texts = {"1.2.3.4", "0x7f.1", "1.2.3", "::1", "::ffff:1.2.3.4", "1.2.3.4 x", "",
                                          std::string("1.2.3.4\0", 8), "\xc3\xa9", "256.1.1.1", "fe80::1%1"};
  const std::vector<sock::Value> blobs = {sock::Bytes{"\x7f\x00\x00\x01"}, sock::Bytes{std::string(16, '\0')},
                                          sock::Bytes{"\x01"}, sock::Bytes{}};
  const std::vector<sock::Value> ints = {0, 1, 65535, 65536, -1, sock::BigInt{"18446744073709551616"}, 1.5, true,
                                         sock::None{}};
  std::vector<Call> calls;
  for (const auto& t : texts) {
    calls.push_back({"inet_aton", {t}});
    calls.push_back({"inet_pton", {af4, t}});
    calls.push_back({"inet_pton", {af6, t}});
  }
  for (const auto& b : blobs) {
    calls.push_back({"inet_ntoa", {b}});
    calls.push_back({"inet_ntop", {af4, b}});
    calls.push_back({"inet_ntop", {af6, b}});
    calls.push_back({"inet_aton", {b}});
  }
  for (const auto& i : ints) {
    for (const char* op : {"htons", "ntohs", "htonl", "ntohl"}) calls.push_back({op, {i}});
  }
  calls.push_back({"inet_pton", {sock::Value(sock::Const{"AF_UNIX"}), "x"}});
  calls.push_back({"inet_aton", {}});
  calls.push_back({"inet_aton", {"1.2.3.4", "extra"}});

  const auto remote = target.run(calls);
  std::size_t compared = 0;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const sock::Outcome local = sock::ops::call(calls[i].op, calls[i].args, context);
    std::string args;
    for (const auto& a : calls[i].args) args += sock::repr(a) + " ";
    if (!target.supports(calls[i].op)) continue;
    ++compared;
    EXPECT_EQ(remote[i].kind, local.kind) << calls[i].op << " " << args << ": " << sock::describe(remote[i]) << " vs "
                                          << sock::describe(local);
    EXPECT_EQ(remote[i].value, local.value) << calls[i].op << " " << args;
    EXPECT_EQ(remote[i].error_class, local.error_class) << calls[i].op << " " << args;
    EXPECT_EQ(remote[i].message, local.message) << calls[i].op << " " << args;
  }
  EXPECT_EQ(compared, calls.size());  // the reference offers every operation used here
}

// A call that waits reports its own duration through the protocol, and the
// session's outcome carries it: a recv that times out after 0.05 s says
// so, no more than the round trip; a conversion says nothing.
TEST(RefAdapter, a_waiting_call_reports_its_own_duration) {
  const std::string path = SOCKCHECK_REF_ADAPTER;
  if (path.empty() || !std::filesystem::exists(path)) GTEST_SKIP() << "sockcheck-ref-adapter is not built";
  AdapterOptions o;
  o.argv = {path};
  AdapterTarget target(o);
  auto session = target.open_session();
  const sock::Outcome pair = session->call({"socketpair", {}});
  ASSERT_TRUE(pair.returned_value()) << sock::describe(pair);
  const auto* ends = pair.value.get_if<sock::Tuple>();
  ASSERT_TRUE(ends != nullptr && ends->size() == 2) << sock::describe(pair);
  const sock::Value a = (*ends)[0];
  ASSERT_TRUE(session->call({"socket.settimeout", {a, 0.05}}).returned_value());
  const auto start = std::chrono::steady_clock::now();
  const sock::Outcome recv = session->call({"socket.recv", {a, 16}});
  const double round_trip = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(recv.raised()) << sock::describe(recv);
  ASSERT_TRUE(recv.seconds.has_value());
  EXPECT_GE(*recv.seconds, 0.05);
  EXPECT_LE(*recv.seconds, round_trip);
  const sock::Outcome htons = session->call({"htons", {1}});
  ASSERT_TRUE(htons.returned_value());
  EXPECT_FALSE(htons.seconds.has_value());
}

}  // namespace
}  // namespace sockcheck::adapter
