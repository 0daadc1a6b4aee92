// Report contents, from a real run of the reference on a small spec.
#include "harness/report/reports.h"

#include <gtest/gtest.h>

#include "harness/spec/loader.h"
#include "harness/targets/registry.h"

namespace sockcheck {
namespace {

const char* kSpec = R"(defaults:
  source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: "the quote"}
  versions: 3.3+
cases:
  - id: good
    op: inet_aton
    args: ['1.2.3.4']
    expect: {value: !bytes 01020304}
  - id: wrong
    op: inet_aton
    args: ['1.2.3.4']
    expect: {value: !bytes 01020305}
  - id: chooses
    op: inet_aton
    args: ['1.2.3.4 x']
    implementation_defined: the C library decides
    accept:
      - {raises: OSError, label: posix}
      - {value: !bytes 01020304, label: glibc}
)";

struct Fixture {
  Spec spec = load_spec_text(kSpec, "r.yaml");
  RunResult result;
  Fixture() {
    std::vector<std::unique_ptr<Target>> ts;
    std::string error;
    ts.push_back(make_target("ref", std::nullopt, error));
    ts.push_back(make_target("libc", std::nullopt, error));
    result = run_spec(spec, ts, RunOptions{});
  }
};

TEST(ReportTest, ResultsJsonHoldsEveryCaseWithEachTargetsAnswer) {
  Fixture f;
  const auto j = results_json(RunContext{f.spec, f.result, std::nullopt});
  EXPECT_EQ(j["schema"], "sockcheck-results/1");
  EXPECT_EQ(j["passed"], false);
  ASSERT_EQ(j["cases"].size(), 3u);
  const auto& chooses = j["cases"][0];
  EXPECT_EQ(chooses["id"], "chooses");
  EXPECT_EQ(chooses["implementation_defined"], true);
  EXPECT_EQ(chooses["results"]["ref"]["label"], "posix");
  EXPECT_EQ(chooses["results"]["libc"]["label"], "glibc");
  EXPECT_EQ(chooses["results"]["libc"]["outcome"]["value"]["bytes"], "01020304");
  EXPECT_EQ(j["cases"][2]["results"]["ref"]["verdict"], "failed");
  EXPECT_EQ(j["cases"][2]["source"]["quote"], "the quote");
  EXPECT_EQ(j["targets"][0]["failed"], 1);
  EXPECT_EQ(j["targets"][0]["passed"], 2);
}

TEST(ReportTest, JunitHasOneTestcasePerCaseAndTargetAndAFailureWithDetails) {
  Fixture f;
  const std::string xml = junit_xml(RunContext{f.spec, f.result, std::nullopt});
  std::size_t testcases = 0;
  for (auto p = xml.find("<testcase "); p != std::string::npos; p = xml.find("<testcase ", p + 1)) ++testcases;
  EXPECT_EQ(testcases, 6u);
  EXPECT_NE(xml.find("<testsuites name=\"sockcheck\" tests=\"6\" failures=\"2\" errors=\"0\""), std::string::npos);
  EXPECT_NE(xml.find("expected -&gt; b&apos;\\x01\\x02\\x03\\x05&apos;, got -&gt; b&apos;\\x01\\x02\\x03\\x04&apos;"),
            std::string::npos)
      << xml;
}

TEST(ReportTest, JunitEscapesWhatXmlCannotCarry) {
  Fixture f;
  f.result.results[0].outcome = sock::Outcome::errored(std::string("crash \x01\x1b <&> \""));
  f.result.results[0].judgement = {Verdict::errored, {}};
  const std::string xml = junit_xml(RunContext{f.spec, f.result, std::nullopt});
  EXPECT_NE(xml.find("crash \\x01\\x1b &lt;&amp;&gt; &quot;"), std::string::npos) << xml;
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
}

TEST(ReportTest, SummaryListsFailuresAndWhereTargetsDiffer) {
  Fixture f;
  const std::string md = summary_markdown(RunContext{f.spec, f.result, std::nullopt});
  EXPECT_NE(md.find("Result: **failed**"), std::string::npos);
  EXPECT_NE(md.find("## Failures"), std::string::npos);
  EXPECT_NE(md.find("| `wrong` | ref | `inet_aton('1.2.3.4')` |"), std::string::npos) << md;
  EXPECT_NE(md.find("## Where the targets differ"), std::string::npos);
  EXPECT_NE(md.find("| `chooses` | `inet_aton('1.2.3.4 x')` | OSError (posix) | b'\\x01\\x02\\x03\\x04' (glibc) |"),
            std::string::npos)
      << md;
}

}  // namespace
}  // namespace sockcheck
