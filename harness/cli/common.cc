#include "common.h"

#include <fnmatch.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

#include "harness/spec/loader.h"
#include "harness/targets/registry.h"

namespace sockcheck::cli {

namespace fs = std::filesystem;

std::atomic<bool>& stop_flag() {
  static std::atomic<bool> flag{false};
  return flag;
}

namespace {

extern "C" void on_signal(int) {
  // The first signal lets running batches finish and the reports be
  // written; a second one ends the process at once.
  if (stop_flag().exchange(true)) {
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
  }
}

}  // namespace

void install_stop_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
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
    for (;;) {
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
  if (!p) {
    throw CLI::ValidationError("--profile", "unknown profile '" + text + "' (1.x, 2.4, 2.6, 3.3, 3.12 or a Python version)");
  }
  return p;
}

void select_cases(Spec& spec, const std::vector<std::string>& globs) {
  if (globs.empty()) return;
  std::erase_if(spec.cases, [&](const Case& c) {
    for (const auto& g : globs) {
      if (fnmatch(g.c_str(), c.id.c_str(), 0) == 0) return false;
    }
    return true;
  });
}

std::optional<std::vector<std::unique_ptr<Target>>> make_targets(const std::vector<std::string>& names,
                                                                 std::optional<sock::Profile> profile) {
  std::vector<std::unique_ptr<Target>> targets;
  for (const auto& name : names) {
    std::string error;
    auto t = make_target(name, profile, error);
    if (!t) {
      std::cerr << "sockcheck: " << error << '\n';
      return std::nullopt;
    }
    targets.push_back(std::move(t));
  }
  return targets;
}

}  // namespace sockcheck::cli
