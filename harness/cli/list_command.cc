// sockcheck list: cases (with versions and calls), targets, operations.
#include <iostream>

#include "harness/cli/common.h"
#include "harness/targets/registry.h"
#include "impl/ops/operations.h"

namespace sockcheck::cli {

namespace {

struct ListArgs {
  std::vector<std::string> spec;
  std::vector<std::string> cases;
  bool targets = false;
  bool ops = false;
};

int list(const ListArgs& args) {
  if (args.targets || args.ops) {
    if (args.targets) {
      for (const auto& t : list_targets()) {
        std::cout << t.name << (t.available ? "" : " (unavailable: " + t.unavailable + ")") << "\t" << t.description
                  << '\n';
      }
    }
    if (args.ops) {
      for (const auto& op : sock::ops::operations()) std::cout << op.signature << "\t" << op.area << '\n';
    }
    return kExitPassed;
  }
  auto spec = load_or_report(args.spec);
  if (!spec) return kExitUsage;
  select_cases(*spec, args.cases);
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

}  // namespace

void add_list_command(CLI::App& app, Exit& exit) {
  auto args = std::make_shared<ListArgs>();
  auto* cmd = app.add_subcommand("list", "List cases (with their versions and calls), targets and operations");
  cmd->add_option("--spec", args->spec, "Spec files or folders");
  cmd->add_option("--case,-k", args->cases, "Only cases whose id matches this glob");
  cmd->add_flag("--targets", args->targets, "List the targets only");
  cmd->add_flag("--ops", args->ops, "List the operations only");
  cmd->callback([args, &exit] { exit.code = list(*args); });
}

}  // namespace sockcheck::cli
