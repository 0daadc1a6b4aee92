// sockcheck through its real binary: exit codes, reports, `call`, `list`,
// and an interrupted run.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

namespace {

namespace fs = std::filesystem;

struct Ran {
  int exit = -1;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sockcheck-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs sockcheck with `args` (a shell-quoted string) and collects output.
  Ran sockcheck(const std::string& args) {
    const std::string cmd = std::string("'") + SOCKCHECK_BINARY + "' " + args + " >'" + (dir_ / "stdout").string() +
                            "' 2>'" + (dir_ / "stderr").string() + "'";
    const int status = std::system(cmd.c_str());
    Ran r;
    r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(dir_ / "stdout");
    r.err = slurp(dir_ / "stderr");
    return r;
  }

  fs::path write(const std::string& name, const std::string& text) {
    const auto p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p;
  }

  fs::path dir_;
};

const char* kPassing = R"(defaults:
  source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: q}
  versions: all
cases:
  - id: aton
    op: inet_aton
    args: ['127.0.0.1']
    expect: {value: !bytes 7f000001}
  - id: trailing
    op: inet_aton
    args: ['1.2.3.4 x']
    implementation_defined: the C library decides
    accept:
      - {raises: socket.error, label: posix}
      - {value: !bytes 01020304, label: glibc}
)";

TEST_F(CliTest, PassingSpecExitsZeroAndWritesThreeReports) {
  write("spec/a.yaml", kPassing);
  const Ran r = sockcheck("run --spec '" + (dir_ / "spec").string() + "' --target ref,libc --out '" +
                          (dir_ / "out").string() + "'");
  EXPECT_EQ(r.exit, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("ref: 2 passed, 0 failed"), std::string::npos) << r.out;
  const auto results = nlohmann::json::parse(slurp(dir_ / "out/results.json"));
  EXPECT_EQ(results["cases"].size(), 2u);
  EXPECT_EQ(results["passed"], true);
  // The JUnit file is well-formed XML with one testcase per case and target.
  const std::string check = "python3 -c \"import sys,xml.etree.ElementTree as E; t=E.parse(sys.argv[1]); "
                            "sys.exit(0 if len(t.findall('.//testcase'))==4 else 1)\" '" +
                            (dir_ / "out/junit.xml").string() + "'";
  EXPECT_EQ(std::system(check.c_str()), 0);
  EXPECT_NE(slurp(dir_ / "out/summary.md").find("Result: **passed**"), std::string::npos);
}

TEST_F(CliTest, FailingCaseExitsOne) {
  std::string text = kPassing;
  text.replace(text.find("7f000001"), 8, "7f000002");
  write("f.yaml", text);
  const Ran r = sockcheck("run --spec '" + (dir_ / "f.yaml").string() + "' --target ref --out '" + (dir_ / "out").string() + "'");
  EXPECT_EQ(r.exit, 1) << r.out << r.err;
  EXPECT_NE(slurp(dir_ / "out/summary.md").find("## Failures"), std::string::npos);
}

TEST_F(CliTest, MalformedSpecExitsTwoNamingFileLineColumn) {
  const auto p = write("bad.yaml", "cases:\n  - id: a\n    opp: x\n");
  const Ran r = sockcheck("run --spec '" + p.string() + "' --out '" + (dir_ / "out").string() + "'");
  EXPECT_EQ(r.exit, 2);
  EXPECT_NE(r.err.find(p.string() + ":3:5: unknown key 'opp'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  write("a.yaml", kPassing);
  EXPECT_EQ(sockcheck("run --spec '" + (dir_ / "a.yaml").string() + "' --target nosuch").exit, 2);
  EXPECT_EQ(sockcheck("run --no-such-flag").exit, 2);
  EXPECT_EQ(sockcheck("").exit, 2);
  EXPECT_EQ(sockcheck("run --profile 9.9").exit, 2);
  EXPECT_EQ(sockcheck("call inet_aton '!bytes 7'").exit, 2);
}

TEST_F(CliTest, HelpIsEverywhereAndExitsZero) {
  for (const char* sub : {"", "run ", "list ", "call ", "lint "}) {
    const Ran r = sockcheck(std::string(sub) + "--help");
    EXPECT_EQ(r.exit, 0) << sub;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << sub << r.out;
  }
}

TEST_F(CliTest, CallPrintsOneJsonLine) {
  const Ran r = sockcheck("call --target libc inet_pton '!const AF_INET' 10.1.2.3");
  EXPECT_EQ(r.exit, 0) << r.err;
  ASSERT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["target"], "libc");
  EXPECT_EQ(j["outcome"]["value"]["bytes"], "0a010203");
  const auto e = nlohmann::json::parse(sockcheck("call inet_ntop '!const AF_INET6' '!bytes 0102'").out);
  EXPECT_EQ(e["outcome"]["raises"], "ValueError");
  // A tuple argument stays one argument.
  const auto t = nlohmann::json::parse(sockcheck("call inet_ntoa \"['1.2.3.4', 80]\"").out);
  EXPECT_EQ(t["args"].size(), 1u) << t.dump();
  EXPECT_EQ(t["outcome"]["raises"], "TypeError");
}

TEST_F(CliTest, ListShowsCasesAndTargets) {
  write("a.yaml", kPassing);
  const Ran r = sockcheck("list --spec '" + (dir_ / "a.yaml").string() + "'");
  EXPECT_EQ(r.exit, 0);
  EXPECT_NE(r.out.find("aton\tall\tinet_aton('127.0.0.1')"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("trailing\tall\tinet_aton('1.2.3.4 x')\timplementation-defined"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("targets: ref ref-glibc libc"), std::string::npos) << r.out;
  EXPECT_NE(sockcheck("list --ops").out.find("inet_pton(address_family, ip_string)"), std::string::npos);
}

TEST_F(CliTest, InterruptedRunStillLeavesValidReports) {
  // A spec large enough that the run is still going when the signal lands.
  std::string text = "defaults:\n  source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: q}\n  versions: all\n  op: inet_aton\ncases:\n";
  for (int i = 0; i < 60000; ++i) {
    text += "  - {id: c" + std::to_string(i) + ", args: ['10.0." + std::to_string(i / 256 % 256) + "." +
            std::to_string(i % 256) + "'], expect: {raises: OSError}}\n";
  }
  const auto spec = write("big.yaml", text);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const std::string out = (dir_ / "out").string();
    ::execl(SOCKCHECK_BINARY, "sockcheck", "run", "--spec", spec.c_str(), "--out", out.c_str(), "--target", "ref",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  ::kill(pid, SIGINT);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 1);
  const auto results = nlohmann::json::parse(slurp(dir_ / "out/results.json"));
  EXPECT_EQ(results["interrupted"], true);
  EXPECT_LT(results["cases"].size(), 60000u);
  EXPECT_NE(slurp(dir_ / "out/summary.md").find("**Interrupted**"), std::string::npos);
}

// A small inventory: two documents, one statement covered, one not, one
// untestable, one in another area.
const char* kInventory = R"(statements:
  - {id: 3.3/a/covered, doc: 003_ac34b2b55d1ebb3c.txt, area: conversions, quote: q1}
  - {id: 3.3/a/uncovered, doc: 003_ac34b2b55d1ebb3c.txt, area: conversions, quote: q2}
  - {id: 3.3/a/windows, doc: 003_ac34b2b55d1ebb3c.txt, area: conversions, quote: q3, untestable: Windows only}
  - {id: 2.6/b/covered, doc: 001_e4d1b35d7367b617.txt, area: timeouts, quote: q4}
)";
const char* kCitingCases = R"(defaults:
  source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: q}
  versions: all
  op: inet_aton
  args: ['127.0.0.1']
  expect: {value: !bytes 7f000001}
cases:
  - {id: one, statements: [3.3/a/covered, 2.6/b/covered]}
  - {id: two, statements: [3.3/a/covered]}
  - {id: three}
)";

TEST_F(CliTest, CoverageJsonCountsCoveredTestableAndUntestable) {
  write("spec/statements.yaml", kInventory);
  write("spec/cases.yaml", kCitingCases);
  const Ran r = sockcheck("coverage --format json --spec '" + (dir_ / "spec").string() + "'");
  ASSERT_EQ(r.exit, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["statements_total"], 4);
  EXPECT_EQ(j["statements_testable"], 3);
  EXPECT_EQ(j["statements_untestable"], 1);
  EXPECT_EQ(j["statements_covered"], 2);
  EXPECT_EQ(j["cases"], 3);
  EXPECT_EQ(j["cases_without_statements"], nlohmann::json::array({"three"}));
  ASSERT_EQ(j["uncovered"].size(), 1u);
  EXPECT_EQ(j["uncovered"][0]["id"], "3.3/a/uncovered");
  ASSERT_EQ(j["untestable"].size(), 1u);
  EXPECT_EQ(j["untestable"][0]["reason"], "Windows only");
  // Documents in profile order, 2.6 before 3.3.
  ASSERT_EQ(j["by_document"].size(), 2u);
  EXPECT_EQ(j["by_document"][0]["document"], "2.6");
  EXPECT_EQ(j["by_document"][1]["document"], "3.3");
  EXPECT_EQ(j["by_document"][1]["covered"], 1);
  EXPECT_EQ(j["by_document"][1]["testable"], 2);
  EXPECT_EQ(j["by_document"][1]["seed"], "003_ac34b2b55d1ebb3c.txt");
  for (const auto& st : j["statements"]) {
    if (st["id"] == "3.3/a/covered") EXPECT_EQ(st["cases"], nlohmann::json::array({"one", "two"}));
  }
}

TEST_F(CliTest, CoverageTextListsTheUncoveredAndGatesOnMin) {
  write("spec/statements.yaml", kInventory);
  write("spec/cases.yaml", kCitingCases);
  const std::string spec = " --spec '" + (dir_ / "spec").string() + "'";
  Ran r = sockcheck("coverage" + spec);
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_NE(r.out.find("2/3 testable statements covered (66.7%)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3.3/a/uncovered"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("3.3/a/windows"), std::string::npos) << "untestable ones are listed only on request";
  EXPECT_NE(sockcheck("coverage --untestable" + spec).out.find("Windows only"), std::string::npos);

  EXPECT_EQ(sockcheck("coverage --min 60" + spec).exit, 0);
  r = sockcheck("coverage --min 70" + spec);
  EXPECT_EQ(r.exit, 1);
  EXPECT_NE(r.err.find("below --min 70"), std::string::npos) << r.err;

  // An area filter keeps only that area's statements.
  r = sockcheck("coverage --format json --area timeouts" + spec);
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["statements_total"], 1);
  EXPECT_EQ(sockcheck("coverage --document nonsense" + spec).exit, 2);
}

TEST_F(CliTest, TheRepositorysSpecPassesOnTheDefaultTargets) {
  const Ran r = sockcheck("run --out '" + (dir_ / "out").string() + "'");
  EXPECT_EQ(r.exit, 0) << r.out << slurp(dir_ / "out/summary.md");
}

TEST_F(CliTest, TheRepositorysSpecQuotesItsDocuments) {
  const fs::path seeds = fs::path(SOCKCHECK_SOURCE_DIR).parent_path() / "shared" / "seeds";
  if (!fs::exists(seeds)) GTEST_SKIP() << "no seed documents at " << seeds;
  const Ran r = sockcheck("lint --seeds '" + seeds.string() + "'");
  EXPECT_EQ(r.exit, 0) << r.out << r.err;
}

}  // namespace
