// adapter_target.h: a Target whose implementation runs in another process
// and speaks sockcheck-adapter/1 (docs/adapter-protocol.md) over its
// standard input and output.
//
// AdapterTarget keeps a small pool of adapter processes. A batch of calls
// goes to one process as a pipeline: every request is written before any
// reply is awaited (interleaved through poll(), so neither side can block
// the other), and replies are matched by id. Whatever the adapter does
// wrong costs only the calls it breaks: a crash, a hang past the per-call
// deadline, output that is not a reply, an over-long line or an early end
// of output errors the oldest unanswered call of the batch (the one the
// adapter was working on) with the adapter's stderr tail attached, kills
// the process, and re-sends the other unanswered calls to a fresh process.
// Restarts are bounded: after `max_consecutive_failures` failures without a
// single good reply between them, or `max_restarts` in all, the target is
// disabled and its calls are errored at once with the reason.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/adapter/process.h"
#include "harness/adapter/protocol.h"
#include "harness/targets/target.h"

namespace sockcheck::adapter {

struct AdapterOptions {
  std::vector<std::string> argv;  // the adapter's command; argv[0] searched in PATH when it has no slash
  std::string working_dir;        // where it runs; empty: the harness's
  std::string name;               // the target name (--target); empty: the implementation's name
  std::string description;        // for `sockcheck list`; empty: the hello's
  std::optional<sock::Profile> run_profile;  // sent in start (informative for the adapter)

  // A call fails when the adapter has answered nothing for this long while
  // calls are outstanding; so every call gets this long once the adapter
  // could start on it.
  std::chrono::milliseconds call_timeout{5000};
  std::chrono::milliseconds handshake_timeout{15000};
  std::chrono::milliseconds stop_grace{1000};

  std::size_t processes = 0;  // pool size; 0: the hardware threads, at most 4
  std::size_t max_line_bytes = std::size_t{1} << 20;
  std::size_t stderr_tail_bytes = 2048;
  int max_consecutive_failures = 4;
  int max_restarts = 256;
  int max_attempts = 3;  // a call re-sent after other calls' faults at most this often
  Limits limits;
};

// Thrown by the constructor when the adapter cannot be started or fails
// its handshake (after `max_consecutive_failures` tries): a target without
// a hello has no info() to show.
class AdapterError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct AdapterStats {
  std::uint64_t calls = 0;     // calls answered by an adapter (any outcome)
  std::uint64_t errored = 0;   // calls errored by the harness (faults, deadlines)
  std::uint64_t restarts = 0;  // processes started after the first
  std::uint64_t faults = 0;    // crashes, hangs, garbage, handshake failures
};

class AdapterTarget final : public Target {
 public:
  // Starts one process and performs the handshake; throws AdapterError.
  explicit AdapterTarget(AdapterOptions options);
  ~AdapterTarget() override;  // stops every process ("stop", then a grace period, then SIGKILL)
  AdapterTarget(const AdapterTarget&) = delete;
  AdapterTarget& operator=(const AdapterTarget&) = delete;

  [[nodiscard]] const TargetInfo& info() const override { return info_; }
  [[nodiscard]] std::vector<sock::Outcome> run(std::span<const Call> calls) override;
  [[nodiscard]] bool supports(std::string_view op) const override { return hello_.supports(op); }

  // A session leases one adapter process for its whole life, so that the
  // handles its calls return ({"handle": "h1"}) can be passed to its later
  // calls; ending it drops those handles. If the process has to be
  // restarted during the session, its objects are gone: later calls that
  // pass one of its handles are errored without being sent.
  [[nodiscard]] std::unique_ptr<TargetSession> open_session() override;

  // What the first process said in the handshake.
  [[nodiscard]] const Hello& hello() const { return hello_; }
  [[nodiscard]] AdapterStats stats() const;
  // Empty while the target works; the reason once it has given up.
  [[nodiscard]] std::string disabled_reason() const;

  // ------------------------------------------------------------------
  // Internals (public only so that the .cc's helpers can name them).
  struct Slot;

 private:
  friend class AdapterSession;
  std::unique_ptr<Slot> acquire();
  void release(std::unique_ptr<Slot> slot);
  // Encodes the k-th request of a batch with the id it is given.
  using Encoder = std::function<std::string(std::size_t k, std::uint64_t id)>;
  // Starts `slot`'s process and performs the handshake; on failure returns
  // the reason (with the stderr tail) and leaves the slot empty.
  std::optional<std::string> start(Slot& slot, bool first);
  // Runs `pending` (indices into calls) on the slot's process until each is
  // answered or errored, restarting the process as faults require.
  void run_on(Slot& slot, std::vector<std::size_t> pending, const Encoder& encode, std::vector<sock::Outcome>& out);
  // The generation of the slot's process (it grows with every start).
  [[nodiscard]] static std::uint64_t generation(const Slot& slot);
  bool note_fault(bool progressed, const std::string& why);  // false: target now disabled

  AdapterOptions options_;
  Hello hello_;
  TargetInfo info_;

  std::mutex mutex_;
  std::condition_variable idle_cv_;
  std::vector<std::unique_ptr<Slot>> idle_;
  std::size_t slots_ = 0;  // idle and in use
  std::size_t max_slots_ = 1;

  mutable std::mutex state_mutex_;
  int consecutive_failures_ = 0;
  std::string disabled_;
  std::atomic<std::uint64_t> calls_{0}, errored_{0}, restarts_{0}, faults_{0};
};

}  // namespace sockcheck::adapter
