// coverage.h: how much of the statement inventory the cases test.
//
// A statement is covered when at least one case names it in `statements:`.
// Statements marked `untestable` (with the reason) are counted apart: they
// are part of the inventory but no case can cover them here.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "harness/spec/spec.h"

namespace sockcheck {

struct CoverageCount {
  std::string key;  // the document's profile name ("3.3"), the area, ...
  std::size_t total = 0;
  std::size_t testable = 0;
  std::size_t covered = 0;

  [[nodiscard]] std::size_t untestable() const { return total - testable; }
  // covered / testable, 1 when nothing here is testable.
  [[nodiscard]] double ratio() const;
};

struct StatementCoverage {
  const Statement* statement = nullptr;
  std::vector<std::string> cases;  // ids of the cases that name it, sorted
};

struct Coverage {
  CoverageCount overall;
  std::size_t cases = 0;
  std::vector<std::string> cases_without_statements;  // ids
  // Untestable statements that a case names anyway: one of the two is wrong.
  std::vector<std::string> untestable_but_cited;
  std::vector<CoverageCount> by_document;  // in profile order: 1.x, 2.4, 2.6, 3.3, 3.12
  std::vector<CoverageCount> by_area;      // sorted by area
  std::vector<StatementCoverage> statements;  // every statement, in the spec's order (by id)
};

[[nodiscard]] Coverage measure_coverage(const Spec& spec);

}  // namespace sockcheck
