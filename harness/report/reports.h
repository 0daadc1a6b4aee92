// reports.h: what a run writes.
//
//   results.json  every case with its citation, inputs and each target's
//                 outcome and verdict (schema "sockcheck-results/1",
//                 documented in reports/README.md);
//   junit.xml     one testsuite per target, one testcase per case, for CI;
//   summary.md    counts per target, the failures, and where targets chose
//                 different implementation-defined outcomes.
// Each file is written to a temporary name and renamed, so a reader (or an
// interrupted run) never sees half a report.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "harness/run/runner.h"
#include "harness/spec/spec.h"

namespace sockcheck {

struct RunContext {
  const Spec& spec;
  const RunResult& result;
  std::optional<sock::Profile> profile;  // the --profile override, if any
};

[[nodiscard]] nlohmann::json results_json(const RunContext& run);
[[nodiscard]] std::string junit_xml(const RunContext& run);
[[nodiscard]] std::string summary_markdown(const RunContext& run);

// Writes the three reports into `dir` (created if missing). Throws
// std::runtime_error naming the file on an I/O error.
void write_reports(const std::filesystem::path& dir, const RunContext& run);

// Writes `text` to `path` through a temporary file and a rename.
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace sockcheck
