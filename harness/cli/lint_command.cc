// sockcheck lint: every quote occurs in its document, every op exists.
#include <iostream>

#include "harness/cli/common.h"
#include "harness/spec/lint.h"

namespace sockcheck::cli {

namespace {

struct LintArgs {
  std::vector<std::string> spec;
  std::string seeds;
};

int lint(const LintArgs& args) {
  auto spec = load_or_report(args.spec);
  if (!spec) return kExitUsage;
  const auto seeds_dir = args.seeds.empty() ? default_seeds_dir() : std::filesystem::path(args.seeds);
  const auto problems = lint_spec(*spec, seeds_dir);
  for (const auto& p : problems) std::cerr << p << '\n';
  std::cout << spec->cases.size() << " cases, " << spec->statements.size() << " statements, " << problems.size()
            << " problem" << (problems.size() == 1 ? "" : "s") << '\n';
  return problems.empty() ? kExitPassed : kExitUsage;
}

}  // namespace

void add_lint_command(CLI::App& app, Exit& exit) {
  auto args = std::make_shared<LintArgs>();
  auto* cmd = app.add_subcommand("lint", "Check that every quote occurs in its seed document and every operation exists");
  cmd->add_option("--spec", args->spec, "Spec files or folders");
  cmd->add_option("--seeds", args->seeds, "Folder of the seed documents (default: shared/seeds beside the repository)");
  cmd->callback([args, &exit] { exit.code = lint(*args); });
}

}  // namespace sockcheck::cli
