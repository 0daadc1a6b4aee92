// sockcheck: the command line.
//
//   sockcheck run      run the spec on targets, write reports
//   sockcheck list     list cases, targets and operations
//   sockcheck call     run one operation on one target, print one JSON line
//   sockcheck lint     check that every quote occurs in its document
//
// Exit codes: 0 passed (or differed only where the spec allows), 1 failures
// or errored cases, 2 usage or spec errors.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fnmatch.h>
#include <iostream>

#include "harness/protocol/value_json.h"
#include "harness/report/reports.h"
#include "harness/run/runner.h"
#include "harness/spec/lint.h"
#include "harness/spec/loader.h"
#include "harness/targets/registry.h"
#include "impl/ops/operations.h"

namespace {

using namespace sockcheck;
namespace fs = std::filesystem;

constexpr int kExitPassed = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

std::atomic<bool> g_stop{false};

extern "C" void on_signal(int) {
  // The first Ctrl-C lets running batches finish and the reports be
  // written; a second one ends the process at once.
  if (g_stop.exchange(true)) {
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
  }
}

fs::path default_spec_dir() {
  if (const char* env = std::getenv("SOCKCHECK_SPEC")) return env;
  return SOCKCHECK_SPEC_DIR;
}

fs::path default_seeds_dir() {
  if (const char* env = std::getenv("SOCKCHECK_SEEDS")) return env;
  return fs::path(SOCKCHECK_SOURCE_DIR).parent_path() / "shared" / "seeds";
}

std::vector<std::string> split_list(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) {
    std::size_t start = 0;
    while (start <= item.size()) {
      const auto comma = item.find(',', start);
      const auto part = item.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!part.empty()) out.push_back(part);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

std::optional<Spec> load_or_report(const std::vector<std::string>& paths) {
  std::vector<fs::path> p(paths.begin(), paths.end());
  if (p.empty()) p.push_back(default_spec_dir());
  try {
    return load_spec(p);
  } catch (const SpecError& e) {
    for (const auto& m : e.messages()) std::cerr << m << '\n';
    std::cerr << "sockcheck: " << e.messages().size() << " spec error" << (e.messages().size() == 1 ? "" : "s") << '\n';
    return std::nullopt;
  }
}

std::optional<sock::Profile> parse_profile_option(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto p = sock::parse_profile(text);
  if (!p) throw CLI::ValidationError("--profile", "unknown profile '" + text + "' (1.x, 2.4, 2.6, 3.3, 3.12 or a Python version)");
  return p;
}

// Keeps the cases whose id matches one of the globs.
void select_cases(Spec& spec, const std::vector<std::string>& globs) {
  if (globs.empty()) return;
  std::erase_if(spec.cases, [&](const Case& c) {
    for (const auto& g : globs) {
      if (fnmatch(g.c_str(), c.id.c_str(), 0) == 0) return false;
    }
    return true;
  });
}

struct RunArgs {
  std::vector<std::string> spec;
  std::vector<std::string> targets;
  std::string out = "reports/latest";
  std::string profile;
  std::vector<std::string> cases;
  unsigned jobs = 0;
};

int cmd_run(const RunArgs& args) {
  // Installed before loading, so that a Ctrl-C at any point still ends
  // with valid reports of what finished (possibly nothing).
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  const auto profile = parse_profile_option(args.profile);
  auto spec = load_or_report(args.spec);
  if (!spec) return kExitUsage;
  select_cases(*spec, args.cases);

  std::vector<std::unique_ptr<Target>> targets;
  const auto names = args.targets.empty() ? default_targets() : split_list(args.targets);
  for (const auto& name : names) {
    std::string error;
    auto t = make_target(name, profile, error);
    if (!t) {
      std::cerr << "sockcheck: " << error << '\n';
      return kExitUsage;
    }
    targets.push_back(std::move(t));
  }

  RunOptions options;
  options.profile = profile;
  options.jobs = args.jobs;
  options.stop = &g_stop;
  // A live progress line on a terminal only: CI logs and pipes stay quiet.
  const bool live = ::isatty(2) && std::getenv("CI") == nullptr && std::getenv("NO_COLOR") == nullptr;
  if (live) {
    options.progress = [](std::size_t done, std::size_t total) {
      std::cerr << "\r[" << done << "/" << total << "] cases" << std::flush;
    };
  }
  const RunResult result = run_spec(*spec, targets, options);
  if (live) std::cerr << "\r\033[K";

  const RunContext context{*spec, result, profile};
  try {
    write_reports(args.out, context);
  } catch (const std::exception& e) {
    std::cerr << "sockcheck: " << e.what() << '\n';
    return kExitUsage;
  }
  for (const auto& t : result.targets) {
    std::cout << t.info.name << ": " << t.passed << " passed, " << t.failed << " failed, " << t.skipped
              << " skipped, " << t.errored << " errored (profile " << sock::name(t.profile) << ")\n";
  }
  std::cout << "reports: " << fs::path(args.out).string() << "/{results.json,junit.xml,summary.md}\n";
  if (result.interrupted) {
    std::cout << "interrupted: the reports hold the cases that finished\n";
    return kExitFailed;
  }
  return result.all_passed() ? kExitPassed : kExitFailed;
}

int cmd_list(const std::vector<std::string>& spec_paths, const std::vector<std::string>& globs, bool targets_only,
             bool ops_only) {
  if (targets_only || ops_only) {
    if (targets_only) {
      for (const auto& t : list_targets()) {
        std::cout << t.name << (t.available ? "" : " (unavailable: " + t.unavailable + ")") << "\t" << t.description << '\n';
      }
    }
    if (ops_only) {
      for (const auto& op : sock::ops::operations()) std::cout << op.signature << "\t" << op.area << '\n';
    }
    return kExitPassed;
  }
  auto spec = load_or_report(spec_paths);
  if (!spec) return kExitUsage;
  select_cases(*spec, globs);
  for (const auto& c : spec->cases) {
    std::cout << c.id << "\t" << c.versions.to_string() << "\t" << call_text(c.call)
              << (c.implementation_defined ? "\timplementation-defined" : "") << '\n';
  }
  std::cout << spec->cases.size() << " cases, " << spec->statements.size() << " statements\n";
  std::cout << "targets:";
  for (const auto& t : list_targets()) std::cout << ' ' << t.name;
  std::cout << '\n';
  return kExitPassed;
}

int cmd_call(const std::string& target_name, const std::string& profile_text, const std::string& op,
             const std::vector<std::string>& raw_args) {
  const auto profile = parse_profile_option(profile_text);
  Call call{op, {}};
  try {
    for (const auto& a : raw_args) call.args.push_back(parse_value_text(a));
  } catch (const SpecError& e) {
    std::cerr << "sockcheck: " << e.what() << '\n';
    return kExitUsage;
  }
  std::string error;
  auto target = make_target(target_name, profile, error);
  if (!target) {
    std::cerr << "sockcheck: " << error << '\n';
    return kExitUsage;
  }
  sock::Outcome outcome = target->supports(op) ? target->run(std::span(&call, 1)).at(0)
                                               : sock::Outcome::unsupported("the target has no " + op);
  nlohmann::json args = nlohmann::json::array();
  for (const auto& a : call.args) args.push_back(to_json(a));
  const nlohmann::json line{{"target", target_name},
                            {"profile", std::string(sock::name(target->info().profile))},
                            {"op", op},
                            {"args", args},
                            {"outcome", to_json(outcome)}};
  std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  return outcome.kind == sock::OutcomeKind::errored ? kExitFailed : kExitPassed;
}

int cmd_lint(const std::vector<std::string>& spec_paths, const std::string& seeds) {
  auto spec = load_or_report(spec_paths);
  if (!spec) return kExitUsage;
  const fs::path seeds_dir = seeds.empty() ? default_seeds_dir() : fs::path(seeds);
  const auto problems = lint_spec(*spec, seeds_dir);
  for (const auto& p : problems) std::cerr << p << '\n';
  std::cout << spec->cases.size() << " cases, " << spec->statements.size() << " statements, " << problems.size()
            << " problem" << (problems.size() == 1 ? "" : "s") << '\n';
  return problems.empty() ? kExitPassed : kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"sockcheck: conformance and fuzz testing for socket implementations, "
               "against the Python socket module documentation"};
  app.set_version_flag("--version", std::string("sockcheck ") + SOCKCHECK_VERSION);
  app.require_subcommand(1);

  RunArgs run_args;
  auto* run = app.add_subcommand("run", "Run the spec on targets and write results.json, junit.xml and summary.md");
  run->add_option("--spec", run_args.spec, "Spec files or folders (default: the repository's spec/)");
  run->add_option("--target,-t", run_args.targets, "Targets, comma-separated (default: ref,libc)");
  run->add_option("--out,-o", run_args.out, "Report folder")->capture_default_str();
  run->add_option("--profile,-p", run_args.profile, "Judge every target against this spec version (1.x, 2.4, 2.6, 3.3, 3.12)");
  run->add_option("--case,-k", run_args.cases, "Only cases whose id matches this glob (repeatable)");
  run->add_option("--jobs,-j", run_args.jobs, "Worker threads (default: one per core)");

  std::vector<std::string> list_spec, list_globs;
  bool list_targets_flag = false, list_ops_flag = false;
  auto* list = app.add_subcommand("list", "List cases (with their versions and calls), targets and operations");
  list->add_option("--spec", list_spec, "Spec files or folders");
  list->add_option("--case,-k", list_globs, "Only cases whose id matches this glob");
  list->add_flag("--targets", list_targets_flag, "List the targets only");
  list->add_flag("--ops", list_ops_flag, "List the operations only");

  std::string call_target = "ref", call_profile, call_op;
  std::vector<std::string> call_args;
  auto* call = app.add_subcommand("call", "Run one operation on one target and print the outcome as one JSON line.\n"
                                          "Arguments use the spec's value syntax: 1.2.3.4, \"'123'\", '!bytes 7f000001', "
                                          "'!const AF_INET', '[a, 1]'");
  call->add_option("--target,-t", call_target, "Target")->capture_default_str();
  call->add_option("--profile,-p", call_profile, "Spec version the target follows");
  call->add_option("op", call_op, "Operation, e.g. inet_pton")->required();
  call->add_option("args", call_args, "Arguments");

  std::vector<std::string> lint_spec_paths;
  std::string lint_seeds;
  auto* lint = app.add_subcommand("lint", "Check that every quote occurs in its seed document and every operation exists");
  lint->add_option("--spec", lint_spec_paths, "Spec files or folders");
  lint->add_option("--seeds", lint_seeds, "Folder of the seed documents (default: shared/seeds beside the repository)");

  try {
    app.parse(argc, argv);
    if (*run) return cmd_run(run_args);
    if (*list) return cmd_list(list_spec, list_globs, list_targets_flag, list_ops_flag);
    if (*call) return cmd_call(call_target, call_profile, call_op, call_args);
    if (*lint) return cmd_lint(lint_spec_paths, lint_seeds);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "sockcheck: " << e.what() << '\n';
    return kExitUsage;
  }
  return kExitUsage;
}
