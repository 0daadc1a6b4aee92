// The loader: every malformed input is an error naming file:line:column.
#include "harness/spec/loader.h"

#include <gtest/gtest.h>

#include <cmath>

namespace sockcheck {
namespace {

constexpr const char* kHeader = R"(defaults:
  source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: "a quote"}
  versions: all
  op: inet_aton
cases:
)";

// The one error a malformed text produces, or "" when it loads.
std::string error_of(const std::string& text) {
  try {
    (void)load_spec_text(text, "t.yaml");
    return "";
  } catch (const SpecError& e) {
    EXPECT_EQ(e.messages().size(), 1u) << e.what();
    return e.messages().front();
  }
}

struct BadRow {
  const char* what;
  std::string text;
  const char* location;  // file:line:column prefix
  const char* says;      // part of the message
};

TEST(LoaderTest, MalformedSpecsNameFileLineAndColumn) {
  const std::string h = kHeader;
  const BadRow rows[] = {
      {"not yaml", "cases: [\n  - {id: a,\n", "t.yaml:2:3", "illegal block entry"},
      {"tab indentation", "cases:\n\t- id: a\n", "t.yaml:2:", ""},
      {"unknown top-level key", "casse: []\n", "t.yaml:1:1", "unknown key 'casse'"},
      {"unknown case key", h + "  - id: a\n    args: ['x']\n    expect: {value: 1}\n    expcet: {value: 2}\n",
       "t.yaml:9:5", "unknown key 'expcet'"},
      {"unknown expect key", h + "  - id: a\n    args: ['x']\n    expect: {value: 1, raise: OSError}\n", "t.yaml:8:24",
       "unknown key 'raise'"},
      {"unknown error class", h + "  - id: a\n    args: ['x']\n    expect: {raises: OSErorr}\n", "t.yaml:8:22",
       "unknown error class 'OSErorr'"},
      {"bad versions", h + "  - id: a\n    versions: 3.3-2.6\n    args: ['x']\n    expect: {value: 1}\n", "t.yaml:7:15",
       "not a profile range"},
      {"unknown document", h + "  - id: a\n    source: {doc: nope.txt}\n    args: []\n    expect: {value: 1}\n",
       "t.yaml:7:19", "not one of the five seed documents"},
      {"missing expectation", h + "  - id: a\n    args: ['x']\n", "t.yaml:6:5", "needs 'expect'"},
      {"both expect and accept",
       h + "  - id: a\n    args: ['x']\n    expect: {value: 1}\n    implementation_defined: why\n    accept: [{value: 1, label: x}]\n",
       "t.yaml:8:13", "not both"},
      {"accept without label",
       h + "  - id: a\n    args: ['x']\n    implementation_defined: why\n    accept: [{value: 1}]\n", "t.yaml:9:14",
       "needs a 'label'"},
      {"duplicate label",
       h + "  - id: a\n    args: ['x']\n    implementation_defined: why\n    accept: [{value: 1, label: x}, {value: 2, label: x}]\n",
       "t.yaml:9:36", "listed twice"},
      {"bad id", h + "  - id: Has Space\n    args: []\n    expect: {value: 1}\n", "t.yaml:6:9", "must be lowercase"},
      {"args not a list", h + "  - id: a\n    args: 'x'\n    expect: {value: 1}\n", "t.yaml:7:11", "args must be a list"},
      {"odd hex", h + "  - id: a\n    args: [!bytes 7f0]\n    expect: {value: 1}\n", "t.yaml:7:12", "odd number"},
      {"unknown tag", h + "  - id: a\n    args: [!byte 7f]\n    expect: {value: 1}\n", "t.yaml:7:12", "unknown tag !byte"},
      {"mapping as value", h + "  - id: a\n    args: [{x: 1}]\n    expect: {value: 1}\n", "t.yaml:7:12", "cannot be a mapping"},
      {"bad const", h + "  - id: a\n    args: [!const af_inet]\n    expect: {value: 1}\n", "t.yaml:7:12", "constant name"},
      {"defaults id", "defaults: {id: x}\ncases: []\n", "t.yaml:1:16", "cannot set 'id'"},
  };
  for (const auto& row : rows) {
    const std::string err = error_of(row.text);
    EXPECT_TRUE(err.starts_with(row.location)) << row.what << ": " << err;
    EXPECT_NE(err.find(row.says), std::string::npos) << row.what << ": " << err;
  }
}

TEST(LoaderTest, EveryErrorOfAFileIsReportedAtOnce) {
  const std::string text = std::string(kHeader) +
                           "  - id: a\n    args: ['x']\n    expect: {raises: Nope}\n"
                           "  - id: b\n    args: ['x']\n    expect: {value: 1}\n    bogus: 1\n";
  try {
    (void)load_spec_text(text, "t.yaml");
    FAIL() << "loaded";
  } catch (const SpecError& e) {
    ASSERT_EQ(e.messages().size(), 2u) << e.what();
    EXPECT_NE(e.messages()[0].find("Nope"), std::string::npos);
    EXPECT_NE(e.messages()[1].find("bogus"), std::string::npos);
  }
}

TEST(LoaderTest, DuplicateIdsNameBothPlaces) {
  const std::string text = std::string(kHeader) + "  - id: a\n    args: ['x']\n    expect: {value: 1}\n" +
                           "  - id: a\n    args: ['y']\n    expect: {value: 2}\n";
  const std::string err = error_of(text);
  EXPECT_NE(err.find("duplicate case id 'a'"), std::string::npos) << err;
  EXPECT_NE(err.find("first at t.yaml:6:5"), std::string::npos) << err;
}

TEST(LoaderTest, UnknownStatementReferenceIsAnError) {
  const std::string text = std::string(kHeader) +
                           "  - id: a\n    statements: [3.3/x/missing]\n    args: ['x']\n    expect: {value: 1}\n"
                           "statements:\n  - {id: 3.3/x/present, doc: 003_ac34b2b55d1ebb3c.txt, area: a, quote: q}\n";
  EXPECT_NE(error_of(text).find("unknown statement '3.3/x/missing'"), std::string::npos);
}

TEST(LoaderTest, DefaultsMergeAndCaseKeysWin) {
  const std::string text = std::string(kHeader) +
                           "  - id: a\n    args: ['x']\n    expect: {value: 1}\n"
                           "  - id: b\n    op: inet_ntoa\n    versions: 3.3+\n    source: {quote: other}\n"
                           "    args: [!bytes 01020304]\n    expect: {raises: OSError}\n";
  const Spec spec = load_spec_text(text, "dir/t.yaml");
  ASSERT_EQ(spec.cases.size(), 2u);
  EXPECT_EQ(spec.cases[0].call.op, "inet_aton");
  EXPECT_EQ(spec.cases[0].versions.to_string(), "all");
  EXPECT_EQ(spec.cases[0].source.quote, "a quote");
  EXPECT_EQ(spec.cases[1].call.op, "inet_ntoa");
  EXPECT_EQ(spec.cases[1].versions.to_string(), "3.3+");
  EXPECT_EQ(spec.cases[1].source.quote, "other");
  EXPECT_EQ(spec.cases[1].source.doc, "003_ac34b2b55d1ebb3c.txt");  // deep-merged
  EXPECT_EQ(spec.cases[1].accept.front().error_class, "OSError");
  EXPECT_EQ(spec.cases[0].area, "t");
  EXPECT_EQ(spec.cases[1].where.line, 9);
}

TEST(LoaderTest, ACaseWithAnElapsedBandIsTaggedTimingOnce) {
  const std::string text = std::string(kHeader) +
                           "  - {id: plain, args: ['x'], expect: {value: 1}, tags: [ipv4]}\n"
                           "  - {id: timed, args: ['x'], expect: {value: 1}, tags: [ipv4], elapsed: {max: 0.1}}\n"
                           "  - {id: said, args: ['x'], expect: {value: 1}, tags: [timing], elapsed: {max: 0.1}}\n";
  const Spec spec = load_spec_text(text, "t.yaml");
  ASSERT_EQ(spec.cases.size(), 3u);  // sorted by id: plain, said, timed
  EXPECT_EQ(spec.cases[0].tags, std::vector<std::string>{"ipv4"});
  EXPECT_EQ(spec.cases[1].tags, std::vector<std::string>{"timing"});
  EXPECT_EQ(spec.cases[2].tags, (std::vector<std::string>{"ipv4", "timing"}));
}

TEST(LoaderTest, ImplementationDefinedCasesKeepEveryLabelledOutcome) {
  const std::string text = std::string(kHeader) +
                           "  - id: a\n    args: ['1.2.3.4 x']\n    implementation_defined: the C library decides\n"
                           "    accept:\n      - {raises: OSError, label: posix}\n      - {value: !bytes 01020304, label: glibc}\n";
  const Spec spec = load_spec_text(text, "t.yaml");
  const Case& c = spec.cases.at(0);
  EXPECT_TRUE(c.implementation_defined);
  EXPECT_EQ(c.reason, "the C library decides");
  ASSERT_EQ(c.accept.size(), 2u);
  EXPECT_EQ(c.accept[0].label, "posix");
  EXPECT_EQ(c.accept[1].value, sock::Value(sock::Bytes{"\x01\x02\x03\x04"}));
}

struct ValueRow {
  const char* yaml;
  sock::Value want;
};

TEST(LoaderTest, ValuesFollowTheSpecSyntax) {
  const ValueRow rows[] = {
      // numbers
      {"123", sock::Value(123)},
      {"-1", sock::Value(-1)},
      {"0x10", sock::Value(16)},
      {"18446744073709551616", sock::Value(sock::BigInt{"18446744073709551616"})},
      {"1.5", sock::Value(1.5)},
      {"-.inf", sock::Value(-HUGE_VAL)},
      {"!float inf", sock::Value(HUGE_VAL)},
      // out of a double's range: inf and 0, as Python's float() reads them
      // (once an exception out of the loader; fuzz/regressions/spec_loader/)
      {"1e999", sock::Value(HUGE_VAL)},
      {"-1e999", sock::Value(-HUGE_VAL)},
      {"!float 1e999", sock::Value(HUGE_VAL)},
      {"1e-999", sock::Value(0.0)},
      {"!int 99999999999999999999", sock::Value(sock::BigInt{"99999999999999999999"})},
      // text: quoted is always str; plain text that is not a number too
      {"'123'", sock::Value("123")},
      {"\"1.5\"", sock::Value("1.5")},
      {"1.2.3.4", sock::Value("1.2.3.4")},
      {"''", sock::Value("")},
      {"'::1'", sock::Value("::1")},
      // bytes
      {"!bytes 7f000001", sock::Value(sock::Bytes{std::string("\x7f\0\0\x01", 4)})},
      {"!bytes '7f 00 00 01'", sock::Value(sock::Bytes{std::string("\x7f\0\0\x01", 4)})},
      {"!bytes ''", sock::Value(sock::Bytes{""})},
      {"!ascii 'abcd'", sock::Value(sock::Bytes{"abcd"})},
      // the rest
      {"[a, 1]", sock::Value(sock::Tuple{sock::Value("a"), sock::Value(1)})},
      {"[]", sock::Value(sock::Tuple{})},
      {"null", sock::Value(sock::None{})},
      {"~", sock::Value(sock::None{})},
      {"true", sock::Value(true)},
      {"!const AF_INET6", sock::Value(sock::Const{"AF_INET6"})},
  };
  for (const auto& row : rows) {
    sock::Value got;
    ASSERT_NO_THROW(got = parse_value_text(row.yaml)) << row.yaml;
    EXPECT_EQ(got, row.want) << row.yaml << " -> " << sock::repr(got);
  }
  EXPECT_TRUE(std::isnan(parse_value_text(".nan").as<double>()));
}

TEST(LoaderTest, MissingPathIsAnError) {
  try {
    (void)load_spec({"/nonexistent/spec"});
    FAIL();
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/spec: no such file or folder"), std::string::npos);
  }
}

TEST(LoaderTest, EmptyFileHoldsNothing) {
  EXPECT_TRUE(load_spec_text("", "t.yaml").cases.empty());
  EXPECT_TRUE(load_spec_text("# only a comment\n", "t.yaml").cases.empty());
}

}  // namespace
}  // namespace sockcheck
