// timing_survey: runs every timing case many times and prints, per case, the
// distribution of (elapsed - expected) and how many runs fell outside the
// tolerance bands the timing test uses. This is the measurement the bands
// in timing_test.cc come from; rerun it on a new machine before tightening
// them.
//
//   socket_timing_survey [--iterations N] [--profile 3.12] [--timeout-ms T]
//                        [--delay-ms D] [--jobs J] [--filter SUBSTRING]
//
// With --jobs J, J runs of a case go at once on J threads (each with its
// own sockets), which is how a loaded machine looks to the test.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "impl/core/outcome.h"
#include "timing_bands.h"
#include "timing_cases.h"

namespace {

double ms(std::chrono::nanoseconds d) { return static_cast<double>(d.count()) / 1e6; }

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  int iterations = 200;
  int jobs = 1;
  int timeout_ms = 100;
  int delay_ms = 50;
  std::string filter;
  sock::Profile profile = sock::Profile::v3_12;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    const char* val = argv[i + 1];
    if (k == "--iterations") iterations = std::atoi(val);
    else if (k == "--jobs") jobs = std::max(1, std::atoi(val));
    else if (k == "--timeout-ms") timeout_ms = std::atoi(val);
    else if (k == "--delay-ms") delay_ms = std::atoi(val);
    else if (k == "--filter") filter = val;
    else if (k == "--profile") profile = sock::parse_profile(val).value_or(profile);
    else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      return 2;
    }
  }
  const auto T = std::chrono::milliseconds(timeout_ms);
  const auto D = std::chrono::milliseconds(delay_ms);
  std::printf("profile %s, T=%d ms, D=%d ms, %d iterations, %d at once\n", std::string(sock::name(profile)).c_str(),
              timeout_ms, delay_ms, iterations, jobs);
  std::printf("bands: times_out [T, T+%lld ms], waits_for_peer [D, D+%lld ms], immediate <= %lld ms\n",
              static_cast<long long>(timing::kLateBand.count()), static_cast<long long>(timing::kLateBand.count()),
              static_cast<long long>(timing::kImmediateBand.count()));
  std::printf("%-48s %8s %8s %8s %8s %8s %6s %6s %6s\n", "case (elapsed - expected, ms)", "min", "p50", "p90", "p99",
              "max", "early", "late", "wrong");
  int total_runs = 0, total_out = 0;
  for (const auto& c : timing::cases(profile, T, D)) {
    if (!filter.empty() && c.name.find(filter) == std::string::npos) continue;
    std::vector<double> deltas;
    std::atomic<int> wrong{0};
    std::vector<std::string> wrong_examples;
    std::mutex mu;
    for (int done = 0; done < iterations; done += jobs) {
      const int n = std::min(jobs, iterations - done);
      std::vector<std::thread> threads;
      std::vector<timing::Measured> results(static_cast<std::size_t>(n));
      for (int j = 0; j < n; ++j) {
        threads.emplace_back([&, j] {
          try {
            results[static_cast<std::size_t>(j)] = c.run();
          } catch (const std::exception& e) {
            results[static_cast<std::size_t>(j)].outcome = sock::Outcome::errored(e.what());
          }
        });
      }
      for (auto& t : threads) t.join();
      for (const auto& r : results) {
        deltas.push_back(ms(r.elapsed) - static_cast<double>(c.expected.count()));
        if (!timing::same_outcome(r.outcome, c.want)) {
          ++wrong;
          std::lock_guard lock(mu);
          if (wrong_examples.size() < 3) wrong_examples.push_back(sock::describe(r.outcome));
        }
      }
    }
    int early = 0, late = 0;
    for (const double d : deltas) {
      const auto verdict = timing::judge(c.kind, std::chrono::duration<double, std::milli>(d));
      if (verdict < 0) ++early;
      if (verdict > 0) ++late;
    }
    total_runs += static_cast<int>(deltas.size());
    total_out += early + late + wrong.load();
    std::printf("%-48s %8.2f %8.2f %8.2f %8.2f %8.2f %6d %6d %6d\n", c.name.c_str(),
                *std::min_element(deltas.begin(), deltas.end()), percentile(deltas, 0.5), percentile(deltas, 0.9),
                percentile(deltas, 0.99), *std::max_element(deltas.begin(), deltas.end()), early, late, wrong.load());
    for (const auto& w : wrong_examples) {
      std::printf("    wrong outcome: %s (want %s)\n", w.c_str(), sock::describe(c.want).c_str());
    }
    std::fflush(stdout);
  }
  std::printf("runs %d, outside band or wrong %d (%.3f%%)\n", total_runs, total_out,
              total_runs ? 100.0 * total_out / total_runs : 0.0);
  return 0;
}
