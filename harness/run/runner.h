// runner.h: runs the cases of a spec on targets, in parallel.
//
// Work is split into batches of independent cases per target; a pool of
// worker threads takes batches in order. A stop request (Ctrl-C) lets the
// batches under way finish and starts no new ones, so the results of an
// interrupted run are complete for every case they contain.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "harness/run/fixtures.h"
#include "harness/run/verdict.h"
#include "harness/spec/spec.h"
#include "harness/targets/target.h"

namespace sockcheck {

struct CaseResult {
  std::size_t case_index = 0;    // into Spec::cases
  std::size_t target_index = 0;  // into RunResult::targets
  sock::Outcome outcome;
  Judgement judgement;
  double seconds = 0;  // the tested call's wall time (the adapter's figure when it gives one; in a batch: its share)
  std::string detail;  // why, when a set-up step or the timing decided the verdict
  // How many times the case ran: more than 1 when it was retried (see
  // RunOptions::retries). A pass after a retry is flaky: it counts as passed
  // and is reported apart so that the case gets fixed.
  unsigned attempts = 1;

  [[nodiscard]] bool flaky() const { return attempts > 1 && judgement.verdict == Verdict::passed; }
};

struct TargetSummary {
  TargetInfo info;
  sock::Profile profile = sock::kNewestProfile;  // what it was judged against
  std::size_t passed = 0, failed = 0, skipped = 0, errored = 0;
  std::size_t not_in_profile = 0;  // cases whose versions exclude the profile
  std::size_t flaky = 0;           // passed on a retry; counted in `passed` too
};

struct RunResult {
  std::vector<TargetSummary> targets;
  std::vector<CaseResult> results;  // sorted by (case, target)
  std::chrono::system_clock::time_point started;
  double seconds = 0;
  bool interrupted = false;

  [[nodiscard]] bool all_passed() const;
};

struct RunOptions {
  std::optional<sock::Profile> profile;  // judge every target against this
  unsigned jobs = 0;                     // 0: one per core
  std::size_t batch_size = 64;
  // Cases with set-up steps run one session each, on their own pool: they
  // mostly wait (on timeouts, on peers), so many run at once and a timing
  // suite takes about as long as its longest case.
  unsigned session_jobs = 32;
  FixturesFactory fixtures;                 // for "fixture." steps; none: such cases are skipped
  const std::atomic<bool>* stop = nullptr;  // set to stop early
  // How many more times a session case that did not pass runs when its
  // result may be an accident of the moment: a timing case (one with an
  // `elapsed` band) that failed or errored, or any session case that
  // errored (a fixture that could not set up its peer, an adapter that
  // died). Retries run after everything else, when the machine is no
  // longer loaded by the other sessions. Plain cases are deterministic and
  // never retried.
  unsigned retries = 0;
  // Seconds a session case may run (set-up steps and the tested call)
  // before the runner aborts its session (in-process targets shut the
  // case's sockets down, which ends a blocked call) and reports it
  // errored; 0: no deadline. A spec mistake such as recv(s, 200000,
  // MSG_WAITALL) on 100000 sent bytes must not hang the run.
  double case_timeout = 60;
  // Called after each batch with (cases done, cases total); from worker
  // threads, serialised.
  std::function<void(std::size_t, std::size_t)> progress;
};

[[nodiscard]] RunResult run_spec(const Spec& spec, std::vector<std::unique_ptr<Target>>& targets,
                                 const RunOptions& options);

}  // namespace sockcheck
