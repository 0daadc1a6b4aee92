#include <fstream>
#include <stdexcept>
#include <unistd.h>

#include "harness/report/reports.h"

namespace sockcheck {

std::string_view to_string(BaselineStatus status) {
  switch (status) {
    case BaselineStatus::none: return "none";
    case BaselineStatus::unchanged: return "unchanged";
    case BaselineStatus::known_failure: return "known_failure";
    case BaselineStatus::regression: return "regression";
    case BaselineStatus::fixed: return "fixed";
    case BaselineStatus::new_case: return "new";
    case BaselineStatus::new_failure: return "new_failure";
  }
  return "none";
}

void write_file_atomically(const std::filesystem::path& path, const std::string& text) {
  const auto tmp = path.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw std::runtime_error(tmp + ": cannot write");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw std::runtime_error(path.string() + ": cannot write: " + ec.message());
  }
}

namespace {

// The results as a CI test view should show them on a gated run, so that
// the test tab agrees with the job's status: a failure the baseline
// expects (or one --allow-new-failures lets through) is a skipped test that
// says so, as pytest shows an xfail; a pass that fails the gate (a fixed
// known failure under --strict) is a failure that says why. Counts follow.
RunResult gate_view_of(const RunContext& run) {
  RunResult view = run.result;
  for (auto& t : view.targets) t.passed = t.failed = t.skipped = t.errored = 0;
  for (std::size_t k = 0; k < view.results.size(); ++k) {
    CaseResult& r = view.results[k];
    const auto& g = run.gate->results[k];
    const bool bad = r.judgement.verdict == Verdict::failed || r.judgement.verdict == Verdict::errored;
    if (bad && !g.fails_gate) {
      const std::string what = g.status == BaselineStatus::known_failure ? "known failure (baseline): " + g.reason
                                                                         : std::string("new failure, allowed");
      // What came now, unless the reason (as recorded) already says it.
      const std::string got = "got " + sock::describe(r.outcome) + (r.detail.empty() ? "" : " (" + r.detail + ")");
      r.outcome = sock::Outcome::unsupported(what.find(got) == std::string::npos ? what + "; " + got : what);
      r.judgement.verdict = Verdict::skipped;
    } else if (!bad && g.fails_gate) {
      r.detail = g.status == BaselineStatus::fixed
                     ? "a known failure in the baseline that passes now: record it with --write-baseline"
                     : "recorded as passed in the baseline, and now " + std::string(to_string(r.judgement.verdict));
      r.judgement.verdict = Verdict::failed;
    }
    auto& t = view.targets[r.target_index];
    switch (r.judgement.verdict) {
      case Verdict::passed: ++t.passed; break;
      case Verdict::failed: ++t.failed; break;
      case Verdict::skipped: ++t.skipped; break;
      case Verdict::errored: ++t.errored; break;
    }
  }
  return view;
}

}  // namespace

void write_reports(const std::filesystem::path& dir, const RunContext& run) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error(dir.string() + ": cannot create: " + ec.message());
  // dump(-1, ' ', false, replace): adapter output may hold invalid UTF-8,
  // which must not abort the report.
  constexpr auto replace = nlohmann::json::error_handler_t::replace;
  write_file_atomically(dir / "results.json", results_json(run).dump(1, ' ', false, replace) + "\n");
  const bool gated = run.gate != nullptr && run.gate->results.size() == run.result.results.size() &&
                     !run.result.results.empty();
  if (gated) {
    const RunResult view = gate_view_of(run);
    write_file_atomically(dir / "junit.xml", junit_xml(RunContext{run.spec, view, run.profile, run.gate}));
  } else {
    write_file_atomically(dir / "junit.xml", junit_xml(run));
  }
  write_file_atomically(dir / "summary.md", run.gate != nullptr
                                                ? run.gate->heading + summary_markdown(run) + run.gate->appendix
                                                : summary_markdown(run));
  write_file_atomically(dir / "results.sarif", sarif_json(run).dump(1, ' ', false, replace) + "\n");
}

}  // namespace sockcheck
