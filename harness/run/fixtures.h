// fixtures.h: loopback peers that set-up steps start in the harness.
//
// A timing case needs something on the other end: a peer that never
// writes, one that writes after a delay, a listener whose backlog is full,
// a closed port. Such a step is an operation named "fixture.<what>"; the
// runner hands it to the case's Fixtures, not to the target, and binds the
// result (usually the peer's address tuple) for the target's calls. The
// fixtures of a case are torn down when the case ends.
#pragma once

#include <functional>
#include <memory>

#include "harness/targets/target.h"
#include "impl/core/outcome.h"

namespace sockcheck {

inline constexpr std::string_view kFixturePrefix = "fixture.";

class Fixtures {
 public:
  virtual ~Fixtures() = default;
  // Starts the fixture `call.op` names (prefix included); unsupported for
  // an unknown one.
  [[nodiscard]] virtual sock::Outcome start(const Call& call) = 0;
};

using FixturesFactory = std::function<std::unique_ptr<Fixtures>()>;

}  // namespace sockcheck
