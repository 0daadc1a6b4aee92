#include "runner.h"

#include <algorithm>
#include <mutex>
#include <thread>

namespace sockcheck {

bool RunResult::all_passed() const {
  return std::all_of(targets.begin(), targets.end(), [](const TargetSummary& t) { return t.failed == 0 && t.errored == 0; });
}

namespace {

struct Batch {
  std::size_t target = 0;
  std::vector<std::size_t> cases;
};

}  // namespace

RunResult run_spec(const Spec& spec, std::vector<std::unique_ptr<Target>>& targets, const RunOptions& options) {
  RunResult result;
  result.started = std::chrono::system_clock::now();
  const auto t0 = std::chrono::steady_clock::now();

  // Which cases run where: the case's versions must contain the profile
  // the target is judged against.
  std::vector<Batch> batches;
  std::size_t total = 0;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    TargetSummary summary;
    summary.info = targets[t]->info();
    summary.profile = options.profile.value_or(summary.info.profile);
    Batch batch{t, {}};
    for (std::size_t i = 0; i < spec.cases.size(); ++i) {
      if (!spec.cases[i].versions.contains(summary.profile)) {
        ++summary.not_in_profile;
        continue;
      }
      batch.cases.push_back(i);
      if (batch.cases.size() == options.batch_size) {
        total += batch.cases.size();
        batches.push_back(std::move(batch));
        batch = Batch{t, {}};
      }
    }
    if (!batch.cases.empty()) {
      total += batch.cases.size();
      batches.push_back(std::move(batch));
    }
    result.targets.push_back(std::move(summary));
  }

  std::atomic<std::size_t> next{0};
  std::mutex mutex;  // guards result.results, done and progress
  std::size_t done = 0;
  auto worker = [&] {
    for (;;) {
      if (options.stop != nullptr && options.stop->load()) return;
      const std::size_t b = next.fetch_add(1);
      if (b >= batches.size()) return;
      const Batch& batch = batches[b];
      std::vector<Call> calls;
      calls.reserve(batch.cases.size());
      Target& target = *targets[batch.target];
      std::vector<CaseResult> local;
      local.reserve(batch.cases.size());
      std::vector<std::size_t> asked;
      for (const std::size_t i : batch.cases) {
        const Case& c = spec.cases[i];
        if (!target.supports(c.call.op)) {
          local.push_back({i, batch.target, sock::Outcome::unsupported("the target has no " + c.call.op), {Verdict::skipped, {}}, 0});
          continue;
        }
        calls.push_back(c.call);
        asked.push_back(i);
      }
      const auto start = std::chrono::steady_clock::now();
      std::vector<sock::Outcome> outcomes;
      if (!calls.empty()) {
        try {
          outcomes = target.run(calls);
        } catch (const std::exception& e) {
          outcomes.assign(calls.size(), sock::Outcome::errored(std::string("target threw: ") + e.what()));
        }
        if (outcomes.size() != calls.size()) {
          outcomes.assign(calls.size(), sock::Outcome::errored("target answered " + std::to_string(outcomes.size()) +
                                                               " outcomes for " + std::to_string(calls.size()) + " calls"));
        }
      }
      const double per_case =
          calls.empty() ? 0 : std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / static_cast<double>(calls.size());
      const sock::Profile profile = result.targets[batch.target].profile;
      for (std::size_t k = 0; k < asked.size(); ++k) {
        Judgement j = judge(spec.cases[asked[k]], outcomes[k], profile);
        local.push_back({asked[k], batch.target, std::move(outcomes[k]), std::move(j), per_case});
      }
      const std::lock_guard lock(mutex);
      done += batch.cases.size();
      for (auto& r : local) result.results.push_back(std::move(r));
      if (options.progress) options.progress(done, total);
    }
  };

  unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(1, batches.size())));
  {
    std::vector<std::jthread> pool;
    for (unsigned i = 0; i < jobs; ++i) pool.emplace_back(worker);
  }

  result.interrupted = options.stop != nullptr && options.stop->load() && done < total;
  std::sort(result.results.begin(), result.results.end(), [](const CaseResult& a, const CaseResult& b) {
    return a.case_index != b.case_index ? a.case_index < b.case_index : a.target_index < b.target_index;
  });
  for (const auto& r : result.results) {
    auto& s = result.targets[r.target_index];
    switch (r.judgement.verdict) {
      case Verdict::passed: ++s.passed; break;
      case Verdict::failed: ++s.failed; break;
      case Verdict::skipped: ++s.skipped; break;
      case Verdict::errored: ++s.errored; break;
    }
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace sockcheck
