// socket_msg_ops.cc: sendmsg, recvmsg and recvmsg_into on session sockets
// (new in 3.3), CPython's binding (Modules/socketmodule.c, sock_sendmsg,
// sock_recvmsg_guts) over sendmsg(2) and recvmsg(2) on the descriptor of a
// socket made by socket_ops.cc.
//
// What the binding does itself:
//   - sendmsg(buffers[, ancdata[, flags[, address]]]): buffers is an
//     iterable of bytes-like objects, gathered into one message; ancdata an
//     iterable of (cmsg_level, cmsg_type, cmsg_data) triples whose data is
//     bytes-like; each item is laid out with CMSG_SPACE and the last one's
//     cmsg_len is CMSG_LEN (cmsg(3)); the result is the count sendmsg(2)
//     returned ("the number of bytes of non-ancillary data sent").
//   - recvmsg(bufsize[, ancbufsize[, flags]]): negative sizes are a
//     ValueError; the result is (data, ancdata, msg_flags, address), where
//     ancdata lists the control messages CMSG_FIRSTHDR/CMSG_NXTHDR walk,
//     each item's data being cmsg_len - CMSG_LEN(0) bytes clipped to the
//     buffer (RFC 3542 section 20.2); address is None when the kernel
//     returned no address (a connected socket pair).
//   - recvmsg_into(buffers[, ancbufsize[, flags]]): buffers must export
//     writable buffers. A spec value is never writable (bytes, str), so the
//     reference's socket.recvmsg_into can only refuse them or take an empty
//     iterable; cmsg.recvmsg_into models bytearray and memoryview buffers
//     for the cases that need them (below).
//
// Descriptors received with SCM_RIGHTS are owned by the session and closed
// with it, so that no case leaks them into the next.
//
// Helpers for cases about ancillary data, answered by every adapter:
//   cmsg.recvmsg_into(s, buffers[, ancbufsize[, flags]]): each buffer is
//     given as bytes B (a bytearray(B)) or (B, start, stop) (a
//     memoryview(bytearray(B))[start:stop]); the result is recvmsg_into's
//     4-tuple followed by the final contents of every bytearray.
//   cmsg.int_array(ints): the native C int array of `ints`, as bytes
//     (array.array("i", ints) in the documents' send_fds example).
//   cmsg.same_files(data, fds): for each C int in `data` (an SCM_RIGHTS
//     item's data), whether it is a descriptor of the same open file as the
//     corresponding descriptor of `fds` (fstat: same device and inode).
//
// The msg operations do not wait for readiness: cases use blocking
// sockets with data already queued (timeout modes are socket_ops.cc's).
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "impl/ops/arguments.h"
#include "impl/ops/operations.h"
#include "impl/ops/socket_session.h"
#include "impl/socket/socket.h"
#include "impl/timeout/errors.h"

namespace sock::ops {

namespace {

using timeout::to_outcome;

// Descriptors that arrived in SCM_RIGHTS items, closed with the session.
class ReceivedFds final : public SessionObject {
 public:
  ~ReceivedFds() override {
    for (const int fd : fds) ::close(fd);
  }
  [[nodiscard]] std::string_view kind() const override { return "fds"; }
  std::vector<int> fds;
};

#define SOCK_TRY(var, expr)                                           \
  auto var##_checked = (expr);                                        \
  if (failed(var##_checked)) return std::get<Outcome>(var##_checked); \
  auto var = std::get<0>(std::move(var##_checked))

bool has_msg(const Context& ctx) { return ctx.profile >= Profile::v3_3; }

Outcome not_in_profile(std::string_view op) {
  return Outcome::unsupported(std::string(op) + " is new in 3.3 (\"versionadded:: 3.3\")");
}

// The socket a method is called on, checked like socket_ops.cc's methods.
Checked<net::Socket*> self(std::string_view op, Args args, const Context& ctx, std::size_t lo, std::size_t hi) {
  if (ctx.session == nullptr) return Outcome::unsupported(std::string(op) + " needs a session");
  if (!has_msg(ctx)) return not_in_profile(op);
  net::Socket* s = args.empty() ? nullptr : session_socket(ctx, args[0]);
  if (s == nullptr) return Outcome::raise("TypeError", std::string(op) + "() requires a socket object");
  const std::size_t n = args.size() - 1;
  if (n < lo || n > hi) {
    return Outcome::raise("TypeError", std::string(op) + "() takes " + std::to_string(lo) + " to " +
                                           std::to_string(hi) + " arguments (" + std::to_string(n) + " given)");
  }
  return s;
}

Checked<int> descriptor(const net::Socket& s, const Context& ctx) {
  auto fd = s.fileno();
  if (!fd.ok()) return to_outcome(fd.error());
  if (fd.value() < 0) return to_outcome(timeout::closed_socket(ctx.profile));
  return fd.value();
}

Outcome os_error(const Context& ctx, int err) { return to_outcome(timeout::os_error(ctx.profile, err)); }

// An iterable argument: a spec value's iterables are tuples (lists and
// tuples alike), str and bytes. Anything else is a TypeError.
const Tuple* iterable(const Value& v) { return v.get_if<Tuple>(); }

// ---- sendmsg ---------------------------------------------------------------

Outcome op_sendmsg(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.sendmsg", args, ctx, 1, 4));
  const Tuple* buffers = iterable(args[1]);
  if (buffers == nullptr) return Outcome::raise("TypeError", "sendmsg() argument 1 must be an iterable");
  std::vector<std::string> data;
  for (const auto& b : *buffers) {
    SOCK_TRY(bytes, bytes_argument("sendmsg", b, ctx.profile));
    data.push_back(std::move(bytes));
  }
  // Control messages: CMSG_SPACE each; the last one's length is CMSG_LEN.
  struct Item {
    int level;
    int type;
    std::string data;
  };
  std::vector<Item> items;
  if (args.size() > 2 && !args[2].is<None>()) {
    const Tuple* anc = iterable(args[2]);
    if (anc == nullptr) return Outcome::raise("TypeError", "sendmsg() argument 2 must be an iterable");
    for (const auto& a : *anc) {
      const Tuple* t = a.get_if<Tuple>();
      if (t == nullptr || t->size() != 3) {
        return Outcome::raise("TypeError", "[sendmsg() ancillary data items]() argument must be sequence of length 3");
      }
      SOCK_TRY(level, c_int_argument("sendmsg", (*t)[0], ctx.profile));
      SOCK_TRY(type, c_int_argument("sendmsg", (*t)[1], ctx.profile));
      SOCK_TRY(bytes, bytes_argument("sendmsg", (*t)[2], ctx.profile));
      items.push_back({static_cast<int>(level), static_cast<int>(type), std::move(bytes)});
    }
  }
  int flags = 0;
  if (args.size() > 3) {
    SOCK_TRY(f, c_int_argument("sendmsg", args[3], ctx.profile));
    flags = static_cast<int>(f);
  }
  std::optional<net::SockaddrBuffer> to;
  if (args.size() > 4 && !args[4].is<None>()) {
    auto a = net::address_from_value(args[4], s->family(), ctx.profile);
    if (!a.ok()) return to_outcome(a.error());
    auto b = net::to_sockaddr(a.value(), ctx.profile);
    if (!b.ok()) return to_outcome(b.error());
    to = b.value();
  }
  SOCK_TRY(fd, descriptor(*s, ctx));

  std::vector<iovec> iov;
  for (auto& d : data) iov.push_back({d.data(), d.size()});
  std::size_t control_size = 0;
  for (const auto& it : items) control_size += CMSG_SPACE(it.data.size());
  std::vector<std::max_align_t> control((control_size + sizeof(std::max_align_t) - 1) / sizeof(std::max_align_t));
  msghdr msg{};
  msg.msg_iov = iov.data();
  msg.msg_iovlen = iov.size();
  if (to) {
    msg.msg_name = &to->storage;
    msg.msg_namelen = to->length;
  }
  if (!items.empty()) {
    msg.msg_control = control.data();
    msg.msg_controllen = control_size;
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    for (std::size_t i = 0; i < items.size(); ++i) {
      c->cmsg_level = items[i].level;
      c->cmsg_type = items[i].type;
      c->cmsg_len = CMSG_LEN(items[i].data.size());
      std::memcpy(CMSG_DATA(c), items[i].data.data(), items[i].data.size());
      if (i + 1 < items.size()) c = CMSG_NXTHDR(&msg, c);
    }
    // The last item's padding is not sent: CPython sets msg_controllen to
    // the sum of CMSG_SPACEs, which the kernel accepts on Linux.
  }
  ssize_t n = -1;
  do {
    n = ::sendmsg(fd, &msg, flags | MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return os_error(ctx, errno);
  return Outcome::returned(Value(static_cast<std::int64_t>(n)));
}

// ---- recvmsg ---------------------------------------------------------------

struct Received {
  std::size_t nbytes = 0;
  Tuple ancdata;
  int msg_flags = 0;
  Value address;
};

// recvmsg(2) into `iov` with an ancillary buffer of `ancbufsize` bytes.
Checked<Received> receive(net::Socket& s, std::vector<iovec>& iov, std::int64_t ancbufsize, int flags,
                          const Context& ctx) {
  SOCK_TRY(fd, descriptor(s, ctx));
  std::vector<std::max_align_t> control(
      (static_cast<std::size_t>(ancbufsize) + sizeof(std::max_align_t) - 1) / sizeof(std::max_align_t) + 1);
  sockaddr_storage from{};
  msghdr msg{};
  msg.msg_name = &from;
  msg.msg_namelen = sizeof from;
  msg.msg_iov = iov.data();
  msg.msg_iovlen = iov.size();
  if (ancbufsize > 0) {
    msg.msg_control = control.data();
    msg.msg_controllen = static_cast<std::size_t>(ancbufsize);
  }
  ssize_t n = -1;
  do {
    n = ::recvmsg(fd, &msg, flags | MSG_CMSG_CLOEXEC);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return os_error(ctx, errno);
  Received r;
  r.nbytes = static_cast<std::size_t>(n);
  // The kernel echoes MSG_CMSG_CLOEXEC, a flag of the reference's own (so
  // that received descriptors never leak into a child of the harness);
  // CPython does not pass it, so it is no part of msg_flags.
  r.msg_flags = msg.msg_flags & ~MSG_CMSG_CLOEXEC;
  auto& received = ctx.session->named<ReceivedFds>("cmsg.received-fds", [] { return std::make_unique<ReceivedFds>(); });
  if (msg.msg_controllen > 0) {
    const auto* end = static_cast<const char*>(msg.msg_control) + msg.msg_controllen;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
      const auto* data = reinterpret_cast<const char*>(CMSG_DATA(c));
      if (data > end) break;  // truncated before its data: not returned
      std::size_t len = c->cmsg_len >= CMSG_LEN(0) ? c->cmsg_len - CMSG_LEN(0) : 0;
      if (data + len > end) len = static_cast<std::size_t>(end - data);  // CPython warns and clips
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
        for (std::size_t i = 0; i + sizeof(int) <= len; i += sizeof(int)) {
          int rfd = -1;
          std::memcpy(&rfd, data + i, sizeof rfd);
          received.fds.push_back(rfd);
        }
      }
      r.ancdata.push_back(Value(Tuple{Value(std::int64_t{c->cmsg_level}), Value(std::int64_t{c->cmsg_type}),
                                      Value(Bytes{std::string(data, len)})}));
    }
  }
  // No address (a connected pair, a stream): None, as CPython's makesockaddr
  // returns for an address length of 0.
  net::Address address;
  r.address = msg.msg_namelen > 0 && net::from_sockaddr(reinterpret_cast<const sockaddr*>(&from), msg.msg_namelen,
                                                         address)
                  ? address.to_value()
                  : Value(None{});
  if (s.family() == AF_UNIX && r.address.is<std::string>() && r.address.as<std::string>().empty()) {
    r.address = Value(None{});  // an unnamed AF_UNIX peer
  }
  return r;
}

// The "n" format of bufsize and ancbufsize: a negative size is a ValueError.
Checked<std::int64_t> size_argument(std::string_view op, const Value& v, const Context& ctx) {
  SOCK_TRY(i, int_argument(op, resolve_constant(v), ctx.profile));
  if (i.beyond_int64) return Outcome::raise("OverflowError", "Python int too large to convert to C ssize_t");
  if (i.value < 0) return Outcome::raise("ValueError", "negative buffer size in " + std::string(op) + "()");
  return i.value;
}

Checked<int> flags_argument(std::string_view op, Args args, std::size_t i, const Context& ctx) {
  if (args.size() <= i) return 0;
  SOCK_TRY(f, c_int_argument(op, args[i], ctx.profile));
  return static_cast<int>(f);
}

Outcome op_recvmsg(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.recvmsg", args, ctx, 1, 3));
  SOCK_TRY(bufsize, size_argument("recvmsg", args[1], ctx));
  std::int64_t ancbufsize = 0;
  if (args.size() > 2) {
    SOCK_TRY(a, size_argument("recvmsg", args[2], ctx));
    ancbufsize = a;
  }
  SOCK_TRY(flags, flags_argument("recvmsg", args, 3, ctx));
  std::string buf(static_cast<std::size_t>(bufsize), '\0');
  std::vector<iovec> iov{{buf.data(), buf.size()}};
  SOCK_TRY(r, receive(*s, iov, ancbufsize, flags, ctx));
  buf.resize(std::min(r.nbytes, buf.size()));
  return Outcome::returned(Value(Tuple{Value(Bytes{std::move(buf)}), Value(std::move(r.ancdata)),
                                       Value(std::int64_t{r.msg_flags}), std::move(r.address)}));
}

// recvmsg_into with the spec's values: none of them exports a writable
// buffer, so any item is a TypeError; an empty iterable receives nothing.
Outcome op_recvmsg_into(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.recvmsg_into", args, ctx, 1, 3));
  const Tuple* buffers = iterable(args[1]);
  if (buffers == nullptr) return Outcome::raise("TypeError", "recvmsg_into() argument 1 must be an iterable");
  for (const auto& b : *buffers) {
    if (b.is<Handle>()) {
      return Outcome::unsupported("the reference's socket.recvmsg_into takes no bytearray handles yet; cases use "
                                  "cmsg.recvmsg_into");
    }
    return Outcome::raise("TypeError", "recvmsg_into() argument 1 must be an iterable of single-segment read-write "
                                       "buffers, not " + std::string(b.type_name()));
  }
  std::int64_t ancbufsize = 0;
  if (args.size() > 2) {
    SOCK_TRY(a, size_argument("recvmsg_into", args[2], ctx));
    ancbufsize = a;
  }
  SOCK_TRY(flags, flags_argument("recvmsg_into", args, 3, ctx));
  std::vector<iovec> iov;
  SOCK_TRY(r, receive(*s, iov, ancbufsize, flags, ctx));
  return Outcome::returned(Value(Tuple{Value(std::int64_t{0}), Value(std::move(r.ancdata)),
                                       Value(std::int64_t{r.msg_flags}), std::move(r.address)}));
}

// cmsg.recvmsg_into(s, buffers[, ancbufsize[, flags]]): see the top.
Outcome op_cmsg_recvmsg_into(Args args, const Context& ctx) {
  SOCK_TRY(s, self("cmsg.recvmsg_into", args, ctx, 1, 3));
  const Tuple* buffers = iterable(args[1]);
  if (buffers == nullptr) return Outcome::raise("TypeError", "cmsg.recvmsg_into() takes a tuple of buffers");
  std::vector<std::string> arrays;
  std::vector<std::pair<std::size_t, std::size_t>> views;  // [start, stop) of each bytearray
  arrays.reserve(buffers->size());
  for (const auto& b : *buffers) {
    if (const auto* bytes = b.get_if<Bytes>()) {
      arrays.push_back(bytes->data);
      views.emplace_back(0, bytes->data.size());
    } else if (const auto* t = b.get_if<Tuple>(); t != nullptr && t->size() == 3 && (*t)[0].is<Bytes>() &&
                                                  (*t)[1].is<std::int64_t>() && (*t)[2].is<std::int64_t>()) {
      arrays.push_back((*t)[0].as<Bytes>().data);
      const auto size = static_cast<std::int64_t>(arrays.back().size());
      const auto clamp = [&](std::int64_t x) { return static_cast<std::size_t>(std::clamp(x, std::int64_t{0}, size)); };
      const std::size_t start = clamp((*t)[1].as<std::int64_t>());
      views.emplace_back(start, std::max(start, clamp((*t)[2].as<std::int64_t>())));
    } else {
      return Outcome::raise("TypeError", "cmsg.recvmsg_into() buffers are bytes or (bytes, start, stop)");
    }
  }
  std::vector<iovec> iov;
  for (std::size_t i = 0; i < arrays.size(); ++i) {
    iov.push_back({arrays[i].data() + views[i].first, views[i].second - views[i].first});
  }
  std::int64_t ancbufsize = 0;
  if (args.size() > 2) {
    SOCK_TRY(a, size_argument("recvmsg_into", args[2], ctx));
    ancbufsize = a;
  }
  SOCK_TRY(flags, flags_argument("recvmsg_into", args, 3, ctx));
  SOCK_TRY(r, receive(*s, iov, ancbufsize, flags, ctx));
  Tuple contents;
  for (auto& a : arrays) contents.push_back(Value(Bytes{std::move(a)}));
  return Outcome::returned(Value(Tuple{Value(static_cast<std::int64_t>(r.nbytes)), Value(std::move(r.ancdata)),
                                       Value(std::int64_t{r.msg_flags}), std::move(r.address),
                                       Value(std::move(contents))}));
}

// cmsg.int_array(ints) -> bytes
Outcome op_int_array(Args args, const Context& ctx) {
  if (auto e = check_arity("cmsg.int_array", args, 1)) return *e;
  const Tuple* ints = iterable(args[0]);
  if (ints == nullptr) return Outcome::raise("TypeError", "cmsg.int_array() takes a tuple of ints");
  std::string out;
  for (const auto& v : *ints) {
    SOCK_TRY(i, c_int_argument("cmsg.int_array", v, ctx.profile));
    const int x = static_cast<int>(i);
    out.append(reinterpret_cast<const char*>(&x), sizeof x);
  }
  return Outcome::returned(Value(Bytes{std::move(out)}));
}

// cmsg.same_files(data, fds) -> tuple of bool
Outcome op_same_files(Args args, const Context& ctx) {
  if (auto e = check_arity("cmsg.same_files", args, 2)) return *e;
  SOCK_TRY(data, bytes_argument("cmsg.same_files", args[0], ctx.profile));
  const Tuple* fds = iterable(args[1]);
  if (fds == nullptr || data.size() != fds->size() * sizeof(int)) {
    return Outcome::raise("ValueError", "cmsg.same_files() needs one C int of data per descriptor");
  }
  Tuple out;
  for (std::size_t i = 0; i < fds->size(); ++i) {
    int received = -1;
    std::memcpy(&received, data.data() + i * sizeof(int), sizeof received);
    SOCK_TRY(original, c_int_argument("cmsg.same_files", (*fds)[i], ctx.profile));
    struct stat a{};
    struct stat b{};
    const bool same = ::fstat(received, &a) == 0 && ::fstat(static_cast<int>(original), &b) == 0 &&
                      a.st_dev == b.st_dev && a.st_ino == b.st_ino;
    out.push_back(Value(same));
  }
  return Outcome::returned(Value(std::move(out)));
}

#undef SOCK_TRY

const Operation kOperations[] = {
    {"cmsg.int_array", "cmsg", "cmsg.int_array(ints)", op_int_array},
    {"cmsg.recvmsg_into", "cmsg", "cmsg.recvmsg_into(s, buffers[, ancbufsize[, flags]])", op_cmsg_recvmsg_into},
    {"cmsg.same_files", "cmsg", "cmsg.same_files(data, fds)", op_same_files},
    {"socket.recvmsg", "cmsg", "socket.recvmsg(s, bufsize[, ancbufsize[, flags]])", op_recvmsg},
    {"socket.recvmsg_into", "cmsg", "socket.recvmsg_into(s, buffers[, ancbufsize[, flags]])", op_recvmsg_into},
    {"socket.sendmsg", "cmsg", "socket.sendmsg(s, buffers[, ancdata[, flags[, address]]])", op_sendmsg},
};

}  // namespace

std::span<const Operation> socket_msg_operations() { return kOperations; }

}  // namespace sock::ops
