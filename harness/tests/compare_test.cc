// The comparison report: what counts as the same answer, clustering,
// themes, and the escaping that keeps hostile values inert in compare.html
// and compare.md.
#include "harness/report/compare_report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "harness/report/html/assets.h"
#include "harness/run/verdict.h"
#include "harness/spec/loader.h"

namespace sockcheck::compare {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------
// answer_key: when two answers are the same.

TEST(AnswerKeyTest, ConstantEqualsItsNumberHereAndInsideTuples) {
  // CPython's getaddrinfo answers AddressFamily.AF_INET where C answers 2.
  const auto as_const = sock::Outcome::returned(sock::Tuple{sock::Const{"AF_INET"}, sock::Const{"SOCK_STREAM"}, 6});
  const auto as_int = sock::Outcome::returned(sock::Tuple{2, 1, 6});
  ASSERT_TRUE(answer_key(as_const));
  EXPECT_EQ(answer_key(as_const), answer_key(as_int));
  EXPECT_NE(answer_key(as_const), answer_key(sock::Outcome::returned(sock::Tuple{10, 1, 6})));
}

TEST(AnswerKeyTest, HandlesAreEqualWhateverTheirNames) {
  EXPECT_EQ(answer_key(sock::Outcome::returned(sock::Handle{"h1"})),
            answer_key(sock::Outcome::returned(sock::Handle{"h9"})));
}

TEST(AnswerKeyTest, ExceptionsCompareByClassNotMessage) {
  EXPECT_EQ(answer_key(sock::Outcome::raise("OSError", "illegal IP address string passed to inet_aton")),
            answer_key(sock::Outcome::raise("OSError", "packed IP wrong length")));
  EXPECT_NE(answer_key(sock::Outcome::raise("OSError", "x")), answer_key(sock::Outcome::raise("ValueError", "x")));
}

TEST(AnswerKeyTest, TypesStayApart) {
  // 1 and 1.0, b'a' and 'a', None and a raise: different answers.
  EXPECT_NE(answer_key(sock::Outcome::returned(1)), answer_key(sock::Outcome::returned(1.0)));
  EXPECT_NE(answer_key(sock::Outcome::returned(sock::Bytes{"a"})), answer_key(sock::Outcome::returned("a")));
  EXPECT_NE(answer_key(sock::Outcome::returned(sock::Value())), answer_key(sock::Outcome::raise("None", "")));
}

TEST(AnswerKeyTest, NotSupportedAndErroredAreNoAnswer) {
  EXPECT_FALSE(answer_key(sock::Outcome::unsupported("no inet_aton")));
  EXPECT_FALSE(answer_key(sock::Outcome::errored("adapter died")));
}

// ---------------------------------------------------------------------------
// cluster_targets.

// A matrix from "differing of compared" pairs, symmetric; the diagonal is
// irrelevant to clustering.
AgreementMatrix matrix_of(std::size_t n, const std::map<std::pair<std::size_t, std::size_t>, std::pair<int, int>>& pairs) {
  AgreementMatrix m(n, std::vector<Agreement>(n));
  for (const auto& [ab, dc] : pairs) {
    const auto [a, b] = ab;
    const auto [differing, compared] = dc;
    m[a][b] = m[b][a] = Agreement{static_cast<std::size_t>(compared), static_cast<std::size_t>(compared - differing)};
  }
  return m;
}

std::size_t position(const std::vector<std::size_t>& order, std::size_t t) {
  return static_cast<std::size_t>(std::find(order.begin(), order.end(), t) - order.begin());
}

TEST(ClusterTest, AlikeTargetsClusterAndSitSideBySide) {
  // 0 and 2 answer alike, so do 1 and 3; across the two groups they
  // differ on half of the cases.
  const auto m = matrix_of(4, {{{0, 2}, {0, 100}}, {{1, 3}, {1, 100}}, {{0, 1}, {50, 100}}, {{0, 3}, {50, 100}},
                               {{2, 1}, {50, 100}}, {{2, 3}, {50, 100}}});
  const auto c = cluster_targets(m, 0.02);
  ASSERT_EQ(c.order.size(), 4u);
  EXPECT_EQ(std::max(position(c.order, 0), position(c.order, 2)) - std::min(position(c.order, 0), position(c.order, 2)),
            1u);
  EXPECT_EQ(std::max(position(c.order, 1), position(c.order, 3)) - std::min(position(c.order, 1), position(c.order, 3)),
            1u);
  ASSERT_EQ(c.clusters.size(), 2u);
  EXPECT_EQ(std::set<std::size_t>(c.clusters[0].begin(), c.clusters[0].end()), (std::set<std::size_t>{0, 2}));
  EXPECT_EQ(std::set<std::size_t>(c.clusters[1].begin(), c.clusters[1].end()), (std::set<std::size_t>{1, 3}));
}

TEST(ClusterTest, ATargetThatAnswersLittleDoesNotChainTwoClusters) {
  // 0 and 1 differ on a fifth of their cases; 2 (node, say) answers few
  // cases and agrees with both. Single linkage would make {0, 1, 2}.
  const auto m = matrix_of(3, {{{0, 1}, {200, 1000}}, {{0, 2}, {0, 90}}, {{1, 2}, {0, 90}}});
  const auto c = cluster_targets(m, 0.02);
  for (const auto& cluster : c.clusters) {
    const bool has0 = std::find(cluster.begin(), cluster.end(), 0u) != cluster.end();
    const bool has1 = std::find(cluster.begin(), cluster.end(), 1u) != cluster.end();
    EXPECT_FALSE(has0 && has1) << "0 and 1 disagree on 20% and must not share a cluster";
  }
  EXPECT_EQ(c.clusters.size(), 2u);
}

TEST(ClusterTest, TheThresholdIsInclusive) {
  const auto m = matrix_of(2, {{{0, 1}, {2, 100}}});
  EXPECT_EQ(cluster_targets(m, 0.02).clusters.size(), 1u);
  EXPECT_EQ(cluster_targets(m, 0.019).clusters.size(), 2u);
}

TEST(ClusterTest, TargetsWithNoCommonCaseAreApart) {
  EXPECT_EQ(Agreement{}.distance(), 1.0);
  const auto m = matrix_of(2, {{{0, 1}, {0, 0}}});
  EXPECT_EQ(cluster_targets(m, 0.5).clusters.size(), 2u);
}

TEST(ClusterTest, EqualDistancesKeepTheRunsOrder) {
  // Three identical targets: nothing to reorder.
  const auto m = matrix_of(3, {{{0, 1}, {0, 10}}, {{0, 2}, {0, 10}}, {{1, 2}, {0, 10}}});
  const auto c = cluster_targets(m, 0.0);
  EXPECT_EQ(c.order, (std::vector<std::size_t>{0, 1, 2}));
  ASSERT_EQ(c.clusters.size(), 1u);
}

TEST(ClusterTest, EdgeSizes) {
  EXPECT_TRUE(cluster_targets({}, 0.02).order.empty());
  const auto one = cluster_targets(AgreementMatrix(1, std::vector<Agreement>(1)), 0.02);
  EXPECT_EQ(one.order, (std::vector<std::size_t>{0}));
  EXPECT_EQ(one.clusters, (std::vector<std::vector<std::size_t>>{{0}}));
}

// Properties over random matrices: the order is a permutation, each
// cluster is a contiguous run of it, and (complete linkage) every pair in
// a cluster is within the threshold.
TEST(ClusterTest, RandomMatricesKeepTheInvariants) {
  std::mt19937 rng(20261121);
  for (int round = 0; round < 300; ++round) {
    const std::size_t n = 1 + rng() % 12;
    AgreementMatrix m(n, std::vector<Agreement>(n));
    for (std::size_t a = 0; a < n; ++a) {
      for (std::size_t b = a + 1; b < n; ++b) {
        const std::size_t compared = rng() % 4 == 0 ? 0 : 1 + rng() % 50;
        const std::size_t same = compared == 0 ? 0 : compared - std::min<std::size_t>(compared, rng() % 4 == 0 ? 0 : rng() % 6);
        m[a][b] = m[b][a] = Agreement{compared, same};
      }
    }
    const double threshold = static_cast<double>(rng() % 30) / 100.0;
    const auto c = cluster_targets(m, threshold);
    std::vector<std::size_t> sorted = c.order;
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::size_t> all(n);
    for (std::size_t i = 0; i < n; ++i) all[i] = i;
    ASSERT_EQ(sorted, all) << "round " << round;
    std::size_t covered = 0;
    for (const auto& cluster : c.clusters) {
      ASSERT_FALSE(cluster.empty());
      const std::size_t first = position(c.order, cluster.front());
      for (std::size_t k = 0; k < cluster.size(); ++k) {
        EXPECT_EQ(position(c.order, cluster[k]), first + k) << "round " << round << ": a cluster is not contiguous";
        for (std::size_t j = k + 1; j < cluster.size(); ++j) {
          EXPECT_LE(m[cluster[k]][cluster[j]].distance(), threshold) << "round " << round;
        }
      }
      EXPECT_EQ(first, covered) << "round " << round << ": clusters out of order";
      covered += cluster.size();
    }
    EXPECT_EQ(covered, n);
  }
}

// ---------------------------------------------------------------------------
// theme_of.

TEST(ThemeTest, TheSegmentsBetweenOperationAndName) {
  const std::pair<const char*, const char*> table[] = {
      {"inet_aton/octal/part-max", "octal"},
      {"socket.recv/timeout-mode/silent-peer-times-out", "timeout-mode"},
      {"getaddrinfo/a/b/c", "a/b"},
      // No middle: the case's own name, shared across operations
      // (setdefaulttimeout/nan-rejected and socket.settimeout/nan-rejected).
      {"inet_aton/mixed-bases", "mixed-bases"},
      {"lonely", "lonely"},
  };
  for (const auto& [id, theme] : table) EXPECT_EQ(theme_of(id), theme) << id;
}

// ---------------------------------------------------------------------------
// compare_json on a made-up run: three targets, answers chosen by hand.

const char* kSpec = R"(defaults:
  source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: "the quote"}
  versions: 3.3+
  implementation_defined: the C library decides
  accept:
    - {raises: OSError, label: posix}
    - {value: !bytes 01020304, label: glibc}
cases:
  - {id: inet_aton/octal/one, op: inet_aton, args: ['01.2.3.4']}
  - {id: inet_aton/octal/two, op: inet_aton, args: ['1.02.3.4']}
  - {id: inet_pton/octal/three, op: inet_pton, args: [!const AF_INET, '1.2.3.04']}
  - {id: inet_aton/hex/one, op: inet_aton, args: ['0x1.2.3.4']}
  - {id: inet_aton/same, op: inet_aton, args: ['1.2.3.4']}
)";

struct MadeUpRun {
  Spec spec = load_spec_text(kSpec, "made-up.yaml");
  RunResult result;

  // answers[case id][target] (a missing target: outside its profile).
  explicit MadeUpRun(const std::map<std::string, std::map<std::string, sock::Outcome>>& answers) {
    const std::vector<std::string> names{"a", "b", "c"};
    for (const auto& n : names) {
      TargetSummary t;
      t.info.name = n;
      t.info.implementation = "impl " + n;
      result.targets.push_back(t);
    }
    for (std::size_t ci = 0; ci < spec.cases.size(); ++ci) {
      const auto& per = answers.at(spec.cases[ci].id);
      for (std::size_t ti = 0; ti < names.size(); ++ti) {
        const auto it = per.find(names[ti]);
        if (it == per.end()) continue;
        CaseResult r;
        r.case_index = ci;
        r.target_index = ti;
        r.outcome = it->second;
        r.judgement = judge(spec.cases[ci], r.outcome, sock::kNewestProfile);
        result.results.push_back(r);
      }
    }
  }
};

const sock::Outcome kRaise = sock::Outcome::raise("OSError", "illegal");
const sock::Outcome kValue = sock::Outcome::returned(sock::Bytes{"\x01\x02\x03\x04"});

MadeUpRun made_up_run() {
  return MadeUpRun({
      // a rejects leading zeros; b and c accept them.
      {"inet_aton/octal/one", {{"a", kRaise}, {"b", kValue}, {"c", kValue}}},
      {"inet_aton/octal/two", {{"a", kRaise}, {"b", kValue}, {"c", kValue}}},
      // Same theme, another operation, other sides: a and b against c.
      {"inet_pton/octal/three", {{"a", kRaise}, {"b", kRaise}, {"c", kValue}}},
      // c does not have the operation: a against b only.
      {"inet_aton/hex/one", {{"a", kRaise}, {"b", kValue}, {"c", sock::Outcome::unsupported("no")}}},
      // Everyone alike (c outside its profile).
      {"inet_aton/same", {{"a", kValue}, {"b", kValue}}},
  });
}

const json& case_by_id(const json& model, const std::string& id) {
  for (const auto& c : model["cases"]) {
    if (c["id"] == id) return c;
  }
  throw std::runtime_error("no case " + id);
}

TEST(CompareJsonTest, CountsAndTheRowsThatDiffer) {
  const auto run = made_up_run();
  const json model = compare_json(RunContext{run.spec, run.result, std::nullopt});
  EXPECT_EQ(model["schema"], "sockcheck-compare/1");
  EXPECT_EQ(model["counts"]["cases"], 5);
  EXPECT_EQ(model["counts"]["targets"], 3);
  EXPECT_EQ(model["counts"]["differing"], 4);
  EXPECT_FALSE(case_by_id(model, "inet_aton/same")["differs"].get<bool>());
  EXPECT_TRUE(case_by_id(model, "inet_aton/hex/one")["differs"].get<bool>());
  // The same outcome is listed once and shared.
  const auto& one = case_by_id(model, "inet_aton/octal/one");
  EXPECT_EQ(one["answers"].size(), 2u);
  EXPECT_EQ(one["results"]["b"]["answer"], one["results"]["c"]["answer"]);
  EXPECT_EQ(one["results"]["b"]["label"], "glibc");
  // Biggest group first, members in the clustered order (a, b, c here).
  EXPECT_EQ(one["groups"], json::parse(R"([["b", "c"], ["a"]])"));
  EXPECT_FALSE(case_by_id(model, "inet_aton/same")["results"].contains("c"));
}

TEST(CompareJsonTest, AgreementCountsOnlyCasesBothAnswer) {
  const auto run = made_up_run();
  const json model = compare_json(RunContext{run.spec, run.result, std::nullopt});
  const auto& ag = model["agreement"];
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < ag["targets"].size(); ++i) at[ag["targets"][i]] = i;
  // a and b: all five cases, alike on inet_pton/octal/three and same.
  EXPECT_EQ(ag["compared"][at["a"]][at["b"]], 5);
  EXPECT_EQ(ag["same"][at["a"]][at["b"]], 2);
  // b and c: hex (c unsupported) and same (c absent) do not count.
  EXPECT_EQ(ag["compared"][at["b"]][at["c"]], 3);
  EXPECT_EQ(ag["same"][at["b"]][at["c"]], 2);
  EXPECT_EQ(ag["same"][at["c"]][at["b"]], 2);
}

TEST(CompareJsonTest, DisagreementsAreGroupedByThemeThenBySides) {
  const auto run = made_up_run();
  const json model = compare_json(RunContext{run.spec, run.result, std::nullopt});
  const auto& themes = model["themes"];
  ASSERT_EQ(themes.size(), 2u);
  // Biggest theme first; it spans both operations.
  EXPECT_EQ(themes[0]["theme"], "octal");
  EXPECT_EQ(themes[0]["ops"], json::parse(R"(["inet_aton", "inet_pton"])"));
  EXPECT_EQ(themes[0]["cases"].size(), 3u);
  // Two stories: "a alone" (two cases, listed first) and "c alone".
  ASSERT_EQ(themes[0]["patterns"].size(), 2u);
  EXPECT_EQ(themes[0]["patterns"][0]["cases"], json::parse(R"(["inet_aton/octal/one", "inet_aton/octal/two"])"));
  EXPECT_EQ(themes[0]["patterns"][0]["sides"].size(), 2u);
  EXPECT_EQ(themes[0]["patterns"][0]["sides"][0].size(), 2u);  // the bigger side first: b and c
  EXPECT_EQ(themes[0]["patterns"][0]["sides"][1], json::parse(R"(["a"])"));
  EXPECT_EQ(themes[0]["patterns"][1]["cases"], json::parse(R"(["inet_pton/octal/three"])"));
  EXPECT_EQ(themes[0]["patterns"][1]["sides"][1], json::parse(R"(["c"])"));
  // The hex case: c gave no answer, so it sides with no one.
  EXPECT_EQ(themes[1]["theme"], "hex");
  EXPECT_EQ(themes[1]["patterns"][0]["sides"].size(), 2u);
  for (const auto& side : themes[1]["patterns"][0]["sides"]) EXPECT_FALSE(side.contains("c"));
}

TEST(CompareJsonTest, IdenticalMeansEveryCaseIncludingNonAnswers) {
  // b and c answer alike wherever both answer, but c lacks an operation
  // b has, so they are not identical; a copy of b is.
  auto run = made_up_run();
  const json before = compare_json(RunContext{run.spec, run.result, std::nullopt});
  EXPECT_TRUE(before["identical"].empty());
  for (auto& r : run.result.results) {
    if (r.target_index == 2) {
      const auto& b = *std::find_if(run.result.results.begin(), run.result.results.end(), [&](const CaseResult& o) {
        return o.case_index == r.case_index && o.target_index == 1;
      });
      r.outcome = b.outcome;
    }
  }
  // c is still absent from inet_aton/same, which b answers: not identical.
  EXPECT_TRUE(compare_json(RunContext{run.spec, run.result, std::nullopt})["identical"].empty());
  CaseResult extra;
  for (std::size_t i = 0; i < run.spec.cases.size(); ++i) {
    if (run.spec.cases[i].id == "inet_aton/same") extra.case_index = i;
  }
  extra.target_index = 2;
  extra.outcome = kValue;
  run.result.results.push_back(extra);
  std::sort(run.result.results.begin(), run.result.results.end(), [](const CaseResult& x, const CaseResult& y) {
    return std::pair(x.case_index, x.target_index) < std::pair(y.case_index, y.target_index);
  });
  const json after = compare_json(RunContext{run.spec, run.result, std::nullopt});
  ASSERT_EQ(after["identical"].size(), 1u);
  EXPECT_EQ(after["identical"][0], json::parse(R"(["b", "c"])"));
}

// ---------------------------------------------------------------------------
// Escaping.

TEST(EscapeTest, HtmlTextAndAttributes) {
  EXPECT_EQ(escape_html(R"(<a href="x" title='y'>&amp;</a>)"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  EXPECT_EQ(escape_html("plain ü"), "plain ü");
}

// Strings that try to leave a <script> element, open a comment that
// swallows the page, or break JSON.parse.
const std::vector<std::string> kHostile = {
    "</script><script>alert(1)</script>",
    "</SCRIPT >",
    "<!--",
    "<script>",
    "]]>",
    "\xe2\x80\xa8 and \xe2\x80\xa9",  // U+2028, U+2029: line terminators in old JavaScript
    std::string("nul \0 inside", 12),
    "\xff\xfe not UTF-8",
    "&lt; already escaped &amp;",
    "{{data}} {{script}}",
    "`|` pipe\nnewline\r\ttab",
};

json hostile_model() {
  json strings = json::array();
  for (const auto& s : kHostile) strings.push_back(s);
  return json{{"strings", strings}};
}

TEST(EscapeTest, ScriptSafeJsonHoldsNoMarkupAndParsesBack) {
  const std::string text = script_safe_json(hostile_model());
  for (const char c : text) {
    EXPECT_TRUE(c != '<' && c != '>' && c != '&') << text;
    EXPECT_LT(static_cast<unsigned char>(c), 0x80) << "not ASCII: " << text;
  }
  const json back = json::parse(text);
  ASSERT_EQ(back["strings"].size(), kHostile.size());
  for (std::size_t i = 0; i < kHostile.size(); ++i) {
    if (i == 7) continue;  // invalid UTF-8: replaced
    EXPECT_EQ(back["strings"][i].get<std::string>(), kHostile[i]) << i;
  }
  EXPECT_EQ(back["strings"][7].get<std::string>(), "\xef\xbf\xbd\xef\xbf\xbd not UTF-8");
}

// A model that compare_html can render: the made-up run with hostile text
// in the places a spec or a target controls.
json hostile_page_model() {
  auto run = made_up_run();
  for (auto& c : run.spec.cases) {
    c.source.quote = kHostile[0] + kHostile[2];
    c.note = kHostile[9];
    c.area = kHostile[1];
  }
  run.spec.cases[0].call.args = {kHostile[10] + kHostile[0]};
  run.result.results[0].outcome = sock::Outcome::returned(kHostile[0] + kHostile[7]);
  run.result.results[1].outcome = sock::Outcome::raise("Weird\\|`Error`<b>\\\\|", kHostile[3] + kHostile[5]);
  run.result.targets[0].info.implementation = kHostile[0];
  return compare_json(RunContext{run.spec, run.result, std::nullopt});
}

std::size_t count(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (auto p = haystack.find(needle); p != std::string_view::npos; p = haystack.find(needle, p + 1)) ++n;
  return n;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

TEST(EscapeTest, HostileValuesCannotEndTheDataBlock) {
  const json model = hostile_page_model();
  const std::string page = compare_html(model);
  const std::string low = lower(page);
  // Exactly the page's own two script elements end, and no comment opens
  // outside the template's own leading one.
  EXPECT_EQ(count(low, "</script"), 2u);
  EXPECT_EQ(count(low, "<script"), 2u);
  EXPECT_EQ(count(page, "<!--"), 1u);
  // The data block, cut where a browser would cut it, is the whole model.
  const std::string open = R"(<script type="application/json" id="compare-data">)";
  const auto start = page.find(open);
  ASSERT_NE(start, std::string::npos);
  const auto end = low.find("</script", start);
  const json back = json::parse(page.substr(start + open.size(), end - start - open.size()));
  EXPECT_EQ(back["cases"].size(), model["cases"].size());
  EXPECT_EQ(back["cases"][0]["source"]["quote"], kHostile[0] + kHostile[2]);
  EXPECT_EQ(back["cases"][0]["area"], kHostile[1]);
}

TEST(EscapeTest, SlotsInValuesAreNotFilled) {
  // "{{script}}" in a note stays text: the script is in the page once.
  const std::string page = compare_html(hostile_page_model());
  EXPECT_EQ(count(page, "'use strict';"), 1u);
  EXPECT_EQ(count(page, "{{"), count(script_safe_json(hostile_page_model()), "{{") + count(assets::compare_js(), "{{") +
                                   count(assets::compare_css(), "{{"));
}

TEST(EscapeTest, TheAssetsHoldNoClosingTagOfTheirElement) {
  // The style and script are inserted as they are; they must not end
  // their own elements early.
  EXPECT_EQ(lower(std::string(assets::compare_js())).find("</script"), std::string::npos);
  EXPECT_EQ(lower(std::string(assets::compare_css())).find("</style"), std::string::npos);
  EXPECT_EQ(lower(std::string(assets::compare_js())).find("<!--"), std::string::npos);
  EXPECT_EQ(lower(std::string(assets::compare_js())).find("<script"), std::string::npos);
  // And the page loads nothing: no URL the browser would fetch.
  for (const auto asset : {assets::compare_html(), assets::compare_css(), assets::compare_js()}) {
    const std::string a = lower(std::string(asset));
    EXPECT_EQ(a.find("http://"), std::string::npos);
    EXPECT_EQ(a.find("https://"), std::string::npos);
    EXPECT_EQ(a.find("url("), std::string::npos);
    EXPECT_EQ(a.find("@import"), std::string::npos);
  }
}

// The line without its code spans: a run of n backticks opens one, the
// next run of exactly n closes it (CommonMark's rule).
std::string outside_code_spans(const std::string& line) {
  std::string out;
  std::size_t i = 0;
  while (i < line.size()) {
    if (line[i] != '`') {
      out += line[i++];
      continue;
    }
    std::size_t n = 0;
    while (i + n < line.size() && line[i + n] == '`') ++n;
    std::size_t j = i + n;
    std::size_t close = std::string::npos;
    while (j < line.size()) {
      if (line[j] != '`') {
        ++j;
        continue;
      }
      std::size_t m = 0;
      while (j + m < line.size() && line[j + m] == '`') ++m;
      if (m == n) {
        close = j;
        break;
      }
      j += m;
    }
    if (close == std::string::npos) {
      out += line.substr(i, n);  // an unmatched run is literal text
      i += n;
    } else {
      i = close + n;
    }
  }
  return out;
}

TEST(EscapeTest, MarkdownRowsKeepTheirColumnsWhateverTheValues) {
  const std::string md = compare_markdown(hostile_page_model());
  // Every table row has as many cell separators as its header: a pipe or
  // newline in a value would add or split cells.
  std::size_t header_cells = 0;
  std::size_t rows = 0;
  std::size_t at = 0;
  while (at < md.size()) {
    const auto nl = md.find('\n', at);
    const std::string line = md.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    at = nl == std::string::npos ? md.size() : nl + 1;
    if (line.empty() || line[0] != '|') {
      header_cells = 0;
      continue;
    }
    // A pipe separates cells unless an odd run of backslashes precedes it
    // (GitHub's table rule: a backslash escapes the next character).
    std::size_t cells = 0, backslashes = 0;
    for (const char c : line) {
      if (c == '|' && backslashes % 2 == 0) ++cells;
      backslashes = c == '\\' ? backslashes + 1 : 0;
    }
    if (header_cells == 0) {
      header_cells = cells;
    } else {
      EXPECT_EQ(cells, header_cells) << line;
      ++rows;
    }
  }
  EXPECT_GT(rows, 10u);
  // Outside code spans (whose content a renderer shows as it is) no "<"
  // is left for a renderer to take as HTML.
  at = 0;
  while (at < md.size()) {
    const auto nl = md.find('\n', at);
    const std::string line = md.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    at = nl == std::string::npos ? md.size() : nl + 1;
    EXPECT_EQ(outside_code_spans(line).find('<'), std::string::npos) << line;
  }
  // The hostile implementation name is there, as text.
  EXPECT_NE(md.find("&lt;/script&gt;&lt;script&gt;alert(1)"), std::string::npos);
}

}  // namespace
}  // namespace sockcheck::compare
