// sockcheck adapter-check -- CMD...: checks an adapter's traffic against
// the protocol's schemas and rules (harness/adapter/check.h), or an adapter
// of adapters/ by name.
#include <iostream>

#include "harness/adapter/check.h"
#include "harness/adapter/manifest.h"
#include "harness/cli/common.h"

namespace sockcheck::cli {

namespace {

struct CheckArgs {
  std::string name;
  std::vector<std::string> command;
};

int check(const CheckArgs& args) {
  std::vector<std::string> argv = args.command;
  if (argv.empty()) {
    if (args.name.empty()) {
      std::cerr << "sockcheck: adapter-check needs an adapter name (--adapter) or a command after --\n";
      return kExitUsage;
    }
    adapter::Manifest manifest;
    std::string error;
    const auto env = adapter::AdapterEnvironment::defaults();
    if (!adapter::load_manifest(env.adapters_dir / args.name, env, manifest, error)) {
      std::cerr << "sockcheck: " << error << '\n';
      return kExitUsage;
    }
    if (const auto missing = adapter::unmet_need(manifest)) {
      std::cerr << "sockcheck: adapter " << args.name << " is not available: " << *missing << '\n';
      return kExitUsage;
    }
    argv = manifest.command;
  }
  return adapter::run_adapter_check(argv, std::cout);
}

}  // namespace

void add_adapter_check_command(CLI::App& app, Exit& exit) {
  auto args = std::make_shared<CheckArgs>();
  auto* cmd = app.add_subcommand("adapter-check",
                                 "Check an adapter against the adapter protocol (docs/adapter-protocol.md):\n"
                                 "  sockcheck adapter-check -- python3 my_adapter.py\n"
                                 "  sockcheck adapter-check --adapter cpython");
  cmd->add_option("--adapter,-a", args->name, "An adapter of adapters/ by name");
  cmd->add_option("command", args->command, "The adapter's command line, after --");
  cmd->callback([args, &exit] { exit.code = check(*args); });
}

}  // namespace sockcheck::cli
