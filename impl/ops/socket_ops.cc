// socket_ops.cc: the socket object and the module's timeout functions as
// named operations, over the reference socket (impl/socket).
//
// Names follow the CPython adapter (adapters/cpython/adapter.py), which
// exposes `socket.<method>` for every method of socket.socket with the
// object passed as a handle first: `socket.settimeout(h, 0.5)` is
// s.settimeout(0.5). A socket lives in the ops Session and is named by a
// Handle; ending the session closes it.
//
// The module state (the default timeout) is one sock::net::Context per
// session, not per process: the runner runs session cases side by side,
// and a setdefaulttimeout() in one case must not change the sockets of
// another. Every operation here is stateful, so without a session it is
// unsupported.
#include <sys/socket.h>

#include <cerrno>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "impl/ops/arguments.h"
#include "impl/ops/operations.h"
#include "impl/socket/socket.h"
#include "impl/timeout/errors.h"

namespace sock::ops {

namespace {

using net::Address;
using net::Socket;
using timeout::to_outcome;

class ModuleState final : public SessionObject {
 public:
  explicit ModuleState(Profile profile) : ctx(net::make_context(profile)) {}
  [[nodiscard]] std::string_view kind() const override { return "module"; }
  net::ContextPtr ctx;
};

class SocketObject final : public SessionObject {
 public:
  explicit SocketObject(Socket s) : sock(std::move(s)) {}
  [[nodiscard]] std::string_view kind() const override { return "socket"; }
  Socket sock;
};

// What makefile() returns: the duplicated descriptor, closed with the
// session. The harness only needs to know that the call succeeded.
class FileObject final : public SessionObject {
 public:
  explicit FileObject(net::UniqueFd f) : fd(std::move(f)) {}
  [[nodiscard]] std::string_view kind() const override { return "file"; }
  net::UniqueFd fd;
};

Outcome no_session(std::string_view op) {
  return Outcome::unsupported(std::string(op) + " needs a session (a case with set-up steps)");
}

const net::ContextPtr& module_context(const Context& ctx) {
  return ctx.session
      ->named<ModuleState>("module", [&] { return std::make_unique<ModuleState>(ctx.profile); })
      .ctx;
}

Handle keep(const Context& ctx, Socket s) { return ctx.session->add(std::make_unique<SocketObject>(std::move(s))); }

// An optional int argument (family, type, proto, flags, backlog).
Checked<int> int_arg(std::string_view fn, Args args, std::size_t i, int fallback, Profile profile) {
  if (i >= args.size()) return fallback;
  auto c = c_int_argument(fn, args[i], profile);
  if (failed(c)) return std::get<Outcome>(c);
  return static_cast<int>(std::get<0>(c));
}

std::optional<Outcome> arity_between(std::string_view fn, Args args, std::size_t lo, std::size_t hi) {
  if (args.size() >= lo && args.size() <= hi) return std::nullopt;
  return Outcome::raise("TypeError", std::string(fn) + "() takes " + std::to_string(lo) + " to " + std::to_string(hi) +
                                         " arguments (" + std::to_string(args.size()) + " given)");
}

#define SOCK_TRY(var, expr)                                              \
  auto var##_checked = (expr);                                           \
  if (failed(var##_checked)) return std::get<Outcome>(var##_checked);    \
  auto var = std::get<0>(std::move(var##_checked))

// ---- Module functions -------------------------------------------------------

// socket([family[, type[, proto]]])
Outcome op_socket(Args args, const Context& ctx) {
  if (ctx.session == nullptr) return no_session("socket");
  if (auto e = arity_between("socket", args, 0, 3)) return *e;
  SOCK_TRY(family, int_arg("socket", args, 0, AF_INET, ctx.profile));
  SOCK_TRY(type, int_arg("socket", args, 1, SOCK_STREAM, ctx.profile));
  SOCK_TRY(proto, int_arg("socket", args, 2, 0, ctx.profile));
  auto s = net::socket(module_context(ctx), family, type, proto);
  if (!s) return to_outcome(s.error());
  return Outcome::returned(keep(ctx, std::move(s).value()));
}

// socketpair([family[, type[, proto]]]) -> (a, b)
Outcome op_socketpair(Args args, const Context& ctx) {
  if (ctx.session == nullptr) return no_session("socketpair");
  if (auto e = arity_between("socketpair", args, 0, 3)) return *e;
  SOCK_TRY(family, int_arg("socketpair", args, 0, AF_UNIX, ctx.profile));
  SOCK_TRY(type, int_arg("socketpair", args, 1, SOCK_STREAM, ctx.profile));
  SOCK_TRY(proto, int_arg("socketpair", args, 2, 0, ctx.profile));
  auto p = net::socketpair(module_context(ctx), family, type, proto);
  if (!p) return to_outcome(p.error());
  auto [a, b] = std::move(p).value();
  Value ha = keep(ctx, std::move(a));
  Value hb = keep(ctx, std::move(b));
  return Outcome::returned(Tuple{std::move(ha), std::move(hb)});
}

// create_connection(address[, timeout[, source_address]])
Outcome op_create_connection(Args args, const Context& ctx) {
  if (ctx.session == nullptr) return no_session("create_connection");
  if (auto e = arity_between("create_connection", args, 1, 3)) return *e;
  // The host is resolved by create_connection itself (any family), so the
  // tuple is read as AF_INET's (host, port) only for its shape.
  auto address = net::address_from_value(args[0], AF_INET, ctx.profile);
  if (!address) return to_outcome(address.error());
  std::optional<Value> timeout;
  if (args.size() >= 2) timeout = args[1];
  std::optional<Address> source;
  if (args.size() == 3 && !args[2].is<None>()) {
    auto a = net::address_from_value(args[2], AF_INET, ctx.profile);
    if (!a) return to_outcome(a.error());
    source = std::move(a).value();
  }
  auto s = net::create_connection(module_context(ctx), address.value(), timeout, source);
  if (!s) return to_outcome(s.error());
  return Outcome::returned(keep(ctx, std::move(s).value()));
}

Outcome op_setdefaulttimeout(Args args, const Context& ctx) {
  if (ctx.session == nullptr) return no_session("setdefaulttimeout");
  if (auto e = check_arity("setdefaulttimeout", args, 1)) return *e;
  return to_outcome(module_context(ctx)->setdefaulttimeout(args[0]));
}

Outcome op_getdefaulttimeout(Args args, const Context& ctx) {
  if (ctx.session == nullptr) return no_session("getdefaulttimeout");
  if (auto e = check_arity("getdefaulttimeout", args, 0)) return *e;
  return to_outcome(module_context(ctx)->getdefaulttimeout());
}

// ---- Methods: args[0] is the socket's handle ----------------------------------

// The socket a method is called on, or the outcome to return instead.
Checked<Socket*> self(std::string_view op, Args args, const Context& ctx, std::size_t lo, std::size_t hi) {
  if (ctx.session == nullptr) return no_session(op);
  if (args.empty()) return Outcome::raise("TypeError", std::string(op) + "() needs a socket object");
  const auto* h = args[0].get_if<Handle>();
  auto* obj = h != nullptr ? ctx.session->find<SocketObject>(*h) : nullptr;
  if (obj == nullptr) {
    return Outcome::raise("TypeError", std::string(op) + "() requires a socket object, not '" +
                                           std::string(args[0].type_name()) + "'");
  }
  if (auto e = arity_between(op, args.subspan(1), lo, hi)) return *e;
  return &obj->sock;
}

timeout::Result<Address> address_arg(const Socket& s, const Value& v, Profile profile) {
  return net::address_from_value(v, s.family(), profile);
}

Outcome unit(const timeout::Result<timeout::Unit>& r) { return to_outcome(r); }

Outcome op_settimeout(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.settimeout", args, ctx, 1, 1));
  return unit(s->settimeout(args[1]));
}

Outcome op_gettimeout(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.gettimeout", args, ctx, 0, 0));
  return to_outcome(s->gettimeout());
}

Outcome op_setblocking(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.setblocking", args, ctx, 1, 1));
  return unit(s->setblocking(args[1]));
}

Outcome op_getblocking(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.getblocking", args, ctx, 0, 0));
  return to_outcome(s->getblocking());
}

Outcome op_bind(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.bind", args, ctx, 1, 1));
  auto a = address_arg(*s, args[1], ctx.profile);
  if (!a) return to_outcome(a.error());
  return unit(s->bind(a.value()));
}

// listen([backlog]): the default backlog is 3.5+'s min(SOMAXCONN, 128).
Outcome op_listen(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.listen", args, ctx, 0, 1));
  SOCK_TRY(backlog, int_arg("listen", args, 1, 128, ctx.profile));
  return unit(s->listen(backlog));
}

Outcome op_getsockname(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.getsockname", args, ctx, 0, 0));
  return to_outcome(s->getsockname(), [](const Address& a) { return a.to_value(); });
}

Outcome op_getpeername(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.getpeername", args, ctx, 0, 0));
  return to_outcome(s->getpeername(), [](const Address& a) { return a.to_value(); });
}

// accept() -> (conn, address)
Outcome op_accept(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.accept", args, ctx, 0, 0));
  auto r = s->accept();
  if (!r) return to_outcome(r.error());
  Value address = r.value().address.to_value();
  Value conn = keep(ctx, std::move(r.value().conn));
  return Outcome::returned(Tuple{std::move(conn), std::move(address)});
}

Outcome op_connect(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.connect", args, ctx, 1, 1));
  auto a = address_arg(*s, args[1], ctx.profile);
  if (!a) return to_outcome(a.error());
  return unit(s->connect(a.value()));
}

Outcome op_connect_ex(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.connect_ex", args, ctx, 1, 1));
  auto a = address_arg(*s, args[1], ctx.profile);
  if (!a) return to_outcome(a.error());
  return to_outcome(s->connect_ex(a.value()), [](int e) { return Value(static_cast<std::int64_t>(e)); });
}

Outcome op_recv(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.recv", args, ctx, 1, 2));
  auto n = c_int_argument("recv", args[1], ctx.profile);
  if (failed(n)) return std::get<Outcome>(n);
  SOCK_TRY(flags, int_arg("recv", args, 2, 0, ctx.profile));
  return to_outcome(s->recv(std::get<0>(n), flags), [](const std::string& d) { return Value(Bytes{d}); });
}

Outcome op_recvfrom(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.recvfrom", args, ctx, 1, 2));
  auto n = c_int_argument("recvfrom", args[1], ctx.profile);
  if (failed(n)) return std::get<Outcome>(n);
  SOCK_TRY(flags, int_arg("recvfrom", args, 2, 0, ctx.profile));
  return to_outcome(s->recvfrom(std::get<0>(n), flags), [](const net::Received& r) {
    return Value(Tuple{Bytes{r.data}, r.address ? r.address->to_value() : Value(None{})});
  });
}

Outcome op_send(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.send", args, ctx, 1, 2));
  SOCK_TRY(data, bytes_argument("send", args[1], ctx.profile));
  SOCK_TRY(flags, int_arg("send", args, 2, 0, ctx.profile));
  return to_outcome(s->send(data, flags), [](std::size_t n) { return Value(static_cast<std::int64_t>(n)); });
}

Outcome op_sendall(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.sendall", args, ctx, 1, 2));
  SOCK_TRY(data, bytes_argument("sendall", args[1], ctx.profile));
  SOCK_TRY(flags, int_arg("sendall", args, 2, 0, ctx.profile));
  return unit(s->sendall(data, flags));
}

// sendto(data, address): the flags form is not needed by the cases.
Outcome op_sendto(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.sendto", args, ctx, 2, 2));
  SOCK_TRY(data, bytes_argument("sendto", args[1], ctx.profile));
  auto a = address_arg(*s, args[2], ctx.profile);
  if (!a) return to_outcome(a.error());
  return to_outcome(s->sendto(data, 0, a.value()), [](std::size_t n) { return Value(static_cast<std::int64_t>(n)); });
}

// setsockopt(level, optname, int): cases shrink SO_SNDBUF so that a peer
// that never reads stops a sender after kilobytes instead of megabytes.
// The option is no part of the timeout model, so it goes to the descriptor
// directly.
// The option names the core constant table (impl/core/constants.cc) does
// not list yet; resolved here so that cases can write !const SO_SNDBUF.
Value socket_option(const Value& v) {
  if (const auto* c = v.get_if<Const>()) {
    if (c->name == "SO_SNDBUF") return static_cast<std::int64_t>(SO_SNDBUF);
    if (c->name == "SO_RCVBUF") return static_cast<std::int64_t>(SO_RCVBUF);
  }
  return v;
}

Outcome op_setsockopt(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.setsockopt", args, ctx, 3, 3));
  SOCK_TRY(level, int_arg("setsockopt", args, 1, 0, ctx.profile));
  const Value option = socket_option(args[2]);
  SOCK_TRY(name, int_arg("setsockopt", std::span(&option, 1), 0, 0, ctx.profile));
  SOCK_TRY(value, int_arg("setsockopt", args, 3, 0, ctx.profile));
  auto fd = s->fileno();
  if (!fd) return to_outcome(fd.error());
  if (fd.value() < 0) return to_outcome(timeout::closed_socket(ctx.profile));
  if (::setsockopt(fd.value(), level, name, &value, sizeof value) != 0) {
    return to_outcome(timeout::os_error(ctx.profile, errno));
  }
  return Outcome::returned(None{});
}

Outcome op_fileno(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.fileno", args, ctx, 0, 0));
  return to_outcome(s->fileno(), [](int fd) { return Value(static_cast<std::int64_t>(fd)); });
}

Outcome op_shutdown(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.shutdown", args, ctx, 1, 1));
  SOCK_TRY(how, int_arg("shutdown", args, 1, 0, ctx.profile));
  return unit(s->shutdown(how));
}

Outcome op_close(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.close", args, ctx, 0, 0));
  return unit(s->close());
}

// makefile([mode[, bufsize]]): the arguments are accepted and ignored; the
// reference's question is only whether the socket's mode permits a file.
Outcome op_makefile(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.makefile", args, ctx, 0, 2));
  auto f = s->makefile();
  if (!f) return to_outcome(f.error());
  return Outcome::returned(ctx.session->add(std::make_unique<FileObject>(std::move(f).value())));
}

#undef SOCK_TRY

constexpr std::string_view kArea = "socket-objects";

const Operation kOperations[] = {
    {"socket", kArea, "socket([family[, type[, proto]]])", op_socket},
    {"socketpair", kArea, "socketpair([family[, type[, proto]]])", op_socketpair},
    {"create_connection", kArea, "create_connection(address[, timeout[, source_address]])", op_create_connection},
    {"setdefaulttimeout", "timeouts", "setdefaulttimeout(timeout)", op_setdefaulttimeout},
    {"getdefaulttimeout", "timeouts", "getdefaulttimeout()", op_getdefaulttimeout},
    {"socket.settimeout", "timeouts", "socket.settimeout(s, value)", op_settimeout},
    {"socket.gettimeout", "timeouts", "socket.gettimeout(s)", op_gettimeout},
    {"socket.setblocking", "timeouts", "socket.setblocking(s, flag)", op_setblocking},
    {"socket.getblocking", "timeouts", "socket.getblocking(s)", op_getblocking},
    {"socket.bind", kArea, "socket.bind(s, address)", op_bind},
    {"socket.listen", kArea, "socket.listen(s[, backlog])", op_listen},
    {"socket.getsockname", kArea, "socket.getsockname(s)", op_getsockname},
    {"socket.getpeername", kArea, "socket.getpeername(s)", op_getpeername},
    {"socket.accept", kArea, "socket.accept(s)", op_accept},
    {"socket.connect", kArea, "socket.connect(s, address)", op_connect},
    {"socket.connect_ex", kArea, "socket.connect_ex(s, address)", op_connect_ex},
    {"socket.recv", kArea, "socket.recv(s, bufsize[, flags])", op_recv},
    {"socket.recvfrom", kArea, "socket.recvfrom(s, bufsize[, flags])", op_recvfrom},
    {"socket.send", kArea, "socket.send(s, data[, flags])", op_send},
    {"socket.sendall", kArea, "socket.sendall(s, data[, flags])", op_sendall},
    {"socket.sendto", kArea, "socket.sendto(s, data, address)", op_sendto},
    {"socket.setsockopt", kArea, "socket.setsockopt(s, level, optname, value)", op_setsockopt},
    {"socket.fileno", kArea, "socket.fileno(s)", op_fileno},
    {"socket.shutdown", kArea, "socket.shutdown(s, how)", op_shutdown},
    {"socket.close", kArea, "socket.close(s)", op_close},
    {"socket.makefile", "timeouts", "socket.makefile(s[, mode[, bufsize]])", op_makefile},
};

}  // namespace

std::span<const Operation> socket_operations() { return kOperations; }

}  // namespace sock::ops
