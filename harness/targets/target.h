// target.h: an implementation under test, as the runner sees it.
//
// A target answers calls (an operation name and Python-like arguments) with
// outcomes. In-process targets (the reference, the C library) answer
// directly; adapter targets (issue: third-party implementations) forward the
// calls to another process over the adapter protocol and may pipeline a
// whole batch. The runner hands every target batches of independent calls
// from several threads at once, so `run` must be thread-safe.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "impl/core/outcome.h"
#include "impl/core/profile.h"
#include "impl/core/value.h"

namespace sockcheck {

struct Call {
  std::string op;
  std::vector<sock::Value> args;
};

struct TargetInfo {
  std::string name;            // what --target selects: "ref", "libc", "cpython", ...
  std::string implementation;  // what it is: "sockcheck reference (posix dialect)", "GNU libc"
  std::string version;         // the implementation's own version
  sock::Profile profile = sock::kNewestProfile;  // the spec version it follows
  std::string description;     // one line for `sockcheck list`
};

// Calls that share state (sockets made by one call and used by the next),
// made in order. Ending the session releases what it holds.
class TargetSession {
 public:
  virtual ~TargetSession() = default;
  [[nodiscard]] virtual sock::Outcome call(const Call& call) = 0;
  // From another thread, when the case ran past its deadline: make the
  // call in progress return soon. Adapter sessions need nothing here (each
  // request has its own deadline); in-process ones shut their sockets down.
  virtual void abort() {}
};

class Target {
 public:
  virtual ~Target() = default;

  [[nodiscard]] virtual const TargetInfo& info() const = 0;

  // One outcome per call, in order. Calls in a batch are independent; a
  // target may run them in any order or all at once.
  [[nodiscard]] virtual std::vector<sock::Outcome> run(std::span<const Call> calls) = 0;

  // The operations this target can run at all; others are reported as
  // not applicable without asking it.
  [[nodiscard]] virtual bool supports(std::string_view op) const = 0;

  // A session for a case with set-up steps. The default has no state: each
  // call goes through run(), which suits targets without stateful objects.
  [[nodiscard]] virtual std::unique_ptr<TargetSession> open_session();
};

}  // namespace sockcheck
