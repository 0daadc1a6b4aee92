// model_property_test: random sequences of socket operations on the real
// reference socket, connected to a real loopback peer, checked against the
// timeout model at every step (RapidCheck's rc::state).
//
// The system: a socket `s` connected to a raw peer, and a listening socket
// `listener` of ours. The model: the module default, the two sockets'
// settings, the bytes in flight each way and the connections queued at the
// listener. Every command's run() first checks that model and system agree
// (gettimeout, descriptor O_NONBLOCK, bytes readable, the default), then
// does the operation on both and compares outcomes. show() prints Python,
// so a shrunk failure reads as a script:
//
//   socket.setdefaulttimeout(0.01)
//   c = socket.socket(); c.connect(listener.getsockname())
//   conn, addr = listener.accept()
//
// Operations that would wait are generated only with tiny timeouts (at most
// 20 ms) or when they can complete at once; blocking-mode waits are never
// generated. Timing is checked loosely here (never early, never wildly
// late); the tight bands belong to timing_test.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <rapidcheck/state.h>

#include <fcntl.h>

#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "harness/fixtures/loopback.h"
#include "impl/socket/socket.h"
#include "impl/timeout/errors.h"
#include "impl/timeout/model.h"
#include "impl/tests/timeout/print.h"

namespace {

namespace fx = sockcheck::fixtures;
namespace tm = sock::timeout;
using sock::Outcome;
using sock::Profile;
using sock::Value;
using sock::net::Address;
using sock::net::Socket;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// ---- model and system ------------------------------------------------------------

struct Model {
  Profile profile;
  tm::ModuleModel module;
  tm::SocketModel s;
  tm::SocketModel listener;
  int pending = 0;  // bytes the peer sent that s has not received
  int unread = 0;   // bytes s sent that the peer has not read
  int queued = 0;   // connections waiting in listener's accept queue

  explicit Model(Profile p)
      : profile(p), module(p), s(p, tm::Setting::blocking()), listener(p, tm::Setting::blocking()) {}
};

template <typename T>
T must(tm::Result<T> r) {
  if (!r) throw std::runtime_error("set-up: " + r.error().error_class + " " + r.error().message);
  return std::move(r).value();
}

struct Sut {
  sock::net::ContextPtr ctx;
  fx::Listener peer_listener;
  Socket s;
  fx::Fd peer;
  Socket listener;
  int listener_port = 0;
  std::vector<fx::Fd> clients;
  std::vector<Socket> kept;  // accepted and extra sockets, kept open until the end

  explicit Sut(Profile p)
      : ctx(sock::net::make_context(p)),
        s(must(sock::net::socket(ctx))),
        listener(must(sock::net::socket(ctx))) {
    (void)must(s.connect(Address::ipv4("127.0.0.1", peer_listener.port())));
    peer = peer_listener.accept(milliseconds(2000));
    if (!peer.valid()) throw std::runtime_error("set-up: peer not accepted");
    (void)must(listener.bind(Address::ipv4("127.0.0.1", 0)));
    (void)must(listener.listen(16));
    listener_port = must(listener.getsockname()).port;
  }
};

enum class Target { s, listener };

const char* name_of(Target t) { return t == Target::s ? "s" : "listener"; }
const tm::SocketModel& model_of(const Model& m, Target t) { return t == Target::s ? m.s : m.listener; }
tm::SocketModel& model_of(Model& m, Target t) { return t == Target::s ? m.s : m.listener; }
Socket& sut_of(Sut& sut, Target t) { return t == Target::s ? sut.s : sut.listener; }

// Python source for a value: floats as repr() prints them.
std::string py(const Value& v) {
  if (const auto* d = v.get_if<double>()) {
    const std::string r = tm::python_float_repr(*d);
    return r == "nan" || r == "inf" || r == "-inf" ? "float('" + r + "')" : r;
  }
  return sock::repr(v);
}

bool same(const Outcome& a, const Outcome& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == sock::OutcomeKind::raised) return a.error_class == b.error_class && a.message == b.message;
  if (a.kind == sock::OutcomeKind::value) return a.value == b.value;
  return true;
}

// Fails the property with both outcomes spelled out.
void check_same(const Outcome& got, const Outcome& want) {
  if (!same(got, want)) RC_FAIL("got " + sock::describe(got) + ", want " + sock::describe(want));
}

bool fd_nonblocking(int fd) { return (::fcntl(fd, F_GETFL) & O_NONBLOCK) != 0; }

void agree_socket(const tm::SocketModel& model, const Socket& real, const char* name) {
  RC_ASSERT(model.closed() == real.model().closed());
  if (model.closed()) return;
  check_same(tm::to_outcome(real.gettimeout()), model.gettimeout());
  RC_ASSERT(real.model().setting() == model.setting());
  // "sockets in timeout mode are internally set in non-blocking mode"
  if (fd_nonblocking(real.raw_fd()) != (model.mode() != tm::Mode::blocking)) {
    RC_FAIL(std::string(name) + ": descriptor O_NONBLOCK disagrees with mode " +
            std::string(tm::to_string(model.mode())));
  }
}

// How many commands ran, and how many of them waited for a timeout: the
// test reports both, so a generator that stopped producing interesting
// sequences shows up in the log.
int g_commands = 0;
int g_timed_waits = 0;

// Model and system agree: the default, both sockets, the bytes in flight.
void agree(const Model& m, Sut& sut) {
  ++g_commands;
  check_same(tm::to_outcome(sut.ctx->getdefaulttimeout()), m.module.getdefaulttimeout());
  agree_socket(m.s, sut.s, "s");
  agree_socket(m.listener, sut.listener, "listener");
  if (!m.s.closed()) RC_ASSERT(fx::bytes_readable(sut.s.raw_fd()) == m.pending);
  RC_ASSERT(fx::accept_queue_length(sut.listener.raw_fd()) == m.queued);
}

// A wait the test can afford: failing at once, or after a tiny timeout.
bool affordable(const tm::NotReady& nr) {
  using K = tm::NotReady::Kind;
  if (nr.kind == K::fail_now || nr.kind == K::return_now) return true;
  return (nr.kind == K::fail_after || nr.kind == K::return_after) && nr.after <= milliseconds(20);
}

// Never early; late only by scheduling (loose: a property must not flake).
void check_wait(const tm::NotReady& nr, Clock::duration elapsed) {
  using K = tm::NotReady::Kind;
  if (nr.kind == K::fail_after || nr.kind == K::return_after) {
    ++g_timed_waits;
    RC_ASSERT(elapsed >= nr.after);
    RC_ASSERT(elapsed < nr.after + milliseconds(500));
  } else {
    RC_ASSERT(elapsed < milliseconds(500));
  }
}

rc::Gen<Target> gen_target() { return rc::gen::element(Target::s, Target::listener); }

// Timeouts: tiny ones (operations may wait), long ones (waiting operations
// are then not generated), None, zero, and values some profiles refuse.
rc::Gen<Value> gen_timeout_arg() {
  // Tiny timeouts twice as likely as the rest: they are what makes
  // operations wait.
  return rc::gen::oneOf(rc::gen::element(Value(), Value(0), Value(0.0)),
                        rc::gen::element(Value(0.005), Value(0.01), Value(0.02)),
                        rc::gen::element(Value(0.005), Value(0.01), Value(0.02)),
                        rc::gen::element(Value(1.0), Value(5)),
                        rc::gen::element(Value(-1), Value(-0.5), Value(std::numeric_limits<double>::quiet_NaN()),
                                         Value(std::numeric_limits<double>::infinity()), Value("1"), Value(true),
                                         Value(false), Value(sock::BigInt{"100000000000000000000"})));
}

rc::Gen<Value> gen_blocking_arg() {
  return rc::gen::element(Value(true), Value(false), Value(0), Value(1), Value(2), Value(), Value(0.5), Value("x"),
                          Value(sock::BigInt{"9223372036854775808"}));
}

using Command = rc::state::Command<Model, Sut>;

// ---- the commands ------------------------------------------------------------------

struct SetTimeout : Command {
  Target target = *gen_target();
  Value arg = *gen_timeout_arg();
  void apply(Model& m) const override { (void)model_of(m, target).settimeout(arg); }
  void run(const Model& m, Sut& sut) const override {
    agree(m, sut);
    tm::SocketModel expected = model_of(m, target);
    check_same(tm::to_outcome(sut_of(sut, target).settimeout(arg)), expected.settimeout(arg));
  }
  void show(std::ostream& os) const override { os << name_of(target) << ".settimeout(" << py(arg) << ")"; }
};

struct SetBlocking : Command {
  Target target = *gen_target();
  Value arg = *gen_blocking_arg();
  void apply(Model& m) const override { (void)model_of(m, target).setblocking(arg); }
  void run(const Model& m, Sut& sut) const override {
    agree(m, sut);
    tm::SocketModel expected = model_of(m, target);
    check_same(tm::to_outcome(sut_of(sut, target).setblocking(arg)), expected.setblocking(arg));
  }
  void show(std::ostream& os) const override { os << name_of(target) << ".setblocking(" << py(arg) << ")"; }
};

struct GetTimeout : Command {
  Target target = *gen_target();
  bool blocking_query = *rc::gen::arbitrary<bool>();  // getblocking() instead
  void run(const Model& m, Sut& sut) const override {
    agree(m, sut);
    const auto& model = model_of(m, target);
    Socket& real = sut_of(sut, target);
    if (blocking_query) {
      check_same(tm::to_outcome(real.getblocking()), model.getblocking());
    } else {
      check_same(tm::to_outcome(real.gettimeout()), model.gettimeout());
    }
  }
  void show(std::ostream& os) const override {
    os << name_of(target) << (blocking_query ? ".getblocking()" : ".gettimeout()");
  }
};

struct SetDefaultTimeout : Command {
  Value arg = *gen_timeout_arg();
  void apply(Model& m) const override { (void)m.module.setdefaulttimeout(arg); }
  void run(const Model& m, Sut& sut) const override {
    agree(m, sut);
    tm::ModuleModel expected = m.module;
    check_same(tm::to_outcome(sut.ctx->setdefaulttimeout(arg)), expected.setdefaulttimeout(arg));
  }
  void show(std::ostream& os) const override { os << "socket.setdefaulttimeout(" << py(arg) << ")"; }
};

// A new socket starts with the default; the existing ones keep theirs
// (checked by the next agree()).
struct NewSocket : Command {
  void run(const Model& m, Sut& sut) const override {
    agree(m, sut);
    Socket n = must(sock::net::socket(sut.ctx));
    const tm::SocketModel want(m.profile, m.module.new_socket());
    agree_socket(want, n, "new socket");
  }
  void show(std::ostream& os) const override { os << "socket.socket().gettimeout()"; }
};

struct PeerSend : Command {
  int n;
  explicit PeerSend(const Model& m) : n(*rc::gen::inRange(1, 200)) {
    RC_PRE(!m.s.closed() && m.pending + n <= 4096);
  }
  void checkPreconditions(const Model& m) const override { RC_PRE(!m.s.closed() && m.pending + n <= 4096); }
  void apply(Model& m) const override { m.pending += n; }
  void run(const Model& m, Sut& sut) const override {
    agree(m, sut);
    const std::string data(static_cast<std::size_t>(n), 'p');
    RC_ASSERT(::send(sut.peer.get(), data.data(), data.size(), MSG_NOSIGNAL) == n);
    // On loopback, send() may return before the data is queued at s.
    fx::wait_readable_bytes(sut.s.raw_fd(), m.pending + n);
  }
  void show(std::ostream& os) const override { os << "peer.sendall(b'p' * " << n << ")"; }
};

struct Recv : Command {
  int bufsize;
  explicit Recv(const Model& m) : bufsize(*rc::gen::inRange(1, 300)) { checkPreconditions(m); }
  void checkPreconditions(const Model& m) const override {
    RC_PRE(m.s.closed() || m.pending > 0 || affordable(m.s.when_not_ready(tm::Op::recv)));
  }
  void apply(Model& m) const override {
    if (!m.s.closed()) m.pending -= std::min(bufsize, m.pending);
  }
  void run(const Model& m, Sut& sut) const override {
    agree(m, sut);
    const auto t0 = Clock::now();
    const auto r = sut.s.recv(bufsize);
    const auto elapsed = Clock::now() - t0;
    const Outcome got = tm::to_outcome(r, [](const std::string& s) { return Value(sock::Bytes{s}); });
    if (!m.s.closed() && m.pending > 0) {
      const std::string want(static_cast<std::size_t>(std::min(bufsize, m.pending)), 'p');
      check_same(got, Outcome::returned(Value(sock::Bytes{want})));
      RC_ASSERT(elapsed < milliseconds(500));
      return;
    }
    const tm::NotReady nr = m.s.when_not_ready(tm::Op::recv);
    check_same(got, nr.outcome);
    check_wait(nr, elapsed);
  }
  void show(std::ostream& os) const override { os << "s.recv(" << bufsize << ")"; }
};

struct Send : Command {
  int n;
  explicit Send(const Model& m) : n(*rc::gen::inRange(1, 500)) { checkPreconditions(m); }
  // Far below any loopback buffer: send completes at once in every mode.
  void checkPreconditions(const Model& m) const override { RC_PRE(m.unread + n <= 8192); }
  void apply(Model& m) const override {
    if (!m.s.closed()) m.unread += n;
  }
  void run(const Model& m, Sut& sut) const override {
    agree(m, sut);
    const Outcome got = tm::to_outcome(sut.s.send(std::string(static_cast<std::size_t>(n), 's')),
                                       [](std::size_t k) { return Value(static_cast<std::int64_t>(k)); });
    if (m.s.closed()) {
      check_same(got, tm::to_outcome(tm::closed_socket(m.profile)));
    } else {
      check_same(got, Outcome::returned(Value(std::int64_t{n})));
    }
  }
  void show(std::ostream& os) const override { os << "s.send(b's' * " << n << ")"; }
};

struct PeerDrain : Command {
  explicit PeerDrain(const Model& m) { RC_PRE(m.unread > 0); }
  void checkPreconditions(const Model& m) const override { RC_PRE(m.unread > 0); }
  void apply(Model& m) const override { m.unread = 0; }
  void run(const Model& m, Sut& sut) const override {
    agree(m, sut);
    fx::wait_readable_bytes(sut.peer.get(), m.unread);
    std::string buf(static_cast<std::size_t>(m.unread) + 1, '\0');
    const ssize_t got = ::recv(sut.peer.get(), buf.data(), buf.size(), MSG_DONTWAIT);
    RC_ASSERT(got == m.unread);
  }
  void show(std::ostream& os) const override { os << "peer.recv(65536)  # what s sent"; }
};

struct ClientConnects : Command {
  explicit ClientConnects(const Model& m) { RC_PRE(m.queued < 6); }
  void checkPreconditions(const Model& m) const override { RC_PRE(m.queued < 6); }
  void apply(Model& m) const override { ++m.queued; }
  void run(const Model& m, Sut& sut) const override {
    agree(m, sut);
    sut.clients.push_back(fx::connect_to(fx::Family::v4, sut.listener_port));
    fx::wait_accept_queue(sut.listener.raw_fd(), m.queued + 1);
  }
  void show(std::ostream& os) const override {
    os << "clients.append(socket.create_connection(listener.getsockname()))";
  }
};

struct Accept : Command {
  explicit Accept(const Model& m) { checkPreconditions(m); }
  void checkPreconditions(const Model& m) const override {
    RC_PRE(m.queued > 0 || affordable(m.listener.when_not_ready(tm::Op::accept)));
  }
  void apply(Model& m) const override {
    if (m.queued > 0) --m.queued;
  }
  void run(const Model& m, Sut& sut) const override {
    agree(m, sut);
    const auto t0 = Clock::now();
    auto r = sut.listener.accept();
    const auto elapsed = Clock::now() - t0;
    if (m.queued > 0) {
      RC_ASSERT(r.ok());
      const Socket& conn = r.value().conn;
      // "Timeouts and the accept method": one of the settings the documents allow.
      const tm::AcceptRule rule = m.module.accepted(m.listener.setting());
      const tm::Setting got = conn.model().setting();
      RC_ASSERT(std::find(rule.acceptable.begin(), rule.acceptable.end(), got) != rule.acceptable.end());
      agree_socket(tm::SocketModel(m.profile, got), conn, "accepted");
      sut.kept.push_back(std::move(r).value().conn);
      return;
    }
    const tm::NotReady nr = m.listener.when_not_ready(tm::Op::accept);
    check_same(tm::to_outcome(r, [](const sock::net::Accepted&) { return Value(); }), nr.outcome);
    check_wait(nr, elapsed);
  }
  void show(std::ostream& os) const override { os << "conn, addr = listener.accept()"; }
};

// A new socket (with the default setting) connects to the listener: at once
// in blocking and timeout mode, EINPROGRESS in non-blocking mode; either
// way the connection ends up in the accept queue.
struct NewSocketConnects : Command {
  explicit NewSocketConnects(const Model& m) { checkPreconditions(m); }
  // A loopback handshake is fast but not instant: under load it can take
  // longer than a 5 ms timeout, and the model cannot say which happens. So
  // only when the new socket will not time out that soon.
  void checkPreconditions(const Model& m) const override {
    RC_PRE(m.queued < 6);
    const auto limit = m.module.new_socket().wait_limit();
    RC_PRE(!limit || *limit == std::chrono::nanoseconds(0) || *limit >= std::chrono::seconds(1));
  }
  void apply(Model& m) const override { ++m.queued; }
  void run(const Model& m, Sut& sut) const override {
    agree(m, sut);
    Socket c = must(sock::net::socket(sut.ctx));
    const Outcome got = tm::to_outcome(c.connect(Address::ipv4("127.0.0.1", sut.listener_port)));
    const tm::SocketModel cm(m.profile, m.module.new_socket());
    const Outcome want = cm.mode() == tm::Mode::non_blocking ? tm::to_outcome(tm::os_error(m.profile, EINPROGRESS))
                                                            : Outcome::returned(Value());
    check_same(got, want);
    fx::wait_accept_queue(sut.listener.raw_fd(), m.queued + 1);
    sut.kept.push_back(std::move(c));
  }
  void show(std::ostream& os) const override { os << "c = socket.socket(); c.connect(listener.getsockname())"; }
};

struct CloseS : Command {
  // Rare: a closed s makes the rest of the sequence about EBADF.
  explicit CloseS(const Model& m) {
    RC_PRE(!m.s.closed());
    if (*rc::gen::inRange(0, 4) != 0) RC_DISCARD("close only now and then");
  }
  void checkPreconditions(const Model& m) const override { RC_PRE(!m.s.closed()); }
  void apply(Model& m) const override {
    m.s.close();
    m.pending = 0;
    m.unread = 0;
  }
  void run(const Model& m, Sut& sut) const override {
    agree(m, sut);
    RC_ASSERT(sut.s.close().ok());
  }
  void show(std::ostream& os) const override { os << "s.close()"; }
};

struct MakeFile : Command {
  void run(const Model& m, Sut& sut) const override {
    agree(m, sut);
    auto f = sut.s.makefile();
    if (m.s.closed()) {
      check_same(tm::to_outcome(f, [](const sock::net::UniqueFd&) { return Value(); }),
                 tm::to_outcome(tm::closed_socket(m.profile)));
      return;
    }
    const bool forbidden = m.s.makefile().verdict == tm::MakefileVerdict::forbidden;
    RC_ASSERT(f.ok() == !forbidden);
    if (forbidden) RC_ASSERT(f.error().error_class == std::string("ValueError"));
  }
  void show(std::ostream& os) const override { os << "s.makefile('rb')"; }
};

// ---- running it -------------------------------------------------------------------

// RapidCheck's defaults (100 cases of up to 100 commands) would take
// minutes of real sockets; these bounds keep the property under a few
// seconds per profile. RC_PARAMS="max_success=... max_size=..." overrides them.
template <typename Testable>
void check_bounded(const std::string& id, Testable&& testable, int max_success, int max_size, std::uint64_t salt) {
  using namespace rc::detail;
  TestParams params = configuration().testParams;
  params.seed += salt;  // a different stream of sequences per profile
  const char* env = std::getenv("RC_PARAMS");
  const std::string rc_params = env ? env : "";
  if (rc_params.find("max_success") == std::string::npos) params.maxSuccess = max_success;
  if (rc_params.find("max_size") == std::string::npos) params.maxSize = max_size;
  TestMetadata metadata;
  metadata.id = id;
  metadata.description = id;
  const auto result = checkTestable(std::forward<Testable>(testable), metadata, params);
  if (!result.template is<SuccessResult>()) {
    std::ostringstream ss;
    printResultMessage(result, ss);
    FAIL() << ss.str();
  }
}

void run_state_machine(Profile profile) {
  check_bounded(
      "SocketModel/" + std::string(sock::name(profile)),
      [profile] {
        Model initial(profile);
        Sut sut(profile);
        rc::state::check(initial, sut,
                         rc::state::gen::execOneOfWithArgs<SetTimeout, SetBlocking, GetTimeout, SetDefaultTimeout,
                                                           NewSocket, PeerSend, Recv, Send, PeerDrain, ClientConnects,
                                                           Accept, NewSocketConnects, CloseS, MakeFile>());
      },
      /*max_success=*/100, /*max_size=*/100, static_cast<std::uint64_t>(profile));
}

class SocketAgainstModel : public testing::TestWithParam<Profile> {};

TEST_P(SocketAgainstModel, RandomSequencesAgreeStepByStep) {
  g_commands = g_timed_waits = 0;
  run_state_machine(GetParam());
  std::cout << "  " << g_commands << " commands run (shrinking included), " << g_timed_waits
            << " of them waited for a timeout\n";
  if (!HasFailure()) {
    EXPECT_GT(g_commands, 500) << "the generator produced almost nothing";
  }
}

std::string profile_test_name(const testing::TestParamInfo<Profile>& param) {
  std::string s = "v" + std::string(sock::name(param.param));
  for (char& c : s) {
    if (c == '.') c = '_';
  }
  return s;
}

INSTANTIATE_TEST_SUITE_P(Profiles, SocketAgainstModel, testing::ValuesIn(sock::kProfiles), profile_test_name);

}  // namespace
