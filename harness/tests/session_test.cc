// Cases with set-up steps: bindings, fixtures, timing bands, and sessions
// running side by side. The target here is a small stateful one written for
// the test, because the mechanism (not an implementation) is under test.
#include <gtest/gtest.h>

#include <thread>

#include "harness/run/runner.h"
#include "harness/spec/loader.h"

namespace sockcheck {
namespace {

class CountingTarget final : public Target {
 public:
  CountingTarget() { info_.name = "counting"; }
  const TargetInfo& info() const override { return info_; }
  std::vector<sock::Outcome> run(std::span<const Call> calls) override {
    return std::vector<sock::Outcome>(calls.size(), sock::Outcome::errored("stateless call"));
  }
  bool supports(std::string_view op) const override { return op != "missing"; }

  std::unique_ptr<TargetSession> open_session() override { return std::make_unique<Session>(*this); }

  std::atomic<int> open{0};
  std::atomic<int> most_open{0};

 private:
  class Session final : public TargetSession {
   public:
    explicit Session(CountingTarget& t) : t_(t) {
      const int now = ++t_.open;
      int seen = t_.most_open.load();
      while (now > seen && !t_.most_open.compare_exchange_weak(seen, now)) {
      }
    }
    ~Session() override { --t_.open; }
    sock::Outcome call(const Call& c) override {
      if (c.op == "make") return sock::Outcome::returned(sock::Handle{"h" + std::to_string(++made_)});
      if (c.op == "use") {
        const auto* h = c.args.at(0).get_if<sock::Handle>();
        if (h == nullptr) return sock::Outcome::raise("TypeError", "not a handle: " + sock::repr(c.args.at(0)));
        return sock::Outcome::returned(h->id);
      }
      if (c.op == "fail") return sock::Outcome::raise("OSError", "failed on purpose");
      if (c.op == "sleep") {
        std::this_thread::sleep_for(std::chrono::duration<double>(c.args.at(0).as<double>()));
        return sock::Outcome::returned(sock::None{});
      }
      if (c.op == "reported_sleep") {
        // Sleeps args[0] seconds and says it took args[1], as an adapter
        // reports "elapsed".
        std::this_thread::sleep_for(std::chrono::duration<double>(c.args.at(0).as<double>()));
        auto o = sock::Outcome::returned(sock::None{});
        o.seconds = c.args.at(1).as<double>();
        return o;
      }
      if (c.op == "echo") return sock::Outcome::returned(c.args.at(0));
      return sock::Outcome::unsupported(c.op);
    }

   private:
    CountingTarget& t_;
    int made_ = 0;
  };
  TargetInfo info_;
};

class EchoFixtures final : public Fixtures {
 public:
  sock::Outcome start(const Call& c) override {
    if (c.op == "fixture.address") return sock::Outcome::returned(sock::Tuple{sock::Value("127.0.0.1"), sock::Value(4242)});
    return sock::Outcome::unsupported("no fixture " + c.op);
  }
};

const char* kHeader = "defaults:\n  source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: q}\n  versions: all\ncases:\n";

RunResult run(const std::string& cases, CountingTarget& target, bool with_fixtures = true) {
  const Spec spec = load_spec_text(std::string(kHeader) + cases, "s.yaml");
  std::vector<std::unique_ptr<Target>> ts;
  struct Borrowed final : Target {
    explicit Borrowed(CountingTarget& t) : t_(t) {}
    const TargetInfo& info() const override { return t_.info(); }
    std::vector<sock::Outcome> run(std::span<const Call> c) override { return t_.run(c); }
    bool supports(std::string_view op) const override { return t_.supports(op); }
    std::unique_ptr<TargetSession> open_session() override { return t_.open_session(); }
    CountingTarget& t_;
  };
  ts.push_back(std::make_unique<Borrowed>(target));
  RunOptions options;
  if (with_fixtures) options.fixtures = [] { return std::make_unique<EchoFixtures>(); };
  return run_spec(spec, ts, options);
}

TEST(SessionTest, BoundValuesReachLaterSteps) {
  CountingTarget t;
  const auto r = run(R"(  - id: a
    setup:
      - {op: make, bind: s}
      - {op: make, bind: second}
    op: use
    args: [!ref second]
    expect: {value: h2}
)", t);
  ASSERT_EQ(r.results.size(), 1u);
  EXPECT_EQ(r.results[0].judgement.verdict, Verdict::passed) << sock::describe(r.results[0].outcome);
}

TEST(SessionTest, FixturesRunInTheHarnessAndBindTheirResult) {
  CountingTarget t;
  const std::string c = R"(  - id: a
    setup:
      - {op: fixture.address, bind: peer}
    op: echo
    args: [[!ref peer, 1]]
    expect: {value: [['127.0.0.1', 4242], 1]}
)";
  EXPECT_EQ(run(c, t).results[0].judgement.verdict, Verdict::passed);
  const auto without = run(c, t, false);
  EXPECT_EQ(without.results[0].judgement.verdict, Verdict::skipped);
  EXPECT_NE(without.results[0].detail.find("set-up step 1 fixture.address()"), std::string::npos)
      << without.results[0].detail;
}

TEST(SessionTest, AFailingSetUpStepFailsTheCaseAndSaysWhich) {
  CountingTarget t;
  const auto r = run(R"(  - id: a
    setup:
      - {op: make, bind: s}
      - {op: fail}
    op: use
    args: [!ref s]
    expect: {value: h1}
  - id: b
    setup:
      - {op: fail, expect: {raises: OSError}}
    op: echo
    args: [1]
    expect: {value: 1}
)", t);
  EXPECT_EQ(r.results[0].judgement.verdict, Verdict::failed);
  EXPECT_EQ(r.results[0].detail, "set-up step 2 fail() raised");
  EXPECT_EQ(r.results[1].judgement.verdict, Verdict::passed) << r.results[1].detail;
}

TEST(SessionTest, TimingBandsJudgeTheTestedCallsWallTime) {
  CountingTarget t;
  const auto r = run(R"(  - id: in-band
    setup: [{op: make}]
    op: sleep
    args: [0.03]
    expect: {value: null}
    elapsed: {min: 0.03, max: 5}
  - id: too-slow
    setup: [{op: make}]
    op: sleep
    args: [0.03]
    expect: {value: null}
    elapsed: {min: 0, max: 0.001}
)", t);
  EXPECT_EQ(r.results[0].judgement.verdict, Verdict::passed) << r.results[0].detail;
  EXPECT_GE(r.results[0].seconds, 0.03);
  EXPECT_EQ(r.results[1].judgement.verdict, Verdict::failed);
  EXPECT_TRUE(r.results[1].detail.starts_with("took 0.0")) << r.results[1].detail;
}

// A target that times its own call (an adapter's "elapsed") is judged by
// that figure, so the pipe around it cannot push it out of its band; a
// figure larger than the round trip is not believed.
TEST(SessionTest, TimingBandsUseTheTargetsOwnFigureWhenItIsPlausible) {
  CountingTarget t;
  const auto r = run(R"(  - id: a-own-figure-in-band
    setup: [{op: make}]
    op: reported_sleep
    args: [0.05, 0.002]
    expect: {value: null}
    elapsed: {min: 0, max: 0.01}
  - id: b-own-figure-too-fast
    setup: [{op: make}]
    op: reported_sleep
    args: [0.05, 0.002]
    expect: {value: null}
    elapsed: {min: 0.01, max: 5}
  - id: c-implausible-figure
    setup: [{op: make}]
    op: reported_sleep
    args: [0.05, 100.0]
    expect: {value: null}
    elapsed: {min: 0.04, max: 5}
)", t);
  ASSERT_EQ(r.results.size(), 3u);
  EXPECT_EQ(r.results[0].judgement.verdict, Verdict::passed) << r.results[0].detail;
  EXPECT_DOUBLE_EQ(r.results[0].seconds, 0.002);
  EXPECT_EQ(r.results[1].judgement.verdict, Verdict::failed);
  EXPECT_EQ(r.results[1].detail, "took 0.002 s, expected between 0.010 and 5.000 s");
  EXPECT_EQ(r.results[2].judgement.verdict, Verdict::passed) << r.results[2].detail;
  EXPECT_GE(r.results[2].seconds, 0.05);
  EXPECT_LT(r.results[2].seconds, 100.0);
}

TEST(SessionTest, SessionsRunSideBySideAndAreAllClosed) {
  CountingTarget t;
  std::string cases;
  for (int i = 0; i < 16; ++i) {
    cases += "  - id: c" + std::to_string(i) + "\n    setup: [{op: make}]\n    op: sleep\n    args: [0.05]\n    expect: {value: null}\n";
  }
  const auto r = run(cases, t);
  EXPECT_EQ(r.targets[0].passed, 16u);
  EXPECT_GT(t.most_open.load(), 1) << "sessions ran one at a time";
  EXPECT_EQ(t.open.load(), 0) << "a session was not closed";
}

TEST(SessionTest, LoaderChecksStepsRefsAndTimingBands) {
  const struct {
    const char* text;
    const char* says;
  } rows[] = {
      {"  - id: a\n    op: echo\n    args: [!ref nope]\n    expect: {value: 1}\n", "!ref nope is not bound"},
      {"  - id: a\n    setup: [{op: make, bind: s, oops: 1}]\n    op: echo\n    args: [1]\n    expect: {value: 1}\n",
       "unknown key 'oops' in a set-up step"},
      {"  - id: a\n    setup: [{op: echo, args: [!ref s]}, {op: make, bind: s}]\n    op: echo\n    args: [1]\n    expect: {value: 1}\n",
       "!ref s is not bound"},
      {"  - id: a\n    op: echo\n    args: [1]\n    expect: {value: 1}\n    elapsed: {min: 2, max: 1}\n", "0 <= min <= max"},
      {"  - id: a\n    op: echo\n    args: [1]\n    expect: {value: 1}\n    elapsed: {min: x, max: 1}\n", "are seconds"},
  };
  for (const auto& row : rows) {
    try {
      (void)load_spec_text(std::string(kHeader) + row.text, "s.yaml");
      ADD_FAILURE() << "loaded: " << row.text;
    } catch (const SpecError& e) {
      EXPECT_NE(std::string(e.what()).find(row.says), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace sockcheck
