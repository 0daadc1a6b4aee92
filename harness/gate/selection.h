// selection.h: which cases a run runs.
//
// Selectors of different kinds combine with AND, repeated selectors of one
// kind with OR: `--area conversions --tag ipv6 --tag ipv4` runs the
// conversion cases tagged ipv6 or ipv4. Every selector is a glob
// (fnmatch(3), where `*` also matches `/`).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "harness/spec/spec.h"

namespace sockcheck::gate {

struct Selection {
  std::vector<std::string> cases;       // --case: the case id
  std::vector<std::string> areas;       // --area: the area, or a folder of areas ("conversions")
  std::vector<std::string> statements;  // --statement: any statement id the case names
  std::vector<std::string> tags;        // --tag: any tag of the case
  // --only-failed: the ids that failed or errored in a previous run.
  std::optional<std::set<std::string>> only;
  std::string only_from;  // the results file they came from

  [[nodiscard]] bool empty() const;
  [[nodiscard]] bool matches(const Case& c) const;
  // For results.json "selection": the selectors given, by flag name.
  [[nodiscard]] nlohmann::json to_json() const;
};

// A copy of `spec` holding only the cases `selection` matches.
[[nodiscard]] Spec select(const Spec& spec, const Selection& selection);

// The ids of the cases that failed or errored on any target in a
// results.json that sockcheck wrote. Throws std::runtime_error naming the
// file (and line:column for a JSON syntax error) when it is not one.
[[nodiscard]] std::set<std::string> failed_cases(const std::filesystem::path& results_json);

}  // namespace sockcheck::gate
