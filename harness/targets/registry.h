// registry.h: the targets sockcheck can run, by name.
//
// Built-in targets run in process; adapter targets (third-party
// implementations behind the adapter protocol) are added by the adapter
// machinery under the same names space.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/targets/target.h"

namespace sockcheck {

struct TargetEntry {
  std::string name;
  std::string description;
  bool available = true;     // false when its requirements are missing
  std::string unavailable;   // why, when not available
};

// Every target known, available or not, in a stable order.
[[nodiscard]] std::vector<TargetEntry> list_targets();

// Every target that can run here (its requirements are met).
[[nodiscard]] std::vector<std::string> available_targets();

// The targets a plain `sockcheck run` uses.
[[nodiscard]] std::vector<std::string> default_targets();

// Creates a target; `profile` overrides the profile it follows (the
// reference follows whichever it is told; a fixed implementation ignores
// it). nullptr and `error` set for an unknown or unavailable name.
[[nodiscard]] std::unique_ptr<Target> make_target(const std::string& name, std::optional<sock::Profile> profile,
                                                  std::string& error);

}  // namespace sockcheck
