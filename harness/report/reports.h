// reports.h: what a run writes.
//
//   results.json  every case with its citation, inputs and each target's
//                 outcome and verdict (schema "sockcheck-results/1",
//                 documented in reports/README.md);
//   junit.xml     one testsuite per target, one testcase per case, for CI;
//   summary.md    counts per target, the failures, and where targets chose
//                 different implementation-defined outcomes;
//   results.sarif the failures as SARIF 2.1.0 results located at the spec
//                 case, for code-scanning views.
// A run gated on a baseline (harness/gate) adds what the gate concluded
// to each of them.
// Each file is written to a temporary name and renamed, so a reader (or an
// interrupted run) never sees half a report.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "harness/run/runner.h"
#include "harness/spec/spec.h"

namespace sockcheck {

// How the baseline a run was gated on judged one result (harness/gate
// decides; the reports show it).
enum class BaselineStatus {
  none,           // no baseline
  unchanged,      // as recorded: passed and passes, or skipped and skipped
  known_failure,  // recorded as failed or errored, and still does not pass (fails, errors or is skipped)
  regression,     // recorded as passed, and now fails, errors or is skipped
  fixed,          // recorded as failed or errored, and passes now
  new_case,       // not recorded (or recorded as skipped), and passes or is skipped
  new_failure,    // not recorded (or recorded as skipped), and fails or errors
};

[[nodiscard]] std::string_view to_string(BaselineStatus status);

// What the gate adds to the reports. `results` is parallel to
// RunResult::results when the run was compared with a baseline, and empty
// otherwise. `heading` goes before the run's summary (the gate's verdict
// is the first thing a job summary shows), `appendix` after it (flaky
// cases, known failures); `json` is the "gate" member of results.json.
struct GateView {
  struct PerResult {
    BaselineStatus status = BaselineStatus::none;
    bool fails_gate = false;  // this result alone fails the gate
    std::string reason;       // a known failure's reason, from the baseline
  };
  std::vector<PerResult> results;
  nlohmann::json json;   // null: no "gate" member
  std::string heading;   // Markdown, may be empty
  std::string appendix;  // Markdown, may be empty
  nlohmann::json selection = nlohmann::json::object();  // results.json "selection": what was chosen to run
};

struct RunContext {
  // A constructor rather than an aggregate, so that the gate stays an
  // optional last argument everywhere a context is built.
  RunContext(const Spec& s, const RunResult& r, std::optional<sock::Profile> p, const GateView* g = nullptr)
      : spec(s), result(r), profile(p), gate(g) {}

  const Spec& spec;
  const RunResult& result;
  std::optional<sock::Profile> profile;  // the --profile override, if any
  const GateView* gate = nullptr;        // what the gate concluded, if anything
};

[[nodiscard]] nlohmann::json results_json(const RunContext& run);
[[nodiscard]] std::string junit_xml(const RunContext& run);
[[nodiscard]] std::string summary_markdown(const RunContext& run);
// SARIF 2.1.0: one result per failed or errored case and target (plus, on a
// gated run, one per fixed known failure with baselineState "absent"), its
// ruleId the case id and its location the case in the spec file.
[[nodiscard]] nlohmann::json sarif_json(const RunContext& run);

// Writes the four reports into `dir` (created if missing). Throws
// std::runtime_error naming the file on an I/O error. On a gated run the
// JUnit file shows the gate's view: a known failure is a skipped test
// (like pytest's xfail) and a result that fails the gate only because of
// the gate (a fixed known failure under --strict) is a failure.
void write_reports(const std::filesystem::path& dir, const RunContext& run);

// Writes `text` to `path` through a temporary file and a rename.
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace sockcheck
