// ratios.cc: sockcheck_bench_ratios, the same pairs as
// sockcheck_bench_conversions timed with a plain clock, printing one line
// per pair. It has no dependency on Google Benchmark's reporting, so its
// lines are stable to grep in scripts and reports.
//
// Each round times one pass of the reference and one of glibc, back to
// back, so that a slow moment of the machine hits both. Time is the
// thread's CPU time, not the wall clock, so that being preempted on a busy
// machine does not count; the best round is reported, since whatever else
// runs can only add to a pass's time (cache and predictor pollution).
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "address_mix.h"
#include "conversion_pairs.h"

namespace {

// Keeps the checksum observable so that no pass is optimised away.
volatile std::uint64_t g_sink;

double thread_cpu_ns() {
  timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e9 + static_cast<double>(now.tv_nsec);
}

double pass_ns(std::uint64_t (*pass)(const sock::bench::AddressMix&), const sock::bench::AddressMix& mix) {
  const double start = thread_cpu_ns();
  g_sink = pass(mix);
  return thread_cpu_ns() - start;
}

}  // namespace

int main(int argc, char** argv) {
  // An optional round count, for a quicker or a steadier run.
  const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 31;

  const auto mix = sock::bench::make_address_mix(sock::bench::kInputsPerOperation, sock::bench::kSeed);
  std::printf("%s\n", sock::bench::describe_mix(mix).c_str());
  if (!sock::bench::all_pairs_agree(mix)) {
    std::fprintf(stderr, "refusing to time implementations that disagree\n");
    return 1;
  }

  std::printf("best of %d rounds, thread CPU ns per input on the same inputs:\n", rounds);
  for (const auto& pair : sock::bench::conversion_pairs()) {
    const auto inputs = static_cast<double>(pair.inputs(mix));
    // One untimed pass each warms the caches and the branch predictors
    // equally.
    (void)pass_ns(pair.reference, mix);
    (void)pass_ns(pair.libc, mix);
    double reference = 1e300, libc = 1e300;
    for (int i = 0; i < rounds; ++i) {
      reference = std::min(reference, pass_ns(pair.reference, mix) / inputs);
      libc = std::min(libc, pass_ns(pair.libc, mix) / inputs);
    }
    std::printf("%s\n", sock::bench::ratio_line(pair.name, reference, libc).c_str());
  }
  return 0;
}
