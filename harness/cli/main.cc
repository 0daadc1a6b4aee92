// sockcheck: the command line. Each subcommand is in its own file.
//
// Exit codes: 0 passed (or differed only where the spec allows), 1 failures
// or errored cases, 2 usage or spec errors.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "harness/cli/common.h"

int main(int argc, char** argv) {
  using namespace sockcheck::cli;
  CLI::App app{"sockcheck: conformance and fuzz testing for socket implementations, "
               "against the Python socket module documentation"};
  app.set_version_flag("--version", std::string("sockcheck ") + SOCKCHECK_VERSION);
  app.require_subcommand(1);
  Exit exit;
  add_run_command(app, exit);
  add_list_command(app, exit);
  add_call_command(app, exit);
  add_lint_command(app, exit);
  add_adapter_check_command(app, exit);
  add_compare_command(app, exit);
  add_coverage_command(app, exit);
  // CLI11 reads an argument written "[a, b]" as a list of two values; a
  // tuple argument of `call` must reach the spec's value parser whole, so
  // it gets a leading space (which YAML ignores).
  std::vector<std::string> args(argv, argv + argc);
  const auto call = std::find(args.begin(), args.end(), "call");
  for (auto it = call; it != args.end(); ++it) {
    if (it->starts_with('[')) it->insert(0, 1, ' ');
  }
  std::vector<char*> raw;
  for (auto& a : args) raw.push_back(a.data());
  try {
    app.parse(static_cast<int>(raw.size()), raw.data());
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
  return exit.code;
}
