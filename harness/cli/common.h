// common.h: what the sockcheck subcommands share: exit codes, defaults,
// spec loading with error reporting, target creation.
//
// Each subcommand lives in its own file and registers itself on the
// CLI11 app through an add_*_command function; its callback stores the
// exit code in `Exit`.
#pragma once

#include <CLI/CLI.hpp>

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/spec/spec.h"
#include "harness/targets/target.h"
#include "impl/core/profile.h"

namespace sockcheck::cli {

inline constexpr int kExitPassed = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

// The exit code a subcommand's callback sets.
struct Exit {
  int code = kExitUsage;
};

// Set by SIGINT/SIGTERM once install_stop_handlers() ran; a second signal
// ends the process at once.
std::atomic<bool>& stop_flag();
void install_stop_handlers();

[[nodiscard]] std::filesystem::path default_spec_dir();
[[nodiscard]] std::filesystem::path default_seeds_dir();

// "a,b" "c" -> {a, b, c}.
[[nodiscard]] std::vector<std::string> split_list(const std::vector<std::string>& items);

// Loads the spec (default: the repository's spec/), printing every error
// to stderr; nullopt when there were any.
[[nodiscard]] std::optional<Spec> load_or_report(const std::vector<std::string>& paths);

// --profile text to a profile; "" is no override. Throws CLI::ValidationError.
[[nodiscard]] std::optional<sock::Profile> parse_profile_option(const std::string& text);

// Keeps the cases whose id matches one of the globs (all when empty).
void select_cases(Spec& spec, const std::vector<std::string>& globs);

// Creates the named targets, printing an error for an unknown one;
// nullopt when any failed.
[[nodiscard]] std::optional<std::vector<std::unique_ptr<Target>>> make_targets(const std::vector<std::string>& names,
                                                                               std::optional<sock::Profile> profile);

void add_run_command(CLI::App& app, Exit& exit);
void add_list_command(CLI::App& app, Exit& exit);
void add_call_command(CLI::App& app, Exit& exit);
void add_lint_command(CLI::App& app, Exit& exit);
void add_adapter_check_command(CLI::App& app, Exit& exit);
void add_compare_command(CLI::App& app, Exit& exit);
void add_coverage_command(CLI::App& app, Exit& exit);

}  // namespace sockcheck::cli
