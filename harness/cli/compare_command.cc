// sockcheck compare: the spec on many implementations at once, and the
// comparison report (compare.html, compare.json, compare.md) beside the
// usual results.json, junit.xml and summary.md of the same run.
//
// Implementations differing is what the command is for, so it is data,
// not a failure: the exit code is 0 whatever the targets answered, 2 on a
// usage or spec error (or when no target could start), and 1 only when
// the run was interrupted, as the reports then hold part of the cases.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "harness/cli/common.h"
#include "harness/fixtures/loopback_fixtures.h"
#include "harness/report/compare_report.h"
#include "harness/report/reports.h"
#include "harness/run/runner.h"
#include "harness/targets/registry.h"

namespace sockcheck::cli {

namespace {

struct CompareArgs {
  std::vector<std::string> spec;
  std::vector<std::string> targets;
  std::string out = "reports/latest/compare";
  std::string profile;
  std::vector<std::string> cases;
  double agree = 98;  // percent; --agree
  unsigned jobs = 0;
};

// Every available target, started; one that does not start is left out
// with a word on stderr, since "all that can run here" was asked for, not
// that one. nullopt when none starts.
std::optional<std::vector<std::unique_ptr<Target>>> start_available(std::optional<sock::Profile> profile) {
  std::vector<std::unique_ptr<Target>> targets;
  for (const auto& name : available_targets()) {
    std::string error;
    auto t = make_target(name, profile, error);
    if (!t) {
      std::cerr << "sockcheck: leaving out " << name << ": " << error << '\n';
      continue;
    }
    targets.push_back(std::move(t));
  }
  if (targets.empty()) {
    std::cerr << "sockcheck: no target could start (sockcheck list --targets)\n";
    return std::nullopt;
  }
  return targets;
}

int compare(const CompareArgs& args) {
  install_stop_handlers();
  const auto profile = parse_profile_option(args.profile);
  auto spec = load_or_report(args.spec);
  if (!spec) return kExitUsage;
  select_cases(*spec, args.cases);
  if (spec->cases.empty()) {
    std::cerr << "sockcheck: no case to run (check --spec and --case)\n";
    return kExitUsage;
  }
  auto targets = args.targets.empty() ? start_available(profile) : make_targets(split_list(args.targets), profile);
  if (!targets) return kExitUsage;

  RunOptions options;
  options.profile = profile;
  options.jobs = args.jobs;
  options.stop = &stop_flag();
  options.fixtures = loopback_fixtures();
  // As `run` does: a timing case that failed, or a session whose fixture
  // or adapter broke, gets another chance before it counts as a difference.
  options.retries = 2;
  const bool live = ::isatty(2) != 0 && std::getenv("CI") == nullptr && std::getenv("NO_COLOR") == nullptr;
  if (live) {
    options.progress = [](std::size_t done, std::size_t total) {
      std::cerr << "\r[" << done << "/" << total << "] cases" << std::flush;
    };
  }
  const RunResult result = run_spec(*spec, *targets, options);
  if (live) std::cerr << "\r\033[K";

  const RunContext run{*spec, result, profile};
  compare::CompareOptions copt;
  copt.cluster_threshold = 1.0 - args.agree / 100.0;
  nlohmann::json model;
  try {
    write_reports(args.out, run);
    model = compare::write_compare_reports(args.out, run, copt);
  } catch (const std::exception& e) {
    std::cerr << "sockcheck: " << e.what() << '\n';
    return kExitUsage;
  }

  // What the report will say first: the clusters and the biggest themes.
  std::cout << model["counts"]["targets"].get<std::size_t>() << " targets, " << model["counts"]["cases"].get<std::size_t>()
            << " cases, " << model["counts"]["differing"].get<std::size_t>() << " where the targets answer differently\n";
  std::size_t k = 0;
  for (const auto& c : model["clusters"]) {
    std::cout << "cluster " << ++k << ":";
    for (const auto& n : c["targets"]) std::cout << ' ' << n.get<std::string>();
    if (!c["lowest"].is_null()) {
      const double same = c["lowest"]["same"].get<double>(), compared = c["lowest"]["compared"].get<double>();
      char pct[16];
      std::snprintf(pct, sizeof pct, "%.1f", compared == 0 ? 0.0 : 100.0 * same / compared);
      std::cout << " (every pair agrees on >= " << pct << "% of common cases)";
    }
    std::cout << '\n';
  }
  std::size_t shown = 0;
  for (const auto& th : model["themes"]) {
    if (shown++ == 8) {
      std::cout << "…and " << model["themes"].size() - 8 << " more themes in compare.md\n";
      break;
    }
    std::cout << "differ on " << th["theme"].get<std::string>() << ": " << th["cases"].size() << " cases\n";
  }
  std::cout << "reports: " << args.out << "/{compare.html,compare.md,compare.json,results.json,junit.xml,summary.md}\n";
  if (result.interrupted) {
    std::cout << "interrupted: the reports hold the cases that finished\n";
    return kExitFailed;
  }
  return kExitPassed;
}

}  // namespace

void add_compare_command(CLI::App& app, Exit& exit) {
  auto args = std::make_shared<CompareArgs>();
  auto* cmd = app.add_subcommand(
      "compare",
      "Run the spec on many implementations (default: every available target) and write compare.html, compare.md "
      "and compare.json, besides results.json, junit.xml and summary.md. Exit 0 whatever the targets answer: "
      "differences are data (2: usage or spec error; 1: interrupted)");
  cmd->add_option("--spec", args->spec, "Spec files or folders (default: the repository's spec/)");
  cmd->add_option("--target,-t", args->targets,
                  "Targets, comma-separated (default: every available one, as `sockcheck list --targets` shows)");
  cmd->add_option("--out,-o", args->out, "Report folder")->capture_default_str();
  cmd->add_option("--profile,-p", args->profile,
                  "Judge every target against this spec version (default: each its own profile)");
  cmd->add_option("--case,-k", args->cases, "Only cases whose id matches this glob (repeatable)");
  cmd->add_option("--agree", args->agree,
                  "Cluster targets that agree, pair by pair, on at least this percentage of the cases both answer")
      ->check(CLI::Range(0.0, 100.0))
      ->capture_default_str();
  cmd->add_option("--jobs,-j", args->jobs, "Worker threads (default: one per core)");
  cmd->callback([args, &exit] { exit.code = compare(*args); });
}

}  // namespace sockcheck::cli
