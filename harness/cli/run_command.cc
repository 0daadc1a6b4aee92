// sockcheck run: the spec on targets, the reports, and the regression gate.
//
// The order matters for the exit codes: everything that can be a usage
// error (the spec, the selection, a previous results file, the baselines,
// the targets and their baseline sections) is checked before a case runs,
// so exit 2 never comes after minutes of running, and exit 1 always means
// the run itself found something.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "harness/cli/common.h"
#include "harness/fixtures/loopback_fixtures.h"
#include "harness/gate/baseline.h"
#include "harness/gate/compare.h"
#include "harness/gate/selection.h"
#include "harness/report/reports.h"
#include "harness/run/runner.h"
#include "harness/targets/registry.h"

namespace sockcheck::cli {

namespace {

namespace fs = std::filesystem;

struct RunArgs {
  std::vector<std::string> spec;
  std::vector<std::string> targets;
  std::string out = "reports/latest";
  std::string profile;
  gate::Selection selection;
  std::string only_failed;
  std::string baseline;
  std::string write_baseline;
  bool strict = false;
  bool allow_new_failures = false;
  unsigned retries = 2;
  double case_timeout = 60;
  unsigned jobs = 0;
};

// How many lines of each kind stdout lists; summary.md has the rest.
constexpr std::size_t kMaxLines = 20;

// A live progress line on a terminal only: CI logs, pipes and NO_COLOR
// (https://no-color.org) users get none.
bool live_terminal() {
  const char* term = std::getenv("TERM");
  return ::isatty(2) != 0 && std::getenv("CI") == nullptr && std::getenv("NO_COLOR") == nullptr &&
         (term == nullptr || std::strcmp(term, "dumb") != 0);
}

std::string fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// "ref inet_aton/x: expected ..., got ... [spec/conversions/inet_aton.yaml:12:5]"
std::string result_line(const Spec& spec, const RunResult& result, const CaseResult& r) {
  const Case& c = spec.cases[r.case_index];
  return result.targets[r.target_index].info.name + " " + c.id + ": expected " + describe_expected(c) + ", got " +
         sock::describe(r.outcome) + (r.detail.empty() ? "" : " (" + r.detail + ")") + " [" + c.where.to_string() + "]";
}

// Prints up to kMaxLines lines "<label>: <line>" for the results `pick`
// chooses (by index), and how many more there are.
template <typename Pick, typename Line>
void list_results(const std::string& label, const RunResult& result, Pick pick, Line line) {
  std::size_t n = 0;
  for (std::size_t k = 0; k < result.results.size(); ++k) {
    if (!pick(k)) continue;
    if (++n <= kMaxLines) std::cout << label << ": " << line(k) << '\n';
  }
  if (n > kMaxLines) std::cout << "…and " << n - kMaxLines << " more " << label << " lines in summary.md\n";
}

void print_counts(const RunResult& result) {
  for (const auto& t : result.targets) {
    std::cout << t.info.name << ": " << t.passed << " passed, " << t.failed << " failed, " << t.skipped << " skipped, "
              << t.errored << " errored";
    if (t.flaky != 0) std::cout << ", " << t.flaky << " flaky";
    std::cout << " (profile " << sock::name(t.profile) << ")\n";
  }
}

void print_duration(const Spec& spec, const RunResult& result, std::chrono::steady_clock::time_point began) {
  const double all = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  std::cout << "duration: " << fixed(result.seconds, 2) << " s running, " << fixed(all, 2) << " s in all";
  std::vector<const CaseResult*> slow;
  for (const auto& r : result.results) slow.push_back(&r);
  const std::size_t n = std::min<std::size_t>(3, slow.size());
  std::partial_sort(slow.begin(), slow.begin() + static_cast<std::ptrdiff_t>(n), slow.end(),
                    [](const CaseResult* a, const CaseResult* b) { return a->seconds > b->seconds; });
  for (std::size_t k = 0; k < n; ++k) {
    std::cout << (k == 0 ? "; slowest: " : ", ") << spec.cases[slow[k]->case_index].id << " ("
              << result.targets[slow[k]->target_index].info.name << ", " << fixed(slow[k]->seconds * 1000, 1) << " ms)";
  }
  std::cout << '\n';
}

void print_gate(const gate::Comparison& cmp, const Spec& spec, const RunResult& result) {
  std::size_t known = 0, fixed_n = 0, added = 0, removed = 0;
  for (const auto& t : cmp.targets) {
    known += t.known_failures;
    fixed_n += t.fixed;
    added += t.new_cases;
    removed += t.removed.size();
  }
  const auto failures = cmp.failures();
  std::cout << "gate: " << cmp.baseline << ": " << (failures.empty() ? "passed" : "failed");
  std::string why;
  for (const auto& f : failures) why += (why.empty() ? "" : ", ") + f;
  std::cout << (why.empty() ? "" : " (" + why + ")") << "; " << known << " known failures, " << fixed_n << " fixed, "
            << added << " new, " << removed << " removed\n";
  const auto with = [&](BaselineStatus s) { return [&cmp, s](std::size_t k) { return cmp.results[k].status == s; }; };
  const auto mismatch = [&](std::size_t k) { return result_line(spec, result, result.results[k]); };
  list_results("regression", result, with(BaselineStatus::regression), mismatch);
  list_results(cmp.policy.allow_new_failures ? "new failure (allowed)" : "new failure", result,
               with(BaselineStatus::new_failure), mismatch);
  list_results("fixed", result, with(BaselineStatus::fixed), [&](std::size_t k) {
    const CaseResult& r = result.results[k];
    const Case& c = spec.cases[r.case_index];
    return result.targets[r.target_index].info.name + " " + c.id + ": passes now (recorded: " + cmp.results[k].reason +
           ") [" + c.where.to_string() + "]";
  });
  std::size_t shown = 0;
  for (const auto& t : cmp.targets) {
    for (const auto& id : t.removed) {
      if (++shown <= kMaxLines) std::cout << "removed: " << t.target << " " << id << '\n';
    }
  }
  if (shown > kMaxLines) std::cout << "…and " << shown - kMaxLines << " more removed cases in summary.md\n";
}

int run(const RunArgs& args) {
  // Installed before loading, so that a Ctrl-C at any point still ends
  // with valid reports of what finished (possibly nothing).
  install_stop_handlers();
  const auto began = std::chrono::steady_clock::now();
  const auto profile = parse_profile_option(args.profile);
  const auto universe = load_or_report(args.spec);
  if (!universe) return kExitUsage;

  gate::Selection selection = args.selection;
  if (!args.only_failed.empty()) {
    try {
      selection.only = gate::failed_cases(args.only_failed);
    } catch (const std::exception& e) {
      std::cerr << "sockcheck: " << e.what() << '\n';
      return kExitUsage;
    }
    selection.only_from = args.only_failed;
    if (selection.only->empty()) {
      // Iterating on what broke, and nothing is broken any more: done.
      std::cout << args.only_failed << ": no case failed or errored; nothing to run\n";
      return kExitPassed;
    }
  }
  const Spec spec = gate::select(*universe, selection);
  if (spec.cases.empty() && !selection.empty()) {
    // A selector that matches nothing is a typo far more often than a wish
    // to run nothing, and a gate that ran nothing must not pass.
    std::cerr << "sockcheck: no case matches the selection " << selection.to_json().dump() << " ("
              << universe->cases.size() << " cases loaded; `sockcheck list` shows them)\n";
    return kExitUsage;
  }

  std::optional<gate::Baseline> baseline;
  gate::Baseline previous;  // what --write-baseline updates
  try {
    if (!args.baseline.empty()) baseline = gate::read_baseline(args.baseline);
    if (!args.write_baseline.empty()) {
      if (args.write_baseline == args.baseline) {
        previous = *baseline;
      } else if (fs::exists(args.write_baseline)) {
        // Updating a file keeps its other sections and its reasons, so an
        // unreadable one is an error rather than something to overwrite.
        previous = gate::read_baseline(args.write_baseline);
      }
    }
  } catch (const gate::BaselineError& e) {
    for (const auto& m : e.messages()) std::cerr << m << '\n';
    return kExitUsage;
  }

  auto targets = make_targets(args.targets.empty() ? default_targets() : split_list(args.targets), profile);
  if (!targets) return kExitUsage;
  if (baseline) {
    std::vector<std::pair<std::string, sock::Profile>> runs;
    for (const auto& t : *targets) runs.emplace_back(t->info().name, profile.value_or(t->info().profile));
    const auto missing = gate::missing_sections(*baseline, args.baseline, runs);
    for (const auto& m : missing) std::cerr << "sockcheck: " << m << '\n';
    if (!missing.empty()) return kExitUsage;
  }

  RunOptions options;
  options.profile = profile;
  options.jobs = args.jobs;
  options.retries = args.retries;
  options.case_timeout = args.case_timeout;
  options.stop = &stop_flag();
  options.fixtures = loopback_fixtures();  // the "fixture.<name>" set-up steps
  const bool live = live_terminal();
  if (live) {
    // At most ten redraws a second (and the last): a case can finish every
    // microsecond, and a terminal redrawn that often slows the run down.
    // The runner serialises the calls, so the lambda's state needs no lock.
    const auto start = std::chrono::steady_clock::now();
    options.progress = [start, last = -1.0](std::size_t done, std::size_t total) mutable {
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (done != total && s - last < 0.1) return;
      last = s;
      std::cerr << "\r[" << done << "/" << total << "] cases, " << fixed(s, 1) << " s" << std::flush;
    };
  }
  const RunResult result = run_spec(spec, *targets, options);
  if (live) std::cerr << "\r\033[K";

  std::optional<gate::Comparison> comparison;
  if (baseline) {
    comparison = gate::compare(*baseline, args.baseline, *universe, spec, result,
                               gate::Policy{args.strict, args.allow_new_failures});
  }
  const GateView view = gate::gate_view(comparison ? &*comparison : nullptr, spec, result, selection.to_json());
  try {
    write_reports(args.out, RunContext{spec, result, profile, &view});
  } catch (const std::exception& e) {
    std::cerr << "sockcheck: " << e.what() << '\n';
    return kExitUsage;
  }

  print_counts(result);
  if (comparison) {
    print_gate(*comparison, spec, result);
  } else if (!result.all_passed()) {
    const auto bad = [&](std::size_t k) {
      const Verdict v = result.results[k].judgement.verdict;
      return v == Verdict::failed || v == Verdict::errored;
    };
    list_results("failed", result, bad, [&](std::size_t k) { return result_line(spec, result, result.results[k]); });
  }
  list_results("flaky", result, [&](std::size_t k) { return result.results[k].flaky(); }, [&](std::size_t k) {
    const CaseResult& r = result.results[k];
    return result.targets[r.target_index].info.name + " " + spec.cases[r.case_index].id + ": " + r.detail;
  });
  print_duration(spec, result, began);

  if (!args.write_baseline.empty()) {
    if (result.interrupted) {
      // Half a run would record every unfinished case as removed.
      std::cerr << "sockcheck: interrupted: " << args.write_baseline << " not written\n";
    } else {
      const gate::Baseline recorded = gate::record(previous, *universe, spec, result);
      try {
        write_file_atomically(args.write_baseline, gate::baseline_yaml(recorded));
      } catch (const std::exception& e) {
        std::cerr << "sockcheck: " << e.what() << '\n';
        return kExitUsage;
      }
      std::cout << "baseline: wrote " << args.write_baseline;
      for (const auto& t : result.targets) {
        const gate::Section* s = recorded.find(t.info.name, t.profile);
        const auto known = std::count_if(s->cases.begin(), s->cases.end(), [](const auto& kv) { return kv.second.known_failure(); });
        std::cout << (&t == &result.targets.front() ? " (" : "; ") << t.info.name << " " << sock::name(t.profile) << ": "
                  << s->cases.size() << " cases, " << known << " known failures";
      }
      std::cout << ")\n";
    }
  }
  std::cout << "reports: " << args.out << "/{results.json,junit.xml,summary.md,results.sarif}\n";
  if (result.interrupted) {
    std::cout << "interrupted: the reports hold the cases that finished\n";
    return kExitFailed;
  }
  if (comparison) return comparison->passed() ? kExitPassed : kExitFailed;
  // Recording a baseline accepts the run as it is, failures included.
  if (!args.write_baseline.empty()) return kExitPassed;
  return result.all_passed() ? kExitPassed : kExitFailed;
}

}  // namespace

void add_run_command(CLI::App& app, Exit& exit) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand("run", "Run the spec on targets; write results.json, junit.xml, summary.md and "
                                        "results.sarif; gate on a baseline");
  cmd->footer(
      "Exit codes: 0 passed (with --baseline: nothing that passed in the baseline stopped passing, and no new case\n"
      "fails); 1 failures, regressions or an interrupted run; 2 usage, spec or baseline errors.\n"
      "Selectors of different kinds combine with AND, repeated ones with OR; all are globs.\n"
      "A retried case that passes is flaky: it counts as passed and is listed in the reports.");
  cmd->add_option("--spec", args->spec, "Spec files or folders (default: the repository's spec/)");
  cmd->add_option("--target,-t", args->targets, "Targets, comma-separated (default: ref,libc)");
  cmd->add_option("--profile,-p", args->profile,
                  "Judge every target against this spec version (1.x, 2.4, 2.6, 3.3, 3.12 or a Python version)");
  cmd->add_option("--jobs,-j", args->jobs, "Worker threads (default: one per core)");
  cmd->add_option("--retries", args->retries,
                  "Run a timing case that failed, or a session case that errored, up to N more times")
      ->capture_default_str();
  cmd->add_option("--case-timeout", args->case_timeout,
                  "Seconds a case with set-up steps may run before its session is aborted and it is errored (0: none)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();

  const char* select = "Selection";
  cmd->add_option("--case,-k", args->selection.cases, "Cases whose id matches this glob (repeatable)")->group(select);
  cmd->add_option("--area", args->selection.areas,
                  "Cases whose area matches this glob, or lies under it: --area conversions (repeatable)")
      ->group(select);
  cmd->add_option("--statement", args->selection.statements,
                  "Cases testing a statement whose id matches this glob: --statement '3.3/inet_aton/*' (repeatable)")
      ->group(select);
  cmd->add_option("--tag", args->selection.tags, "Cases with a tag matching this glob (repeatable)")->group(select);
  cmd->add_option("--only-failed", args->only_failed,
                  "Cases that failed or errored in this results.json of an earlier run")
      ->group(select);

  const char* gating = "Baseline gate";
  auto* base = cmd->add_option("--baseline,-b", args->baseline,
                               "Compare with this baseline: fail on regressions and new failures, not on known ones")
                   ->group(gating);
  cmd->add_option("--write-baseline", args->write_baseline,
                  "Record every case's verdict for the targets run into this file (its other sections and the "
                  "reasons of its known failures are kept)")
      ->group(gating);
  cmd->add_flag("--strict", args->strict,
                "Also fail when a known failure passes or a recorded case left the spec, so the baseline stays exact")
      ->needs(base)
      ->group(gating);
  cmd->add_flag("--allow-new-failures", args->allow_new_failures,
                "Do not fail on cases the baseline does not have that fail (they are still reported)")
      ->needs(base)
      ->group(gating);

  cmd->add_option("--out,-o", args->out, "Report folder")->capture_default_str()->group("Output");
  cmd->callback([args, &exit] { exit.code = run(*args); });
}

}  // namespace sockcheck::cli
