// process.h: one adapter process, started without a shell, and the
// non-blocking pipes to it (internal to sockcheck_adapter).
//
// The harness must survive whatever the adapter does, so this layer never
// blocks without a deadline: the pipe ends on our side are non-blocking,
// every wait is a poll() with a timeout, a write to an adapter that has
// gone away returns EPIPE instead of killing the harness with SIGPIPE, and
// the adapter runs in its own process group so that killing it also kills
// anything it started. Its standard error is drained into a bounded tail
// that the harness attaches to the outcomes the adapter broke.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace sockcheck::adapter {

// Resource limits applied in the child before exec. Zero means "leave as
// inherited". RLIMIT_NPROC is per user, not per process, so it is only a
// fork-bomb backstop and defaults high; RLIMIT_CPU counts the whole life of
// a long-lived adapter, so it is a runaway backstop, not the hang detector
// (that is the per-call deadline).
struct Limits {
  std::uint64_t address_space_mib = 4096;
  std::uint64_t cpu_seconds = 3600;
  std::uint64_t open_files = 256;
  std::uint64_t processes = 4096;
};

using Clock = std::chrono::steady_clock;

class Process {
 public:
  // Starts argv[0] (looked up in PATH when it has no slash) in `cwd` (empty:
  // the harness's), with stdin/stdout/stderr on pipes, core dumps off and
  // `limits` applied. Throws std::runtime_error when the program cannot be
  // executed at all (not found, not executable): that is a configuration
  // error, not an adapter fault.
  Process(const std::vector<std::string>& argv, const std::string& cwd, const Limits& limits,
          std::size_t stderr_tail_bytes);
  ~Process();  // kills the process group if it is still running
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }
  [[nodiscard]] int stdin_fd() const { return in_; }
  [[nodiscard]] int stdout_fd() const { return out_; }
  [[nodiscard]] int stderr_fd() const { return err_; }

  // Writes what it can of data[0, size) without blocking; returns the bytes
  // written (0 when the pipe is full), or -1 when the adapter no longer
  // reads its standard input (EPIPE and friends).
  [[nodiscard]] long write_some(const char* data, std::size_t size);
  // Reads what is there without blocking into `into`; returns the bytes
  // read, 0 at end of file, -1 when nothing is there yet.
  [[nodiscard]] long read_stdout(std::string& into, std::size_t max_bytes);
  // Moves whatever the adapter wrote to stderr into the tail; false at EOF.
  bool drain_stderr();
  void close_stdin();
  void close_stdout();

  // Collects stderr until it ends or `budget` passes: after the adapter
  // died, its last words (a traceback, "Segmentation fault") arrive late.
  void drain_stderr_until_eof(std::chrono::milliseconds budget);

  // The last bytes the adapter wrote to stderr, made printable.
  [[nodiscard]] std::string stderr_tail() const;

  // SIGKILL to the whole process group, then reap. Idempotent.
  void kill_now();
  // Closes stdin (after the caller wrote "stop"), waits up to `grace` for
  // the adapter to exit by itself, then kills it. Returns the exit
  // description.
  std::string stop(std::chrono::milliseconds grace);
  // Non-blocking: true once the process has exited (and was reaped).
  bool reap();
  // "exited with status 3", "killed by signal 11 (Segmentation fault)",
  // "still running".
  [[nodiscard]] std::string exit_description() const;
  [[nodiscard]] bool exited() const { return reaped_; }
  [[nodiscard]] int exit_status() const { return status_; }

 private:
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1, err_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  std::size_t tail_cap_;
  std::string tail_;
  bool stderr_eof_ = false;
};

// "Segmentation fault" for SIGSEGV; used in messages.
[[nodiscard]] std::string signal_name(int sig);

// Printable form of adapter output in messages: control bytes escaped,
// at most `max` bytes with "..." when cut.
[[nodiscard]] std::string printable(std::string_view text, std::size_t max = 200);

}  // namespace sockcheck::adapter
