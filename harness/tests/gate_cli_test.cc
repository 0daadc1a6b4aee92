// The regression gate through the real binary: every gating outcome
// (unchanged, regression, known failure, fixed, new case, new failure,
// removed case, flaky), every baseline error, the selection flags, and the
// CI outputs checked by independent readers (python3's xml.etree for
// JUnit, python3-jsonschema for results.json against its schema).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct Ran {
  int exit = -1;
  std::string out, err;
};

// The JSON result of one case on one target in a results.json.
const json& result_of(const json& results, const std::string& id, const std::string& target) {
  for (const auto& c : results["cases"]) {
    if (c["id"] == id) return c["results"][target];
  }
  static const json none;
  return none;
}

// Three cases on inet_aton; `aton-wrong` expects the wrong bytes, so it
// fails on every target.
const char* kHead = R"(defaults:
  source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: "Convert an IPv4 address from dotted-quad string format"}
  versions: all
  op: inet_aton
  area: conversions/inet_aton
cases:
)";
const char* kAton = "  - {id: aton, args: ['127.0.0.1'], expect: {value: !bytes 7f000001}, tags: [loopback]}\n";
const char* kAtonBroken = "  - {id: aton, args: ['127.0.0.1'], expect: {value: !bytes 7f000002}, tags: [loopback]}\n";
const char* kZero = "  - {id: zero, args: ['0.0.0.0'], expect: {value: !bytes 00000000}, statements: [3.3/inet_aton/x]}\n";
const char* kWrong = "  - {id: wrong, args: ['1.2.3.4'], expect: {value: !bytes 01020305}}\n";
const char* kWrongFixed = "  - {id: wrong, args: ['1.2.3.4'], expect: {value: !bytes 01020304}}\n";

class GateCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sockcheck-gate-cli-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);  // kept for a look when a test failed
  }

  // Runs sockcheck in the test's folder with `args` (shell words), after
  // `env` (shell assignments, may be empty).
  Ran sockcheck(const std::string& args, const std::string& env = "") {
    const std::string cmd = "cd '" + dir_.string() + "' && " + env + " '" + SOCKCHECK_BINARY + "' " + args +
                            " >stdout 2>stderr";
    const int status = std::system(cmd.c_str());
    Ran r;
    r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(dir_ / "stdout");
    r.err = slurp(dir_ / "stderr");
    return r;
  }

  // A run of spec.yaml on ref, reports in out/.
  Ran run(const std::string& more) { return sockcheck("run --spec spec.yaml --target ref --out out " + more); }

  void spec(const std::string& cases) { write("spec.yaml", std::string(kHead) + cases); }

  fs::path write(const std::string& name, const std::string& text) {
    const auto p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  json results() { return json::parse(slurp(dir_ / "out/results.json")); }

  // Runs a python3 snippet with the test folder as its working directory.
  int python(const std::string& code, const std::string& args = "") {
    write("check.py", code);
    return std::system(("cd '" + dir_.string() + "' && python3 check.py " + args).c_str());
  }

  fs::path dir_;
};

// ---- recording -------------------------------------------------------------

TEST_F(GateCli, WriteBaselineRecordsEveryCaseSortedAndTheSameEveryTime) {
  spec(std::string(kZero) + kWrong + kAton);  // unsorted in the spec
  const Ran r = run("--write-baseline b.yaml");
  EXPECT_EQ(r.exit, 0) << "recording accepts the run, failures included\n" << r.out << r.err;
  EXPECT_TRUE(has(r.out, "baseline: wrote b.yaml (ref 3.12: 3 cases, 1 known failures)")) << r.out;
  const std::string text = slurp(dir_ / "b.yaml");
  EXPECT_TRUE(has(text, R"(schema: sockcheck-baseline/1
targets:
  - target: ref
    profile: "3.12"
    implementation: sockcheck reference (posix dialect)
)")) << text;
  EXPECT_TRUE(has(text, "    cases:\n      aton: passed\n      wrong: {verdict: failed, reason: \"expected -> "
                        "b'\\\\x01\\\\x02\\\\x03\\\\x05', got -> b'\\\\x01\\\\x02\\\\x03\\\\x04'\"}\n      zero: passed\n"))
      << text;
  ASSERT_EQ(run("--write-baseline b.yaml").exit, 0);
  EXPECT_EQ(slurp(dir_ / "b.yaml"), text) << "a second recording of the same run changed the file";
}

TEST_F(GateCli, RewritingKeepsAReasonAMaintainerWroteAndOtherTargets) {
  spec(std::string(kAton) + kWrong);
  ASSERT_EQ(sockcheck("run --spec spec.yaml --target ref,libc --out out --write-baseline b.yaml").exit, 0);
  std::string text = slurp(dir_ / "b.yaml");
  const auto at = text.find("reason: \"expected");
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, text.find('}', at) - at, "reason: \"our bug #12: the fourth byte\"");
  write("b.yaml", text);
  const Ran r = run("--write-baseline b.yaml");  // ref only
  ASSERT_EQ(r.exit, 0) << r.err;
  const std::string after = slurp(dir_ / "b.yaml");
  EXPECT_TRUE(has(after, "- target: libc")) << "the libc section was dropped\n" << after;
  EXPECT_TRUE(has(after, "our bug #12: the fourth byte")) << after;
}

// ---- gating outcomes -------------------------------------------------------

TEST_F(GateCli, AnUnchangedRunPassesTheGateQuietly) {
  spec(std::string(kAton) + kZero);
  ASSERT_EQ(run("--write-baseline b.yaml").exit, 0);
  const Ran r = run("--baseline b.yaml --strict");
  EXPECT_EQ(r.exit, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "gate: b.yaml: passed; 0 known failures, 0 fixed, 0 new, 0 removed")) << r.out;
  EXPECT_FALSE(has(r.out, "regression")) << r.out;
  EXPECT_EQ(results()["gate"]["passed"], true);
  EXPECT_EQ(result_of(results(), "aton", "ref")["baseline"], "unchanged");
}

TEST_F(GateCli, ARegressionFailsTheGateAndSaysWhatAndWhere) {
  spec(std::string(kAton) + kZero);
  ASSERT_EQ(run("--write-baseline b.yaml").exit, 0);
  spec(std::string(kAtonBroken) + kZero);
  const Ran r = run("--baseline b.yaml");
  EXPECT_EQ(r.exit, 1) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "gate: b.yaml: failed (1 regression)")) << r.out;
  EXPECT_TRUE(has(r.out, "regression: ref aton: expected -> b'\\x7f\\x00\\x00\\x02', got -> b'\\x7f\\x00\\x00\\x01' "
                         "[spec.yaml:7:5]"))
      << r.out;
  const json j = results();
  EXPECT_EQ(j["gate"]["passed"], false);
  EXPECT_EQ(j["gate"]["targets"][0]["regressions"], 1);
  EXPECT_EQ(result_of(j, "aton", "ref")["baseline"], "regression");
  const std::string md = slurp(dir_ / "out/summary.md");
  EXPECT_TRUE(md.starts_with("# sockcheck gate: **failed**")) << md;
  EXPECT_TRUE(has(md, "## Regressions (1)")) << md;
  // SARIF: the finding is new, at the case.
  const json sarif = json::parse(slurp(dir_ / "out/results.sarif"));
  ASSERT_EQ(sarif["runs"][0]["results"].size(), 1u) << sarif.dump(1);
  const json& f = sarif["runs"][0]["results"][0];
  EXPECT_EQ(f["ruleId"], "aton");
  EXPECT_EQ(f["baselineState"], "new");
  EXPECT_EQ(f["level"], "error");
  EXPECT_EQ(f["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "spec.yaml");
  EXPECT_EQ(f["locations"][0]["physicalLocation"]["region"]["startLine"], 7);
  EXPECT_TRUE(has(f["message"]["text"], "Convert an IPv4 address from dotted-quad string format")) << f.dump();
}

TEST_F(GateCli, AKnownFailureKeepsTheGateGreenAndIsASkippedTestInJUnit) {
  spec(std::string(kAton) + kWrong);
  ASSERT_EQ(run("--write-baseline b.yaml").exit, 0);
  const Ran r = run("--baseline b.yaml");
  EXPECT_EQ(r.exit, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "gate: b.yaml: passed; 1 known failures")) << r.out;
  EXPECT_EQ(result_of(results(), "wrong", "ref")["verdict"], "failed") << "results.json keeps the real verdict";
  EXPECT_EQ(result_of(results(), "wrong", "ref")["baseline"], "known_failure");
  EXPECT_TRUE(has(result_of(results(), "wrong", "ref")["baseline_reason"], "expected -> b'")) << results().dump(1);
  // CI test views should agree with the job's status, as pytest's xfail.
  EXPECT_EQ(python(R"(import sys, xml.etree.ElementTree as E
t = E.parse('out/junit.xml')
case = [c for c in t.iter('testcase') if c.get('name') == 'wrong'][0]
skipped = case.find('skipped')
assert case.find('failure') is None, 'a known failure is shown as a failure'
assert skipped is not None and skipped.get('message').startswith('known failure (baseline): expected'), skipped
assert t.getroot().get('failures') == '0' and t.getroot().get('skipped') == '1', t.getroot().attrib
)"),
            0);
  const json sarif = json::parse(slurp(dir_ / "out/results.sarif"));
  ASSERT_EQ(sarif["runs"][0]["results"].size(), 1u);
  EXPECT_EQ(sarif["runs"][0]["results"][0]["baselineState"], "unchanged");
  EXPECT_EQ(sarif["runs"][0]["results"][0]["level"], "note");
}

TEST_F(GateCli, AFixedKnownFailureIsReportedAndFailsTheGateOnlyWhenStrict) {
  spec(std::string(kAton) + kWrong);
  ASSERT_EQ(run("--write-baseline b.yaml").exit, 0);
  spec(std::string(kAton) + kWrongFixed);
  const Ran r = run("--baseline b.yaml");
  EXPECT_EQ(r.exit, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "fixed: ref wrong: passes now (recorded: expected -> b'")) << r.out;
  EXPECT_TRUE(has(slurp(dir_ / "out/summary.md"), "## Fixed (1)"));
  const Ran strict = run("--baseline b.yaml --strict");
  EXPECT_EQ(strict.exit, 1) << strict.out;
  EXPECT_TRUE(has(strict.out, "gate: b.yaml: failed (1 fixed known failure (--strict))")) << strict.out;
  EXPECT_TRUE(has(slurp(dir_ / "out/junit.xml"), "a known failure in the baseline that passes now"));
  // Recording the fix makes the strict gate pass again.
  ASSERT_EQ(run("--baseline b.yaml --write-baseline b.yaml").exit, 0);
  EXPECT_EQ(run("--baseline b.yaml --strict").exit, 0);
}

TEST_F(GateCli, ANewCaseIsReportedAndFailsTheGateOnlyWhenItFails) {
  spec(kAton);
  ASSERT_EQ(run("--write-baseline b.yaml").exit, 0);
  spec(std::string(kAton) + kZero);
  Ran r = run("--baseline b.yaml --strict");
  EXPECT_EQ(r.exit, 0) << "a new passing case is not a failure, even when strict\n" << r.out;
  EXPECT_TRUE(has(r.out, "0 fixed, 1 new, 0 removed")) << r.out;
  EXPECT_EQ(result_of(results(), "zero", "ref")["baseline"], "new");

  spec(std::string(kAton) + kZero + kWrong);
  r = run("--baseline b.yaml");
  EXPECT_EQ(r.exit, 1) << r.out;
  EXPECT_TRUE(has(r.out, "gate: b.yaml: failed (1 new failure)")) << r.out;
  EXPECT_TRUE(has(r.out, "new failure: ref wrong: expected")) << r.out;
  r = run("--baseline b.yaml --allow-new-failures");
  EXPECT_EQ(r.exit, 0) << r.out;
  EXPECT_TRUE(has(r.out, "new failure (allowed): ref wrong")) << r.out;
}

TEST_F(GateCli, ARemovedCaseIsReportedAndFailsTheGateOnlyWhenStrict) {
  spec(std::string(kAton) + kZero);
  ASSERT_EQ(run("--write-baseline b.yaml").exit, 0);
  spec(kAton);
  const Ran r = run("--baseline b.yaml");
  EXPECT_EQ(r.exit, 0) << r.out;
  EXPECT_TRUE(has(r.out, "removed: ref zero")) << r.out;
  EXPECT_EQ(results()["gate"]["targets"][0]["removed"], json::array({"zero"}));
  const Ran strict = run("--baseline b.yaml --strict");
  EXPECT_EQ(strict.exit, 1) << strict.out;
  EXPECT_TRUE(has(strict.out, "1 removed case (--strict)")) << strict.out;
  // A case left out by a selector is not removed.
  spec(std::string(kAton) + kZero);
  EXPECT_EQ(run("--baseline b.yaml --strict --case aton").exit, 0);
}

TEST_F(GateCli, EachTargetAndProfileHasItsOwnSection) {
  spec(std::string(kAton) + kZero);
  ASSERT_EQ(sockcheck("run --spec spec.yaml --target ref,libc --out out --write-baseline b.yaml").exit, 0);
  EXPECT_EQ(run("--baseline b.yaml").exit, 0) << "a run of fewer targets than recorded";
  const Ran other = run("--baseline b.yaml --profile 2.6");
  EXPECT_EQ(other.exit, 2);
  EXPECT_TRUE(has(other.err, "b.yaml: no section for target 'ref' with profile 2.6 (it has: libc 3.12, ref 3.12); "
                             "record one with --write-baseline b.yaml"))
      << other.err;
  ASSERT_EQ(run("--profile 2.6 --write-baseline b.yaml").exit, 0);
  EXPECT_EQ(run("--baseline b.yaml --profile 2.6").exit, 0);
  EXPECT_EQ(sockcheck("run --spec spec.yaml --target ref,libc --out out --baseline b.yaml").exit, 0)
      << "recording 2.6 lost a 3.12 section";
}

// ---- baseline errors -------------------------------------------------------

TEST_F(GateCli, AMissingOrCorruptBaselineIsAUsageErrorBeforeAnythingRuns) {
  spec(kAton);
  Ran r = run("--baseline nosuch.yaml");
  EXPECT_EQ(r.exit, 2);
  EXPECT_TRUE(has(r.err, "nosuch.yaml: cannot read the baseline: no such file (record one with --write-baseline "
                         "nosuch.yaml)"))
      << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "out")) << "reports were written for a run that did not happen";

  write("b.yaml", "schema: sockcheck-baseline/1\ntargets:\n  - target: ref\n    profile: \"3.12\"\n    cases: {aton: passed\n");
  r = run("--baseline b.yaml");
  EXPECT_EQ(r.exit, 2);
  EXPECT_TRUE(has(r.err, "b.yaml:6:1: not valid YAML")) << r.err;

  write("b.yaml", "schema: sockcheck-baseline/1\ntargets:\n  - target: ref\n    profile: \"3.12\"\n    cases:\n"
                  "      aton: failed\n      zero: pased\n");
  r = run("--baseline b.yaml");
  EXPECT_EQ(r.exit, 2);
  EXPECT_TRUE(has(r.err, "b.yaml:6:13: known failure 'aton' needs a reason")) << r.err;
  EXPECT_TRUE(has(r.err, "b.yaml:7:13: unknown verdict 'pased' for 'zero'")) << r.err;

  // --write-baseline will not overwrite a file it cannot read: its reasons
  // would be lost.
  const std::string corrupt = slurp(dir_ / "b.yaml");
  r = run("--write-baseline b.yaml");
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(slurp(dir_ / "b.yaml"), corrupt);
}

TEST_F(GateCli, GateFlagsWithoutABaselineAreUsageErrors) {
  spec(kAton);
  EXPECT_EQ(run("--strict").exit, 2);
  EXPECT_EQ(run("--allow-new-failures").exit, 2);
  EXPECT_EQ(run("--retries x").exit, 2);
}

TEST_F(GateCli, AnInterruptedRunFailsAndRecordsNothing) {
  // Half a run would record every case it did not reach as removed. The
  // spec is large enough that the run is still going when the signal lands.
  std::string cases;
  for (int i = 0; i < 20000; ++i) {
    cases += "  - {id: c" + std::to_string(i) + ", args: ['1.2.3.4'], expect: {value: !bytes 01020304}}\n";
  }
  spec(cases);
  const std::string good = "# the last good recording\nschema: sockcheck-baseline/1\ntargets: []\n";
  write("b.yaml", good);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (::chdir(dir_.c_str()) != 0) ::_exit(127);
    ::execl(SOCKCHECK_BINARY, "sockcheck", "run", "--spec", "spec.yaml", "--target", "ref", "--out", "out",
            "--write-baseline", "b.yaml", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Loading this spec alone takes longer than this, and a signal at any
  // point before the run ends interrupts it.
  ::usleep(150000);
  ::kill(pid, SIGINT);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_EQ(slurp(dir_ / "b.yaml"), good);
}

// ---- flaky timing cases ----------------------------------------------------

// An adapter whose inet_aton('10.0.0.1') is slow the first time it is ever
// called (a marker file in its folder remembers), as a timing case is when
// the machine is busy.
const char* kSlowOnceAdapter = R"(import json, os, sys, time
marker = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'called-before')
for line in sys.stdin:
    req = json.loads(line)
    if req.get('cmd') == 'start':
        reply = {'protocol': 1, 'implementation': {'name': 'slow-once', 'version': '1', 'language': 'python'},
                 'profile': '3.12', 'ops': ['inet_aton'], 'families': ['AF_INET']}
    elif req.get('cmd') == 'stop':
        break
    elif req.get('cmd') == 'drop':
        reply = {'id': req['id'], 'value': None}
    else:
        arg = req['args'][0]
        if arg == '10.0.0.1' and not os.path.exists(marker):
            open(marker, 'w').close()
            time.sleep(0.5)
        reply = {'id': req['id'], 'value': {'bytes': ''.join('%02x' % int(p) for p in arg.split('.'))}}
    sys.stdout.write(json.dumps(reply) + '\n')
    sys.stdout.flush()
)";

// Set-up steps make it a session case; the band makes it a timing case.
const char* kTimingCase = R"(  - id: timed
    setup: [{op: inet_aton, args: ['1.2.3.4']}]
    args: ['10.0.0.1']
    expect: {value: !bytes 0a000001}
    elapsed: {min: 0, max: 0.25}
)";

class FlakyCli : public GateCli {
 protected:
  void SetUp() override {
    GateCli::SetUp();
    write("adapters/slow-once/adapter.py", kSlowOnceAdapter);
    write("adapters/slow-once/adapter.json",
          R"({"name": "slow-once", "description": "slow the first time", "command": ["/usr/bin/python3", "{dir}/adapter.py"], "needs": ["/usr/bin/python3"]})");
    spec(std::string(kAton) + kTimingCase);
  }
  Ran run_flaky(const std::string& more) {
    fs::remove(dir_ / "adapters/slow-once/called-before");
    return sockcheck("run --spec spec.yaml --target slow-once --out out " + more,
                     "SOCKCHECK_ADAPTERS_DIR='" + (dir_ / "adapters").string() + "'");
  }
};

TEST_F(FlakyCli, ATimingCaseThatPassesOnARetryIsFlakyNotFailed) {
  const Ran r = run_flaky("");
  EXPECT_EQ(r.exit, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "slow-once: 2 passed, 0 failed, 0 skipped, 0 errored, 1 flaky")) << r.out;
  EXPECT_TRUE(has(r.out, "flaky: slow-once timed: passed on attempt 2; attempt 1 failed: took 0.5")) << r.out;
  const json j = results();
  EXPECT_EQ(j["targets"][0]["flaky"], 1);
  const json& t = result_of(j, "timed", "slow-once");
  EXPECT_EQ(t["verdict"], "passed");
  EXPECT_EQ(t["flaky"], true);
  EXPECT_EQ(t["attempts"], 2);
  EXPECT_TRUE(has(slurp(dir_ / "out/summary.md"), "## Flaky (1)"));
  if (std::system("python3 -c 'import jsonschema' 2>/dev/null") == 0) {
    EXPECT_EQ(std::system(("python3 '" + std::string(SOCKCHECK_SOURCE_DIR) + "/schemas/results/validate.py' '" +
                           (dir_ / "out/results.json").string() + "'")
                              .c_str()),
              0);
  }
}

TEST_F(FlakyCli, WithoutRetriesTheSameCaseFails) {
  const Ran r = run_flaky("--retries 0");
  EXPECT_EQ(r.exit, 1) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "failed: slow-once timed: expected -> b'\\x0a\\x00\\x00\\x01', got -> b'\\x0a\\x00\\x00\\x01' "
                         "(took 0.5"))
      << r.out;
}

TEST_F(FlakyCli, AFlakyPassIsNotARegression) {
  fs::create_directories(dir_ / "adapters/slow-once");
  write("adapters/slow-once/called-before", "");
  ASSERT_EQ(sockcheck("run --spec spec.yaml --target slow-once --out out --write-baseline b.yaml",
                      "SOCKCHECK_ADAPTERS_DIR='" + (dir_ / "adapters").string() + "'")
                .exit,
            0);
  EXPECT_TRUE(has(slurp(dir_ / "b.yaml"), "      timed: passed\n"));
  const Ran r = run_flaky("--baseline b.yaml --strict");
  EXPECT_EQ(r.exit, 0) << r.out << r.err;
  EXPECT_EQ(result_of(results(), "timed", "slow-once")["baseline"], "unchanged");
}

// ---- selection ---------------------------------------------------------------

TEST_F(GateCli, SelectorsNarrowTheRunAndCombine) {
  spec(std::string(kAton) + kZero + kWrong);
  const auto ran = [&](const std::string& flags) {
    const Ran r = run(flags);
    std::string ids;
    if (r.exit == 2) return "exit 2: " + r.err;
    const json j = results();
    for (const auto& c : j["cases"]) ids += c["id"].get<std::string>() + " ";
    return ids;
  };
  EXPECT_EQ(ran("--case 'a*' --case zero"), "aton zero ");
  EXPECT_EQ(ran("--area conversions"), "aton wrong zero ");
  EXPECT_EQ(ran("--statement '3.3/*'"), "zero ");
  EXPECT_EQ(ran("--tag loopback"), "aton ");
  EXPECT_EQ(ran("--tag loopback --case zero"), "exit 2: sockcheck: no case matches the selection "
                                               "{\"case\":[\"zero\"],\"tag\":[\"loopback\"]} (3 cases loaded; "
                                               "`sockcheck list` shows them)\n");
  EXPECT_EQ(results()["selection"], (json{{"tag", json::array({"loopback"})}})) << "the last run that ran";
}

TEST_F(GateCli, OnlyFailedRunsWhatFailedInAnEarlierRun) {
  spec(std::string(kAton) + kZero + kWrong);
  ASSERT_EQ(run("").exit, 1);
  fs::rename(dir_ / "out/results.json", dir_ / "before.json");
  Ran r = run("--only-failed before.json");
  EXPECT_EQ(r.exit, 1) << r.out;
  ASSERT_EQ(results()["cases"].size(), 1u);
  EXPECT_EQ(results()["cases"][0]["id"], "wrong");
  EXPECT_EQ(results()["selection"]["only_failed"]["results"], "before.json");

  spec(std::string(kAton) + kZero + kWrongFixed);
  EXPECT_EQ(run("--only-failed before.json").exit, 0);
  fs::rename(dir_ / "out/results.json", dir_ / "after.json");
  r = run("--only-failed after.json");
  EXPECT_EQ(r.exit, 0);
  EXPECT_EQ(r.out, "after.json: no case failed or errored; nothing to run\n");

  write("broken.json", "{\"schema\": \"sockcheck-results/1\",\n \"cases\": [,]}");
  r = run("--only-failed broken.json");
  EXPECT_EQ(r.exit, 2);
  EXPECT_TRUE(has(r.err, "broken.json:2:12: not valid JSON")) << r.err;
  write("other.json", "{\"cases\": []}");
  EXPECT_EQ(run("--only-failed other.json").exit, 2);
}

// ---- the CI outputs, read by independent readers -----------------------------

TEST_F(GateCli, JUnitHasASuitePerTargetAndCountsThatMatchItsCases) {
  spec(std::string(kAton) + kZero + kWrong);
  ASSERT_EQ(sockcheck("run --spec spec.yaml --target ref,libc --out out").exit, 1);
  EXPECT_EQ(python(R"(import xml.etree.ElementTree as E
root = E.parse('out/junit.xml').getroot()
assert root.tag == 'testsuites', root.tag
suites = root.findall('testsuite')
assert [s.get('name') for s in suites] == ['ref', 'libc'], [s.get('name') for s in suites]
for s in suites:
    cases = s.findall('testcase')
    assert int(s.get('tests')) == len(cases) == 3, (s.get('tests'), len(cases))
    assert int(s.get('failures')) == len([c for c in cases if c.find('failure') is not None]) == 1
    for c in cases:
        assert c.get('classname') == s.get('name') + '.conversions.inet_aton', c.get('classname')
        assert c.get('file').endswith('spec.yaml') and int(c.get('line')) > 0
        float(c.get('time'))
    wrong = [c for c in cases if c.get('name') == 'wrong'][0].find('failure')
    assert 'expected' in wrong.get('message') and 'dotted-quad' in wrong.text, wrong.text
assert int(root.get('tests')) == 6 and int(root.get('failures')) == 2
)"),
            0);
}

TEST_F(GateCli, ResultsJsonMatchesItsPublishedSchema) {
  if (std::system("python3 -c 'import jsonschema' 2>/dev/null") != 0) GTEST_SKIP() << "python3-jsonschema missing";
  const std::string validate = "python3 '" + std::string(SOCKCHECK_SOURCE_DIR) + "/schemas/results/validate.py' ";
  // A gated run with every kind of status, and an ungated one.
  spec(std::string(kAton) + kWrong);
  ASSERT_EQ(run("--write-baseline b.yaml").exit, 0);
  spec(std::string(kAtonBroken) + kZero + kWrong);  // a regression, a new case, a known failure
  ASSERT_EQ(run("--baseline b.yaml --area conversions").exit, 1);
  fs::copy(dir_ / "out/results.json", dir_ / "gated.json");
  ASSERT_EQ(sockcheck("run --spec spec.yaml --target ref,libc --out out").exit, 1);
  EXPECT_EQ(std::system((validate + "'" + (dir_ / "gated.json").string() + "' '" + (dir_ / "out/results.json").string() +
                         "'")
                            .c_str()),
            0);
  // The schema is not vacuous: a misspelt verdict and an unknown member fail.
  json bad = json::parse(slurp(dir_ / "gated.json"));
  bad["cases"][0]["results"]["ref"]["verdict"] = "passd";
  write("bad1.json", bad.dump());
  bad = json::parse(slurp(dir_ / "gated.json"));
  bad["targets"][0]["flakey"] = 1;
  write("bad2.json", bad.dump());
  EXPECT_NE(std::system((validate + "'" + (dir_ / "bad1.json").string() + "' 2>/dev/null").c_str()), 0);
  EXPECT_NE(std::system((validate + "'" + (dir_ / "bad2.json").string() + "' 2>/dev/null").c_str()), 0);
}

TEST_F(GateCli, SarifIsVersion210WithOneRulePerFailingCase) {
  spec(std::string(kAton) + kWrong);
  ASSERT_EQ(sockcheck("run --spec spec.yaml --target ref,libc --out out").exit, 1);
  const json s = json::parse(slurp(dir_ / "out/results.sarif"));
  EXPECT_EQ(s["version"], "2.1.0");
  const json& run0 = s["runs"][0];
  EXPECT_EQ(run0["tool"]["driver"]["name"], "sockcheck");
  ASSERT_EQ(run0["tool"]["driver"]["rules"].size(), 1u);
  EXPECT_EQ(run0["tool"]["driver"]["rules"][0]["id"], "wrong");
  ASSERT_EQ(run0["results"].size(), 2u) << "one per target";
  for (const auto& r : run0["results"]) {
    EXPECT_EQ(r["ruleId"], "wrong");
    EXPECT_EQ(r["ruleIndex"], 0);
    EXPECT_FALSE(r.contains("baselineState")) << "no baseline, no state";
    EXPECT_TRUE(has(r["message"]["text"], "expected -> b'\\x01\\x02\\x03\\x05', got -> b'\\x01\\x02\\x03\\x04'"));
  }
  EXPECT_EQ(run0["results"][1]["partialFingerprints"]["sockcheckCase/v1"], "libc:wrong");
}

TEST_F(GateCli, HelpNamesEveryGateFlag) {
  const Ran r = sockcheck("run --help");
  EXPECT_EQ(r.exit, 0);
  for (const char* flag : {"--baseline", "--write-baseline", "--strict", "--allow-new-failures", "--retries", "--case",
                           "--area", "--statement", "--tag", "--only-failed", "Exit codes"}) {
    EXPECT_TRUE(has(r.out, flag)) << flag;
  }
}

}  // namespace
