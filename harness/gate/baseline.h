// baseline.h: the recorded outcome of every case, per target and profile,
// that `sockcheck run --baseline FILE` gates a run on.
//
// A baseline is a YAML file written by `--write-baseline` and read back
// strictly: stable (the same run writes the same bytes), sorted (sections
// by target and profile, cases by id), one line per case, so that a change
// of behaviour is a one-line diff a reviewer can read:
//
//   schema: sockcheck-baseline/1
//   targets:
//     - target: pypy3
//       profile: '3.3'
//       implementation: PyPy
//       version: 7.3.11
//       cases:
//         inet_aton/octal-part: passed
//         inet_ntop/ipv4-mapped: {verdict: failed, reason: "PyPy prints ::ffff:1.2.3.4 in hex"}
//         socket.recv/timeout: skipped
//
// A case that fails or errors is a known failure and carries a reason
// (`--write-baseline` fills in what was expected and what came; a
// maintainer replaces it with why, and later rewrites keep it). Every
// error names file:line:column, and the reader rejects keys it does not
// know, so a typo cannot silently weaken the gate.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/run/runner.h"
#include "harness/spec/spec.h"

namespace sockcheck::gate {

inline constexpr std::string_view kBaselineSchema = "sockcheck-baseline/1";

// A baseline that cannot be read or used; every message names the file
// (and the line and column where there is one).
class BaselineError : public std::runtime_error {
 public:
  explicit BaselineError(std::vector<std::string> messages);
  [[nodiscard]] const std::vector<std::string>& messages() const { return messages_; }

 private:
  std::vector<std::string> messages_;
};

// One case as recorded: passed, skipped, or a known failure (failed,
// errored) with its reason.
struct Recorded {
  Verdict verdict = Verdict::passed;
  std::string reason;  // non-empty exactly for failed and errored
  SourceLocation where;

  [[nodiscard]] bool known_failure() const { return verdict == Verdict::failed || verdict == Verdict::errored; }
};

// The cases of one target judged against one profile.
struct Section {
  std::string target;
  sock::Profile profile = sock::kNewestProfile;
  std::string implementation;  // informative: what the target said it was
  std::string version;         // informative
  std::map<std::string, Recorded> cases;  // by id
  SourceLocation where;
};

struct Baseline {
  std::vector<Section> sections;  // sorted by (target, profile), each pair once

  [[nodiscard]] const Section* find(std::string_view target, sock::Profile profile) const;
};

// Reads FILE; throws BaselineError ("FILE: cannot read: ..." when it does
// not exist).
[[nodiscard]] Baseline read_baseline(const std::filesystem::path& file);

// Parses baseline text; `name` is the file name used in messages. Throws
// BaselineError with every problem found.
[[nodiscard]] Baseline parse_baseline(const std::string& text, const std::string& name);

// The file's text: the header comment, then the sections, cases sorted.
[[nodiscard]] std::string baseline_yaml(const Baseline& baseline);

// The baseline after a run: `previous` (may be empty) with the section of
// every target of the run replaced. A section keeps the entries of cases
// that exist in `universe` (the spec as loaded, before any selection) and
// hold for its profile but did not run (deselected), and drops the rest;
// a known failure that still fails keeps the reason `previous` gave it.
// `run_spec` is the spec the run's case indices refer to.
[[nodiscard]] Baseline record(const Baseline& previous, const Spec& universe, const Spec& run_spec,
                              const RunResult& result);

// "expected X, got Y (detail)" for a result that did not pass: the reason
// --write-baseline writes for a new known failure.
[[nodiscard]] std::string failure_text(const Case& c, const CaseResult& r);

}  // namespace sockcheck::gate
