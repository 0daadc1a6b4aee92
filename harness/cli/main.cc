// sockcheck: the command line. Each subcommand is in its own file.
//
// Exit codes: 0 passed (or differed only where the spec allows), 1 failures
// or errored cases, 2 usage or spec errors.
#include <iostream>

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
  try {
    app.parse(argc, argv);
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
