// The regression gate's parts: baseline files (reading strictly, writing
// stably, updating without losing reasons), the comparison table, the
// selection, and the runner's retries of flaky timing cases.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "harness/gate/baseline.h"
#include "harness/gate/compare.h"
#include "harness/gate/selection.h"
#include "harness/run/runner.h"
#include "harness/spec/loader.h"

namespace sockcheck::gate {
namespace {

const char* kHeader = "defaults:\n  source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: q}\n  versions: all\n  op: inet_aton\ncases:\n";

Spec spec_of(const std::string& cases) { return load_spec_text(std::string(kHeader) + cases, "s.yaml"); }

// ---- reading baselines -----------------------------------------------------

std::string error_of(const std::string& text) {
  try {
    (void)parse_baseline(text, "b.yaml");
  } catch (const BaselineError& e) {
    return e.what();
  }
  return "(no error)";
}

const char* kGood = R"(schema: sockcheck-baseline/1
targets:
  - target: ref
    profile: "3.12"
    cases:
      a: passed
      b: {verdict: failed, reason: "prints hex"}
      c: skipped
)";

TEST(BaselineTest, ReadsSectionsVerdictsAndReasons) {
  const Baseline b = parse_baseline(kGood, "b.yaml");
  ASSERT_EQ(b.sections.size(), 1u);
  const Section* s = b.find("ref", sock::Profile::v3_12);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(b.find("ref", sock::Profile::v3_3), nullptr);
  ASSERT_EQ(s->cases.size(), 3u);
  EXPECT_EQ(s->cases.at("a").verdict, Verdict::passed);
  EXPECT_EQ(s->cases.at("b").verdict, Verdict::failed);
  EXPECT_EQ(s->cases.at("b").reason, "prints hex");
  EXPECT_EQ(s->cases.at("b").where.line, 7);
  EXPECT_EQ(s->cases.at("c").verdict, Verdict::skipped);
}

TEST(BaselineTest, EveryProblemIsAnErrorAtItsLineAndColumn) {
  const std::string sec = "schema: sockcheck-baseline/1\ntargets:\n  - target: ref\n    profile: \"3.12\"\n    cases:\n";
  const struct {
    std::string text;
    const char* says;
  } rows[] = {
      {"", "b.yaml:1:1: not a sockcheck baseline (the file is empty)"},
      {"- a\n- b\n", "b.yaml:1:1: not a sockcheck baseline"},
      {"schema: [unclosed\n", "b.yaml:2:1: not valid YAML"},
      {"schema: sockcheck-baseline/2\ntargets: []\n", "b.yaml:1:9: schema 'sockcheck-baseline/2' is not one this sockcheck reads"},
      {"schema: sockcheck-baseline/1\n", "b.yaml:1:1: the baseline needs 'targets'"},
      {"schema: sockcheck-baseline/1\ntargets: []\nextra: 1\n", "b.yaml:3:1: unknown key 'extra' in the baseline"},
      {"schema: sockcheck-baseline/1\ntargets:\n  - target: ref\n    profile: \"3.11\"\n    cases: {}\n",
       "b.yaml:4:14: unknown profile '3.11'"},
      {"schema: sockcheck-baseline/1\ntargets:\n  - target: ref\n    profile: \"3.12\"\n    cases: {}\n    notes: x\n",
       "b.yaml:6:5: unknown key 'notes' in a section"},
      {"schema: sockcheck-baseline/1\ntargets:\n  - profile: \"3.12\"\n    cases: {}\n", "b.yaml:3:5: a section needs 'target'"},
      {sec + "      a: fail\n", "b.yaml:6:10: unknown verdict 'fail' for 'a'"},
      {sec + "      a: failed\n", "b.yaml:6:10: known failure 'a' needs a reason"},
      {sec + "      a: {verdict: failed}\n", "b.yaml:6:10: known failure 'a' needs 'reason'"},
      {sec + "      a: {verdict: failed, reason: '  '}\n", "b.yaml:6:36: the reason of known failure 'a' is empty"},
      {sec + "      a: {verdict: passed, reason: x}\n", "b.yaml:6:20: only a known failure (failed, errored) takes a reason"},
      {sec + "      a: {verdict: failed, reason: x, since: 2}\n", "b.yaml:6:39: unknown key 'since' in a known failure"},
      {sec + "      a: passed\n      a: skipped\n", "b.yaml:7:7: case 'a' is recorded twice (first on line 6)"},
      {sec + "      a: passed\n  - target: ref\n    profile: \"3.12\"\n    cases: {}\n",
       "b.yaml:7:5: target 'ref' with profile 3.12 has a second section (the first is on line 3)"},
  };
  for (const auto& row : rows) {
    const std::string got = error_of(row.text);
    EXPECT_NE(got.find(row.says), std::string::npos) << "text:\n" << row.text << "\nerror: " << got;
  }
}

TEST(BaselineTest, AllProblemsOfAFileAreReportedAtOnce) {
  try {
    (void)parse_baseline("schema: sockcheck-baseline/1\ntargets:\n  - target: ref\n    profile: \"3.12\"\n    cases:\n"
                         "      a: fail\n      b: failed\n",
                         "b.yaml");
    FAIL() << "parsed";
  } catch (const BaselineError& e) {
    EXPECT_EQ(e.messages().size(), 2u) << e.what();
  }
}

TEST(BaselineTest, AMissingFileSaysHowToRecordOne) {
  try {
    (void)read_baseline("/nonexistent/b.yaml");
    FAIL() << "read";
  } catch (const BaselineError& e) {
    EXPECT_EQ(std::string(e.what()),
              "/nonexistent/b.yaml: cannot read the baseline: no such file (record one with --write-baseline "
              "/nonexistent/b.yaml)");
  }
}

// ---- writing baselines -----------------------------------------------------

TEST(BaselineTest, WritesSortedOneLinePerCaseAndReadsBackTheSame) {
  Baseline b;
  Section libc;
  libc.target = "libc";
  libc.implementation = "GNU libc";
  libc.version = "2.36";
  libc.cases["z/last"] = {Verdict::passed, {}, {}};
  libc.cases["a/first"] = {Verdict::errored, "the adapter \"died\"\nat once", {}};
  libc.cases["m/middle"] = {Verdict::skipped, {}, {}};
  Section ref;
  ref.target = "ref";
  ref.profile = sock::Profile::v2_6;
  ref.cases["null"] = {Verdict::passed, {}, {}};    // a YAML word: must be quoted
  ref.cases["1.5"] = {Verdict::passed, {}, {}};     // a number: must be quoted
  b.sections = {ref, libc};                         // unsorted on purpose
  const std::string text = baseline_yaml(b);
  const std::string body = text.substr(text.find("schema:"));
  EXPECT_EQ(body, R"(schema: sockcheck-baseline/1
targets:
  - target: libc
    profile: "3.12"
    implementation: GNU libc
    version: "2.36"
    cases:
      a/first: {verdict: errored, reason: "the adapter \"died\"\nat once"}
      m/middle: skipped
      z/last: passed
  - target: ref
    profile: "2.6"
    cases:
      "1.5": passed
      "null": passed
)");
  const Baseline back = parse_baseline(text, "b.yaml");
  EXPECT_EQ(baseline_yaml(back), text) << "writing what was read changed it";
  EXPECT_EQ(back.find("libc", sock::Profile::v3_12)->cases.at("a/first").reason, "the adapter \"died\"\nat once");
  EXPECT_EQ(back.find("ref", sock::Profile::v2_6)->cases.count("null"), 1u);
}

// A run of one target over `spec` with the given verdicts, by case index.
RunResult fake_run(const std::string& target, const std::vector<Verdict>& verdicts,
                   sock::Profile profile = sock::Profile::v3_12) {
  RunResult r;
  TargetSummary t;
  t.info.name = target;
  t.info.implementation = "impl of " + target;
  t.profile = profile;
  r.targets.push_back(t);
  for (std::size_t i = 0; i < verdicts.size(); ++i) {
    CaseResult c;
    c.case_index = i;
    c.outcome = verdicts[i] == Verdict::passed ? sock::Outcome::returned(sock::Value(1))
                                               : sock::Outcome::raise("OSError", "nope");
    c.judgement.verdict = verdicts[i];
    r.results.push_back(c);
  }
  return r;
}

const char* kThree = R"(  - {id: a, args: ['1.2.3.4'], expect: {value: !bytes 01020304}}
  - {id: b, args: ['1.2.3.4'], expect: {value: !bytes 01020304}}
  - {id: c, args: ['1.2.3.4'], expect: {value: !bytes 01020304}}
)";

TEST(BaselineTest, RecordingKeepsReasonsDeselectedCasesAndOtherSections) {
  const Spec universe = spec_of(kThree);
  Baseline previous = parse_baseline(R"(schema: sockcheck-baseline/1
targets:
  - target: other
    profile: "3.12"
    cases: {a: passed}
  - target: ref
    profile: "3.12"
    cases:
      a: {verdict: failed, reason: "a maintainer's why"}
      c: passed
      gone: passed
)",
                                     "b.yaml");
  // Only a and b ran (c was deselected): a still fails, b fails for the
  // first time.
  Spec selected = universe;
  selected.cases.pop_back();
  const RunResult run = fake_run("ref", {Verdict::failed, Verdict::failed});
  const Baseline b = record(previous, universe, selected, run);
  ASSERT_NE(b.find("other", sock::Profile::v3_12), nullptr) << "a section of another target was dropped";
  const Section& ref = *b.find("ref", sock::Profile::v3_12);
  EXPECT_EQ(ref.implementation, "impl of ref");
  EXPECT_EQ(ref.cases.at("a").reason, "a maintainer's why");
  EXPECT_EQ(ref.cases.at("b").verdict, Verdict::failed);
  EXPECT_EQ(ref.cases.at("b").reason, "expected -> b'\\x01\\x02\\x03\\x04', got raises OSError: nope");
  EXPECT_EQ(ref.cases.at("c").verdict, Verdict::passed) << "a deselected case lost its entry";
  EXPECT_EQ(ref.cases.count("gone"), 0u) << "a case no longer in the spec was kept";
}

// ---- comparing -------------------------------------------------------------

TEST(CompareTest, EachRecordedAndCurrentVerdictHasItsStatus) {
  // One case per row of the table in compare.h.
  const struct {
    const char* recorded;  // nullptr: not in the baseline
    Verdict now;
    BaselineStatus status;
  } rows[] = {
      {"passed", Verdict::passed, BaselineStatus::unchanged},
      {"passed", Verdict::failed, BaselineStatus::regression},
      {"passed", Verdict::errored, BaselineStatus::regression},
      {"passed", Verdict::skipped, BaselineStatus::regression},
      {"{verdict: failed, reason: r}", Verdict::passed, BaselineStatus::fixed},
      {"{verdict: failed, reason: r}", Verdict::errored, BaselineStatus::known_failure},
      {"{verdict: errored, reason: r}", Verdict::failed, BaselineStatus::known_failure},
      {"{verdict: failed, reason: r}", Verdict::skipped, BaselineStatus::known_failure},
      {"skipped", Verdict::skipped, BaselineStatus::unchanged},
      {"skipped", Verdict::passed, BaselineStatus::new_case},
      {"skipped", Verdict::failed, BaselineStatus::new_failure},
      {nullptr, Verdict::passed, BaselineStatus::new_case},
      {nullptr, Verdict::skipped, BaselineStatus::new_case},
      {nullptr, Verdict::errored, BaselineStatus::new_failure},
  };
  std::string cases, recorded;
  std::vector<Verdict> now;
  for (std::size_t i = 0; i < std::size(rows); ++i) {
    const std::string id = "c" + std::string(i < 10 ? "0" : "") + std::to_string(i);  // sorted like the rows
    cases += "  - {id: " + id + ", args: ['1.2.3.4'], expect: {value: !bytes 01020304}}\n";
    if (rows[i].recorded != nullptr) recorded += "      " + id + ": " + rows[i].recorded + "\n";
    now.push_back(rows[i].now);
  }
  const Spec spec = spec_of(cases);
  const Baseline b = parse_baseline(
      "schema: sockcheck-baseline/1\ntargets:\n  - target: t\n    profile: \"3.12\"\n    cases:\n" + recorded, "b.yaml");
  const Comparison cmp = compare(b, "b.yaml", spec, spec, fake_run("t", now), {});
  ASSERT_EQ(cmp.results.size(), std::size(rows));
  for (std::size_t i = 0; i < std::size(rows); ++i) {
    EXPECT_EQ(to_string(cmp.results[i].status), to_string(rows[i].status))
        << "row " << i << ": recorded " << (rows[i].recorded ? rows[i].recorded : "nothing") << ", now "
        << to_string(rows[i].now);
  }
  EXPECT_EQ(cmp.results[5].reason, "r");
  const auto& t = cmp.targets.at(0);
  EXPECT_EQ(t.regressions, 3u);
  EXPECT_EQ(t.fixed, 1u);
  EXPECT_EQ(t.known_failures, 3u);
  EXPECT_EQ(t.new_failures, 2u);
  EXPECT_EQ(t.new_cases, 3u);
  EXPECT_EQ(t.unchanged, 2u);
}

TEST(CompareTest, ThePolicyDecidesWhatFailsTheGate) {
  const Spec universe = spec_of(kThree);
  const Baseline b = parse_baseline(R"(schema: sockcheck-baseline/1
targets:
  - target: t
    profile: "3.12"
    cases:
      a: {verdict: failed, reason: r}
      gone: passed
)",
                                    "b.yaml");
  // a is fixed, b and c are new; c fails.
  const RunResult run = fake_run("t", {Verdict::passed, Verdict::passed, Verdict::failed});
  const auto failures = [&](Policy p) {
    std::string out;
    for (const auto& f : compare(b, "b.yaml", universe, universe, run, p).failures()) out += f + ";";
    return out;
  };
  EXPECT_EQ(failures({}), "1 new failure;");
  EXPECT_EQ(failures(Policy{false, true}), "");
  EXPECT_EQ(failures(Policy{true, true}),
            "1 fixed known failure (--strict);1 removed case (--strict);");
  const Comparison cmp = compare(b, "b.yaml", universe, universe, run, {});
  EXPECT_EQ(cmp.targets[0].removed, std::vector<std::string>{"gone"});
  EXPECT_FALSE(cmp.passed());
}

TEST(CompareTest, ACaseOutsideTheProfileIsRemovedButADeselectedOneIsNot) {
  const Spec universe = spec_of(R"(  - {id: a, args: ['1.2.3.4'], expect: {value: !bytes 01020304}}
  - {id: old, versions: -2.6, args: ['1.2.3.4'], expect: {value: !bytes 01020304}}
  - {id: skipped-this-time, args: ['1.2.3.4'], expect: {value: !bytes 01020304}}
)");
  Spec selected = universe;
  selected.cases.resize(1);
  const Baseline b = parse_baseline(
      "schema: sockcheck-baseline/1\ntargets:\n  - target: t\n    profile: \"3.12\"\n    cases: {a: passed, old: "
      "passed, skipped-this-time: passed}\n",
      "b.yaml");
  const Comparison cmp = compare(b, "b.yaml", universe, selected, fake_run("t", {Verdict::passed}), Policy{true, false});
  EXPECT_EQ(cmp.targets[0].removed, std::vector<std::string>{"old"});
}

TEST(CompareTest, AMissingSectionIsNamedWithWhatTheFileHas) {
  const Baseline b = parse_baseline(kGood, "b.yaml");
  const auto missing = missing_sections(b, "b.yaml", {{"ref", sock::Profile::v3_12}, {"ref", sock::Profile::v3_3}});
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0],
            "b.yaml: no section for target 'ref' with profile 3.3 (it has: ref 3.12); record one with --write-baseline "
            "b.yaml");
}

// ---- selection -------------------------------------------------------------

TEST(SelectionTest, KindsCombineWithAndRepeatsWithOr) {
  const Spec spec = load_spec_text(R"(defaults:
  source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: q}
  versions: all
  op: inet_aton
  args: ['1.2.3.4']
  expect: {value: !bytes 01020304}
cases:
  - {id: aton/one, area: conversions/inet_aton, tags: [ipv4]}
  - {id: aton/two, area: conversions/inet_aton, tags: [ipv4, octal]}
  - {id: pton/one, area: conversions/inet_pton, tags: [ipv6]}
  - {id: sock/one, area: socket-objects/recv, tags: [timing]}
)",
                                   "s.yaml");
  const auto ids = [&](const Selection& s) {
    std::string out;
    for (const auto& c : select(spec, s).cases) out += c.id + " ";
    return out;
  };
  // Selection{} with some selectors set: {cases, areas, tags}.
  const auto sel = [](std::vector<std::string> cases, std::vector<std::string> areas, std::vector<std::string> tags) {
    Selection s;
    s.cases = std::move(cases);
    s.areas = std::move(areas);
    s.tags = std::move(tags);
    return s;
  };
  EXPECT_EQ(ids({}), "aton/one aton/two pton/one sock/one ");
  EXPECT_EQ(ids(sel({"aton/*"}, {}, {})), "aton/one aton/two ");
  EXPECT_EQ(ids(sel({}, {"conversions"}, {})), "aton/one aton/two pton/one ") << "a folder of areas";
  EXPECT_EQ(ids(sel({}, {"conversions/inet_p*"}, {})), "pton/one ");
  EXPECT_EQ(ids(sel({}, {"conv"}, {})), "") << "a prefix that is not a folder";
  EXPECT_EQ(ids(sel({}, {}, {"ipv6", "timing"})), "pton/one sock/one ");
  EXPECT_EQ(ids(sel({}, {"conversions"}, {"octal", "ipv6"})), "aton/two pton/one ");
  EXPECT_EQ(ids(sel({"*one"}, {}, {"ipv4"})), "aton/one ");
  Selection only;
  only.only = std::set<std::string>{"pton/one", "no/longer"};
  EXPECT_EQ(ids(only), "pton/one ");
  only.only->clear();
  EXPECT_EQ(ids(only), "") << "nothing failed, nothing selected";
}

TEST(SelectionTest, StatementsAreMatchedByGlob) {
  Case c;
  c.statements = {"3.3/inet_aton/invalid-raises", "3.12/inet_aton/x"};
  const auto statements = [](std::string glob) {
    Selection s;
    s.statements = {std::move(glob)};
    return s;
  };
  EXPECT_TRUE(statements("3.3/inet_aton/*").matches(c));
  EXPECT_TRUE(statements("*/x").matches(c));
  EXPECT_FALSE(statements("2.6/*").matches(c));
  EXPECT_FALSE(statements("*").matches(Case{})) << "a case without statements";
}

class ResultsFile : public ::testing::Test {
 protected:
  std::filesystem::path write(const std::string& text) {
    path_ = std::filesystem::temp_directory_path() / ("sockcheck-gate-" + std::to_string(::getpid()) + ".json");
    std::ofstream(path_) << text;
    return path_;
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::filesystem::path path_;
};

TEST_F(ResultsFile, OnlyFailedTakesFailedAndErroredCasesOfAnyTarget) {
  const auto p = write(R"({"schema": "sockcheck-results/1", "cases": [
    {"id": "a", "results": {"ref": {"verdict": "passed"}, "libc": {"verdict": "failed"}}},
    {"id": "b", "results": {"ref": {"verdict": "errored"}}},
    {"id": "c", "results": {"ref": {"verdict": "skipped"}}},
    {"id": "d", "results": {"ref": {"verdict": "passed", "flaky": true, "attempts": 2}}}]})");
  EXPECT_EQ(failed_cases(p), (std::set<std::string>{"a", "b"}));
}

TEST_F(ResultsFile, OnlyFailedRejectsWhatIsNotAResultsFile) {
  const auto message = [&](const std::string& text) {
    try {
      (void)failed_cases(write(text));
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_NE(message("{\"schema\": \"sockcheck-results/1\",\n  \"cases\": [}").find(":2:13: not valid JSON"),
            std::string::npos);
  EXPECT_NE(message("{\"cases\": []}").find("not a sockcheck results.json (no \"schema\""), std::string::npos);
  EXPECT_NE(message("{\"schema\": \"sockcheck-results/1\"}").find("no \"cases\" list"), std::string::npos);
  EXPECT_NE(message("{\"schema\": \"sockcheck-results/1\", \"cases\": [{\"id\": \"a\"}]}").find("without"),
            std::string::npos);
}

// ---- retries ---------------------------------------------------------------

// A target whose session calls behave as told by their first argument:
// "slow-once" sleeps 0.2 s the first time it is called and not after,
// "slow" always sleeps 0.2 s, "break-once" errors the first time,
// "wrong" returns 2. Calls are counted, so a test can see what was retried.
class MoodyTarget final : public Target {
 public:
  MoodyTarget() { info_.name = "moody"; }
  const TargetInfo& info() const override { return info_; }
  std::vector<sock::Outcome> run(std::span<const Call> batch) override {
    std::vector<sock::Outcome> out;
    for (const auto& c : batch) out.push_back(answer(c));
    return out;
  }
  bool supports(std::string_view) const override { return true; }
  std::unique_ptr<TargetSession> open_session() override { return std::make_unique<Session>(*this); }

  std::atomic<int> calls{0};

 private:
  sock::Outcome answer(const Call& c) {
    ++calls;
    const std::string mood = c.args.empty() ? "" : c.args[0].as<std::string>();
    const bool first_time = first_call(mood);
    if (mood == "slow" || (mood == "slow-once" && first_time)) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (mood == "break-once" && first_time) return sock::Outcome::errored("broke on purpose");
    if (mood == "wrong") return sock::Outcome::returned(sock::Value(2));
    return sock::Outcome::returned(sock::Value(1));
  }
  bool first_call(const std::string& mood) {
    const std::lock_guard lock(mutex_);
    return seen_moods_.insert(mood).second;
  }

  class Session final : public TargetSession {
   public:
    explicit Session(MoodyTarget& t) : t_(t) {}
    sock::Outcome call(const Call& c) override { return t_.answer(c); }

   private:
    MoodyTarget& t_;
  };
  TargetInfo info_;
  std::mutex mutex_;
  std::set<std::string> seen_moods_;
};

RunResult run_moody(const std::string& cases, MoodyTarget& target, unsigned retries) {
  const Spec spec = load_spec_text("defaults:\n  source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: q}\n  versions: all\n"
                                   "  op: mood\n  expect: {value: 1}\ncases:\n" + cases,
                                   "s.yaml");
  struct Borrowed final : Target {
    explicit Borrowed(MoodyTarget& t) : t_(t) {}
    const TargetInfo& info() const override { return t_.info(); }
    std::vector<sock::Outcome> run(std::span<const Call> c) override { return t_.run(c); }
    bool supports(std::string_view op) const override { return t_.supports(op); }
    std::unique_ptr<TargetSession> open_session() override { return t_.open_session(); }
    MoodyTarget& t_;
  };
  std::vector<std::unique_ptr<Target>> ts;
  ts.push_back(std::make_unique<Borrowed>(target));
  RunOptions options;
  options.retries = retries;
  return run_spec(spec, ts, options);
}

// Set-up steps make a case run in a session; the band makes it a timing case.
const char* kSlowOnce = "  - {id: slow-once, setup: [{op: mood, args: [ok]}], args: [slow-once], elapsed: {min: 0, max: 0.1}}\n";

TEST(RetryTest, ATimingCaseThatPassesOnARetryIsFlakyAndCountsAsPassed) {
  MoodyTarget t;
  const RunResult r = run_moody(kSlowOnce, t, 2);
  ASSERT_EQ(r.results.size(), 1u);
  const CaseResult& c = r.results[0];
  EXPECT_EQ(c.judgement.verdict, Verdict::passed) << c.detail;
  EXPECT_EQ(c.attempts, 2u);
  EXPECT_TRUE(c.flaky());
  EXPECT_TRUE(c.detail.starts_with("passed on attempt 2; attempt 1 failed: took 0.2")) << c.detail;
  EXPECT_EQ(r.targets[0].passed, 1u);
  EXPECT_EQ(r.targets[0].flaky, 1u);
  EXPECT_TRUE(r.all_passed());
}

TEST(RetryTest, WithoutRetriesTheSameCaseFails) {
  MoodyTarget t;
  const RunResult r = run_moody(kSlowOnce, t, 0);
  EXPECT_EQ(r.results[0].judgement.verdict, Verdict::failed);
  EXPECT_EQ(r.results[0].attempts, 1u);
  EXPECT_EQ(r.targets[0].flaky, 0u);
}

TEST(RetryTest, RetriesAreBoundedAndTheLastFailureIsKept) {
  MoodyTarget t;
  const RunResult r = run_moody(
      "  - {id: slow, setup: [{op: mood, args: [ok]}], args: [slow], elapsed: {min: 0, max: 0.1}}\n", t, 2);
  const CaseResult& c = r.results[0];
  EXPECT_EQ(c.judgement.verdict, Verdict::failed);
  EXPECT_EQ(c.attempts, 3u);
  EXPECT_FALSE(c.flaky());
  // The durations differ from attempt to attempt, usually in the last digit.
  EXPECT_TRUE(c.detail.starts_with("took 0.2")) << c.detail;
  EXPECT_NE(c.detail.find(" 3 attempts"), std::string::npos) << c.detail;
  EXPECT_EQ(t.calls.load(), 6) << "3 attempts of a set-up step and the tested call";
}

TEST(RetryTest, AFailureThatRepeatsItselfIsReportedOnce) {
  MoodyTarget t;
  const RunResult r = run_moody(
      "  - {id: wrong, setup: [{op: mood, args: [ok]}], args: [wrong], elapsed: {min: 0, max: 5}}\n", t, 2);
  EXPECT_EQ(r.results[0].judgement.verdict, Verdict::failed);
  EXPECT_EQ(r.results[0].attempts, 3u) << "a timing case is retried whatever failed";
  EXPECT_EQ(r.results[0].detail, "the same in all 3 attempts");
}

TEST(RetryTest, AnErroredSessionCaseIsRetriedButAWrongAnswerIsNot) {
  MoodyTarget t;
  const RunResult r = run_moody(R"(  - {id: break-once, setup: [{op: mood, args: [ok]}], args: [break-once]}
  - {id: wrong, setup: [{op: mood, args: [ok]}], args: [wrong]}
)",
                                t, 2);
  ASSERT_EQ(r.results.size(), 2u);
  EXPECT_EQ(r.results[0].judgement.verdict, Verdict::passed);
  EXPECT_EQ(r.results[0].attempts, 2u);
  EXPECT_TRUE(r.results[0].detail.starts_with("passed on attempt 2; attempt 1 errored: errored: broke on purpose"))
      << r.results[0].detail;
  EXPECT_EQ(r.results[1].judgement.verdict, Verdict::failed) << "a wrong answer is not an accident of timing";
  EXPECT_EQ(r.results[1].attempts, 1u);
}

TEST(RetryTest, PlainCasesAreNeverRetried) {
  MoodyTarget t;
  const RunResult r = run_moody("  - {id: plain, args: [break-once]}\n", t, 2);
  EXPECT_EQ(r.results[0].judgement.verdict, Verdict::errored);
  EXPECT_EQ(r.results[0].attempts, 1u);
  EXPECT_EQ(t.calls.load(), 1);
}

}  // namespace
}  // namespace sockcheck::gate
