#include "harness/spec/lint.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness/spec/loader.h"

namespace sockcheck {
namespace {

TEST(LintTest, QuotesMatchAcrossLineBreaksAndLineNumbers) {
  const std::string doc = normalised_document("258 Convert 32-bit positive integers\n259   from network to host\n", true);
  EXPECT_NE(doc.find(normalised_quote("Convert 32-bit positive integers from network\n to host")), std::string::npos);
  const std::string plain = normalised_document("a  b\n\tc\n", false);
  EXPECT_EQ(plain, "a b c ");
}

TEST(LintTest, ReportsAQuoteMissingFromItsDocumentAndAnUnknownOperation) {
  const auto dir = std::filesystem::temp_directory_path() / ("sockcheck-lint-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "003_ac34b2b55d1ebb3c.txt") << "If the IPv4 address string passed to this function is\ninvalid, OSError will be raised.\n";
  const Spec spec = load_spec_text(R"(cases:
  - id: ok
    source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: "passed to this function is invalid, OSError"}
    versions: all
    op: inet_aton
    args: ['x']
    expect: {raises: OSError}
  - id: bad-quote
    source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: "a sentence nobody wrote"}
    versions: all
    op: inet_aton
    args: ['x']
    expect: {raises: OSError}
  - id: bad-op
    source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: "OSError will be raised"}
    versions: all
    op: inet_atom
    args: ['x']
    expect: {raises: OSError}
)", "t.yaml");
  const auto problems = lint_spec(spec, dir);
  std::filesystem::remove_all(dir);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].find("'bad-op': the reference has no operation 'inet_atom'"), std::string::npos) << problems[0];
  EXPECT_NE(problems[1].find("'bad-quote': quote not found"), std::string::npos) << problems[1];
  EXPECT_TRUE(problems[1].starts_with("t.yaml:8:5")) << problems[1];
}

}  // namespace
}  // namespace sockcheck
