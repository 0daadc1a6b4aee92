// The runner on the real in-process targets, and on targets that misbehave.
#include "harness/run/runner.h"

#include <gtest/gtest.h>

#include <chrono>

#include "harness/spec/loader.h"
#include "harness/targets/registry.h"

namespace sockcheck {
namespace {

// 200 cases: inet_aton of a.b.c.d for many values, some expected wrongly
// on purpose (every 50th), so the counts say the runner judged each one.
Spec generated_spec() {
  std::string text = "defaults:\n  source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: q}\n  versions: 3.3+\n  op: inet_aton\ncases:\n";
  for (int i = 0; i < 200; ++i) {
    const int last = i % 50 == 0 ? (i + 1) % 256 : i % 256;  // wrong for every 50th
    char hex[9];
    std::snprintf(hex, sizeof hex, "0a0000%02x", last);
    text += "  - id: c" + std::to_string(i) + "\n    args: ['10.0.0." + std::to_string(i % 256) +
            "']\n    expect: {value: !bytes " + hex + "}\n";
  }
  text += "  - id: old\n    versions: -2.6\n    args: ['1.2.3.4']\n    expect: {value: !bytes 01020304}\n";
  return load_spec_text(text, "gen.yaml");
}

std::vector<std::unique_ptr<Target>> targets(std::initializer_list<const char*> names) {
  std::vector<std::unique_ptr<Target>> out;
  for (const char* n : names) {
    std::string error;
    out.push_back(make_target(n, std::nullopt, error));
    EXPECT_TRUE(out.back()) << error;
  }
  return out;
}

TEST(RunnerTest, JudgesEveryCaseOnEveryTargetInParallel) {
  const Spec spec = generated_spec();
  auto ts = targets({"ref", "libc"});
  RunOptions options;
  options.jobs = 4;
  options.batch_size = 7;  // many batches, so threads interleave
  const RunResult r = run_spec(spec, ts, options);
  ASSERT_EQ(r.targets.size(), 2u);
  for (const auto& t : r.targets) {
    EXPECT_EQ(t.passed, 196u) << t.info.name;
    EXPECT_EQ(t.failed, 4u) << t.info.name;
    EXPECT_EQ(t.not_in_profile, 1u) << t.info.name;  // "old" is 2.6 and earlier
  }
  ASSERT_EQ(r.results.size(), 400u);
  for (std::size_t i = 1; i < r.results.size(); ++i) {
    const auto& a = r.results[i - 1];
    const auto& b = r.results[i];
    EXPECT_TRUE(a.case_index < b.case_index || (a.case_index == b.case_index && a.target_index < b.target_index));
  }
  EXPECT_FALSE(r.all_passed());
  EXPECT_FALSE(r.interrupted);
}

TEST(RunnerTest, ProfileOverrideSelectsTheCasesOfThatVersion) {
  const Spec spec = generated_spec();
  auto ts = targets({"ref"});
  RunOptions options;
  options.profile = sock::Profile::v2_6;
  const RunResult r = run_spec(spec, ts, options);
  EXPECT_EQ(r.targets[0].passed, 1u);  // only "old" holds for 2.6
  EXPECT_EQ(r.targets[0].not_in_profile, 200u);
}

TEST(RunnerTest, AStopRequestLeavesOnlyFinishedCases) {
  const Spec spec = generated_spec();
  auto ts = targets({"ref"});
  std::atomic<bool> stop{true};
  RunOptions options;
  options.stop = &stop;
  const RunResult r = run_spec(spec, ts, options);
  EXPECT_TRUE(r.interrupted);
  EXPECT_TRUE(r.results.empty());
}

// A target that breaks in the ways an adapter can: throwing, or answering
// the wrong number of outcomes.
class BrokenTarget final : public Target {
 public:
  explicit BrokenTarget(bool throws) : throws_(throws) { info_.name = throws ? "throws" : "short"; }
  const TargetInfo& info() const override { return info_; }
  std::vector<sock::Outcome> run(std::span<const Call> calls) override {
    if (throws_) throw std::runtime_error("boom");
    return std::vector<sock::Outcome>(calls.size() / 2, sock::Outcome::returned(sock::Value(1)));
  }
  bool supports(std::string_view) const override { return true; }

 private:
  TargetInfo info_;
  bool throws_;
};

TEST(RunnerTest, ABrokenTargetMakesItsCasesErroredAndTheRunGoesOn) {
  const Spec spec = generated_spec();
  std::vector<std::unique_ptr<Target>> ts;
  ts.push_back(std::make_unique<BrokenTarget>(true));
  ts.push_back(std::make_unique<BrokenTarget>(false));
  auto ref = targets({"ref"});
  ts.push_back(std::move(ref[0]));
  const RunResult r = run_spec(spec, ts, RunOptions{});
  EXPECT_EQ(r.targets[0].errored, 200u);
  EXPECT_EQ(r.targets[1].errored, 200u);
  EXPECT_EQ(r.targets[2].passed, 196u);
  for (const auto& res : r.results) {
    if (res.target_index == 0) {
      EXPECT_NE(res.outcome.message.find("boom"), std::string::npos);
    }
  }
}

// A case whose tested call would block for good (recv on a bound UDP socket
// nobody sends to) on the real reference: the deadline aborts its session,
// the case is errored with the reason, and the run ends.
TEST(RunnerTest, ACaseBlockedForGoodIsAbortedAtItsDeadline) {
  const Spec spec = load_spec_text(R"(defaults:
  source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: q}
  versions: all
cases:
  - id: stuck
    setup:
      - {op: socket, args: [!const AF_INET, !const SOCK_DGRAM], bind: s}
      - {op: socket.bind, args: [!ref s, ['127.0.0.1', 0]]}
    op: socket.recv
    args: [!ref s, 16]
    expect: {value: !bytes ''}
)",
                                   "stuck.yaml");
  auto ts = targets({"ref"});
  RunOptions options;
  options.case_timeout = 0.3;
  const auto start = std::chrono::steady_clock::now();
  const RunResult r = run_spec(spec, ts, options);
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(r.results.size(), 1u);
  EXPECT_EQ(r.results[0].judgement.verdict, Verdict::errored);
  EXPECT_NE(r.results[0].detail.find("case deadline of 0.3 s"), std::string::npos) << r.results[0].detail;
  EXPECT_GE(took, 0.3);
}

}  // namespace
}  // namespace sockcheck
