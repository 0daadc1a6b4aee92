// socket_data_ops.cc: the data operations the socket_ops.cc table lacks:
// receiving into a caller's buffer, and the file object makefile() returns.
//
//   bytearray(size_or_bytes)       a writable buffer (Python's bytearray),
//                                  held in the session; returns a handle
//   bytearray.value(buffer)        its contents, as bytes
//   socket.recv_into(s, buffer[, nbytes[, flags]])      -> nbytes
//   socket.recvfrom_into(s, buffer[, nbytes[, flags]])  -> (nbytes, address)
//   file.read(f[, size]), file.readline(f), file.write(f, data),
//   file.flush(f), file.close(f)
//
// The CPython adapter maps the same names onto bytearray, the socket's own
// recv_into/recvfrom_into and the file object's methods, so a case passes
// a real bytearray there and reads it back with bytearray.value.
//
// The file object follows the documents' two designs by profile: before
// 3.3 a file over a dup()ed descriptor whose data are byte strings ("The
// file object references a dup()ped version of the socket file
// descriptor", 2.4/2.6); from 3.3 an io object whose type depends on the
// mode ("The exact returned type depends on the arguments given to
// makefile()"): text (str) without 'b', bytes with it. Reads and writes
// obey the socket's current mode, as both designs do (Python 2's
// _fileobject calls the socket's recv; Python 3's SocketIO its recv_into):
// in timeout mode a read that finds no data waits at most the timeout and
// raises the profile's timeout class; in non-blocking mode 2.x raises the
// EAGAIN error and 3.x returns None ("None if no data is available", the
// io.BufferedIOBase.read contract for non-blocking raw streams).
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "impl/ops/arguments.h"
#include "impl/ops/operations.h"
#include "impl/ops/socket_session.h"
#include "impl/timeout/errors.h"

namespace sock::ops {

namespace {

using timeout::to_outcome;

#define SOCK_TRY(var, expr)                                           \
  auto var##_checked = (expr);                                        \
  if (failed(var##_checked)) return std::get<Outcome>(var##_checked); \
  auto var = std::get<0>(std::move(var##_checked))

class ByteArray final : public SessionObject {
 public:
  explicit ByteArray(std::string d) : data(std::move(d)) {}
  [[nodiscard]] std::string_view kind() const override { return "bytearray"; }
  std::string data;
};

Outcome no_session(std::string_view op) {
  return Outcome::unsupported(std::string(op) + " needs a session (a case with set-up steps)");
}

std::optional<Outcome> arity_between(std::string_view fn, Args args, std::size_t lo, std::size_t hi) {
  if (args.size() >= lo && args.size() <= hi) return std::nullopt;
  return Outcome::raise("TypeError", std::string(fn) + "() takes " + std::to_string(lo) + " to " + std::to_string(hi) +
                                         " arguments (" + std::to_string(args.size()) + " given)");
}

Checked<int> int_arg(std::string_view fn, Args args, std::size_t i, int fallback, Profile profile) {
  if (i >= args.size()) return fallback;
  auto c = c_int_argument(fn, args[i], profile);
  if (failed(c)) return std::get<Outcome>(c);
  return static_cast<int>(std::get<0>(c));
}

// Message flags by name: the core constant table (impl/core/constants.cc)
// does not list MSG_* yet, so cases' !const MSG_PEEK is resolved here for
// the operations of this file.
Value message_flag(const Value& v) {
  if (const auto* c = v.get_if<Const>()) {
    if (c->name == "MSG_PEEK") return static_cast<std::int64_t>(MSG_PEEK);
    if (c->name == "MSG_DONTWAIT") return static_cast<std::int64_t>(MSG_DONTWAIT);
    if (c->name == "MSG_WAITALL") return static_cast<std::int64_t>(MSG_WAITALL);
  }
  return v;
}

Checked<int> flags_arg(std::string_view fn, Args args, std::size_t i, Profile profile) {
  if (i >= args.size()) return 0;  // "it defaults to zero"
  const Value flag = message_flag(args[i]);
  return int_arg(fn, std::span(&flag, 1), 0, 0, profile);
}

// ---- bytearray ------------------------------------------------------------------

// bytearray(n): n zero bytes; bytearray(b): a copy of b.
Outcome op_bytearray(Args args, const Context& ctx) {
  if (ctx.session == nullptr) return no_session("bytearray");
  if (auto e = check_arity("bytearray", args, 1)) return *e;
  std::string data;
  if (const auto* b = args[0].get_if<Bytes>()) {
    data = b->data;
  } else {
    SOCK_TRY(n, c_int_argument("bytearray", args[0], ctx.profile));
    if (n < 0) return Outcome::raise("ValueError", "negative count");
    if (n > (1 << 26)) return Outcome::raise("MemoryError", "the reference caps bytearray at 64 MiB");
    data.assign(static_cast<std::size_t>(n), '\0');
  }
  return Outcome::returned(ctx.session->add(std::make_unique<ByteArray>(std::move(data))));
}

ByteArray* find_bytearray(const Context& ctx, const Value& v) {
  const auto* h = v.get_if<Handle>();
  return h != nullptr ? ctx.session->find<ByteArray>(*h) : nullptr;
}

Outcome op_bytearray_value(Args args, const Context& ctx) {
  if (ctx.session == nullptr) return no_session("bytearray.value");
  if (auto e = check_arity("bytearray.value", args, 1)) return *e;
  const ByteArray* b = find_bytearray(ctx, args[0]);
  if (b == nullptr) return Outcome::raise("TypeError", "bytearray.value() needs a bytearray");
  return Outcome::returned(Bytes{b->data});
}

// ---- recv_into / recvfrom_into ------------------------------------------------------

// The socket and the writable buffer of a recv_into-style call, or the
// exception: "argument 1 must be read-write bytes-like object" for bytes,
// str and anything else that is not a bytearray.
struct IntoCall {
  net::Socket* sock = nullptr;
  ByteArray* buffer = nullptr;
  std::int64_t nbytes = 0;
  int flags = 0;
};

Checked<IntoCall> into_call(std::string_view fn, Args args, const Context& ctx) {
  const std::string op = "socket." + std::string(fn);
  if (ctx.session == nullptr) return no_session(op);
  // "New in version 2.5": the 2.4 page and 1.x have no such method.
  if (ctx.profile < Profile::v2_6) return to_outcome(timeout::not_in_profile(op, ctx.profile));
  if (args.empty()) return Outcome::raise("TypeError", op + "() needs a socket object");
  IntoCall call;
  call.sock = session_socket(ctx, args[0]);
  if (call.sock == nullptr) {
    return Outcome::raise("TypeError", op + "() requires a socket object, not '" + std::string(args[0].type_name()) + "'");
  }
  if (auto e = arity_between(op, args.subspan(1), 1, 3)) return *e;
  call.buffer = find_bytearray(ctx, args[1]);
  if (call.buffer == nullptr) {
    return Outcome::raise("TypeError", std::string(fn) + "() argument 1 must be read-write bytes-like object, not " +
                                           std::string(args[1].type_name()));
  }
  SOCK_TRY(nbytes, int_arg(fn, args, 2, 0, ctx.profile));
  SOCK_TRY(flags, flags_arg(fn, args, 3, ctx.profile));
  call.nbytes = nbytes;
  call.flags = flags;
  return call;
}

// "Receive up to nbytes bytes from the socket, storing the data into a
// buffer rather than creating a new string. If nbytes is not specified (or
// 0), receive up to the size available in the given buffer."
Outcome op_recv_into(Args args, const Context& ctx) {
  SOCK_TRY(call, into_call("recv_into", args, ctx));
  auto n = call.sock->recv_into(std::span<char>(call.buffer->data.data(), call.buffer->data.size()), call.nbytes,
                                call.flags);
  return to_outcome(n, [](std::size_t k) { return Value(static_cast<std::int64_t>(k)); });
}

// "The return value is a pair (nbytes, address) where nbytes is the number
// of bytes received and address is the address of the socket sending the
// data." recvfrom() of at most the room asked for, copied into the buffer:
// the same system call, so a longer datagram is truncated the same way.
Outcome op_recvfrom_into(Args args, const Context& ctx) {
  SOCK_TRY(call, into_call("recvfrom_into", args, ctx));
  if (call.nbytes < 0) return Outcome::raise("ValueError", "negative buffersize in recvfrom_into");
  const auto room = static_cast<std::int64_t>(call.buffer->data.size());
  if (call.nbytes > room) return Outcome::raise("ValueError", "nbytes is greater than the length of the buffer");
  const std::int64_t want = call.nbytes == 0 ? room : call.nbytes;
  auto r = call.sock->recvfrom(want, call.flags);
  if (!r) return to_outcome(r.error());
  const std::string& got = r.value().data;
  std::copy(got.begin(), got.end(), call.buffer->data.begin());
  return Outcome::returned(Tuple{static_cast<std::int64_t>(got.size()),
                                 r.value().address ? r.value().address->to_value() : Value(None{})});
}

// ---- The file object --------------------------------------------------------------

struct FileCall {
  net::UniqueFd* fd = nullptr;
  SessionFile* file = nullptr;
};

Checked<FileCall> file_call(std::string_view op, Args args, const Context& ctx, std::size_t lo, std::size_t hi) {
  if (ctx.session == nullptr) return no_session(op);
  if (args.empty()) return Outcome::raise("TypeError", std::string(op) + "() needs a file object");
  auto [fd, file] = session_file(ctx, args[0]);
  if (fd == nullptr) return Outcome::raise("TypeError", std::string(op) + "() needs a file that makefile() returned");
  if (auto e = arity_between(op, args.subspan(1), lo, hi)) return *e;
  return FileCall{fd, file};
}

bool binary(const SessionFile& f, Profile profile) {
  return profile < Profile::v3_3 || f.mode.find('b') != std::string::npos;
}

Outcome closed_file(Profile profile) {
  // Python 3's io objects; Python 2's _fileobject fails on its None socket.
  if (profile >= Profile::v3_3) return Outcome::raise("ValueError", "I/O operation on closed file.");
  return to_outcome(timeout::closed_socket(profile));
}

// The wait one read may make: the socket's timeout now (None: no bound).
// A socket the session no longer holds counts as blocking.
std::optional<std::chrono::nanoseconds> read_limit(const Context& ctx, const SessionFile& f) {
  const net::Socket* s = session_socket(ctx, f.socket);
  if (s == nullptr) return std::nullopt;
  return s->model().setting().wait_limit();
}

// One recv(2) on the file's descriptor, waiting as the socket's mode says.
// Returns the bytes (empty at end of file), or nullopt when a non-blocking
// read finds nothing, or the exception.
std::variant<std::optional<std::string>, Outcome> read_some(const Context& ctx, FileCall call, std::size_t want) {
  const auto limit = read_limit(ctx, *call.file);
  // A plain time point and a flag: GCC 12 misreads an optional time point
  // as maybe-uninitialized.
  const bool bounded = limit.has_value();
  const auto deadline = std::chrono::steady_clock::now() + (bounded ? *limit : std::chrono::nanoseconds{0});
  std::string buf(std::max<std::size_t>(want, 1), '\0');
  for (;;) {
    const ssize_t n = ::recv(call.fd->get(), buf.data(), want, MSG_DONTWAIT);
    if (n >= 0) {
      buf.resize(static_cast<std::size_t>(n));
      return std::optional(std::move(buf));
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return to_outcome(timeout::os_error(ctx.profile, errno));
    if (limit && limit->count() == 0) {
      if (ctx.profile >= Profile::v3_3) return std::optional<std::string>{};
      return to_outcome(timeout::os_error(ctx.profile, EAGAIN));
    }
    int timeout_ms = -1;
    if (bounded) {
      const auto now = std::chrono::steady_clock::now();
      if (now >= deadline) return to_outcome(timeout::timed_out(ctx.profile));
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
      timeout_ms = static_cast<int>(std::clamp<long long>(left, 1, INT_MAX));
    }
    pollfd p{call.fd->get(), POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) < 0 && errno != EINTR) return to_outcome(timeout::os_error(ctx.profile, errno));
  }
}

Value file_data(const SessionFile& f, Profile profile, std::string data) {
  if (binary(f, profile)) return Bytes{std::move(data)};
  return data;
}

// read([size]): size bytes, or fewer at end of file; everything up to the
// end of file without a size (or a negative one).
Outcome op_file_read(Args args, const Context& ctx) {
  SOCK_TRY(call, file_call("file.read", args, ctx, 0, 1));
  if (call.fd->get() < 0) return closed_file(ctx.profile);
  std::int64_t size = -1;
  if (args.size() == 2 && !args[1].is<None>()) {
    SOCK_TRY(n, c_int_argument("read", args[1], ctx.profile));
    size = n;
  }
  std::string out;
  while (size < 0 || out.size() < static_cast<std::size_t>(size)) {
    const std::size_t want = size < 0 ? 65536 : static_cast<std::size_t>(size) - out.size();
    auto r = read_some(ctx, call, want);
    if (auto* o = std::get_if<Outcome>(&r)) return *o;
    auto& got = std::get<0>(r);
    if (!got) {
      if (out.empty()) return Outcome::returned(None{});  // non-blocking, nothing there
      break;
    }
    if (got->empty()) break;  // end of file
    out += *got;
  }
  return Outcome::returned(file_data(*call.file, ctx.profile, std::move(out)));
}

// readline(): up to and including the next newline, or to end of file. One
// byte per recv(2), so nothing past the line leaves the socket.
Outcome op_file_readline(Args args, const Context& ctx) {
  SOCK_TRY(call, file_call("file.readline", args, ctx, 0, 0));
  if (call.fd->get() < 0) return closed_file(ctx.profile);
  std::string out;
  for (;;) {
    auto r = read_some(ctx, call, 1);
    if (auto* o = std::get_if<Outcome>(&r)) return *o;
    auto& got = std::get<0>(r);
    if (!got || got->empty()) break;
    out += *got;
    if (out.back() == '\n') break;
  }
  return Outcome::returned(file_data(*call.file, ctx.profile, std::move(out)));
}

// Sends what write() buffered, all of it, in the socket's mode.
Outcome flush(const Context& ctx, FileCall call) {
  std::string& pending = call.file->pending;
  while (!pending.empty()) {
    const ssize_t n = ::send(call.fd->get(), pending.data(), pending.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        pollfd p{call.fd->get(), POLLOUT, 0};
        const auto limit = read_limit(ctx, *call.file);
        const int ms = limit ? static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(*limit).count()) : -1;
        if (ms == 0) return to_outcome(timeout::os_error(ctx.profile, EAGAIN));
        if (::poll(&p, 1, ms) == 0) return to_outcome(timeout::timed_out(ctx.profile));
        continue;
      }
      return to_outcome(timeout::os_error(ctx.profile, errno));
    }
    pending.erase(0, static_cast<std::size_t>(n));
  }
  return Outcome::returned(None{});
}

// write(data): buffered until flush() or close() (the default buffering of
// both designs); returns the count in 3.x, None in 2.x.
Outcome op_file_write(Args args, const Context& ctx) {
  SOCK_TRY(call, file_call("file.write", args, ctx, 1, 1));
  if (call.fd->get() < 0) return closed_file(ctx.profile);
  std::string data;
  if (binary(*call.file, ctx.profile)) {
    SOCK_TRY(b, bytes_argument("write", args[1], ctx.profile));
    data = std::move(b);
  } else {
    const auto* s = args[1].get_if<std::string>();
    if (s == nullptr) {
      return Outcome::raise("TypeError", "write() argument must be str, not " + std::string(args[1].type_name()));
    }
    data = *s;
  }
  call.file->pending += data;
  if (ctx.profile < Profile::v3_3) return Outcome::returned(None{});
  return Outcome::returned(static_cast<std::int64_t>(data.size()));
}

Outcome op_file_flush(Args args, const Context& ctx) {
  SOCK_TRY(call, file_call("file.flush", args, ctx, 0, 0));
  if (call.fd->get() < 0) return closed_file(ctx.profile);
  return flush(ctx, call);
}

// close(): flushes, then closes the file's own descriptor only ("Closing
// the file object won't close the socket", 3.3; the dup()ped descriptor,
// 2.x). Closing twice is not an error.
Outcome op_file_close(Args args, const Context& ctx) {
  SOCK_TRY(call, file_call("file.close", args, ctx, 0, 0));
  if (call.fd->get() < 0) return Outcome::returned(None{});
  Outcome flushed = flush(ctx, call);
  *call.fd = net::UniqueFd();
  return flushed;
}

#undef SOCK_TRY

constexpr std::string_view kArea = "socket-objects";

const Operation kOperations[] = {
    {"bytearray", kArea, "bytearray(size_or_bytes)", op_bytearray},
    {"bytearray.value", kArea, "bytearray.value(buffer)", op_bytearray_value},
    {"socket.recv_into", kArea, "socket.recv_into(s, buffer[, nbytes[, flags]])", op_recv_into},
    {"socket.recvfrom_into", kArea, "socket.recvfrom_into(s, buffer[, nbytes[, flags]])", op_recvfrom_into},
    {"file.read", kArea, "file.read(f[, size])", op_file_read},
    {"file.readline", kArea, "file.readline(f)", op_file_readline},
    {"file.write", kArea, "file.write(f, data)", op_file_write},
    {"file.flush", kArea, "file.flush(f)", op_file_flush},
    {"file.close", kArea, "file.close(f)", op_file_close},
};

}  // namespace

std::span<const Operation> socket_data_operations() { return kOperations; }

}  // namespace sock::ops
