// sockcheck run: the spec on targets, and the reports.
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "harness/cli/common.h"
#include "harness/report/reports.h"
#include "harness/run/runner.h"
#include "harness/targets/registry.h"

namespace sockcheck::cli {

namespace {

struct RunArgs {
  std::vector<std::string> spec;
  std::vector<std::string> targets;
  std::string out = "reports/latest";
  std::string profile;
  std::vector<std::string> cases;
  unsigned jobs = 0;
};

int run(const RunArgs& args) {
  // Installed before loading, so that a Ctrl-C at any point still ends
  // with valid reports of what finished (possibly nothing).
  install_stop_handlers();
  const auto profile = parse_profile_option(args.profile);
  auto spec = load_or_report(args.spec);
  if (!spec) return kExitUsage;
  select_cases(*spec, args.cases);
  auto targets = make_targets(args.targets.empty() ? default_targets() : split_list(args.targets), profile);
  if (!targets) return kExitUsage;

  RunOptions options;
  options.profile = profile;
  options.jobs = args.jobs;
  options.stop = &stop_flag();
  // A live progress line on a terminal only: CI logs and pipes stay quiet.
  const bool live = ::isatty(2) && std::getenv("CI") == nullptr && std::getenv("NO_COLOR") == nullptr;
  if (live) {
    options.progress = [](std::size_t done, std::size_t total) {
      std::cerr << "\r[" << done << "/" << total << "] cases" << std::flush;
    };
  }
  const RunResult result = run_spec(*spec, *targets, options);
  if (live) std::cerr << "\r\033[K";

  try {
    write_reports(args.out, RunContext{*spec, result, profile});
  } catch (const std::exception& e) {
    std::cerr << "sockcheck: " << e.what() << '\n';
    return kExitUsage;
  }
  for (const auto& t : result.targets) {
    std::cout << t.info.name << ": " << t.passed << " passed, " << t.failed << " failed, " << t.skipped
              << " skipped, " << t.errored << " errored (profile " << sock::name(t.profile) << ")\n";
  }
  std::cout << "reports: " << args.out << "/{results.json,junit.xml,summary.md}\n";
  if (result.interrupted) {
    std::cout << "interrupted: the reports hold the cases that finished\n";
    return kExitFailed;
  }
  return result.all_passed() ? kExitPassed : kExitFailed;
}

}  // namespace

void add_run_command(CLI::App& app, Exit& exit) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand("run", "Run the spec on targets and write results.json, junit.xml and summary.md");
  cmd->add_option("--spec", args->spec, "Spec files or folders (default: the repository's spec/)");
  cmd->add_option("--target,-t", args->targets, "Targets, comma-separated (default: ref,libc)");
  cmd->add_option("--out,-o", args->out, "Report folder")->capture_default_str();
  cmd->add_option("--profile,-p", args->profile,
                  "Judge every target against this spec version (1.x, 2.4, 2.6, 3.3, 3.12 or a Python version)");
  cmd->add_option("--case,-k", args->cases, "Only cases whose id matches this glob (repeatable)");
  cmd->add_option("--jobs,-j", args->jobs, "Worker threads (default: one per core)");
  cmd->callback([args, &exit] { exit.code = run(*args); });
}

}  // namespace sockcheck::cli
