// compare.h: a run against its baseline, and whether the gate passes.
//
// The gate fails the build when something that worked stops working, and
// otherwise stays quiet:
//
//   recorded \ now   passed         failed/errored    skipped
//   passed           unchanged      REGRESSION        REGRESSION
//   failed/errored   fixed (1)      known failure     known failure
//   skipped          new            NEW FAILURE (2)   unchanged
//   not recorded     new            NEW FAILURE (2)   new
//
// (1) also fails the gate with --strict, so that a baseline cannot go on
//     listing failures that no longer happen;
// (2) fails the gate unless --allow-new-failures: a case nobody has seen
//     pass is still a failure the maintainer has not accepted.
// A recorded case that is no longer in the spec (or no longer holds for
// the profile) is reported as removed, and fails the gate with --strict.
// A flaky pass (passed on a retry) counts as a pass.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "harness/gate/baseline.h"
#include "harness/report/reports.h"

namespace sockcheck::gate {

struct Policy {
  bool strict = false;
  bool allow_new_failures = false;
};

struct TargetComparison {
  std::string target;
  sock::Profile profile = sock::kNewestProfile;
  std::size_t unchanged = 0, known_failures = 0, regressions = 0, fixed = 0, new_cases = 0, new_failures = 0;
  std::vector<std::string> removed;  // recorded ids no longer in the spec or the profile, sorted
};

struct Comparison {
  std::string baseline;  // the file, for messages
  Policy policy;
  std::vector<GateView::PerResult> results;  // parallel to RunResult::results
  std::vector<TargetComparison> targets;     // parallel to RunResult::targets

  [[nodiscard]] bool passed() const;
  // Why the gate failed, one phrase each ("2 regressions", "1 fixed known
  // failure (--strict)"); empty when it passed.
  [[nodiscard]] std::vector<std::string> failures() const;
};

// The (target, profile) pairs of a run that `baseline` has no section for,
// as messages that say how to record one. Checked before the run starts.
[[nodiscard]] std::vector<std::string> missing_sections(
    const Baseline& baseline, const std::string& file, const std::vector<std::pair<std::string, sock::Profile>>& runs);

// `universe` is the spec as loaded (before selection): a recorded case
// missing from it is removed, while a case only left out by the selection
// is not compared at all. `run_spec` is what the run's indices refer to.
// Every target of `result` must have a section (see missing_sections).
[[nodiscard]] Comparison compare(const Baseline& baseline, const std::string& file, const Spec& universe,
                                 const Spec& run_spec, const RunResult& result, Policy policy);

// What the reports show: the gate's verdict and tables (when `comparison`
// is not null), and the flaky cases of any run.
[[nodiscard]] GateView gate_view(const Comparison* comparison, const Spec& run_spec, const RunResult& result,
                                 nlohmann::json selection);

}  // namespace sockcheck::gate
