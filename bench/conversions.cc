// conversions.cc: sockcheck_bench_conversions, the reference text
// conversions against glibc's, with Google Benchmark.
//
// Each benchmark is one pass over a pair's whole input set (see
// address_mix.h), reported per input as the ns_per_input counter. Before
// timing, the two sides of every pair must agree on every input: a faster
// answer to a different question is not a speed-up. After the benchmarks,
// a table prints glibc's time over the reference's for each pair.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>

#include "address_mix.h"
#include "conversion_pairs.h"

namespace {

using sock::bench::AddressMix;
using sock::bench::ConversionPair;

// Keeps the console output and remembers each benchmark's best time per
// input, keyed by its name ("inet_pton4/reference"), for the ratio table.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration || run.error_occurred) continue;
      const auto it = run.counters.find("ns_per_input");
      if (it == run.counters.end()) continue;
      // The counter is already a rate inverted to seconds per input.
      const double ns = it->second.value * 1e9;
      auto [slot, fresh] = best_ns_.emplace(run.benchmark_name(), ns);
      if (!fresh && ns < slot->second) slot->second = ns;
    }
    ConsoleReporter::ReportRuns(runs);
  }

  void print_ratios(std::span<const ConversionPair> pairs) const {
    std::printf("\nglibc / reference, ns per input on the same inputs:\n");
    for (const auto& pair : pairs) {
      const std::string name(pair.name);
      const auto ref = best_ns_.find(name + "/reference");
      const auto libc = best_ns_.find(name + "/glibc");
      if (ref == best_ns_.end() || libc == best_ns_.end()) continue;  // filtered out
      std::printf("%s\n", sock::bench::ratio_line(pair.name, ref->second, libc->second).c_str());
    }
  }

 private:
  std::map<std::string, double> best_ns_;
};

void run_pass(benchmark::State& state, const AddressMix& mix, std::uint64_t (*pass)(const AddressMix&),
              std::size_t inputs) {
  for (auto _ : state) benchmark::DoNotOptimize(pass(mix));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * inputs));
  state.counters["ns_per_input"] = benchmark::Counter(
      static_cast<double>(inputs), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  const AddressMix mix = sock::bench::make_address_mix(sock::bench::kInputsPerOperation, sock::bench::kSeed);
  std::printf("%s\n", sock::bench::describe_mix(mix).c_str());
  if (!sock::bench::all_pairs_agree(mix)) {
    std::fprintf(stderr, "refusing to time implementations that disagree\n");
    return 1;
  }

  const auto pairs = sock::bench::conversion_pairs();
  for (const ConversionPair& pair : pairs) {
    const std::size_t inputs = pair.inputs(mix);
    const std::string name(pair.name);
    benchmark::RegisterBenchmark((name + "/reference").c_str(), run_pass, std::cref(mix), pair.reference, inputs)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((name + "/glibc").c_str(), run_pass, std::cref(mix), pair.libc, inputs)
        ->Unit(benchmark::kMicrosecond);
  }

  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.print_ratios(pairs);
  benchmark::Shutdown();
  return 0;
}
