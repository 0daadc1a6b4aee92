#include "registry.h"

#include <gnu/libc-version.h>

#include "harness/adapter/manifest.h"
#include "harness/targets/ops_target.h"
#include "impl/inet/dialect.h"

namespace sockcheck {

namespace {

struct BuiltIn {
  const char* name;
  const char* description;
};

constexpr BuiltIn kBuiltIns[] = {
    {"ref", "the reference implementation (inet(3) as written, RFC 5952 output)"},
    {"ref-glibc", "the reference in its glibc dialect (glibc's documented leniencies)"},
    {"libc", "the system C library's inet_aton/inet_pton/inet_ntop/htons..., called directly"},
};

}  // namespace

std::vector<TargetEntry> list_targets() {
  std::vector<TargetEntry> out;
  for (const auto& b : kBuiltIns) out.push_back({b.name, b.description, true, {}});
  // Third-party implementations behind the adapter protocol (adapters/*).
  for (const auto& a : adapter::list_adapters()) {
    out.push_back({a.name, a.manifest.description.empty() ? "adapter " + a.name : a.manifest.description, a.available,
                   a.why_not});
  }
  return out;
}

std::vector<std::string> available_targets() {
  std::vector<std::string> out;
  for (const auto& t : list_targets()) {
    if (t.available) out.push_back(t.name);
  }
  return out;
}

std::vector<std::string> default_targets() { return {"ref", "libc"}; }

std::unique_ptr<Target> make_target(const std::string& name, std::optional<sock::Profile> profile, std::string& error) {
  TargetInfo info;
  info.name = name;
  info.profile = profile.value_or(sock::kNewestProfile);
  if (name == "ref" || name == "ref-glibc") {
    const auto dialect = name == "ref" ? sock::inet::Dialect::posix : sock::inet::Dialect::glibc;
    info.implementation = "sockcheck reference (" + std::string(sock::inet::name(dialect)) + " dialect)";
    info.version = SOCKCHECK_VERSION;
    info.description = name == "ref" ? kBuiltIns[0].description : kBuiltIns[1].description;
    return make_ops_target(std::move(info), sock::ops::reference_engine(dialect));
  }
  if (name == "libc") {
    info.implementation = "GNU libc";
    info.version = gnu_get_libc_version();
    info.description = kBuiltIns[2].description;
    return make_ops_target(std::move(info), sock::ops::libc_engine());
  }
  for (const auto& a : adapter::list_adapters()) {
    if (a.name != name) continue;
    if (!a.available) {
      error = "target '" + name + "' is not available here: " + a.why_not;
      return nullptr;
    }
    try {
      adapter::AdapterOptions options;
      options.run_profile = profile;
      auto target = adapter::make_adapter_target(name, adapter::AdapterEnvironment::defaults(), options);
      return target;
    } catch (const std::exception& e) {
      error = "target '" + name + "' did not start: " + e.what();
      return nullptr;
    }
  }
  error = "unknown target '" + name + "' (sockcheck list --targets shows them)";
  return nullptr;
}

}  // namespace sockcheck
