// manifest.h: adapters/<name>/adapter.json, the list of available adapters,
// and the factory that turns a name into an AdapterTarget.
//
// A manifest (schemas/adapter/manifest.json) names the adapter, says how to
// start it (an argv run without a shell, in the adapter's folder) and what
// must exist first (programs in PATH, built executables). An adapter whose
// needs are not met is listed as unavailable with the reason instead of
// failing at run time, so `sockcheck list` shows what a machine can test.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/adapter/adapter_target.h"

namespace sockcheck::adapter {

struct AdapterEnvironment {
  std::filesystem::path adapters_dir;  // the folder of adapter folders: <repo>/adapters
  std::filesystem::path build_dir;     // compiled adapters: {build} is build_dir/<name>

  // $SOCKCHECK_ADAPTERS_DIR and $SOCKCHECK_ADAPTER_BUILD_DIR when set, else
  // the source tree's adapters/ and the CMake build's adapters/ folder.
  [[nodiscard]] static AdapterEnvironment defaults();
};

struct Manifest {
  std::string name;
  std::string description;
  std::filesystem::path dir;         // the adapter's folder; it runs there
  std::vector<std::string> command;  // placeholders expanded
  std::vector<std::string> needs;    // placeholders expanded
  std::optional<int> timeout_ms;
  Limits limits;
};

// Reads and checks dir/adapter.json against the manifest schema; on
// failure `error` names the file and what is wrong.
[[nodiscard]] bool load_manifest(const std::filesystem::path& dir, const AdapterEnvironment& env, Manifest& out,
                                 std::string& error);

// The first need that is not met ("program pypy3 not in PATH", "file
// .../sockcheck-go-adapter missing: run scripts/setup"), or nullopt.
[[nodiscard]] std::optional<std::string> unmet_need(const Manifest& manifest);

struct AdapterListing {
  std::string name;
  std::filesystem::path dir;
  bool available = false;
  std::string why_not;  // unmet need or manifest error; empty when available
  Manifest manifest;    // valid when the manifest loaded
};

// Every folder of env.adapters_dir with an adapter.json, sorted by name.
[[nodiscard]] std::vector<AdapterListing> list_adapters(const AdapterEnvironment& env = AdapterEnvironment::defaults());

// Starts the named adapter (handshake included). `base` supplies the
// options a manifest does not set (pool size, deadlines); its argv,
// working_dir and name are replaced. Throws AdapterError for an unknown or
// unavailable adapter and for one that fails to start.
[[nodiscard]] std::unique_ptr<AdapterTarget> make_adapter_target(
    std::string_view name, const AdapterEnvironment& env = AdapterEnvironment::defaults(), AdapterOptions base = {});

}  // namespace sockcheck::adapter
