#include "adapter_target.h"

#include <poll.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>

namespace sockcheck::adapter {

namespace {

constexpr std::size_t kReadChunk = 64 * 1024;

long long ms_left(Clock::time_point deadline) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
}

std::string with_stderr(std::string why, Process& proc) {
  proc.drain_stderr_until_eof(std::chrono::milliseconds(200));
  const std::string tail = proc.stderr_tail();
  why += tail.empty() ? "; adapter stderr was empty" : "; adapter stderr: " + tail;
  return why;
}

// After an end of output the process is usually about to exit; a short
// wait lets the message say how ("killed by signal 11") instead of guessing.
std::string settle_and_describe(Process& proc) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(100);
  while (!proc.reap() && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return proc.exited() ? proc.exit_description() : "still running; killed";
}

}  // namespace

struct AdapterTarget::Slot {
  std::unique_ptr<Process> proc;
  std::uint64_t next_id = 1;
  std::uint64_t generation = 0;  // +1 per process started
  std::string inbuf;  // bytes read from stdout not yet consumed as lines
};

std::uint64_t AdapterTarget::generation(const Slot& slot) { return slot.generation; }

namespace {

bool mentions_handle(const sock::Value& v) {
  if (v.is<sock::Handle>()) return true;
  if (const auto* t = v.get_if<sock::Tuple>()) {
    for (const auto& e : *t) {
      if (mentions_handle(e)) return true;
    }
  }
  return false;
}

void collect_handles(const sock::Value& v, std::vector<std::string>& out) {
  if (const auto* h = v.get_if<sock::Handle>()) out.push_back(h->id);
  if (const auto* t = v.get_if<sock::Tuple>()) {
    for (const auto& e : *t) collect_handles(e, out);
  }
}

}  // namespace

// One leased process; calls go one at a time, in order.
class AdapterSession final : public TargetSession {
 public:
  explicit AdapterSession(AdapterTarget& target) : target_(target), slot_(target.acquire()) {}
  ~AdapterSession() override {
    // Release the objects this session made, if they still exist.
    if (!handles_.empty() && slot_->proc && AdapterTarget::generation(*slot_) == generation_) {
      std::vector<sock::Outcome> out(1);
      const auto drop = [&](std::size_t, std::uint64_t id) {
        nlohmann::json line = {{"id", id}, {"cmd", "drop"}, {"handles", handles_}};
        return line.dump() + "\n";
      };
      try {
        target_.run_on(*slot_, {0}, drop, out);
      } catch (...) {
        slot_->proc.reset();  // a destructor must not throw; the process is not trusted after this
      }
    }
    target_.release(std::move(slot_));
  }
  AdapterSession(const AdapterSession&) = delete;
  AdapterSession& operator=(const AdapterSession&) = delete;

  sock::Outcome call(const Call& c) override {
    if (!target_.supports(c.op)) return target_.run(std::span(&c, 1)).front();  // unsupported, not sent
    bool uses_handles = false;
    for (const auto& a : c.args) uses_handles = uses_handles || mentions_handle(a);
    // A process that is gone, or was replaced, took this session's objects with it.
    const bool replaced = !slot_->proc || slot_->proc->reap() || AdapterTarget::generation(*slot_) != generation_;
    if (uses_handles && started_ && replaced && !handles_.empty()) {
      return sock::Outcome::errored("the adapter was restarted during this session; the objects its handles named are gone");
    }
    std::vector<sock::Outcome> out(1);
    const auto encode = [&](std::size_t, std::uint64_t id) { return encode_call(id, c.op, c.args); };
    target_.run_on(*slot_, {0}, encode, out);
    if (!started_ || AdapterTarget::generation(*slot_) != generation_) {
      // Handles are only meaningful within one process: a restart starts over.
      if (started_) handles_.clear();
      generation_ = AdapterTarget::generation(*slot_);
      started_ = true;
    }
    if (out[0].returned_value()) collect_handles(out[0].value, handles_);
    return std::move(out[0]);
  }

 private:
  AdapterTarget& target_;
  std::unique_ptr<AdapterTarget::Slot> slot_;
  bool started_ = false;
  std::uint64_t generation_ = 0;
  std::vector<std::string> handles_;
};

std::unique_ptr<TargetSession> AdapterTarget::open_session() { return std::make_unique<AdapterSession>(*this); }

AdapterTarget::AdapterTarget(AdapterOptions options) : options_(std::move(options)) {
  if (options_.argv.empty()) throw AdapterError("adapter command is empty");
  const std::size_t hw = std::max(1u, std::thread::hardware_concurrency());
  max_slots_ = options_.processes != 0 ? options_.processes : std::min<std::size_t>(hw, 4);
  auto slot = std::make_unique<Slot>();
  std::string last;
  for (int attempt = 0; attempt < std::max(1, options_.max_consecutive_failures); ++attempt) {
    if (auto failure = start(*slot, true)) {
      last = *failure;
      ++faults_;
      continue;
    }
    last.clear();
    break;
  }
  if (!last.empty()) throw AdapterError("adapter " + options_.argv[0] + " could not be started: " + last);
  restarts_ = 0;  // the constructor's retries are not restarts of a working target
  info_.name = options_.name.empty() ? hello_.name : options_.name;
  info_.implementation = hello_.description.empty() ? hello_.name : hello_.description;
  info_.version = hello_.version;
  info_.profile = hello_.profile;
  info_.description = options_.description.empty() ? hello_.description : options_.description;
  slots_ = 1;
  idle_.push_back(std::move(slot));
}

AdapterTarget::~AdapterTarget() {
  std::lock_guard lock(mutex_);
  const std::string stop = encode_stop();
  for (auto& slot : idle_) {
    if (slot->proc) (void)slot->proc->write_some(stop.data(), stop.size());
  }
  // Close every stdin first, then wait: the processes wind down together.
  for (auto& slot : idle_) {
    if (slot->proc) slot->proc->close_stdin();
  }
  for (auto& slot : idle_) {
    if (slot->proc) (void)slot->proc->stop(options_.stop_grace);
  }
}

AdapterStats AdapterTarget::stats() const { return {calls_.load(), errored_.load(), restarts_.load(), faults_.load()}; }

std::string AdapterTarget::disabled_reason() const {
  std::lock_guard lock(state_mutex_);
  return disabled_;
}

std::unique_ptr<AdapterTarget::Slot> AdapterTarget::acquire() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!idle_.empty()) {
      auto slot = std::move(idle_.back());
      idle_.pop_back();
      return slot;
    }
    if (slots_ < max_slots_) {
      ++slots_;
      return std::make_unique<Slot>();  // started on first use, outside the lock
    }
    // Slots in use come back within their calls' deadlines.
    idle_cv_.wait(lock);
  }
}

void AdapterTarget::release(std::unique_ptr<Slot> slot) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(slot));
  }
  idle_cv_.notify_one();
}

bool AdapterTarget::note_fault(bool progressed, const std::string& why) {
  ++faults_;
  std::lock_guard lock(state_mutex_);
  consecutive_failures_ = progressed ? 1 : consecutive_failures_ + 1;
  if (!disabled_.empty()) return false;
  if (consecutive_failures_ >= options_.max_consecutive_failures) {
    disabled_ = "adapter disabled after " + std::to_string(consecutive_failures_) +
                " consecutive failures; the last: " + why;
  } else if (restarts_.load() >= static_cast<std::uint64_t>(options_.max_restarts)) {
    disabled_ = "adapter disabled after " + std::to_string(restarts_.load()) + " restarts; the last failure: " + why;
  }
  return disabled_.empty();
}

std::optional<std::string> AdapterTarget::start(Slot& slot, bool first) {
  slot.proc.reset();
  slot.inbuf.clear();
  ++slot.generation;
  if (!first) ++restarts_;
  try {
    slot.proc = std::make_unique<Process>(options_.argv, options_.working_dir, options_.limits,
                                          options_.stderr_tail_bytes);
  } catch (const std::runtime_error& e) {
    return std::string(e.what());
  }
  Process& proc = *slot.proc;
  auto fail = [&](std::string why) -> std::optional<std::string> {
    if (!proc.exited()) why += " (adapter " + settle_and_describe(proc) + ")";
    else why += " (adapter " + proc.exit_description() + ")";
    proc.kill_now();
    why = with_stderr(std::move(why), proc);
    slot.proc.reset();
    return why;
  };
  const std::string start_line = encode_start("sockcheck", options_.run_profile);
  std::size_t written = 0;
  const auto deadline = Clock::now() + options_.handshake_timeout;
  std::string& buf = slot.inbuf;
  for (;;) {
    const auto nl = buf.find('\n');
    if (nl != std::string::npos) {
      Hello hello;
      std::string error;
      const std::string line = buf.substr(0, nl);
      buf.erase(0, nl + 1);
      if (!decode_hello(line, hello, error)) {
        return fail("bad answer to start: " + error + "; line: " + printable(line));
      }
      if (first) hello_ = std::move(hello);
      return std::nullopt;
    }
    if (buf.size() > options_.max_line_bytes) {
      return fail("the answer to start is longer than " + std::to_string(options_.max_line_bytes) + " bytes");
    }
    const long long left = ms_left(deadline);
    if (left <= 0) {
      return fail("no answer to start within " + std::to_string(options_.handshake_timeout.count()) + " ms");
    }
    struct pollfd fds[3] = {{proc.stdout_fd(), POLLIN, 0}, {proc.stderr_fd(), POLLIN, 0},
                            {written < start_line.size() ? proc.stdin_fd() : -1, POLLOUT, 0}};
    (void)::poll(fds, 3, static_cast<int>(left));
    if (fds[1].revents != 0) proc.drain_stderr();
    if (fds[2].revents != 0) {
      const long n = proc.write_some(start_line.data() + written, start_line.size() - written);
      if (n < 0) return fail("the adapter closed its standard input during the handshake");
      written += static_cast<std::size_t>(n);
    }
    if (fds[0].revents != 0) {
      long n;
      while ((n = proc.read_stdout(buf, kReadChunk)) > 0) {
      }
      if (n == 0) {
        return fail("the adapter's output ended during the handshake" +
                    (buf.empty() ? std::string() : "; partial line: " + printable(buf)));
      }
    }
  }
}

std::vector<sock::Outcome> AdapterTarget::run(std::span<const Call> calls) {
  std::vector<sock::Outcome> out(calls.size());
  std::vector<std::size_t> pending;
  pending.reserve(calls.size());
  for (std::size_t i = 0; i < calls.size(); ++i) {
    if (hello_.supports(calls[i].op)) {
      pending.push_back(i);
    } else {
      const auto why = hello_.unsupported.find(calls[i].op);
      out[i] = sock::Outcome::unsupported(why != hello_.unsupported.end()
                                              ? why->second
                                              : hello_.name + " adapter does not offer " + calls[i].op);
    }
  }
  if (pending.empty()) return out;
  auto slot = acquire();
  try {
    const Encoder encode = [&](std::size_t k, std::uint64_t id) {
      return encode_call(id, calls[k].op, calls[k].args);
    };
    run_on(*slot, std::move(pending), encode, out);
  } catch (...) {
    slot->proc.reset();
    release(std::move(slot));
    throw;
  }
  release(std::move(slot));
  return out;
}

void AdapterTarget::run_on(Slot& slot, std::vector<std::size_t> pending, const Encoder& encode,
                           std::vector<sock::Outcome>& out) {
  std::unordered_map<std::size_t, int> attempts;
  while (!pending.empty()) {
    if (const std::string why = disabled_reason(); !why.empty()) {
      for (const std::size_t i : pending) out[i] = sock::Outcome::errored(why);
      errored_ += pending.size();
      return;
    }
    // A process that died between batches is replaced without blaming
    // this batch's calls for it.
    if (slot.proc && slot.proc->reap()) {
      const std::string why = with_stderr("adapter " + slot.proc->exit_description() + " between batches", *slot.proc);
      slot.proc.reset();
      (void)note_fault(true, why);
    }
    if (!slot.proc) {
      if (auto failure = start(slot, false)) {
        (void)note_fault(false, *failure);
        continue;  // the next round errors everything if that disabled the target
      }
    }
    Process& proc = *slot.proc;

    // The whole batch goes out as one buffer; line_end[k] is where the
    // k-th request ends, so we know which requests the adapter can have read.
    std::string outbuf;
    std::vector<std::size_t> line_end;
    line_end.reserve(pending.size());
    std::unordered_map<std::uint64_t, std::size_t> position;  // id -> index into pending
    position.reserve(pending.size());
    for (std::size_t k = 0; k < pending.size(); ++k) {
      const std::uint64_t id = slot.next_id++;
      outbuf += encode(pending[k], id);
      line_end.push_back(outbuf.size());
      position.emplace(id, k);
    }
    std::vector<char> answered(pending.size(), 0);
    std::size_t remaining = pending.size();
    std::size_t oldest = 0;  // first unanswered position, in send order
    std::size_t written = 0;
    bool input_closed = false;
    bool progressed = false;
    std::optional<std::string> fault;
    auto last_progress = Clock::now();
    std::string& buf = slot.inbuf;
    std::size_t scanned = 0;

    auto handle_line = [&](std::string_view line) {
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;  // blank: nothing said
      Reply reply;
      std::string error;
      const ReplyStatus status = decode_reply(line, reply, error);
      if (status == ReplyStatus::no_id) {
        fault = "the adapter wrote something that is not a reply (" + error + "): " + printable(line);
        return;
      }
      const auto it = position.find(reply.id);
      if (it == position.end()) {
        fault = "the adapter answered id " + std::to_string(reply.id) + ", which this batch never sent: " +
                printable(line);
        return;
      }
      const std::size_t k = it->second;
      if (answered[k] != 0) {
        // Two answers for one call: trust neither. The stream itself is
        // still well-formed, so the other calls go on.
        out[pending[k]] = sock::Outcome::errored("the adapter answered id " + std::to_string(reply.id) +
                                                 " twice; the second answer: " + printable(line));
        ++errored_;
        return;
      }
      answered[k] = 1;
      --remaining;
      progressed = true;
      last_progress = Clock::now();
      if (status == ReplyStatus::malformed) {
        out[pending[k]] = sock::Outcome::errored("malformed reply: " + error + "; line: " + printable(line));
        ++errored_;
      } else {
        out[pending[k]] = std::move(reply.outcome);
        ++calls_;
      }
      while (oldest < pending.size() && answered[oldest] != 0) ++oldest;
    };

    while (remaining > 0 && !fault) {
      const long long left = ms_left(last_progress + options_.call_timeout);
      if (left <= 0) {
        fault = "no reply within " + std::to_string(options_.call_timeout.count()) + " ms (the adapter hung)";
        break;
      }
      if (input_closed) {
        std::size_t readable = 0;  // requests the adapter got whole
        while (readable < line_end.size() && line_end[readable] <= written) ++readable;
        if (oldest >= readable) {
          fault = "the adapter stopped reading its standard input";
          break;
        }
      }
      const bool want_write = !input_closed && written < outbuf.size();
      struct pollfd fds[3] = {{proc.stdout_fd(), POLLIN, 0}, {proc.stderr_fd(), POLLIN, 0},
                              {want_write ? proc.stdin_fd() : -1, POLLOUT, 0}};
      const int ready = ::poll(fds, 3, static_cast<int>(std::min<long long>(left, 1000)));
      if (ready <= 0) continue;
      if (fds[1].revents != 0) proc.drain_stderr();
      if (fds[2].revents != 0) {
        const long n = proc.write_some(outbuf.data() + written, outbuf.size() - written);
        if (n < 0) {
          input_closed = true;
        } else {
          written += static_cast<std::size_t>(n);
        }
      }
      if (fds[0].revents != 0) {
        long n = 0;
        bool eof = false;
        // Read what is there, in bounded rounds so that a flood cannot
        // starve the writes or the deadline.
        for (int round = 0; round < 16; ++round) {
          n = proc.read_stdout(buf, kReadChunk);
          if (n == 0) eof = true;
          if (n <= 0) break;
        }
        std::size_t start_of_line = 0;
        for (;;) {
          const auto nl = buf.find('\n', scanned);
          if (nl == std::string::npos) break;
          handle_line(std::string_view(buf).substr(start_of_line, nl - start_of_line));
          start_of_line = nl + 1;
          scanned = start_of_line;
          if (fault) break;
        }
        buf.erase(0, start_of_line);
        scanned = buf.size();
        if (!fault && buf.size() > options_.max_line_bytes) {
          fault = "the adapter wrote a line longer than " + std::to_string(options_.max_line_bytes) +
                  " bytes: " + printable(std::string_view(buf).substr(0, 120)) + "...";
        }
        if (!fault && eof && remaining > 0) {
          fault = "the adapter closed its standard output with " + std::to_string(remaining) + " call(s) unanswered";
        }
      }
    }
    if (!fault) {
      pending.clear();
      return;
    }

    // The oldest unanswered call is the one the adapter was working on (or
    // had just read) when it broke; it is errored. The rest are re-sent.
    std::string why = *fault + "; adapter " + settle_and_describe(proc);
    proc.kill_now();
    why = with_stderr(std::move(why), proc);
    slot.proc.reset();
    buf.clear();
    std::vector<std::size_t> retry;
    for (std::size_t k = 0; k < pending.size(); ++k) {
      if (answered[k] != 0) continue;
      const std::size_t i = pending[k];
      if (k == oldest) {
        out[i] = sock::Outcome::errored(why);
        ++errored_;
      } else if (++attempts[i] >= options_.max_attempts) {
        out[i] = sock::Outcome::errored("not answered: the adapter failed " + std::to_string(attempts[i]) +
                                        " times while this call was pending; the last failure: " + why);
        ++errored_;
      } else {
        retry.push_back(i);
      }
    }
    (void)note_fault(progressed, why);
    pending = std::move(retry);
  }
}

}  // namespace sockcheck::adapter
