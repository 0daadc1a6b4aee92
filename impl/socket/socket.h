// socket.h: a real POSIX socket object that obeys the timeout model.
//
// Socket is the reference implementation of the documents' socket object
// over a real descriptor. Its mode lives in a timeout::SocketModel and is
// mirrored on the descriptor the way the documents describe it: "sockets
// in timeout mode are internally set in non-blocking mode" (3.3), so the
// descriptor has O_NONBLOCK in timeout and non-blocking mode and not in
// blocking mode. In timeout mode an operation that cannot complete at once
// waits in poll() for the rest of a deadline fixed when the call started,
// on the monotonic clock: EINTR, spurious readiness and partial sends never
// restart the timeout, they only shorten the remaining wait (sendall in
// profiles before 3.12 restarts it per send, as CPython did before 3.5).
//
// Errors are the documented Python exceptions (timeout::Error): the
// profile's timeout class with "timed out", socket.error / OSError
// subclasses with "[Errno N] text" for the kernel's errors, and the builtin
// argument errors. connect_ex returns errno numbers instead of raising the
// C-level connect's errors.
//
// Every system call goes through the Context's Os (os.h) so that tests can
// inject EINTR and EAGAIN. EINTR is retried, as Python 3.5+ does (PEP 475),
// unless the Context's interrupt hook -- the analogue of a Python signal
// handler that raises -- returns an error; a non-blocking connect
// interrupted by a signal raises InterruptedError ("For non-blocking
// sockets, the method raises an InterruptedError exception", 3.12).
//
// A Socket is used by one thread at a time; different Sockets of one
// Context may be used from different threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "address.h"
#include "impl/core/outcome.h"
#include "impl/core/profile.h"
#include "impl/core/value.h"
#include "impl/timeout/model.h"
#include "impl/timeout/result.h"
#include "os.h"

namespace sock::net {

using timeout::Unit;

// The state of one "socket module": the profile it follows, the default
// timeout (shared by all its sockets), the OS seam and the interrupt hook.
class Context {
 public:
  // Returns an error to abort the interrupted call with (a Python signal
  // handler that raised), or nullopt to retry it.
  using InterruptHook = std::function<std::optional<Error>()>;

  explicit Context(Profile profile, Os& os = real_os()) : module_(profile), os_(&os) {}

  [[nodiscard]] Profile profile() const { return module_.profile(); }
  [[nodiscard]] Os& os() const { return *os_; }

  // setdefaulttimeout/getdefaulttimeout; unsupported in 1.x.
  [[nodiscard]] Result<Unit> setdefaulttimeout(const Value& value);
  [[nodiscard]] Result<Value> getdefaulttimeout() const;

  // A snapshot of the module state (the default timeout) for decisions that
  // must see one consistent default, such as accept's inheritance.
  [[nodiscard]] timeout::ModuleModel module() const;

  void set_interrupt_hook(InterruptHook hook);
  // Called by the socket after every EINTR.
  [[nodiscard]] std::optional<Error> interrupted() const;

 private:
  mutable std::mutex mu_;
  timeout::ModuleModel module_;
  InterruptHook hook_;
  Os* os_;
};

using ContextPtr = std::shared_ptr<Context>;

[[nodiscard]] ContextPtr make_context(Profile profile, Os& os = real_os());

// A descriptor owned by the caller, closed on destruction (makefile's dup).
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();
  [[nodiscard]] int get() const { return fd_; }
  [[nodiscard]] int release() { return std::exchange(fd_, -1); }

 private:
  int fd_ = -1;
};

class Socket;

struct Accepted;
struct Received;

class Socket {
 public:
  Socket(Socket&& other) noexcept;
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  // Closes the descriptor: "Sockets are automatically closed when they are
  // garbage-collected."
  ~Socket();

  [[nodiscard]] int family() const { return family_; }
  [[nodiscard]] int type() const { return type_; }
  [[nodiscard]] int proto() const { return proto_; }
  [[nodiscard]] const timeout::SocketModel& model() const { return model_; }
  [[nodiscard]] const ContextPtr& context() const { return ctx_; }

  // The descriptor: -1 once closed in 3.x; EBADF once closed before 3.3.
  [[nodiscard]] Result<int> fileno() const;
  // The descriptor without the profile's rules, for tests and fixtures.
  [[nodiscard]] int raw_fd() const { return fd_; }

  // ---- Timeouts (the model's calls, applied to the descriptor) -----------
  [[nodiscard]] Result<Unit> settimeout(const Value& value);
  [[nodiscard]] Result<Unit> setblocking(const Value& flag);
  [[nodiscard]] Result<Value> gettimeout() const;
  [[nodiscard]] Result<Value> getblocking() const;

  // ---- Set-up ------------------------------------------------------------
  [[nodiscard]] Result<Unit> bind(const Address& address);
  // "the minimum value is forced to 0" (3.3): negative backlogs become 0.
  [[nodiscard]] Result<Unit> listen(int backlog);
  [[nodiscard]] Result<Address> getsockname() const;
  [[nodiscard]] Result<Address> getpeername() const;

  // ---- Operations that may wait -------------------------------------------
  [[nodiscard]] Result<Accepted> accept();
  [[nodiscard]] Result<Unit> connect(const Address& address);
  // 0 or the errno of the C-level connect; EWOULDBLOCK when the timeout ran
  // out (CPython); other problems (an unresolvable host) still raise.
  [[nodiscard]] Result<int> connect_ex(const Address& address);
  [[nodiscard]] Result<std::string> recv(std::int64_t bufsize, int flags = 0);
  // Up to nbytes (0: the whole buffer) into `buffer`; the count received.
  [[nodiscard]] Result<std::size_t> recv_into(std::span<char> buffer, std::int64_t nbytes = 0, int flags = 0);
  [[nodiscard]] Result<Received> recvfrom(std::int64_t bufsize, int flags = 0);
  [[nodiscard]] Result<std::size_t> send(std::string_view data, int flags = 0);
  // All of `data` or an error; "there is no way to determine how much data,
  // if any, was successfully sent" -- except bytes_sent_by_last_sendall(),
  // which tests use to check the deadline, not the contract.
  [[nodiscard]] Result<Unit> sendall(std::string_view data, int flags = 0);
  [[nodiscard]] Result<std::size_t> sendto(std::string_view data, int flags, const Address& address);
  [[nodiscard]] std::size_t bytes_sent_by_last_sendall() const { return last_sendall_bytes_; }

  // ---- Options and descriptors ------------------------------------------------
  // getsockopt(level, optname): "an integer option is assumed and its
  // integer value is returned".
  [[nodiscard]] Result<std::int64_t> getsockopt_int(int level, int name) const;
  // getsockopt(level, optname, buflen): at most `buflen` bytes of the
  // option, "returned as a string" (bytes from 3.x). CPython's own limit:
  // buflen must be 1 to 1024, otherwise socket.error/OSError.
  [[nodiscard]] Result<std::string> getsockopt_bytes(int level, int name, std::int64_t buflen) const;
  // setsockopt(level, optname, value): a C int or the raw bytes of `value`
  // ("passed raw": "it is up to the caller to ensure that the string
  // contains the proper bits"); with `optlen`, setsockopt(..., NULL, optlen)
  // (3.6+'s None form).
  [[nodiscard]] Result<Unit> setsockopt_int(int level, int name, int value);
  [[nodiscard]] Result<Unit> setsockopt_bytes(int level, int name, std::string_view value);
  [[nodiscard]] Result<Unit> setsockopt_null(int level, int name, unsigned optlen);
  // detach(): "Put the socket object into closed state without actually
  // closing the underlying file descriptor. The file descriptor is returned".
  [[nodiscard]] Result<int> detach();
  // dup(): a new socket over a close-on-exec duplicate of the descriptor,
  // with the same family, type and protocol; it starts with the module's
  // default timeout, as every new socket object does.
  [[nodiscard]] Result<Socket> dup() const;
  // get_inheritable/set_inheritable (3.4+): the descriptor's FD_CLOEXEC bit,
  // inverted.
  [[nodiscard]] Result<bool> get_inheritable() const;
  [[nodiscard]] Result<Unit> set_inheritable(bool inheritable);

  // ---- Ending --------------------------------------------------------------
  [[nodiscard]] Result<Unit> shutdown(int how);
  // "All future operations on the socket object will fail." Closing twice
  // is not an error.
  [[nodiscard]] Result<Unit> close();

  // A file over a dup of the descriptor when the mode permits it (see
  // timeout::makefile_rule); ValueError when the document's "must be in
  // blocking mode" is violated (the reference's choice: the documents name
  // no exception). The file object itself is left to the caller.
  [[nodiscard]] Result<UniqueFd> makefile();

 private:
  friend Result<Socket> socket(const ContextPtr& ctx, int family, int type, int proto);
  friend Result<std::pair<Socket, Socket>> socketpair(const ContextPtr& ctx, int family, int type, int proto);
  friend Result<Socket> fromfd(const ContextPtr& ctx, int fd, int family, int type, int proto);
  friend Result<Socket> adopt(const ContextPtr& ctx, int fd, int family, int type, int proto);

  using Deadline = std::optional<Os::Clock::time_point>;

  Socket(ContextPtr ctx, int fd, int family, int type, int proto, timeout::Setting setting);

  [[nodiscard]] Profile profile() const { return ctx_->profile(); }
  [[nodiscard]] Os& os() const { return ctx_->os(); }
  [[nodiscard]] Error os_error(int errnum) const;
  // The deadline of an operation starting now; nullopt: no bound.
  [[nodiscard]] Deadline start_deadline() const;
  // Sets O_NONBLOCK on `fd` exactly when `mode` is not blocking.
  [[nodiscard]] static Result<Unit> apply_mode(Os& os, Profile profile, int fd, timeout::Mode mode);
  // Waits until `events` (true) or the deadline (false).
  [[nodiscard]] Result<bool> wait_ready(short events, const Deadline& deadline);
  // Runs `attempt` (a system call returning >= 0 or -1 with errno) until it
  // succeeds: retries EINTR, waits for readiness on EAGAIN in timeout mode.
  template <typename Attempt>
  [[nodiscard]] Result<std::int64_t> io(short events, const Deadline& deadline, Attempt&& attempt);
  // connect and connect_ex: the errno (0: connected) or that the timeout
  // ran out, or an error that raises in both.
  struct ConnectStatus {
    int errnum = 0;
    bool timed_out = false;
  };
  [[nodiscard]] Result<ConnectStatus> connect_status(const Address& address);

  ContextPtr ctx_;
  int fd_ = -1;
  int family_ = 0;
  int type_ = 0;
  int proto_ = 0;
  timeout::SocketModel model_;
  std::size_t last_sendall_bytes_ = 0;
};

struct Accepted {
  Socket conn;
  Address address;
};

struct Received {
  std::string data;
  std::optional<Address> address;  // None for a connected stream
};

// ---- Module functions -------------------------------------------------------

// socket(family, type, proto). A type with SOCK_NONBLOCK makes a
// non-blocking socket (3.3+); otherwise the socket starts with the default
// timeout.
[[nodiscard]] Result<Socket> socket(const ContextPtr& ctx, int family = AF_INET, int type = SOCK_STREAM,
                                    int proto = 0);

// socketpair(family=AF_UNIX, type, proto): both ends start with the default.
[[nodiscard]] Result<std::pair<Socket, Socket>> socketpair(const ContextPtr& ctx, int family = AF_UNIX,
                                                           int type = SOCK_STREAM, int proto = 0);

// fromfd: "Duplicate the file descriptor fd ... The socket is assumed to be
// in blocking mode": the new object takes the default timeout and the
// duplicate's O_NONBLOCK flag is left as it was unless that default asks
// for timeout or non-blocking mode.
[[nodiscard]] Result<Socket> fromfd(const ContextPtr& ctx, int fd, int family, int type, int proto = 0);

// socket(family, type, proto, fileno) (3.12 document): a socket object
// over `fd` itself, which it owns from now on (closed with it). Like every
// new socket it starts with the default timeout; its descriptor's
// O_NONBLOCK flag is set to match.
[[nodiscard]] Result<Socket> adopt(const ContextPtr& ctx, int fd, int family, int type, int proto);

// create_connection(address[, timeout[, source_address]]). `timeout`
// nullopt: not given (the default timeout stays). None means blocking from
// 3.3 and "the global default" in the 2.6 document. Tries every address
// the host resolves to; raises the first failure when none connects.
[[nodiscard]] Result<Socket> create_connection(const ContextPtr& ctx, const Address& address,
                                               const std::optional<Value>& timeout = std::nullopt,
                                               const std::optional<Address>& source_address = std::nullopt);

}  // namespace sock::net
