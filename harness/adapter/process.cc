#include "process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace sockcheck::adapter {

namespace {

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

void set_nonblocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  (void)::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

// PATH lookup is done before fork: after fork in a threaded program only
// async-signal-safe calls are allowed, and execvp may allocate.
std::string resolve_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    std::string dir = dirs.substr(start, end - start);
    if (dir.empty()) dir = ".";
    std::string candidate = dir + "/" + name;
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    start = end + 1;
  }
  return {};
}

void set_limit(int resource, std::uint64_t value) {
  if (value == 0) return;
  struct rlimit current {};
  if (::getrlimit(resource, &current) != 0) return;
  rlim_t want = static_cast<rlim_t>(value);
  // Never raise a limit above the inherited hard limit (that would fail);
  // only tighten.
  if (current.rlim_max != RLIM_INFINITY && want > current.rlim_max) want = current.rlim_max;
  struct rlimit next {want, current.rlim_max};
  if (resource != RLIMIT_NPROC) next.rlim_max = want;  // the adapter cannot undo it
  (void)::setrlimit(resource, &next);
}

// Only async-signal-safe calls between fork and exec.
[[noreturn]] void child_exec(const char* path, char* const* argv, const char* cwd, int in, int out, int err,
                             int status_fd, const Limits& limits) {
  sigset_t none;
  sigemptyset(&none);
  (void)sigprocmask(SIG_SETMASK, &none, nullptr);  // the harness thread may have SIGPIPE blocked
  (void)signal(SIGPIPE, SIG_DFL);                   // an ignored signal would stay ignored after exec
  (void)setpgid(0, 0);
  const int targets[3] = {0, 1, 2};
  const int sources[3] = {in, out, err};
  for (int i = 0; i < 3; ++i) {
    if (sources[i] == targets[i]) {
      (void)fcntl(targets[i], F_SETFD, 0);
    } else {
      (void)dup2(sources[i], targets[i]);
    }
  }
  struct rlimit no_core {0, 0};
  (void)setrlimit(RLIMIT_CORE, &no_core);  // a crashing adapter must not litter the tree with cores
  set_limit(RLIMIT_AS, limits.address_space_mib * 1024 * 1024);
  set_limit(RLIMIT_CPU, limits.cpu_seconds);
  set_limit(RLIMIT_NOFILE, limits.open_files);
  set_limit(RLIMIT_NPROC, limits.processes);
  int error = 0;
  if (cwd[0] != '\0' && chdir(cwd) != 0) {
    error = errno;
  } else {
    execve(path, argv, environ);
    error = errno;
  }
  (void)!write(status_fd, &error, sizeof error);
  _exit(127);
}

}  // namespace

std::string signal_name(int sig) {
  const char* text = ::strsignal(sig);
  return text != nullptr ? text : "signal " + std::to_string(sig);
}

std::string printable(std::string_view text, std::size_t max) {
  std::string out;
  const bool cut = text.size() > max;
  if (cut) text = text.substr(text.size() - max);  // the end says most (the last traceback line)
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (u < 0x20 || u == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  return cut ? "..." + out : out;
}

Process::Process(const std::vector<std::string>& argv, const std::string& cwd, const Limits& limits,
                 std::size_t stderr_tail_bytes)
    : tail_cap_(stderr_tail_bytes) {
  if (argv.empty()) throw std::runtime_error("adapter command is empty");
  std::string path = resolve_program(argv[0]);
  if (path.empty()) throw std::runtime_error("adapter program not found in PATH: " + argv[0]);
  if (path.find('/') != std::string::npos && path[0] != '/' && !cwd.empty()) {
    path = cwd + "/" + path;  // relative to the adapter's folder, where it will run
  }

  std::vector<std::string> args = argv;
  std::vector<char*> cargv;
  for (auto& a : args) cargv.push_back(a.data());
  cargv.push_back(nullptr);

  // Every descriptor is close-on-exec so that adapters started at the same
  // time from other threads never inherit each other's pipes (an inherited
  // write end would hide an adapter's end of input forever).
  int in[2], out[2], err[2], status[2];
  if (::pipe2(in, O_CLOEXEC) != 0) throw std::runtime_error("pipe: " + std::string(std::strerror(errno)));
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ::close(in[0]), ::close(in[1]);
    throw std::runtime_error("pipe: " + std::string(std::strerror(errno)));
  }
  if (::pipe2(err, O_CLOEXEC) != 0 || ::pipe2(status, O_CLOEXEC) != 0) {
    for (int fd : {in[0], in[1], out[0], out[1]}) ::close(fd);
    throw std::runtime_error("pipe: " + std::string(std::strerror(errno)));
  }

  const pid_t pid = ::fork();
  if (pid == 0) child_exec(path.c_str(), cargv.data(), cwd.c_str(), in[0], out[1], err[1], status[1], limits);
  const int fork_errno = errno;
  for (int fd : {in[0], out[1], err[1], status[1]}) ::close(fd);
  if (pid < 0) {
    for (int fd : {in[1], out[0], err[0], status[0]}) ::close(fd);
    throw std::runtime_error("fork: " + std::string(std::strerror(fork_errno)));
  }
  pid_ = pid;
  in_ = in[1];
  out_ = out[0];
  err_ = err[0];
  // The status pipe closes on a successful exec; otherwise it carries errno.
  int exec_errno = 0;
  ssize_t n;
  do {
    n = ::read(status[0], &exec_errno, sizeof exec_errno);
  } while (n < 0 && errno == EINTR);
  ::close(status[0]);
  if (n == static_cast<ssize_t>(sizeof exec_errno)) {
    kill_now();
    close_fd(in_), close_fd(out_), close_fd(err_);
    throw std::runtime_error("cannot execute " + path + ": " + std::strerror(exec_errno));
  }
  set_nonblocking(in_);
  set_nonblocking(out_);
  set_nonblocking(err_);
}

Process::~Process() {
  kill_now();
  close_fd(in_), close_fd(out_), close_fd(err_);
}

long Process::write_some(const char* data, std::size_t size) {
  if (in_ < 0) return -1;
  // A write to a pipe whose reader is gone raises SIGPIPE, which would end
  // the harness. Block it in this thread for the write and consume it if
  // this write raised it, so the process-wide disposition stays untouched.
  sigset_t pipe_set, old;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  sigset_t pending;
  sigemptyset(&pending);
  (void)sigpending(&pending);
  const bool was_pending = sigismember(&pending, SIGPIPE) == 1;
  (void)pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
  ssize_t n;
  do {
    n = ::write(in_, data, size);
  } while (n < 0 && errno == EINTR);
  const int saved = errno;
  if (n < 0 && saved == EPIPE && !was_pending) {
    const struct timespec zero {0, 0};
    (void)sigtimedwait(&pipe_set, nullptr, &zero);
  }
  (void)pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (n >= 0) return n;
  if (saved == EAGAIN || saved == EWOULDBLOCK) return 0;
  return -1;
}

long Process::read_stdout(std::string& into, std::size_t max_bytes) {
  if (out_ < 0) return 0;
  const std::size_t old = into.size();
  into.resize(old + max_bytes);
  ssize_t n;
  do {
    n = ::read(out_, into.data() + old, max_bytes);
  } while (n < 0 && errno == EINTR);
  into.resize(old + static_cast<std::size_t>(n > 0 ? n : 0));
  if (n < 0) return (errno == EAGAIN || errno == EWOULDBLOCK) ? -1 : 0;
  return n;
}

bool Process::drain_stderr() {
  if (err_ < 0 || stderr_eof_) return false;
  char buf[8192];
  for (;;) {
    const ssize_t n = ::read(err_, buf, sizeof buf);
    if (n > 0) {
      tail_.append(buf, static_cast<std::size_t>(n));
      // Keep only the tail: a flooding adapter must not grow the harness.
      if (tail_.size() > 2 * tail_cap_) tail_.erase(0, tail_.size() - tail_cap_);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
      stderr_eof_ = true;
      return false;
    }
    return true;
  }
}

void Process::drain_stderr_until_eof(std::chrono::milliseconds budget) {
  const auto deadline = Clock::now() + budget;
  while (drain_stderr()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) break;
    struct pollfd p {err_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) == 0) break;
  }
}

std::string Process::stderr_tail() const {
  std::string_view t = tail_;
  while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.remove_suffix(1);
  return printable(t, tail_cap_);
}

void Process::close_stdin() { close_fd(in_); }
void Process::close_stdout() { close_fd(out_); }

bool Process::reap() {
  if (reaped_ || pid_ < 0) return true;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    reaped_ = true;
    status_ = status;
  } else if (r < 0 && errno == ECHILD) {
    reaped_ = true;  // someone else reaped it; nothing to report
  }
  return reaped_;
}

void Process::kill_now() {
  if (pid_ < 0 || reaped_) return;
  (void)::kill(-pid_, SIGKILL);  // the group: wrappers and their children too
  (void)::kill(pid_, SIGKILL);   // in case setpgid had not run yet
  // SIGKILL cannot be caught, so the wait is short; bounded all the same
  // (a process stuck in the kernel would otherwise stall the harness).
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (!reap() && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

std::string Process::stop(std::chrono::milliseconds grace) {
  close_stdin();
  const auto deadline = Clock::now() + grace;
  while (!reap() && Clock::now() < deadline) {
    drain_stderr();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (!reaped_) {
    kill_now();
    return "did not exit within " + std::to_string(grace.count()) + " ms of stop; killed";
  }
  return exit_description();
}

std::string Process::exit_description() const {
  if (!reaped_) return "still running";
  if (WIFEXITED(status_)) return "exited with status " + std::to_string(WEXITSTATUS(status_));
  if (WIFSIGNALED(status_)) {
    const int sig = WTERMSIG(status_);
    return "killed by signal " + std::to_string(sig) + " (" + signal_name(sig) + ")";
  }
  return "ended";
}

}  // namespace sockcheck::adapter
