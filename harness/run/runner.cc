#include "runner.h"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <stop_token>
#include <thread>

namespace sockcheck {

bool RunResult::all_passed() const {
  return std::all_of(targets.begin(), targets.end(), [](const TargetSummary& t) { return t.failed == 0 && t.errored == 0; });
}

namespace {

struct Batch {
  std::size_t target = 0;
  std::vector<std::size_t> cases;
  bool session = false;  // one case with set-up steps
};

using Bindings = std::map<std::string, sock::Value, std::less<>>;

// Replaces every !ref by the value its step bound (the loader made sure
// each names an earlier step).
sock::Value substitute(const sock::Value& v, const Bindings& bound) {
  if (const auto* r = v.get_if<sock::Ref>()) {
    const auto it = bound.find(r->name);
    return it != bound.end() ? it->second : v;
  }
  if (const auto* t = v.get_if<sock::Tuple>()) {
    sock::Tuple out;
    out.reserve(t->size());
    for (const auto& e : *t) out.push_back(substitute(e, bound));
    return out;
  }
  return v;
}

Call substitute(const Call& call, const Bindings& bound) {
  Call out{call.op, {}};
  out.args.reserve(call.args.size());
  for (const auto& a : call.args) out.args.push_back(substitute(a, bound));
  return out;
}

CaseResult session_case(const Case& c, std::size_t case_index, std::size_t target_index, Target& target,
                        sock::Profile profile, const RunOptions& options) {
  CaseResult r{case_index, target_index, {}, {}, 0, {}};
  auto finish = [&](Verdict v, sock::Outcome o, std::string detail) {
    r.judgement = {v, {}};
    r.outcome = std::move(o);
    r.detail = std::move(detail);
    return r;
  };
  std::unique_ptr<TargetSession> session;
  try {
    session = target.open_session();
  } catch (const std::exception& e) {
    return finish(Verdict::errored, sock::Outcome::errored(std::string("cannot open a session: ") + e.what()), {});
  }
  // The case's deadline: a watchdog aborts the session when it passes, so
  // that a call blocked for good returns (and the case is errored).
  std::atomic<bool> overran{false};
  std::jthread watchdog;
  if (options.case_timeout > 0) {
    watchdog = std::jthread([&overran, &session, seconds = options.case_timeout](std::stop_token stop) {
      std::mutex m;
      std::condition_variable_any cv;
      std::unique_lock lock(m);
      if (!cv.wait_for(lock, stop, std::chrono::duration<double>(seconds), [] { return false; }) &&
          !stop.stop_requested()) {
        overran = true;
        session->abort();
      }
    });
  }
  auto overran_detail = [&] {
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "ran past the case deadline of %g s (--case-timeout); its session was aborted to end it",
                  options.case_timeout);
    return std::string(buf);
  };
  std::unique_ptr<Fixtures> fixtures;
  Bindings bound;
  auto perform = [&](const Call& call) -> sock::Outcome {
    try {
      if (call.op.starts_with(kFixturePrefix)) {
        if (!fixtures && options.fixtures) fixtures = options.fixtures();
        if (!fixtures) return sock::Outcome::unsupported("no loopback fixtures in this run");
        return fixtures->start(call);
      }
      if (!target.supports(call.op)) return sock::Outcome::unsupported("the target has no " + call.op);
      return session->call(call);
    } catch (const std::exception& e) {
      return sock::Outcome::errored(std::string("threw: ") + e.what());
    }
  };
  for (std::size_t i = 0; i < c.setup.size(); ++i) {
    const Step& step = c.setup[i];
    const Call call = substitute(step.call, bound);
    sock::Outcome o = perform(call);
    const std::string where = "set-up step " + std::to_string(i + 1) + " " + call_text(call);
    if (overran) return finish(Verdict::errored, std::move(o), where + " " + overran_detail());
    switch (o.kind) {
      case sock::OutcomeKind::unsupported: return finish(Verdict::skipped, std::move(o), where + " not supported");
      case sock::OutcomeKind::errored: return finish(Verdict::errored, std::move(o), where + " errored");
      case sock::OutcomeKind::raised:
      case sock::OutcomeKind::value: break;
    }
    if (!step.accept.empty()) {
      if (judge(step.accept, o, profile).verdict != Verdict::passed) {
        return finish(Verdict::failed, std::move(o), where + " did not go as the case expects");
      }
    } else if (o.raised()) {
      return finish(Verdict::failed, std::move(o), where + " raised");
    }
    if (!step.bind.empty()) bound[step.bind] = o.value;
  }
  const Call call = substitute(c.call, bound);
  const auto start = std::chrono::steady_clock::now();
  r.outcome = perform(call);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // An adapter that timed the call itself is judged by its own figure: the
  // round trip adds the pipe and two wake-ups, which a loaded machine
  // stretches. It cannot have taken longer than the round trip, so a larger
  // figure is not believed.
  if (r.outcome.seconds && *r.outcome.seconds <= r.seconds) r.seconds = *r.outcome.seconds;
  if (overran) return finish(Verdict::errored, std::move(r.outcome), overran_detail());
  r.judgement = judge(c, r.outcome, profile);
  if (r.judgement.verdict == Verdict::passed && c.elapsed &&
      (r.seconds < c.elapsed->min || r.seconds > c.elapsed->max)) {
    r.judgement.verdict = Verdict::failed;
    char buf[128];
    std::snprintf(buf, sizeof buf, "took %.3f s, expected between %.3f and %.3f s", r.seconds, c.elapsed->min,
                  c.elapsed->max);
    r.detail = buf;
  }
  return r;
}

// Runs `work(i)` for i in [0, n) on `threads` threads until done or stopped.
template <typename Work>
void run_pool(std::size_t n, unsigned threads, const std::atomic<bool>* stop, Work work) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (;;) {
      if (stop != nullptr && stop->load()) return;
      const std::size_t i = next.fetch_add(1);
      if (i >= n) return;
      work(i);
    }
  };
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, n)));
  std::vector<std::jthread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
}

// What decided attempt 1 of a case that is about to be retried, for the
// detail of its final result.
std::string why_not_passed(const CaseResult& r) {
  return std::string(to_string(r.judgement.verdict)) + ": " + (r.detail.empty() ? sock::describe(r.outcome) : r.detail);
}

// RunOptions::retries: runs again, round after round, the session cases
// whose result may be an accident of timing or of the environment, until
// they pass or the rounds are used up. Each round runs its cases side by
// side on the session pool; each case writes only its own slot of
// result.results, so no lock is needed.
void retry_unlucky_sessions(const Spec& spec, std::vector<std::unique_ptr<Target>>& targets, const RunOptions& options,
                            RunResult& result) {
  const auto retryable = [&](const CaseResult& r) {
    const Case& c = spec.cases[r.case_index];
    if (!c.needs_session()) return false;
    const Verdict v = r.judgement.verdict;
    return v == Verdict::errored || (c.elapsed && v == Verdict::failed);
  };
  std::map<std::size_t, std::string> first_attempt;  // by index into result.results
  for (unsigned round = 1; round <= options.retries; ++round) {
    if (options.stop != nullptr && options.stop->load()) return;
    std::vector<std::size_t> again;
    for (std::size_t k = 0; k < result.results.size(); ++k) {
      const CaseResult& r = result.results[k];
      if (r.attempts != round || !retryable(r)) continue;
      again.push_back(k);
      first_attempt.try_emplace(k, why_not_passed(r));
    }
    if (again.empty()) return;
    run_pool(again.size(), std::max(1u, options.session_jobs), options.stop, [&](std::size_t i) {
      CaseResult& slot = result.results[again[i]];
      CaseResult r = session_case(spec.cases[slot.case_index], slot.case_index, slot.target_index,
                                  *targets[slot.target_index], result.targets[slot.target_index].profile, options);
      r.attempts = slot.attempts + 1;
      const std::string& first = first_attempt.at(again[i]);
      if (r.judgement.verdict == Verdict::passed) {
        r.detail = "passed on attempt " + std::to_string(r.attempts) + "; attempt 1 " + first;
      } else if (why_not_passed(r) == first) {
        r.detail = (r.detail.empty() ? "" : r.detail + "; ") + "the same in all " + std::to_string(r.attempts) +
                   " attempts";
      } else {
        r.detail = (r.detail.empty() ? "" : r.detail + "; ") + "did not pass in " + std::to_string(r.attempts) +
                   " attempts; attempt 1 " + first;
      }
      slot = std::move(r);
    });
  }
}

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
    Batch batch{t, {}, false};
    for (std::size_t i = 0; i < spec.cases.size(); ++i) {
      if (!spec.cases[i].versions.contains(summary.profile)) {
        ++summary.not_in_profile;
        continue;
      }
      if (spec.cases[i].needs_session()) {
        ++total;
        batches.push_back(Batch{t, {i}, true});
        continue;
      }
      batch.cases.push_back(i);
      if (batch.cases.size() == options.batch_size) {
        total += batch.cases.size();
        batches.push_back(std::move(batch));
        batch = Batch{t, {}, false};
      }
    }
    if (!batch.cases.empty()) {
      total += batch.cases.size();
      batches.push_back(std::move(batch));
    }
    result.targets.push_back(std::move(summary));
  }

  std::mutex mutex;  // guards result.results, done and progress
  std::size_t done = 0;
  auto record = [&](std::vector<CaseResult> local, std::size_t count) {
    const std::lock_guard lock(mutex);
    done += count;
    for (auto& r : local) result.results.push_back(std::move(r));
    if (options.progress) options.progress(done, total);
  };
  auto run_batch = [&](const Batch& batch) {
    Target& target = *targets[batch.target];
    const sock::Profile profile = result.targets[batch.target].profile;
    std::vector<Call> calls;
    calls.reserve(batch.cases.size());
    std::vector<CaseResult> local;
    local.reserve(batch.cases.size());
    std::vector<std::size_t> asked;
    for (const std::size_t i : batch.cases) {
      const Case& c = spec.cases[i];
      if (!target.supports(c.call.op)) {
        local.push_back({i, batch.target, sock::Outcome::unsupported("the target has no " + c.call.op),
                         {Verdict::skipped, {}}, 0, {}});
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
    const double per_case = calls.empty() ? 0
                                          : std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
                                                static_cast<double>(calls.size());
    for (std::size_t k = 0; k < asked.size(); ++k) {
      Judgement j = judge(spec.cases[asked[k]], outcomes[k], profile);
      local.push_back({asked[k], batch.target, std::move(outcomes[k]), std::move(j), per_case, {}});
    }
    record(std::move(local), batch.cases.size());
  };

  std::vector<const Batch*> plain, sessions;
  for (const auto& b : batches) (b.session ? sessions : plain).push_back(&b);
  const unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  {
    // Both pools at once: the sessions mostly wait, the batches compute.
    std::jthread session_pool([&] {
      run_pool(sessions.size(), std::max(1u, options.session_jobs), options.stop, [&](std::size_t i) {
        const Batch& b = *sessions[i];
        const std::size_t ci = b.cases.front();
        record({session_case(spec.cases[ci], ci, b.target, *targets[b.target], result.targets[b.target].profile,
                             options)},
               1);
      });
    });
    run_pool(plain.size(), jobs, options.stop, [&](std::size_t i) { run_batch(*plain[i]); });
  }
  retry_unlucky_sessions(spec, targets, options, result);

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
    if (r.flaky()) ++s.flaky;
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace sockcheck
