// compare_report.h: the comparison report of `sockcheck compare`.
//
// One run of the spec over many implementations, seen case by case:
//
//   compare.json  the model: every case with each target's answer, the
//                 pairwise agreement of the targets, the targets clustered
//                 by behaviour, and the disagreements grouped by theme
//                 (schema "sockcheck-compare/1", outlined in README.md,
//                 "Comparing implementations");
//   compare.md    the same for a reader: clusters, agreement, the
//                 disagreements by theme, and the cases where targets
//                 differ;
//   compare.html  a static, self-contained page (inline CSS and script, no
//                 external resource) that renders the model as a matrix of
//                 cases by implementations.
//
// Both renderers read the JSON model only, so the three files cannot tell
// different stories.
//
// What "agree" means: two targets agree on a case when both answered it
// (returned a value or raised) and the answers are the same: equal values,
// or the same exception class. Exception messages, timings and the
// verdicts do not count (a verdict also depends on the profile a target is
// judged against). A module constant equals its number on this platform
// (CPython's getaddrinfo returns AddressFamily.AF_INET where C returns 2,
// and in Python the two compare equal), and any two socket handles are
// equal. "Not supported" and "errored" are no answer: a target that lacks
// an operation neither agrees nor disagrees with the others about it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/report/reports.h"

namespace sockcheck::compare {

// What sockcheck compare lets a user tune.
struct CompareOptions {
  // Targets join one cluster when every pair of them disagrees on at most
  // this fraction of the cases both answer (0.02: agree on at least 98%).
  double cluster_threshold = 0.02;
};

// The key under which two answers are the same (see the file comment):
// nullopt for no answer (not supported, errored).
[[nodiscard]] std::optional<std::string> answer_key(const sock::Outcome& outcome);

// How two targets compare over a run: on how many cases both answered and
// on how many of those their answers were the same.
struct Agreement {
  std::size_t compared = 0;
  std::size_t same = 0;

  [[nodiscard]] std::size_t differing() const { return compared - same; }
  // The fraction of compared cases answered differently; 1 when the two
  // have no case in common, as nothing says they behave alike.
  [[nodiscard]] double distance() const;
};

// Square and symmetric, indexed like the run's targets.
using AgreementMatrix = std::vector<std::vector<Agreement>>;

// The targets grouped by behaviour.
struct Clustering {
  // Every target index once, in an order that puts targets with similar
  // answers next to each other: the leaf order of a complete-linkage
  // clustering, each merge turned so that its two closest ends touch.
  std::vector<std::size_t> order;
  // The clusters at the threshold, each in `order`'s order, and the
  // clusters themselves in that order. Complete linkage (the largest
  // pairwise distance between two clusters decides) rather than single
  // linkage: a target that answers few cases (node answers a hundred) is
  // close to everything and would chain unrelated clusters together, and
  // with complete linkage "every pair in the cluster agrees on at least
  // 1 - threshold of their common cases" is true by construction.
  std::vector<std::vector<std::size_t>> clusters;
};

[[nodiscard]] Clustering cluster_targets(const AgreementMatrix& matrix, double threshold);

// The theme a case illustrates, from its id alone: the path segments
// between the operation and the case's own name ("inet_aton/octal/part-max"
// -> "octal", "getaddrinfo/v4mapped/with-ai-all" -> "v4mapped"), or the
// case's name when there is none ("inet_aton/mixed-bases" ->
// "mixed-bases"). The operation is left out so that a theme spans the
// operations that share it ("port" in getaddrinfo and getnameinfo).
[[nodiscard]] std::string theme_of(std::string_view case_id);

// The model of a run (schema "sockcheck-compare/1").
[[nodiscard]] nlohmann::json compare_json(const RunContext& run, const CompareOptions& options = {});

// Renderings of the model.
[[nodiscard]] std::string compare_markdown(const nlohmann::json& model);
[[nodiscard]] std::string compare_html(const nlohmann::json& model);

// Writes compare.json, compare.md and compare.html into `dir` (created if
// missing), each through a temporary file, and returns the model they
// show. Throws std::runtime_error naming the file on an I/O error.
nlohmann::json write_compare_reports(const std::filesystem::path& dir, const RunContext& run,
                           const CompareOptions& options = {});

// ---------------------------------------------------------------------------
// Internals, exposed for the tests.

// `text` with the characters that mean something in HTML text and
// attribute values replaced by references (& < > " ').
[[nodiscard]] std::string escape_html(std::string_view text);

// The model as JSON text that can sit inside <script type="application/json">
// whatever its strings hold: ASCII only, with <, > and & written as \u003c,
// \u003e and \u0026 so that no "</script>", "<!--" or "<script" can occur
// (JSON.parse reads the escapes back), and invalid UTF-8 replaced by U+FFFD.
[[nodiscard]] std::string script_safe_json(const nlohmann::json& model);

}  // namespace sockcheck::compare
