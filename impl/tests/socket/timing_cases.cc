#include "timing_cases.h"

#include <cerrno>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "harness/fixtures/loopback.h"
#include "impl/socket/socket.h"
#include "impl/timeout/errors.h"

namespace timing {

namespace {

namespace fx = sockcheck::fixtures;
using sock::Outcome;
using sock::Profile;
using sock::Value;
using sock::net::Address;
using sock::net::ContextPtr;
using sock::net::Socket;
using sock::timeout::Result;
using sock::timeout::Unit;
using Clock = std::chrono::steady_clock;

// Set-up steps must work; a failure there is a broken fixture, not a
// timing result, and aborts the case with an exception.
template <typename T>
T must(Result<T> r, const char* what) {
  if (!r) throw std::runtime_error(std::string(what) + ": " + r.error().error_class + " " + r.error().message);
  return std::move(r).value();
}

Address loopback(int port) { return Address::ipv4("127.0.0.1", port); }

Value seconds(milliseconds ms) { return Value(static_cast<double>(ms.count()) / 1000.0); }

Outcome out(const Result<std::string>& r) {
  return sock::timeout::to_outcome(r, [](const std::string& s) { return Value(sock::Bytes{s}); });
}
Outcome out(const Result<std::size_t>& r) {
  return sock::timeout::to_outcome(r, [](std::size_t n) { return Value(static_cast<std::int64_t>(n)); });
}
Outcome out(const Result<int>& r) {
  return sock::timeout::to_outcome(r, [](int n) { return Value(std::int64_t{n}); });
}
Outcome out(const Result<Unit>& r) { return sock::timeout::to_outcome(r); }
Outcome out(const Result<sock::net::Accepted>& r) {
  return sock::timeout::to_outcome(r, [](const sock::net::Accepted&) { return Value("<accepted socket>"); });
}
Outcome out(const Result<sock::net::Received>& r) {
  return sock::timeout::to_outcome(r, [](const sock::net::Received& x) { return Value(sock::Bytes{x.data}); });
}

template <typename F>
Measured timed(F&& op) {
  const auto t0 = Clock::now();
  Outcome o = op();
  return {Clock::now() - t0, std::move(o)};
}

// Times from `t0` (when the peer's action was scheduled) to the end of op.
template <typename F>
Measured timed_since(Clock::time_point t0, F&& op) {
  Outcome o = op();
  return {Clock::now() - t0, std::move(o)};
}

Outcome raises(const sock::timeout::Error& e) { return Outcome::raise(e.error_class, e.message); }
Outcome returns(Value v) { return Outcome::returned(std::move(v)); }

// A client socket of ours connected (in blocking mode) to a fixture
// listener, and the listener's end of the connection.
struct Connected {
  Socket s;
  fx::Fd peer;
};

Connected connected(const ContextPtr& ctx, bool small_buffers = false) {
  fx::Listener listener;
  if (small_buffers) fx::shrink_buffers(listener.fd(), 4096, 4096);
  Socket s = must(sock::net::socket(ctx), "socket");
  if (small_buffers) fx::shrink_buffers(s.raw_fd(), 4096, 4096);
  (void)must(s.connect(loopback(listener.port())), "connect");
  fx::Fd peer = listener.accept(milliseconds(2000));
  if (!peer.valid()) throw std::runtime_error("fixture listener did not accept");
  return {std::move(s), std::move(peer)};
}

Socket udp_socket(const ContextPtr& ctx) {
  Socket s = must(sock::net::socket(ctx, AF_INET, SOCK_DGRAM), "socket(SOCK_DGRAM)");
  (void)must(s.bind(loopback(0)), "bind");
  return s;
}

Socket listening(const ContextPtr& ctx) {
  Socket s = must(sock::net::socket(ctx), "socket");
  (void)must(s.bind(loopback(0)), "bind");
  (void)must(s.listen(8), "listen");
  return s;
}

int port_of(const Socket& s) { return must(s.getsockname(), "getsockname").port; }

// Reads everything the peer end receives until `total` bytes or `limit`.
void drain(int fd, std::size_t total, milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  std::string buf(65536, '\0');
  std::size_t got = 0;
  while (got < total && Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const ssize_t n = ::recv(fd, buf.data(), buf.size(), MSG_DONTWAIT);
    if (n > 0) got += static_cast<std::size_t>(n);
    if (n == 0) return;
  }
}

// How the socket enters each mode.
enum class Mode { timeout, non_blocking, blocking };

void enter(Socket& s, Mode mode, milliseconds t) {
  switch (mode) {
    case Mode::timeout: (void)must(s.settimeout(seconds(t)), "settimeout"); break;
    case Mode::non_blocking: (void)must(s.setblocking(Value(false)), "setblocking(False)"); break;
    case Mode::blocking: (void)must(s.setblocking(Value(true)), "setblocking(True)"); break;
  }
}

}  // namespace

bool same_outcome(const Outcome& got, const Outcome& want) {
  if (got.kind != want.kind) return false;
  if (got.kind == sock::OutcomeKind::raised) return got.error_class == want.error_class && got.message == want.message;
  if (got.kind == sock::OutcomeKind::value) return got.value == want.value;
  return true;
}

std::vector<Case> cases(Profile profile, milliseconds T, milliseconds D) {
  namespace tm = sock::timeout;
  const auto f = tm::features(profile);
  const Outcome timed_out = raises(tm::timed_out(profile));
  const Outcome eagain = raises(tm::os_error(profile, EAGAIN));
  const Outcome einprogress = raises(tm::os_error(profile, EINPROGRESS));
  const Outcome refused = raises(tm::os_error(profile, ECONNREFUSED));
  // For waits_for_peer cases: a timeout far beyond D, so that only a
  // broken implementation reaches it.
  const milliseconds long_timeout = T * 10;
  const auto ctx = [profile] { return sock::net::make_context(profile); };
  std::vector<Case> v;

  // ---- timeout mode: nothing happens, the operation fails after T ----------
  if (f.settimeout) {
    v.push_back({"recv/timeout/silent-peer", Kind::times_out, T, timed_out, [=] {
                   auto c = connected(ctx());
                   enter(c.s, Mode::timeout, T);
                   return timed([&] { return out(c.s.recv(100)); });
                 }});
    v.push_back({"recv_into/timeout/silent-peer", Kind::times_out, T, timed_out, [=] {
                   auto c = connected(ctx());
                   enter(c.s, Mode::timeout, T);
                   std::string buf(100, '\0');
                   return timed([&] { return out(c.s.recv_into(buf)); });
                 }});
    v.push_back({"recvfrom/timeout/silent-udp", Kind::times_out, T, timed_out, [=] {
                   Socket s = udp_socket(ctx());
                   enter(s, Mode::timeout, T);
                   return timed([&] { return out(s.recvfrom(100)); });
                 }});
    v.push_back({"accept/timeout/no-client", Kind::times_out, T, timed_out, [=] {
                   Socket s = listening(ctx());
                   enter(s, Mode::timeout, T);
                   return timed([&] { return out(s.accept()); });
                 }});
    v.push_back({"connect/timeout/full-backlog", Kind::times_out, T, timed_out, [=] {
                   fx::FullBacklogListener backlog;
                   Socket s = must(sock::net::socket(ctx()), "socket");
                   enter(s, Mode::timeout, T);
                   return timed([&] { return out(s.connect(loopback(backlog.port()))); });
                 }});
    v.push_back({"connect_ex/timeout/full-backlog", Kind::times_out, T, returns(Value(std::int64_t{EWOULDBLOCK})), [=] {
                   fx::FullBacklogListener backlog;
                   Socket s = must(sock::net::socket(ctx()), "socket");
                   enter(s, Mode::timeout, T);
                   return timed([&] { return out(s.connect_ex(loopback(backlog.port()))); });
                 }});
    v.push_back({"send/timeout/peer-never-reads", Kind::times_out, T, timed_out, [=] {
                   auto c = connected(ctx(), true);
                   fx::fill_send_buffer(c.s.raw_fd());
                   enter(c.s, Mode::timeout, T);
                   return timed([&] { return out(c.s.send(std::string(1000, 'x'))); });
                 }});
    v.push_back({"sendall/timeout/peer-never-reads", Kind::times_out, T, timed_out, [=] {
                   auto c = connected(ctx(), true);
                   fx::fill_send_buffer(c.s.raw_fd());
                   enter(c.s, Mode::timeout, T);
                   return timed([&] { return out(c.s.sendall(std::string(1 << 20, 'x'))); });
                 }});
    v.push_back({"recv/default-timeout/silent-peer", Kind::times_out, T, timed_out, [=] {
                   auto x = ctx();
                   (void)must(x->setdefaulttimeout(seconds(T)), "setdefaulttimeout");
                   auto c = connected(x);  // created after the default: inherits it
                   return timed([&] { return out(c.s.recv(100)); });
                 }});
    v.push_back({"recv/accepted-inherits-default/silent-client", Kind::times_out, T, timed_out, [=] {
                   auto x = ctx();
                   Socket listener = listening(x);
                   fx::Fd client = fx::connect_to(fx::Family::v4, port_of(listener));
                   (void)must(x->setdefaulttimeout(seconds(T)), "setdefaulttimeout");
                   auto conn = must(listener.accept(), "accept");
                   return timed([&] { return out(conn.conn.recv(100)); });
                 }});
  }
  if (f.create_connection) {
    v.push_back({"create_connection/timeout/full-backlog", Kind::times_out, T, timed_out, [=] {
                   fx::FullBacklogListener backlog;
                   auto x = ctx();
                   return timed([&] {
                     auto r = sock::net::create_connection(x, loopback(backlog.port()), seconds(T));
                     return r ? returns(Value("<socket>")) : raises(r.error());
                   });
                 }});
  }

  // ---- non-blocking mode: fails at once ---------------------------------------
  v.push_back({"recv/non-blocking/silent-peer", Kind::immediate, milliseconds(0), eagain, [=] {
                 auto c = connected(ctx());
                 enter(c.s, Mode::non_blocking, T);
                 return timed([&] { return out(c.s.recv(100)); });
               }});
  v.push_back({"recv_into/non-blocking/silent-peer", Kind::immediate, milliseconds(0), eagain, [=] {
                 auto c = connected(ctx());
                 enter(c.s, Mode::non_blocking, T);
                 std::string buf(100, '\0');
                 return timed([&] { return out(c.s.recv_into(buf)); });
               }});
  v.push_back({"recvfrom/non-blocking/silent-udp", Kind::immediate, milliseconds(0), eagain, [=] {
                 Socket s = udp_socket(ctx());
                 enter(s, Mode::non_blocking, T);
                 return timed([&] { return out(s.recvfrom(100)); });
               }});
  v.push_back({"accept/non-blocking/no-client", Kind::immediate, milliseconds(0), eagain, [=] {
                 Socket s = listening(ctx());
                 enter(s, Mode::non_blocking, T);
                 return timed([&] { return out(s.accept()); });
               }});
  v.push_back({"connect/non-blocking/full-backlog", Kind::immediate, milliseconds(0), einprogress, [=] {
                 fx::FullBacklogListener backlog;
                 Socket s = must(sock::net::socket(ctx()), "socket");
                 enter(s, Mode::non_blocking, T);
                 return timed([&] { return out(s.connect(loopback(backlog.port()))); });
               }});
  v.push_back({"connect_ex/non-blocking/full-backlog", Kind::immediate, milliseconds(0),
               returns(Value(std::int64_t{EINPROGRESS})), [=] {
                 fx::FullBacklogListener backlog;
                 Socket s = must(sock::net::socket(ctx()), "socket");
                 enter(s, Mode::non_blocking, T);
                 return timed([&] { return out(s.connect_ex(loopback(backlog.port()))); });
               }});
  v.push_back({"send/non-blocking/peer-never-reads", Kind::immediate, milliseconds(0), eagain, [=] {
                 auto c = connected(ctx(), true);
                 fx::fill_send_buffer(c.s.raw_fd());
                 enter(c.s, Mode::non_blocking, T);
                 return timed([&] { return out(c.s.send(std::string(1000, 'x'))); });
               }});
  v.push_back({"sendall/non-blocking/peer-never-reads", Kind::immediate, milliseconds(0), eagain, [=] {
                 auto c = connected(ctx(), true);
                 fx::fill_send_buffer(c.s.raw_fd());
                 enter(c.s, Mode::non_blocking, T);
                 return timed([&] { return out(c.s.sendall(std::string(1 << 20, 'x'))); });
               }});
  v.push_back({"sendto/non-blocking/udp", Kind::immediate, milliseconds(0), returns(Value(std::int64_t{5})), [=] {
                 fx::UdpPeer peer;
                 Socket s = udp_socket(ctx());
                 enter(s, Mode::non_blocking, T);
                 return timed([&] { return out(s.sendto("hello", 0, loopback(peer.port()))); });
               }});

  // ---- timeout mode, but the operation can complete: at once ------------------
  if (f.settimeout) {
    v.push_back({"recv/timeout/data-pending", Kind::immediate, milliseconds(0),
                 returns(Value(sock::Bytes{"hello"})), [=] {
                   auto c = connected(ctx());
                   enter(c.s, Mode::timeout, T);
                   (void)::send(c.peer.get(), "hello", 5, MSG_NOSIGNAL);
                   fx::wait_readable_bytes(c.s.raw_fd(), 5);
                   return timed([&] { return out(c.s.recv(100)); });
                 }});
    v.push_back({"connect/timeout/refused", Kind::immediate, milliseconds(0), refused, [=] {
                   fx::RefusingPort refusing;
                   const int port = refusing.port();
                   Socket s = must(sock::net::socket(ctx()), "socket");
                   enter(s, Mode::timeout, T);
                   return timed([&] { return out(s.connect(loopback(port))); });
                 }});
    v.push_back({"connect_ex/timeout/refused", Kind::immediate, milliseconds(0),
                 returns(Value(std::int64_t{ECONNREFUSED})), [=] {
                   fx::RefusingPort refusing;
                   const int port = refusing.port();
                   Socket s = must(sock::net::socket(ctx()), "socket");
                   enter(s, Mode::timeout, T);
                   return timed([&] { return out(s.connect_ex(loopback(port))); });
                 }});
    v.push_back({"connect/timeout/listening", Kind::immediate, milliseconds(0), returns(Value()), [=] {
                   fx::Listener listener;
                   Socket s = must(sock::net::socket(ctx()), "socket");
                   enter(s, Mode::timeout, T);
                   return timed([&] { return out(s.connect(loopback(listener.port()))); });
                 }});
  }
  v.push_back({"connect/blocking/refused", Kind::immediate, milliseconds(0), refused, [=] {
                 fx::RefusingPort refusing;
                   const int port = refusing.port();
                 Socket s = must(sock::net::socket(ctx()), "socket");
                 return timed([&] { return out(s.connect(loopback(port))); });
               }});

  // ---- the peer acts after D: the operation waits for it --------------------------
  const std::vector<Mode> waiting_modes =
      f.settimeout ? std::vector<Mode>{Mode::timeout, Mode::blocking} : std::vector<Mode>{Mode::blocking};
  for (const Mode mode : waiting_modes) {
    const std::string m = mode == Mode::timeout ? "timeout" : "blocking";
    v.push_back({"recv/" + m + "/data-after-delay", Kind::waits_for_peer, D, returns(Value(sock::Bytes{"late"})), [=] {
                   auto c = connected(ctx());
                   enter(c.s, mode, long_timeout);
                   const auto t0 = Clock::now();
                   fx::After later(D, [&] { (void)::send(c.peer.get(), "late", 4, MSG_NOSIGNAL); });
                   return timed_since(t0, [&] { return out(c.s.recv(100)); });
                 }});
    v.push_back({"recv_into/" + m + "/data-after-delay", Kind::waits_for_peer, D, returns(Value(std::int64_t{4})),
                 [=] {
                   auto c = connected(ctx());
                   enter(c.s, mode, long_timeout);
                   std::string buf(100, '\0');
                   const auto t0 = Clock::now();
                   fx::After later(D, [&] { (void)::send(c.peer.get(), "late", 4, MSG_NOSIGNAL); });
                   return timed_since(t0, [&] { return out(c.s.recv_into(buf)); });
                 }});
    v.push_back({"recvfrom/" + m + "/udp-after-delay", Kind::waits_for_peer, D, returns(Value(sock::Bytes{"late"})),
                 [=] {
                   fx::UdpPeer peer;
                   Socket s = udp_socket(ctx());
                   const int port = port_of(s);
                   enter(s, mode, long_timeout);
                   const auto t0 = Clock::now();
                   fx::After later(D, [&] { peer.send_to(port, "late"); });
                   return timed_since(t0, [&] { return out(s.recvfrom(100)); });
                 }});
    v.push_back({"accept/" + m + "/client-after-delay", Kind::waits_for_peer, D, returns(Value("<accepted socket>")),
                 [=] {
                   Socket s = listening(ctx());
                   const int port = port_of(s);
                   enter(s, mode, long_timeout);
                   fx::Fd client;
                   const auto t0 = Clock::now();
                   fx::After later(D, [&] { client = fx::connect_to(fx::Family::v4, port); });
                   return timed_since(t0, [&] { return out(s.accept()); });
                 }});
    v.push_back({"send/" + m + "/reader-after-delay", Kind::waits_for_peer, D, returns(Value(std::int64_t{1000})), [=] {
                   auto c = connected(ctx(), true);
                   const std::size_t filled = fx::fill_send_buffer(c.s.raw_fd());
                   enter(c.s, mode, long_timeout);
                   const auto t0 = Clock::now();
                   fx::After later(D, [&] { drain(c.peer.get(), filled + 1000, milliseconds(2000)); });
                   return timed_since(t0, [&] { return out(c.s.send(std::string(1000, 'x'))); });
                 }});
    v.push_back({"sendall/" + m + "/reader-after-delay", Kind::waits_for_peer, D, returns(Value()), [=] {
                   auto c = connected(ctx(), true);
                   const std::size_t filled = fx::fill_send_buffer(c.s.raw_fd());
                   enter(c.s, mode, long_timeout);
                   const auto t0 = Clock::now();
                   fx::After later(D, [&] { drain(c.peer.get(), filled + 100000, milliseconds(2000)); });
                   return timed_since(t0, [&] { return out(c.s.sendall(std::string(100000, 'x'))); });
                 }});
  }
  return v;
}

}  // namespace timing
