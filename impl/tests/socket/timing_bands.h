// timing_bands.h: the tolerance bands of the timing tests, chosen from the
// distributions socket_timing_survey measured (see the numbers below).
//
// A deadline can never be met early: the socket computes it after the test
// starts its clock, and poll() sleeps at least the time asked for (rounded
// up to whole milliseconds), so the lower bound is exact -- elapsed >= T, no
// tolerance. Lateness is scheduling: waking the thread, the remaining
// system calls, a loaded machine. The upper bounds are the measured
// worst case with head-room, not the typical case.
#pragma once

#include <chrono>

#include "timing_cases.h"

namespace timing {

// How late a timed-out operation, or one that waited for its peer, may
// come back. socket_timing_survey, 200 runs of each of the 37 cases (T =
// 100 ms, D = 50 ms) on 2 vCPUs under a load average of 6-8 (other builds):
//   one run at a time:    lateness p50 0.2 ms, p99 <= 5.4 ms, max 20.9 ms
//   four runs at once:    lateness p50 0.3 ms, p99 <= 27 ms,  max 27.6 ms
// The maxima are the peer thread (After) being scheduled late, not the
// socket. 50 ms is about twice the worst seen: 0 of 14800 runs outside it.
inline constexpr std::chrono::milliseconds kLateBand{50};

// How long an operation that must not wait may take. The survey's worst
// was 0.64 ms (sendall failing after queueing what fits), but the whole
// suite run 25 times under ctest -j3 at load average 9 once saw a
// non-blocking connect take 31 ms: the process was descheduled in the
// middle of it. 50 ms still tells "at once" from the 100 ms timeout.
inline constexpr std::chrono::milliseconds kImmediateBand{50};

// -1: too early, 0: within the band, +1: too late. `delta` is elapsed minus
// the expected time (elapsed itself for immediate cases).
template <typename Rep, typename Period>
[[nodiscard]] int judge(Kind kind, std::chrono::duration<Rep, Period> delta) {
  const auto d = std::chrono::duration<double, std::milli>(delta);
  if (kind == Kind::immediate) return d > kImmediateBand ? 1 : 0;
  if (d < std::chrono::duration<double, std::milli>(0)) return -1;
  return d > kLateBand ? 1 : 0;
}

}  // namespace timing
