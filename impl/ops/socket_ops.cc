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
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <utility>

#include "impl/core/constants.h"
#include "impl/ops/arguments.h"
#include "impl/ops/operations.h"
#include "impl/ops/socket_session.h"
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
  // shutdown(2) wakes a recv, send, accept or poll blocked on the socket in
  // another thread; the descriptor stays open for its owner to close.
  void interrupt() override {
    if (const int fd = sock.raw_fd(); fd >= 0) ::shutdown(fd, SHUT_RDWR);
  }
  Socket sock;
};

// What makefile() returns: the duplicated descriptor, closed with the
// session. The harness only needs to know that the call succeeded.
class FileObject final : public SessionObject {
 public:
  explicit FileObject(net::UniqueFd f) : fd(std::move(f)) {}
  [[nodiscard]] std::string_view kind() const override { return "file"; }
  net::UniqueFd fd;
  SessionFile view;  // mode and socket, for the file.* operations (socket_data_ops.cc)
};

// Descriptors detach() handed out: the session closes them at its end, as
// their owner would, unless socket(fileno=fd) took one over (that socket
// closes it then).
class DetachedFds final : public SessionObject {
 public:
  DetachedFds() = default;
  DetachedFds(const DetachedFds&) = delete;
  DetachedFds& operator=(const DetachedFds&) = delete;
  ~DetachedFds() override {
    for (const int fd : fds) net::real_os().close(fd);
  }
  [[nodiscard]] std::string_view kind() const override { return "detached descriptors"; }
  std::set<int> fds;
};

DetachedFds& detached(const Context& ctx) {
  return ctx.session->named<DetachedFds>("detached", [] { return std::make_unique<DetachedFds>(); });
}

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

// socket([family[, type[, proto]]]); socket(family, type[, proto]) in the
// 1.x document; socket(family=-1, type=-1, proto=-1, fileno=None) in the
// 3.12 one, where "if fileno is specified, the values for family, type,
// and proto are auto-detected from the specified file descriptor" (3.7+,
// by getsockopt SO_DOMAIN, SO_TYPE and SO_PROTOCOL) and the object takes
// the descriptor over without duplicating it.
Outcome op_socket(Args args, const Context& ctx) {
  if (ctx.session == nullptr) return no_session("socket");
  const bool v1 = ctx.profile == Profile::v1;
  const bool with_fileno = ctx.profile >= Profile::v3_12;
  if (auto e = arity_between("socket", args, v1 ? 2 : 0, with_fileno ? 4 : 3)) return *e;
  if (args.size() == 4 && !args[3].is<None>()) {
    SOCK_TRY(fd, int_arg("socket", args, 3, -1, ctx.profile));
    SOCK_TRY(family, int_arg("socket", args, 0, -1, ctx.profile));
    SOCK_TRY(type, int_arg("socket", args, 1, -1, ctx.profile));
    SOCK_TRY(proto, int_arg("socket", args, 2, -1, ctx.profile));
    if (fd < 0) return Outcome::raise("ValueError", "negative file descriptor");
    auto detect = [&](int option, int& out) -> std::optional<Outcome> {
      if (out != -1) return std::nullopt;
      int v = 0;
      socklen_t len = sizeof v;
      if (::getsockopt(fd, SOL_SOCKET, option, &v, &len) != 0) {
        return to_outcome(timeout::os_error(ctx.profile, errno));
      }
      out = v;
      return std::nullopt;
    };
    if (auto e = detect(SO_DOMAIN, family)) return *e;
    if (auto e = detect(SO_TYPE, type)) return *e;
    if (auto e = detect(SO_PROTOCOL, proto)) return *e;
    // The object owns the descriptor from now on: a detached one is no
    // longer the session's to close.
    auto s = net::adopt(module_context(ctx), fd, family, type, proto);
    if (!s) return to_outcome(s.error());
    detached(ctx).fds.erase(fd);
    return Outcome::returned(keep(ctx, std::move(s).value()));
  }
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

// fromfd(fd, family, type[, proto]): "Duplicate the file descriptor fd ...
// and build a socket object from the result" (2.6, 3.3). "The file
// descriptor should refer to a socket, but this is not checked": the
// family, type and protocol are taken as given.
Outcome op_fromfd(Args args, const Context& ctx) {
  if (ctx.session == nullptr) return no_session("fromfd");
  if (auto e = arity_between("fromfd", args, 3, 4)) return *e;
  SOCK_TRY(fd, int_arg("fromfd", args, 0, -1, ctx.profile));
  SOCK_TRY(family, int_arg("fromfd", args, 1, AF_INET, ctx.profile));
  SOCK_TRY(type, int_arg("fromfd", args, 2, SOCK_STREAM, ctx.profile));
  SOCK_TRY(proto, int_arg("fromfd", args, 3, 0, ctx.profile));
  auto s = net::fromfd(module_context(ctx), fd, family, type, proto);
  if (!s) return to_outcome(s.error());
  return Outcome::returned(keep(ctx, std::move(s).value()));
}

// has_ipv6 (2.3+: the 2.6 document on): "a boolean value which indicates if
// IPv6 is supported on this platform". The reference asks the kernel: an
// AF_INET6 socket can be created.
Outcome op_has_ipv6(Args args, const Context& ctx) {
  if (ctx.profile < Profile::v2_6) return to_outcome(timeout::not_in_profile("has_ipv6", ctx.profile));
  if (auto e = check_arity("has_ipv6", args, 0)) return *e;
  const int fd = ::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Outcome::returned(false);
  net::UniqueFd guard(fd);
  return Outcome::returned(true);
}

// if_nameindex(), if_nametoindex(name), if_indextoname(index): 3.3+,
// if_nameindex(3) and friends; "socket.error if no interface with the
// given name exists" (OSError from 3.3).
Outcome op_if_nameindex(Args args, const Context& ctx) {
  if (ctx.profile < Profile::v3_3) return to_outcome(timeout::not_in_profile("if_nameindex", ctx.profile));
  if (auto e = check_arity("if_nameindex", args, 0)) return *e;
  struct if_nameindex* list = ::if_nameindex();
  if (list == nullptr) return to_outcome(timeout::os_error(ctx.profile, errno));
  Tuple out;
  for (const auto* p = list; p->if_index != 0 || p->if_name != nullptr; ++p) {
    out.push_back(Tuple{static_cast<std::int64_t>(p->if_index), std::string(p->if_name)});
  }
  ::if_freenameindex(list);
  return Outcome::returned(std::move(out));
}

Outcome op_if_nametoindex(Args args, const Context& ctx) {
  if (ctx.profile < Profile::v3_3) return to_outcome(timeout::not_in_profile("if_nametoindex", ctx.profile));
  if (auto e = check_arity("if_nametoindex", args, 1)) return *e;
  // CPython parses the name with PyUnicode_FSConverter: str (or bytes).
  std::string name;
  if (const auto* t = args[0].get_if<std::string>()) {
    name = *t;
  } else if (const auto* b = args[0].get_if<Bytes>()) {
    name = b->data;
  } else {
    return Outcome::raise("TypeError", "if_nametoindex(): argument must be str, not '" +
                                           std::string(args[0].type_name()) + "'");
  }
  if (name.find('\0') != std::string::npos) return Outcome::raise("ValueError", "embedded null byte");
  errno = 0;
  const unsigned index = ::if_nametoindex(name.c_str());
  if (index == 0) return Outcome::raise(std::string(timeout::os_error_class(ctx.profile, 0)), "no interface with this name");
  return Outcome::returned(static_cast<std::int64_t>(index));
}

Outcome op_if_indextoname(Args args, const Context& ctx) {
  if (ctx.profile < Profile::v3_3) return to_outcome(timeout::not_in_profile("if_indextoname", ctx.profile));
  if (auto e = check_arity("if_indextoname", args, 1)) return *e;
  if (!args[0].is<bool>() && !args[0].is<std::int64_t>() && !args[0].is<BigInt>()) {
    return Outcome::raise("TypeError", "'" + std::string(args[0].type_name()) + "' object cannot be interpreted as an integer");
  }
  auto i = int_argument("if_indextoname", args[0], ctx.profile);
  if (failed(i)) return std::get<Outcome>(i);
  const PyInt n = std::get<PyInt>(i);
  // CPython 3.10+ converts to unsigned int: negative or too large is an
  // OverflowError ("index" must fit the C type).
  if (n.negative || n.beyond_int64 || n.value > UINT_MAX) {
    return Outcome::raise("OverflowError", "index is out of range for an unsigned int");
  }
  char buf[IF_NAMESIZE] = {};
  if (::if_indextoname(static_cast<unsigned>(n.value), buf) == nullptr) {
    return to_outcome(timeout::os_error(ctx.profile, errno));
  }
  return Outcome::returned(std::string(buf));
}

// sethostname(name): 3.3+. The arguments are checked as CPython checks
// them (str or bytes); a valid call is not made: it would rename the
// machine the harness runs on.
Outcome op_sethostname(Args args, const Context& ctx) {
  if (ctx.profile < Profile::v3_3) return to_outcome(timeout::not_in_profile("sethostname", ctx.profile));
  if (auto e = check_arity("sethostname", args, 1)) return *e;
  if (!args[0].is<std::string>() && !args[0].is<Bytes>()) {
    return Outcome::raise("TypeError", "sethostname(): argument must be str or bytes, not '" +
                                           std::string(args[0].type_name()) + "'");
  }
  return Outcome::unsupported("the reference does not rename the machine it runs on");
}

// create_server(address[, family[, backlog[, reuse_port[, dualstack_ipv6]]]])
// (3.8+, the 3.12 profile; keyword-only after address in Python, positional
// here). CPython's steps: SO_REUSEADDR on POSIX, SO_REUSEPORT when asked,
// IPV6_V6ONLY off for dual-stack and on otherwise for AF_INET6, bind, listen.
Outcome op_create_server(Args args, const Context& ctx) {
  if (ctx.session == nullptr) return no_session("create_server");
  if (ctx.profile < Profile::v3_12) return to_outcome(timeout::not_in_profile("create_server", ctx.profile));
  if (auto e = arity_between("create_server", args, 1, 5)) return *e;
  SOCK_TRY(family, int_arg("create_server", args, 1, AF_INET, ctx.profile));
  const bool has_backlog = args.size() >= 3 && !args[2].is<None>();
  SOCK_TRY(backlog, int_arg("create_server", args, has_backlog ? 2 : 99, 128, ctx.profile));
  auto truth = [&](std::size_t i) {
    if (i >= args.size()) return false;
    if (const auto* b = args[i].get_if<bool>()) return *b;
    if (const auto* n = args[i].get_if<std::int64_t>()) return *n != 0;
    return !args[i].is<None>();
  };
  const bool reuse_port = truth(3);
  const bool dualstack = truth(4);
  if (dualstack && family != AF_INET6) return Outcome::raise("ValueError", "dualstack_ipv6 requires AF_INET6 family");
  auto s = net::socket(module_context(ctx), family, SOCK_STREAM, 0);
  if (!s) return to_outcome(s.error());
  Socket sock = std::move(s).value();
  if (auto r = sock.setsockopt_int(SOL_SOCKET, SO_REUSEADDR, 1); !r) return to_outcome(r.error());
  if (reuse_port) {
    if (auto r = sock.setsockopt_int(SOL_SOCKET, SO_REUSEPORT, 1); !r) return to_outcome(r.error());
  }
  if (family == AF_INET6) {
    if (auto r = sock.setsockopt_int(IPPROTO_IPV6, IPV6_V6ONLY, dualstack ? 0 : 1); !r) return to_outcome(r.error());
  }
  auto address = net::address_from_value(args[0], family, ctx.profile);
  if (!address) return to_outcome(address.error());
  if (auto r = sock.bind(address.value()); !r) return to_outcome(r.error());
  if (auto r = sock.listen(backlog); !r) return to_outcome(r.error());
  return Outcome::returned(keep(ctx, std::move(sock)));
}

// constant(name): the module attribute `name` as a number, or None when
// the module does not define it (getattr(socket, name, None)). The
// reference's module is the core constant table: the platform's header
// values (impl/core/constants.cc).
Outcome op_constant(Args args, const Context& ctx) {
  (void)ctx;
  if (auto e = check_arity("constant", args, 1)) return *e;
  const auto* name = args[0].get_if<std::string>();
  if (name == nullptr) return Outcome::raise("TypeError", "attribute name must be string");
  const auto v = constant_value(*name);
  if (!v) return Outcome::returned(None{});
  return Outcome::returned(*v);
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

// listen(backlog) in the 2.4 to 3.3 documents; listen([backlog]) from 3.5
// (the 3.12 profile), whose default is min(SOMAXCONN, 128).
Outcome op_listen(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.listen", args, ctx, ctx.profile >= Profile::v3_12 ? 0 : 1, 1));
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

// sendto(data[, flags], address): the address is always the last argument.
Outcome op_sendto(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.sendto", args, ctx, 2, 3));
  SOCK_TRY(data, bytes_argument("sendto", args[1], ctx.profile));
  SOCK_TRY(flags, int_arg("sendto", args, args.size() == 4 ? 2 : args.size(), 0, ctx.profile));
  auto a = address_arg(*s, args.back(), ctx.profile);
  if (!a) return to_outcome(a.error());
  return to_outcome(s->sendto(data, flags, a.value()), [](std::size_t n) { return Value(static_cast<std::int64_t>(n)); });
}

// setsockopt(level, optname, value) and, from 3.6 (the 3.12 profile),
// setsockopt(level, optname, None, optlen). The value "can be an integer or
// a string representing a buffer" (2.x; a bytes-like object in 3.x),
// passed to setsockopt(2) raw. CPython tries the forms in that order: an
// int first, then None with optlen, then a buffer; anything else is a
// TypeError.
Outcome op_setsockopt(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.setsockopt", args, ctx, 3, 4));
  SOCK_TRY(level, int_arg("setsockopt", args, 1, 0, ctx.profile));
  SOCK_TRY(name, int_arg("setsockopt", args, 2, 0, ctx.profile));
  const Value value = resolve_constant(args[3]);
  if (args.size() == 5) {
    if (ctx.profile < Profile::v3_12) return Outcome::raise("TypeError", "setsockopt() takes exactly 3 arguments (4 given)");
    if (!value.is<None>()) {
      return Outcome::raise("TypeError", "setsockopt() with optlen takes None as its value, not '" +
                                             std::string(value.type_name()) + "'");
    }
    auto optlen = int_argument("setsockopt", args[4], ctx.profile);
    if (failed(optlen)) return std::get<Outcome>(optlen);
    const PyInt n = std::get<PyInt>(optlen);
    if (n.negative || n.beyond_int64 || n.value > UINT_MAX) {
      return Outcome::raise("OverflowError", "optlen must fit an unsigned int");
    }
    return unit(s->setsockopt_null(level, name, static_cast<unsigned>(n.value)));
  }
  if (value.is<std::int64_t>() || value.is<bool>() || value.is<BigInt>()) {
    SOCK_TRY(v, int_arg("setsockopt", std::span(&value, 1), 0, 0, ctx.profile));
    return unit(s->setsockopt_int(level, name, v));
  }
  SOCK_TRY(raw, bytes_argument("setsockopt", value, ctx.profile));
  return unit(s->setsockopt_bytes(level, name, raw));
}

// getsockopt(level, optname[, buflen]): an int without buflen, the
// option's bytes with it.
Outcome op_getsockopt(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.getsockopt", args, ctx, 2, 3));
  SOCK_TRY(level, int_arg("getsockopt", args, 1, 0, ctx.profile));
  SOCK_TRY(name, int_arg("getsockopt", args, 2, 0, ctx.profile));
  if (args.size() == 3) return to_outcome(s->getsockopt_int(level, name), [](std::int64_t v) { return Value(v); });
  SOCK_TRY(buflen, int_arg("getsockopt", args, 3, 0, ctx.profile));
  return to_outcome(s->getsockopt_bytes(level, name, buflen), [](const std::string& b) { return Value(Bytes{b}); });
}

// detach() -> fd (3.2+). The descriptor stays open: the session keeps it
// and closes it when the case ends, as a caller would.
Outcome op_detach(Args args, const Context& ctx) {
  if (ctx.profile < Profile::v3_3) return to_outcome(timeout::not_in_profile("socket.detach", ctx.profile));
  SOCK_TRY(s, self("socket.detach", args, ctx, 0, 0));
  auto fd = s->detach();
  if (!fd) return to_outcome(fd.error());
  if (fd.value() >= 0) detached(ctx).fds.insert(fd.value());
  return Outcome::returned(static_cast<std::int64_t>(fd.value()));
}

// dup() -> socket: in the 3.12 document (CPython has it since 3.x).
Outcome op_dup(Args args, const Context& ctx) {
  if (ctx.profile < Profile::v3_12) return to_outcome(timeout::not_in_profile("socket.dup", ctx.profile));
  SOCK_TRY(s, self("socket.dup", args, ctx, 0, 0));
  auto d = s->dup();
  if (!d) return to_outcome(d.error());
  return Outcome::returned(keep(ctx, std::move(d).value()));
}

// get_inheritable()/set_inheritable(flag): 3.4+, the 3.12 profile.
Outcome op_get_inheritable(Args args, const Context& ctx) {
  if (ctx.profile < Profile::v3_12) return to_outcome(timeout::not_in_profile("socket.get_inheritable", ctx.profile));
  SOCK_TRY(s, self("socket.get_inheritable", args, ctx, 0, 0));
  return to_outcome(s->get_inheritable(), [](bool b) { return Value(b); });
}

Outcome op_set_inheritable(Args args, const Context& ctx) {
  if (ctx.profile < Profile::v3_12) return to_outcome(timeout::not_in_profile("socket.set_inheritable", ctx.profile));
  SOCK_TRY(s, self("socket.set_inheritable", args, ctx, 1, 1));
  // os.set_inheritable(fd, inheritable) parses the flag with "p": any
  // object's truth value; the cases pass bools and ints.
  const Value& v = args[1];
  bool flag = false;
  if (const auto* b = v.get_if<bool>()) {
    flag = *b;
  } else if (const auto* i = v.get_if<std::int64_t>()) {
    flag = *i != 0;
  } else if (v.is<None>()) {
    flag = false;
  } else {
    return Outcome::unsupported("set_inheritable: the reference reads the truth of bools, ints and None only");
  }
  return unit(s->set_inheritable(flag));
}

// The read-only attributes family, type and proto (2.5+: "versionadded::
// 2.5", so absent from the 1.x and 2.4 documents). In 3.x CPython reports
// family and type as enum members; they compare equal to the numbers.
Outcome attribute(std::string_view op, Args args, const Context& ctx, int (Socket::*get)() const) {
  if (ctx.profile < Profile::v2_6) return to_outcome(timeout::not_in_profile(op, ctx.profile));
  SOCK_TRY(s, self(op, args, ctx, 0, 0));
  return Outcome::returned(static_cast<std::int64_t>((s->*get)()));
}
Outcome op_family(Args args, const Context& ctx) { return attribute("socket.family", args, ctx, &Socket::family); }
Outcome op_type(Args args, const Context& ctx) { return attribute("socket.type", args, ctx, &Socket::type); }
Outcome op_proto(Args args, const Context& ctx) { return attribute("socket.proto", args, ctx, &Socket::proto); }

// hasattr(s, name): whether the socket object has the attribute. The
// reference socket's attributes are exactly its `socket.<name>` operations.
Outcome op_hasattr(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.hasattr", args, ctx, 1, 1));
  (void)s;
  const auto* name = args[1].get_if<std::string>();
  if (name == nullptr) return Outcome::raise("TypeError", "hasattr(): attribute name must be string");
  if (*name == "hasattr") return Outcome::returned(false);
  return Outcome::returned(find_operation("socket." + *name) != nullptr);
}

// type(s) is SocketType: "It is the same as type(socket(...))" (2.6, 3.3).
// The reference has one socket type, so every socket object's type is it.
Outcome op_is_sockettype(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.type_is_sockettype", args, ctx, 0, 0));
  (void)s;
  return Outcome::returned(true);
}

// isinstance(s, SocketType): "a Python type object that represents the
// socket object type".
Outcome op_isinstance_sockettype(Args args, const Context& ctx) {
  SOCK_TRY(s, self("socket.isinstance_sockettype", args, ctx, 0, 0));
  (void)s;
  return Outcome::returned(true);
}

// The first argument of fcntl() and select(): a socket object (its
// fileno()) or an int, as "anything with a fileno()" reads it.
Checked<int> descriptor_arg(std::string_view fn, Args args, const Context& ctx) {
  if (const auto* h = args[0].get_if<Handle>()) {
    auto* obj = ctx.session->find<SocketObject>(*h);
    if (obj == nullptr) return Outcome::raise("TypeError", "argument must be an int, or have a fileno() method.");
    auto f = obj->sock.fileno();
    if (!f) return to_outcome(f.error());
    return f.value();
  }
  return int_arg(fn, args, 0, -1, ctx.profile);
}

// fcntl.fcntl(s, cmd) with an argument-less command (F_GETFD, F_GETFL):
// "On other platforms, the generic fcntl.fcntl() and fcntl.ioctl()
// functions may be used; they accept a socket object as their first
// argument" (3.3). fcntl takes anything with a fileno(); the reference
// takes its socket objects and ints.
Outcome op_fcntl(Args args, const Context& ctx) {
  if (ctx.session == nullptr) return no_session("fcntl.fcntl");
  if (auto e = check_arity("fcntl", args, 2)) return *e;
  SOCK_TRY(fd, descriptor_arg("fcntl", args, ctx));
  SOCK_TRY(cmd, int_arg("fcntl", args, 1, 0, ctx.profile));
  if (cmd != F_GETFD && cmd != F_GETFL) {
    return Outcome::unsupported("the reference's fcntl runs the argument-less F_GETFD and F_GETFL only");
  }
  const int r = ::fcntl(fd, cmd);
  if (r < 0) return to_outcome(timeout::os_error(ctx.profile, errno));
  return Outcome::returned(static_cast<std::int64_t>(r));
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
  // 3.x: "the only supported mode values are 'r' (default), 'w' and 'b'"
  // (3.12; CPython 3.0+ checks it); Python 2's file() took any mode text.
  if (args.size() >= 2 && ctx.profile >= Profile::v3_3) {
    const auto* mode = args[1].get_if<std::string>();
    if (mode == nullptr) return Outcome::raise("TypeError", "makefile() mode must be str");
    if (mode->find_first_not_of("rwb") != std::string::npos) {
      return Outcome::raise("ValueError", "invalid mode '" + *mode + "' (only r, w, b allowed)");
    }
  }
  auto f = s->makefile();
  if (!f) return to_outcome(f.error());
  auto file = std::make_unique<FileObject>(std::move(f).value());
  if (args.size() >= 2 && args[1].is<std::string>()) file->view.mode = args[1].as<std::string>();
  file->view.socket = args[0].as<Handle>();
  return Outcome::returned(ctx.session->add(std::move(file)));
}

// select.readable(obj, timeout): whether select.select([obj], [], [],
// timeout) reports obj readable; obj is a socket object or a descriptor
// ("This is useful with select.select()").
Outcome op_select_readable(Args args, const Context& ctx) {
  if (ctx.session == nullptr) return no_session("select.readable");
  if (auto e = check_arity("select.readable", args, 2)) return *e;
  SOCK_TRY(fd, descriptor_arg("select", args, ctx));
  if (fd < 0) return Outcome::raise("ValueError", "file descriptor cannot be a negative integer (-1)");
  double seconds = 0;
  if (const auto* d = args[1].get_if<double>()) {
    seconds = *d;
  } else if (const auto* i = args[1].get_if<std::int64_t>()) {
    seconds = static_cast<double>(*i);
  } else {
    return Outcome::raise("TypeError", "timeout must be a float or None");
  }
  pollfd p{fd, POLLIN, 0};
  const int r = ::poll(&p, 1, static_cast<int>(seconds * 1000));
  if (r < 0) return to_outcome(timeout::os_error(ctx.profile, errno));
  if (r > 0 && (p.revents & POLLNVAL) != 0) return to_outcome(timeout::os_error(ctx.profile, EBADF));
  return Outcome::returned(r > 0);
}

// socket.__enter__(s) and socket.__exit__(s, type, value, traceback): the
// with statement's protocol ("support for the with statement was added",
// 3.2). __exit__ closes the socket.
Outcome op_enter(Args args, const Context& ctx) {
  if (ctx.profile < Profile::v3_3) return to_outcome(timeout::not_in_profile("socket.__enter__", ctx.profile));
  SOCK_TRY(s, self("socket.__enter__", args, ctx, 0, 0));
  (void)s;
  return Outcome::returned(args[0]);
}

Outcome op_exit(Args args, const Context& ctx) {
  if (ctx.profile < Profile::v3_3) return to_outcome(timeout::not_in_profile("socket.__exit__", ctx.profile));
  SOCK_TRY(s, self("socket.__exit__", args, ctx, 3, 3));
  if (auto r = s->close(); !r) return to_outcome(r.error());
  return Outcome::returned(None{});
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
    {"socket.setsockopt", kArea, "socket.setsockopt(s, level, optname, value[, optlen])", op_setsockopt},
    {"socket.getsockopt", kArea, "socket.getsockopt(s, level, optname[, buflen])", op_getsockopt},
    {"socket.detach", kArea, "socket.detach(s)", op_detach},
    {"socket.dup", kArea, "socket.dup(s)", op_dup},
    {"socket.get_inheritable", kArea, "socket.get_inheritable(s)", op_get_inheritable},
    {"socket.set_inheritable", kArea, "socket.set_inheritable(s, inheritable)", op_set_inheritable},
    {"socket.family", kArea, "socket.family(s): the attribute s.family", op_family},
    {"socket.type", kArea, "socket.type(s): the attribute s.type", op_type},
    {"socket.proto", kArea, "socket.proto(s): the attribute s.proto", op_proto},
    {"socket.hasattr", kArea, "socket.hasattr(s, name): hasattr(s, name)", op_hasattr},
    {"socket.type_is_sockettype", "module", "socket.type_is_sockettype(s): type(s) is SocketType", op_is_sockettype},
    {"socket.isinstance_sockettype", "module", "socket.isinstance_sockettype(s): isinstance(s, SocketType)",
     op_isinstance_sockettype},
    {"fcntl.fcntl", kArea, "fcntl.fcntl(s, cmd): fcntl.fcntl of a socket object or descriptor", op_fcntl},
    {"fromfd", "module", "fromfd(fd, family, type[, proto])", op_fromfd},
    {"has_ipv6", "module", "has_ipv6(): the module's has_ipv6", op_has_ipv6},
    {"if_nameindex", "module", "if_nameindex()", op_if_nameindex},
    {"if_nametoindex", "module", "if_nametoindex(if_name)", op_if_nametoindex},
    {"if_indextoname", "module", "if_indextoname(if_index)", op_if_indextoname},
    {"sethostname", "module", "sethostname(name)", op_sethostname},
    {"create_server", "module", "create_server(address[, family[, backlog[, reuse_port[, dualstack_ipv6]]]])",
     op_create_server},
    {"select.readable", kArea, "select.readable(s, timeout): s in select.select([s], [], [], timeout)[0]",
     op_select_readable},
    {"socket.__enter__", kArea, "socket.__enter__(s)", op_enter},
    {"socket.__exit__", kArea, "socket.__exit__(s, type, value, traceback)", op_exit},
    {"constant", "constants", "constant(name): getattr(socket, name, None)", op_constant},
    {"socket.fileno", kArea, "socket.fileno(s)", op_fileno},
    {"socket.shutdown", kArea, "socket.shutdown(s, how)", op_shutdown},
    {"socket.close", kArea, "socket.close(s)", op_close},
    {"socket.makefile", "timeouts", "socket.makefile(s[, mode[, bufsize]])", op_makefile},
};

}  // namespace

std::span<const Operation> socket_operations() { return kOperations; }

// socket_session.h: the session's sockets and files for socket_data_ops.cc.
net::Socket* session_socket(const Context& ctx, const Value& handle) {
  const auto* h = handle.get_if<Handle>();
  auto* obj = h != nullptr && ctx.session != nullptr ? ctx.session->find<SocketObject>(*h) : nullptr;
  return obj != nullptr ? &obj->sock : nullptr;
}

std::pair<net::UniqueFd*, SessionFile*> session_file(const Context& ctx, const Value& handle) {
  const auto* h = handle.get_if<Handle>();
  auto* obj = h != nullptr && ctx.session != nullptr ? ctx.session->find<FileObject>(*h) : nullptr;
  if (obj == nullptr) return {nullptr, nullptr};
  return {&obj->fd, &obj->view};
}

}  // namespace sock::ops
