// The timing cases of spec/timeouts through the real runner, on the real
// reference target, against the real loopback fixtures: what `sockcheck run
// --spec spec/timeouts` does, for a handful of cases chosen to cover each
// kind of verdict (times out within its band, fails at once, succeeds once
// data arrives, accept's inheritance).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "harness/fixtures/loopback_fixtures.h"
#include "harness/run/runner.h"
#include "harness/spec/loader.h"
#include "harness/targets/registry.h"

namespace sockcheck {
namespace {

Spec only(Spec spec, const std::set<std::string>& ids) {
  std::erase_if(spec.cases, [&](const Case& c) { return !ids.contains(c.id); });
  return spec;
}

std::vector<std::unique_ptr<Target>> reference() {
  std::string error;
  std::vector<std::unique_ptr<Target>> targets;
  targets.push_back(make_target("ref", sock::Profile::v3_12, error));
  if (!targets.back()) ADD_FAILURE() << "no ref target: " << error;
  return targets;
}

TEST(SocketOpsTiming, SelectedTimeoutCasesPassOnTheReference) {
  const std::set<std::string> ids = {
      "socket.recv/timeout-mode/silent-peer-times-out",
      "socket.recv/non-blocking/silent-peer-fails-at-once",
      "socket.recv/timeout-mode/delayed-data-arrives",
      "socket.connect/timeout-mode/full-backlog-times-out",
      "socket.accept/timeout-mode/no-client-times-out",
      "socket.sendall/timeout-mode/never-reading-peer-times-out",
      "socket.accept/inherits-default-timeout",
      "socket.accept/non-blocking-listener-os-dependent",
      "create_connection/timeout-bounds-connect",
  };
  const Spec spec = only(load_spec({std::string(SOCKCHECK_SOURCE_DIR) + "/spec/timeouts"}), ids);
  ASSERT_EQ(spec.cases.size(), ids.size()) << "a case named here was renamed or removed";
  auto targets = reference();
  RunOptions options;
  options.fixtures = loopback_fixtures();
  // A timing case that missed its band once on a loaded machine gets
  // another go, as in `sockcheck run`; a real regression fails every time.
  options.retries = 2;
  const RunResult result = run_spec(spec, targets, options);
  ASSERT_EQ(result.results.size(), ids.size());
  for (const auto& r : result.results) {
    EXPECT_EQ(r.judgement.verdict, Verdict::passed)
        << spec.cases[r.case_index].id << ": " << sock::describe(r.outcome) << " " << r.detail;
  }
  // Session cases run side by side: the suite takes about its longest case
  // (0.1 s timeouts, 0.2 s delays, fixture set-up), not their sum.
  EXPECT_LT(result.seconds, 2.5);
}

// The band is enforced: the same silent peer with a band the timeout cannot
// meet fails, with the measured time in the detail.
TEST(SocketOpsTiming, TooNarrowBandFails) {
  const Spec spec = load_spec_text(R"(
cases:
  - id: socket.recv/too-narrow
    source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: "x"}
    versions: 3.3+
    setup:
      - {op: fixture.silent_peer, args: [], bind: peer}
      - {op: socket, args: [], bind: s}
      - {op: socket.connect, args: [!ref s, !ref peer]}
      - {op: socket.settimeout, args: [!ref s, 0.1]}
    op: socket.recv
    args: [!ref s, 1024]
    expect: {raises: TimeoutError}
    elapsed: {min: 0, max: 0.05}
)",
                                   "narrow.yaml");
  auto targets = reference();
  RunOptions options;
  options.fixtures = loopback_fixtures();
  const RunResult result = run_spec(spec, targets, options);
  ASSERT_EQ(result.results.size(), 1u);
  EXPECT_EQ(result.results[0].judgement.verdict, Verdict::failed);
  EXPECT_NE(result.results[0].detail.find("took"), std::string::npos) << result.results[0].detail;
  EXPECT_GE(result.results[0].seconds, 0.1);
}

// Without fixtures a case that needs one is skipped, not failed.
TEST(SocketOpsTiming, NoFixturesSkips) {
  const Spec spec = only(load_spec({std::string(SOCKCHECK_SOURCE_DIR) + "/spec/timeouts"}),
                         {"socket.recv/timeout-mode/silent-peer-times-out"});
  auto targets = reference();
  const RunResult result = run_spec(spec, targets, RunOptions{});
  ASSERT_EQ(result.results.size(), 1u);
  EXPECT_EQ(result.results[0].judgement.verdict, Verdict::skipped);
}

}  // namespace
}  // namespace sockcheck
