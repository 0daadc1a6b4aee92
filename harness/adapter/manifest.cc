#include "manifest.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "harness/adapter/schema.h"

#ifndef SOCKCHECK_ADAPTERS_DEFAULT_DIR
#error "SOCKCHECK_ADAPTERS_DEFAULT_DIR must be defined by the build"
#endif
#ifndef SOCKCHECK_ADAPTER_BUILD_DEFAULT_DIR
#error "SOCKCHECK_ADAPTER_BUILD_DEFAULT_DIR must be defined by the build"
#endif

namespace sockcheck::adapter {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string expand(std::string text, const fs::path& dir, const fs::path& build) {
  auto replace_all = [&](std::string_view key, const std::string& with) {
    for (auto pos = text.find(key); pos != std::string::npos; pos = text.find(key, pos + with.size())) {
      text.replace(pos, key.size(), with);
    }
  };
  replace_all("{dir}", dir.string());
  replace_all("{build}", build.string());
  return text;
}

bool in_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "");
  std::string d;
  while (std::getline(dirs, d, ':')) {
    const fs::path candidate = fs::path(d.empty() ? "." : d) / program;
    if (::access(candidate.c_str(), X_OK) == 0 && fs::is_regular_file(candidate)) return true;
  }
  return false;
}

}  // namespace

AdapterEnvironment AdapterEnvironment::defaults() {
  AdapterEnvironment env;
  const char* dir = std::getenv("SOCKCHECK_ADAPTERS_DIR");
  const char* build = std::getenv("SOCKCHECK_ADAPTER_BUILD_DIR");
  env.adapters_dir = dir != nullptr && *dir != '\0' ? dir : SOCKCHECK_ADAPTERS_DEFAULT_DIR;
  env.build_dir = build != nullptr && *build != '\0' ? build : SOCKCHECK_ADAPTER_BUILD_DEFAULT_DIR;
  return env;
}

bool load_manifest(const fs::path& dir, const AdapterEnvironment& env, Manifest& out, std::string& error) {
  const fs::path file = dir / "adapter.json";
  std::ifstream in(file);
  if (!in) {
    error = file.string() + ": cannot be read";
    return false;
  }
  const json j = json::parse(in, nullptr, false);
  if (j.is_discarded()) {
    error = file.string() + ": not valid JSON";
    return false;
  }
  if (const auto problems = SchemaSet::builtin().validate("manifest.json", j); !problems.empty()) {
    error = file.string() + ": " + problems.front();
    return false;
  }
  out = Manifest{};
  out.name = j["name"].get<std::string>();
  if (out.name != dir.filename().string()) {
    error = file.string() + ": name '" + out.name + "' differs from the folder's name";
    return false;
  }
  out.description = j["description"].get<std::string>();
  out.dir = fs::absolute(dir).lexically_normal();
  const fs::path build = fs::absolute(env.build_dir / out.name).lexically_normal();
  for (const auto& a : j["command"]) out.command.push_back(expand(a.get<std::string>(), out.dir, build));
  for (const auto& n : j["needs"]) out.needs.push_back(expand(n.get<std::string>(), out.dir, build));
  if (j.contains("timeout_ms")) out.timeout_ms = j["timeout_ms"].get<int>();
  if (const auto l = j.find("limits"); l != j.end()) {
    out.limits.address_space_mib = l->value("address_space_mib", out.limits.address_space_mib);
    out.limits.cpu_seconds = l->value("cpu_seconds", out.limits.cpu_seconds);
    out.limits.open_files = l->value("open_files", out.limits.open_files);
  }
  return true;
}

std::optional<std::string> unmet_need(const Manifest& manifest) {
  for (const auto& need : manifest.needs) {
    if (need.find('/') == std::string::npos) {
      if (!in_path(need)) return "program " + need + " is not in PATH";
    } else {
      const fs::path p = fs::path(need).is_absolute() ? fs::path(need) : manifest.dir / need;
      if (!fs::exists(p)) return "file " + p.string() + " is missing (scripts/setup builds adapters)";
    }
  }
  return std::nullopt;
}

std::vector<AdapterListing> list_adapters(const AdapterEnvironment& env) {
  std::vector<AdapterListing> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(env.adapters_dir, ec)) {
    if (!entry.is_directory() || !fs::exists(entry.path() / "adapter.json")) continue;
    AdapterListing listing;
    listing.name = entry.path().filename().string();
    listing.dir = entry.path();
    std::string error;
    if (!load_manifest(entry.path(), env, listing.manifest, error)) {
      listing.why_not = error;
    } else if (auto need = unmet_need(listing.manifest)) {
      listing.why_not = *need;
    } else {
      listing.available = true;
    }
    out.push_back(std::move(listing));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

std::unique_ptr<AdapterTarget> make_adapter_target(std::string_view name, const AdapterEnvironment& env,
                                                   AdapterOptions base) {
  const fs::path dir = env.adapters_dir / std::string(name);
  if (name.empty() || name.find('/') != std::string_view::npos || !fs::exists(dir / "adapter.json")) {
    throw AdapterError("no adapter named '" + std::string(name) + "' in " + env.adapters_dir.string());
  }
  Manifest manifest;
  std::string error;
  if (!load_manifest(dir, env, manifest, error)) throw AdapterError(error);
  if (auto need = unmet_need(manifest)) throw AdapterError("adapter " + manifest.name + " is unavailable: " + *need);
  base.argv = manifest.command;
  base.working_dir = manifest.dir.string();
  base.name = manifest.name;
  base.description = manifest.description;
  base.limits = manifest.limits;
  if (manifest.timeout_ms) base.call_timeout = std::chrono::milliseconds(*manifest.timeout_ms);
  return std::make_unique<AdapterTarget>(std::move(base));
}

}  // namespace sockcheck::adapter
