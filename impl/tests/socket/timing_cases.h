// timing_cases.h: every mode x operation of the reference socket against a
// loopback peer, as timed scenarios shared by the timing test (one run
// each, asserted against a tolerance band) and the timing survey (many runs
// each, to measure the distribution the band is chosen from).
//
// A case sets up its peers untimed, then times exactly one operation on
// steady_clock and reports the elapsed time and the Outcome. Three kinds:
//   times_out       the operation must wait `expected` (the socket's
//                   timeout) and then fail: elapsed in [T, T + band];
//   immediate       it must come back at once (non-blocking mode, a refused
//                   port, data already there): elapsed <= immediate band;
//   waits_for_peer  it must wait until the peer acts after `expected` and
//                   then succeed: elapsed in [D, D + band], measured from
//                   the moment the peer's action was scheduled.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "impl/core/outcome.h"
#include "impl/core/profile.h"

namespace timing {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;

enum class Kind { times_out, immediate, waits_for_peer };

struct Measured {
  nanoseconds elapsed{0};
  sock::Outcome outcome;
};

struct Case {
  std::string name;  // "<op>/<mode>/<peer>", e.g. "recv/timeout/silent-peer"
  Kind kind = Kind::immediate;
  milliseconds expected{0};  // T for times_out, D for waits_for_peer, 0 for immediate
  sock::Outcome want;        // the outcome the documents prescribe
  std::function<Measured()> run;
};

// The cases for one profile, with timeout T and peer delay D (D < T, and
// T long enough that a waits_for_peer case never hits it).
[[nodiscard]] std::vector<Case> cases(sock::Profile profile, milliseconds timeout, milliseconds delay);

// True when the outcome is the wanted one: same kind, class and message, or
// the same value.
[[nodiscard]] bool same_outcome(const sock::Outcome& got, const sock::Outcome& want);

}  // namespace timing
