#include "socket.h"

#include <fcntl.h>
#include <netdb.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <new>
#include <stdexcept>
#include <vector>

#include "impl/timeout/errors.h"

namespace sock::net {

using timeout::Mode;
using timeout::Setting;

namespace {

// Outcome -> Result<Value> for the calls the model answers.
Result<Value> from_outcome(const Outcome& o) {
  switch (o.kind) {
    case OutcomeKind::value: return o.value;
    case OutcomeKind::raised: return Error{o.error_class, o.message, 0};
    default: return Error{"", o.message, 0};
  }
}

// A new socket's descriptor, closed again if building the object fails.
struct FdGuard {
  Os& os;
  int fd;
  ~FdGuard() {
    if (fd >= 0) os.close(fd);
  }
  int release() { return std::exchange(fd, -1); }
};

}  // namespace

// ---- Context ---------------------------------------------------------------

Result<Unit> Context::setdefaulttimeout(const Value& value) {
  std::lock_guard lock(mu_);
  auto planned = module_.plan_setdefaulttimeout(value);
  if (!planned) return planned.error();
  module_.commit_default(planned.value());
  return Unit{};
}

Result<Value> Context::getdefaulttimeout() const {
  std::lock_guard lock(mu_);
  return from_outcome(module_.getdefaulttimeout());
}

timeout::ModuleModel Context::module() const {
  std::lock_guard lock(mu_);
  return module_;
}

void Context::set_interrupt_hook(InterruptHook hook) {
  std::lock_guard lock(mu_);
  hook_ = std::move(hook);
}

std::optional<Error> Context::interrupted() const {
  InterruptHook hook;
  {
    std::lock_guard lock(mu_);
    hook = hook_;
  }
  return hook ? hook() : std::nullopt;
}

ContextPtr make_context(Profile profile, Os& os) { return std::make_shared<Context>(profile, os); }

// ---- UniqueFd ----------------------------------------------------------------

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) real_os().close(fd_);
    fd_ = std::exchange(o.fd_, -1);
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) real_os().close(fd_);
}

// ---- Socket: life ----------------------------------------------------------

Socket::Socket(ContextPtr ctx, int fd, int family, int type, int proto, Setting setting)
    : ctx_(std::move(ctx)),
      fd_(fd),
      family_(family),
      type_(type),
      proto_(proto),
      model_(ctx_->profile(), setting) {}

Socket::Socket(Socket&& o) noexcept
    : ctx_(std::move(o.ctx_)),
      fd_(std::exchange(o.fd_, -1)),
      family_(o.family_),
      type_(o.type_),
      proto_(o.proto_),
      model_(o.model_),
      last_sendall_bytes_(o.last_sendall_bytes_) {}

Socket& Socket::operator=(Socket&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0 && ctx_) os().close(fd_);
    ctx_ = std::move(o.ctx_);
    fd_ = std::exchange(o.fd_, -1);
    family_ = o.family_;
    type_ = o.type_;
    proto_ = o.proto_;
    model_ = o.model_;
    last_sendall_bytes_ = o.last_sendall_bytes_;
  }
  return *this;
}

Socket::~Socket() {
  if (fd_ >= 0 && ctx_) os().close(fd_);
}

Error Socket::os_error(int errnum) const { return timeout::os_error(profile(), errnum); }

Result<int> Socket::fileno() const {
  if (model_.closed()) {
    if (profile() < Profile::v3_3) return timeout::closed_socket(profile());
    return -1;
  }
  return fd_;
}

Result<Unit> Socket::close() {
  if (model_.closed()) return Unit{};
  const int fd = std::exchange(fd_, -1);
  model_.close();
  // Linux releases the descriptor even when close() reports EINTR, so a
  // retry could close someone else's; ECONNRESET is not worth raising
  // either (CPython 3 ignores it too).
  if (os().close(fd) != 0 && errno != EINTR && errno != ECONNRESET) return os_error(errno);
  return Unit{};
}

// ---- Timeouts ------------------------------------------------------------------

Result<Unit> Socket::apply_mode(Os& os, Profile profile, int fd, Mode mode) {
  const int flags = os.get_status_flags(fd);
  if (flags < 0) return timeout::os_error(profile, errno);
  const int wanted = mode == Mode::blocking ? (flags & ~O_NONBLOCK) : (flags | O_NONBLOCK);
  if (wanted != flags && os.set_status_flags(fd, wanted) != 0) return timeout::os_error(profile, errno);
  return Unit{};
}

Result<Unit> Socket::settimeout(const Value& value) {
  auto planned = model_.plan_settimeout(value);
  if (!planned) return planned.error();
  // Descriptor first, model second: a failed fcntl leaves both as they were.
  if (auto r = apply_mode(os(), profile(), fd_, planned.value().mode()); !r) return r.error();
  model_.commit(planned.value());
  return Unit{};
}

Result<Unit> Socket::setblocking(const Value& flag) {
  auto planned = model_.plan_setblocking(flag);
  if (!planned) return planned.error();
  if (auto r = apply_mode(os(), profile(), fd_, planned.value().mode()); !r) return r.error();
  model_.commit(planned.value());
  return Unit{};
}

Result<Value> Socket::gettimeout() const { return from_outcome(model_.gettimeout()); }
Result<Value> Socket::getblocking() const { return from_outcome(model_.getblocking()); }

// ---- Waiting -------------------------------------------------------------------

Socket::Deadline Socket::start_deadline() const {
  const auto limit = model_.setting().wait_limit();
  if (!limit) return std::nullopt;
  return os().now() + std::chrono::duration_cast<Os::Clock::duration>(*limit);
}

Result<bool> Socket::wait_ready(short events, const Deadline& deadline) {
  // Each pass either returns or sleeps in poll() until the deadline; passes
  // after EINTR recompute what is left, so a signal storm cannot stretch
  // the timeout past the deadline.
  for (;;) {
    int timeout_ms = -1;
    if (deadline) {
      const auto now = os().now();
      if (now >= *deadline) return false;
      // Rounded up: poll() never returns before the deadline, so a 0 from
      // it means the time is really up.
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - now).count();
      timeout_ms = static_cast<int>(std::clamp<long long>(left, 1, INT_MAX));
    }
    pollfd p{fd_, events, 0};
    const int r = os().poll(&p, 1, timeout_ms);
    if (r > 0) return true;  // readable/writable, or POLLERR/POLLHUP: the next attempt reports it
    if (r == 0) {
      if (timeout_ms == -1) continue;  // cannot happen with a real poll(); tolerate a fake one
      return false;
    }
    if (errno != EINTR) return os_error(errno);
    if (auto e = ctx_->interrupted()) return *e;
  }
}

template <typename Attempt>
Result<std::int64_t> Socket::io(short events, const Deadline& deadline, Attempt&& attempt) {
  if (model_.closed()) return timeout::closed_socket(profile());
  // Bounded by the deadline in timeout mode (every EAGAIN waits in
  // wait_ready, which fails once it has passed); in blocking mode the
  // kernel blocks and only signals come back here; in non-blocking mode
  // EAGAIN ends the loop at once.
  for (;;) {
    const auto n = static_cast<std::int64_t>(attempt());
    if (n >= 0) return n;
    const int err = errno;
    if (err == EINTR) {
      if (auto e = ctx_->interrupted()) return *e;
      continue;
    }
    if ((err == EAGAIN || err == EWOULDBLOCK) && model_.mode() == Mode::timeout) {
      auto ready = wait_ready(events, deadline);
      if (!ready) return ready.error();
      if (!ready.value()) return timeout::timed_out(profile());
      continue;
    }
    return os_error(err);
  }
}

// ---- Set-up --------------------------------------------------------------------

Result<Unit> Socket::bind(const Address& address) {
  if (model_.closed()) return timeout::closed_socket(profile());
  auto sa = to_sockaddr(address, profile());
  if (!sa) return sa.error();
  if (os().bind(fd_, sa.value().get(), sa.value().length) != 0) return os_error(errno);
  return Unit{};
}

Result<Unit> Socket::listen(int backlog) {
  if (model_.closed()) return timeout::closed_socket(profile());
  if (os().listen(fd_, std::max(backlog, 0)) != 0) return os_error(errno);
  return Unit{};
}

Result<Address> Socket::getsockname() const {
  if (model_.closed()) return timeout::closed_socket(profile());
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (os().getsockname(fd_, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return os_error(errno);
  Address a;
  if (!from_sockaddr(reinterpret_cast<sockaddr*>(&ss), len, a)) a.family = family_;
  return a;
}

Result<Address> Socket::getpeername() const {
  if (model_.closed()) return timeout::closed_socket(profile());
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (os().getpeername(fd_, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return os_error(errno);
  Address a;
  if (!from_sockaddr(reinterpret_cast<sockaddr*>(&ss), len, a)) a.family = family_;
  return a;
}

// ---- accept ----------------------------------------------------------------------

Result<Accepted> Socket::accept() {
  sockaddr_storage ss{};
  socklen_t len = 0;
  auto n = io(POLLIN, start_deadline(), [&] {
    len = sizeof ss;
    // accept4 never copies O_NONBLOCK from the listener on Linux; the mode
    // is set explicitly below either way.
    return os().accept(fd_, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_CLOEXEC);
  });
  if (!n) return n.error();
  FdGuard guard{os(), static_cast<int>(n.value())};
  // The documents' inheritance rule under the default as it is now. For a
  // non-blocking listener with no default the rule allows both modes; the
  // reference picks blocking, what Linux's accept gives.
  const timeout::AcceptRule rule = ctx_->module().accepted(model_.setting());
  const Setting setting = rule.acceptable.front();
  if (auto r = apply_mode(os(), profile(), guard.fd, setting.mode()); !r) return r.error();
  Address peer;
  if (!from_sockaddr(reinterpret_cast<sockaddr*>(&ss), len, peer)) peer.family = family_;
  return Accepted{Socket(ctx_, guard.release(), family_, type_, proto_, setting), std::move(peer)};
}

// ---- connect ---------------------------------------------------------------------

Result<Socket::ConnectStatus> Socket::connect_status(const Address& address) {
  if (model_.closed()) return timeout::closed_socket(profile());
  auto sa = to_sockaddr(address, profile());
  if (!sa) return sa.error();
  const Deadline deadline = start_deadline();
  if (os().connect(fd_, sa.value().get(), sa.value().length) == 0) return ConnectStatus{};
  const int err = errno;
  if (err == EINTR) {
    if (auto e = ctx_->interrupted()) return *e;
    // connect(2): interrupted, "the connection will be established
    // asynchronously". A non-blocking socket reports the interruption; a
    // blocking or timeout socket waits for the outcome (3.5+ semantics).
    if (model_.mode() == Mode::non_blocking) return ConnectStatus{err, false};
  } else if (!(err == EINPROGRESS && model_.mode() == Mode::timeout)) {
    // Only EINPROGRESS means "wait": AF_UNIX's EAGAIN (a full backlog)
    // fails at once even in timeout mode, as in CPython.
    return ConnectStatus{err, false};
  }
  auto ready = wait_ready(POLLOUT, deadline);
  if (!ready) return ready.error();
  if (!ready.value()) return ConnectStatus{EWOULDBLOCK, true};
  int so_error = 0;
  socklen_t len = sizeof so_error;
  if (os().getsockopt(fd_, SOL_SOCKET, SO_ERROR, &so_error, &len) != 0) return ConnectStatus{errno, false};
  return ConnectStatus{so_error, false};
}

Result<Unit> Socket::connect(const Address& address) {
  auto status = connect_status(address);
  if (!status) return status.error();
  if (status.value().timed_out) return timeout::timed_out(profile());
  if (status.value().errnum != 0) return os_error(status.value().errnum);
  return Unit{};
}

// A timed-out connect is EWOULDBLOCK to connect_ex, as CPython reports it.
Result<int> Socket::connect_ex(const Address& address) {
  auto status = connect_status(address);
  if (!status) return status.error();
  return status.value().errnum;
}

// ---- receiving ---------------------------------------------------------------------

namespace {

// A buffer of `size` bytes, or MemoryError (CPython's answer to recv(2**40)).
Result<std::string> allocate(std::int64_t size) {
  try {
    return std::string(static_cast<std::size_t>(size), '\0');
  } catch (const std::bad_alloc&) {
    return Error{"MemoryError", "", 0};
  } catch (const std::length_error&) {
    return Error{"MemoryError", "", 0};
  }
}

}  // namespace

Result<std::string> Socket::recv(std::int64_t bufsize, int flags) {
  if (bufsize < 0) return timeout::value_error("negative buffersize in recv");
  auto allocated = allocate(bufsize);
  if (!allocated) return allocated.error();
  std::string buf = std::move(allocated).value();
  auto n = io(POLLIN, start_deadline(), [&] { return os().recv(fd_, buf.data(), buf.size(), flags); });
  if (!n) return n.error();
  buf.resize(static_cast<std::size_t>(n.value()));
  return buf;
}

Result<std::size_t> Socket::recv_into(std::span<char> buffer, std::int64_t nbytes, int flags) {
  if (nbytes < 0) return timeout::value_error("negative buffersize in recv_into");
  if (static_cast<std::uint64_t>(nbytes) > buffer.size()) {
    return timeout::value_error("buffer too small for requested bytes");
  }
  const std::size_t want = nbytes == 0 ? buffer.size() : static_cast<std::size_t>(nbytes);
  auto n = io(POLLIN, start_deadline(), [&] { return os().recv(fd_, buffer.data(), want, flags); });
  if (!n) return n.error();
  return static_cast<std::size_t>(n.value());
}

Result<Received> Socket::recvfrom(std::int64_t bufsize, int flags) {
  if (bufsize < 0) return timeout::value_error("negative buffersize in recvfrom");
  auto allocated = allocate(bufsize);
  if (!allocated) return allocated.error();
  std::string buf = std::move(allocated).value();
  sockaddr_storage ss{};
  socklen_t len = 0;
  auto n = io(POLLIN, start_deadline(), [&] {
    len = sizeof ss;
    return os().recvfrom(fd_, buf.data(), buf.size(), flags, reinterpret_cast<sockaddr*>(&ss), &len);
  });
  if (!n) return n.error();
  buf.resize(static_cast<std::size_t>(n.value()));
  Received r{std::move(buf), std::nullopt};
  Address from;
  if (from_sockaddr(reinterpret_cast<sockaddr*>(&ss), len, from)) r.address = std::move(from);
  return r;
}

// ---- sending -----------------------------------------------------------------------

// MSG_NOSIGNAL: a peer that has gone away is an EPIPE error (BrokenPipeError),
// as in CPython, which ignores SIGPIPE; not a process-killing signal.
Result<std::size_t> Socket::send(std::string_view data, int flags) {
  auto n = io(POLLOUT, start_deadline(),
              [&] { return os().send(fd_, data.data(), data.size(), flags | MSG_NOSIGNAL); });
  if (!n) return n.error();
  return static_cast<std::size_t>(n.value());
}

Result<Unit> Socket::sendall(std::string_view data, int flags) {
  last_sendall_bytes_ = 0;
  if (model_.closed()) return timeout::closed_socket(profile());
  const bool whole_call = timeout::sendall_deadline(profile()) == timeout::SendallDeadline::whole_call;
  Deadline deadline = start_deadline();
  // Bounded: every pass sends at least one byte or returns an error (the
  // deadline's, in timeout mode).
  while (last_sendall_bytes_ < data.size()) {
    if (!whole_call && last_sendall_bytes_ > 0) deadline = start_deadline();
    const std::string_view rest = data.substr(last_sendall_bytes_);
    auto n = io(POLLOUT, deadline, [&] { return os().send(fd_, rest.data(), rest.size(), flags | MSG_NOSIGNAL); });
    if (!n) return n.error();
    last_sendall_bytes_ += static_cast<std::size_t>(n.value());
  }
  return Unit{};
}

Result<std::size_t> Socket::sendto(std::string_view data, int flags, const Address& address) {
  if (model_.closed()) return timeout::closed_socket(profile());
  auto sa = to_sockaddr(address, profile());
  if (!sa) return sa.error();
  auto n = io(POLLOUT, start_deadline(), [&] {
    return os().sendto(fd_, data.data(), data.size(), flags | MSG_NOSIGNAL, sa.value().get(), sa.value().length);
  });
  if (!n) return n.error();
  return static_cast<std::size_t>(n.value());
}

// ---- ending ---------------------------------------------------------------------------

// ---- Options and descriptors ----------------------------------------------------

Result<std::int64_t> Socket::getsockopt_int(int level, int name) const {
  if (model_.closed()) return timeout::closed_socket(profile());
  int value = 0;
  socklen_t len = sizeof value;
  if (os().getsockopt(fd_, level, name, &value, &len) != 0) return os_error(errno);
  return static_cast<std::int64_t>(value);
}

Result<std::string> Socket::getsockopt_bytes(int level, int name, std::int64_t buflen) const {
  if (model_.closed()) return timeout::closed_socket(profile());
  // CPython (socketmodule.c, sock_getsockopt): "getsockopt buflen out of
  // range" as socket.error/OSError, before any system call.
  if (buflen <= 0 || buflen > 1024) {
    return Error{std::string(timeout::os_error_class(profile(), 0)), "getsockopt buflen out of range", 0};
  }
  std::string buf(static_cast<std::size_t>(buflen), '\0');
  auto len = static_cast<socklen_t>(buflen);
  if (os().getsockopt(fd_, level, name, buf.data(), &len) != 0) return os_error(errno);
  buf.resize(len);
  return buf;
}

Result<Unit> Socket::setsockopt_int(int level, int name, int value) {
  if (model_.closed()) return timeout::closed_socket(profile());
  if (os().setsockopt(fd_, level, name, &value, sizeof value) != 0) return os_error(errno);
  return Unit{};
}

Result<Unit> Socket::setsockopt_bytes(int level, int name, std::string_view value) {
  if (model_.closed()) return timeout::closed_socket(profile());
  if (os().setsockopt(fd_, level, name, value.data(), static_cast<socklen_t>(value.size())) != 0) {
    return os_error(errno);
  }
  return Unit{};
}

Result<Unit> Socket::setsockopt_null(int level, int name, unsigned optlen) {
  if (model_.closed()) return timeout::closed_socket(profile());
  if (os().setsockopt(fd_, level, name, nullptr, optlen) != 0) return os_error(errno);
  return Unit{};
}

Result<int> Socket::detach() {
  // A closed socket detaches to -1 without an error (CPython: the object's
  // descriptor is already -1).
  if (model_.closed()) return -1;
  const int fd = std::exchange(fd_, -1);
  model_.close();
  return fd;
}

Result<Socket> Socket::dup() const {
  if (model_.closed()) return timeout::closed_socket(profile());
  const int fd = os().dup(fd_);
  if (fd < 0) return os_error(errno);
  FdGuard guard{os(), fd};
  const Setting setting = ctx_->module().new_socket();
  if (auto r = apply_mode(os(), profile(), fd, setting.mode()); !r) return r.error();
  return Socket(ctx_, guard.release(), family_, type_, proto_, setting);
}

Result<bool> Socket::get_inheritable() const {
  if (model_.closed()) return timeout::closed_socket(profile());
  const int flags = os().get_fd_flags(fd_);
  if (flags < 0) return os_error(errno);
  return (flags & FD_CLOEXEC) == 0;
}

Result<Unit> Socket::set_inheritable(bool inheritable) {
  if (model_.closed()) return timeout::closed_socket(profile());
  const int flags = os().get_fd_flags(fd_);
  if (flags < 0) return os_error(errno);
  const int wanted = inheritable ? (flags & ~FD_CLOEXEC) : (flags | FD_CLOEXEC);
  if (wanted != flags && os().set_fd_flags(fd_, wanted) != 0) return os_error(errno);
  return Unit{};
}

Result<Unit> Socket::shutdown(int how) {
  if (model_.closed()) return timeout::closed_socket(profile());
  if (os().shutdown(fd_, how) != 0) return os_error(errno);
  return Unit{};
}

Result<UniqueFd> Socket::makefile() {
  if (model_.closed()) return timeout::closed_socket(profile());
  const timeout::MakefileRule rule = model_.makefile();
  if (rule.verdict == timeout::MakefileVerdict::forbidden) {
    return timeout::value_error("makefile() needs a socket in blocking mode: " + std::string(rule.quote));
  }
  // "The file object references a dup()ped version of the socket file
  // descriptor" (2.4, 2.6): a descriptor of its own, sharing the mode.
  const int fd = os().dup(fd_);
  if (fd < 0) return os_error(errno);
  return UniqueFd(fd);
}

// ---- module functions ----------------------------------------------------------------

Result<Socket> socket(const ContextPtr& ctx, int family, int type, int proto) {
  Os& os = ctx->os();
  const bool nonblock_flag = (type & SOCK_NONBLOCK) != 0;
  const int base_type = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
  const int fd = os.socket(family, base_type | SOCK_CLOEXEC, proto);
  if (fd < 0) return timeout::os_error(ctx->profile(), errno);
  FdGuard guard{os, fd};
  const Setting setting = ctx->module().new_socket(nonblock_flag);
  if (auto r = Socket::apply_mode(os, ctx->profile(), fd, setting.mode()); !r) return r.error();
  return Socket(ctx, guard.release(), family, base_type, proto, setting);
}

Result<std::pair<Socket, Socket>> socketpair(const ContextPtr& ctx, int family, int type, int proto) {
  if (!timeout::features(ctx->profile()).socketpair) return timeout::not_in_profile("socketpair", ctx->profile());
  Os& os = ctx->os();
  const int base_type = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
  int sv[2] = {-1, -1};
  if (os.socketpair(family, base_type | SOCK_CLOEXEC, proto, sv) != 0) return timeout::os_error(ctx->profile(), errno);
  FdGuard g0{os, sv[0]}, g1{os, sv[1]};
  const Setting setting = ctx->module().new_socket((type & SOCK_NONBLOCK) != 0);
  for (const int fd : sv) {
    if (auto r = Socket::apply_mode(os, ctx->profile(), fd, setting.mode()); !r) return r.error();
  }
  return std::pair<Socket, Socket>(Socket(ctx, g0.release(), family, base_type, proto, setting),
                                   Socket(ctx, g1.release(), family, base_type, proto, setting));
}

Result<Socket> fromfd(const ContextPtr& ctx, int fd, int family, int type, int proto) {
  Os& os = ctx->os();
  const int dup = os.dup(fd);
  if (dup < 0) return timeout::os_error(ctx->profile(), errno);
  FdGuard guard{os, dup};
  const Setting setting = ctx->module().new_socket();
  // "assumed to be in blocking mode": with no default timeout the flags of
  // the descriptor are not looked at or changed (CPython does the same).
  if (setting.mode() != Mode::blocking) {
    if (auto r = Socket::apply_mode(os, ctx->profile(), dup, setting.mode()); !r) return r.error();
  }
  return Socket(ctx, guard.release(), family, type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC), proto, setting);
}

Result<Socket> adopt(const ContextPtr& ctx, int fd, int family, int type, int proto) {
  Os& os = ctx->os();
  const Setting setting = ctx->module().new_socket((type & SOCK_NONBLOCK) != 0);
  if (auto r = Socket::apply_mode(os, ctx->profile(), fd, setting.mode()); !r) return r.error();
  return Socket(ctx, fd, family, type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC), proto, setting);
}

Result<Socket> create_connection(const ContextPtr& ctx, const Address& address, const std::optional<Value>& timeout,
                                 const std::optional<Address>& source_address) {
  const Profile profile = ctx->profile();
  const auto f = timeout::features(profile);
  if (!f.create_connection) return timeout::not_in_profile("create_connection", profile);
  if (source_address && !f.source_address) return timeout::not_in_profile("create_connection(source_address)", profile);
  if (address.port < 0 || address.port > 65535) return timeout::overflow_error("port must be 0-65535.");

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* list = nullptr;
  const std::string port = std::to_string(address.port);
  const int rc = getaddrinfo(address.host.c_str(), port.c_str(), &hints, &list);
  if (rc != 0) return Error{"socket.gaierror", "[Errno " + std::to_string(rc) + "] " + gai_strerror(rc), rc};
  std::vector<Address> candidates;
  for (const addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    Address a;
    if (from_sockaddr(ai->ai_addr, ai->ai_addrlen, a)) candidates.push_back(std::move(a));
  }
  freeaddrinfo(list);
  if (candidates.empty()) return timeout::os_error(profile, EADDRNOTAVAIL);

  std::optional<Error> first_error;
  for (const Address& candidate : candidates) {
    auto s = socket(ctx, candidate.family, SOCK_STREAM, 0);
    if (!s) {
      if (!first_error) first_error = s.error();
      continue;
    }
    Socket sock = std::move(s).value();
    const bool keep_default =
        !timeout || (timeout->is<None>() && timeout::create_connection_none_means_default(profile));
    if (!keep_default) {
      // "Passing the optional timeout parameter will set the timeout on the
      // socket instance before attempting to connect": its argument errors
      // (ValueError, TypeError) propagate at once, as in CPython.
      if (auto r = sock.settimeout(*timeout); !r) return r.error();
    }
    if (source_address) {
      Address src = *source_address;
      src.family = candidate.family;
      if (auto r = sock.bind(src); !r) {
        if (!first_error) first_error = r.error();
        continue;
      }
    }
    if (auto r = sock.connect(candidate); !r) {
      if (!first_error) first_error = r.error();
      continue;
    }
    return sock;
  }
  return *first_error;
}

}  // namespace sock::net
