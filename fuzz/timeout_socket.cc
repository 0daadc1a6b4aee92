// timeout_socket: sequences of timeout-API calls applied both to the
// reference socket (impl/socket: real AF_UNIX descriptors, made fresh for
// every input and closed at its end) and to the timeout model
// (impl/timeout: ModuleModel, SocketModel), checking after every call that
// what the descriptor shows agrees with the model. timeout_model checks the
// model against the documents' rules; this target checks that the socket
// obeys the model on a real kernel.
//
// Input: byte 0 picks the profile; then operations until the input ends,
// each an opcode byte, a slot byte (four slots, each holding one end of a
// socketpair made at the start) and, for the calls that take one, an
// argument in the format of fuzz/value_decoder.h:
//   0 settimeout(v)   1 setblocking(v)   2 setdefaulttimeout(v)
//   3 gettimeout()    4 getblocking()    5 getdefaulttimeout()
//   6 a new socketpair; one end goes in the slot (slot byte bit 7 asks for
//     SOCK_NONBLOCK)
//   7 a new listening socket in the slot (autobound AF_UNIX; bit 7 as in 6)
//   8 accept(): a client connects to the slot's listener, and the
//     connection accept() returns goes in the next slot
//   9 close()
//  10 "not ready": recv(1) with nothing to read (accept() with nothing
//     queued on a listener)
//  11 the peer sends one byte, then recv(1)
//
// Invariants:
//
//  1. Every timeout call (settimeout, setblocking, gettimeout, getblocking,
//     setdefaulttimeout, getdefaulttimeout) has the model's outcome: the same
//     value (a nan timeout equal to nan), or the same exception class and
//     message, or "unsupported" exactly where the model's profile lacks it.
//  2. After every operation, for every open socket: the socket's setting is
//     the model's, and its descriptor has O_NONBLOCK exactly when the model
//     is not in blocking mode ("sockets in timeout mode are internally set
//     in non-blocking mode", 3.3). A closed socket holds no descriptor. The
//     module default is the model's.
//  3. A new socket (a socketpair's two ends, a listener) starts with the
//     model's new_socket() setting: the default, or non-blocking with
//     SOCK_NONBLOCK from 3.3.
//  4. accept() with a connection queued returns at once (no poll()) in
//     every mode, and the accepted socket has a setting the model's accept
//     rule allows (3.3 "Timeouts and the accept method"), its descriptor to
//     match.
//  5. With nothing to read (to accept), recv (accept) does what the model's
//     when_not_ready says: a closed socket raises the closed-socket error
//     and a non-blocking one the model's error (EAGAIN: socket.error, or
//     BlockingIOError from 3.3), both without calling poll(); a timeout
//     socket raises the model's timeout exception after at least its timeout
//     on the monotonic clock. Blocking mode and timeouts above kMaxWait are
//     not run (they would wait), nor more than kMaxWaits waits per input:
//     the fuzzer must stay fast.
//  6. With a byte from the peer waiting, recv(1) returns it at once (no
//     poll()) in every mode, blocking included; a closed socket raises.
//
// Not here: dup() and makefile(), whose descriptors share the O_NONBLOCK
// flag of the original's open file description, so invariant 2 is not
// theirs to keep.
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "fuzz_support.h"
#include "impl/core/outcome.h"
#include "impl/core/value.h"
#include "impl/socket/socket.h"
#include "impl/timeout/errors.h"
#include "impl/timeout/model.h"
#include "value_decoder.h"

namespace {

using sock::Outcome;
using sock::OutcomeKind;
using sock::Profile;
using sock::Value;
using sock::net::Socket;
using sock::net::UniqueFd;
using sock::timeout::NotReady;
using sock::timeout::Setting;
using sock::timeout::SocketModel;
using sock::timeout::to_outcome;

// A profile byte and a few dozen operations.
constexpr std::size_t kMaxLen = 512;
constexpr int kSlots = 4;
// Waits actually run: timeouts up to 1 ms (poll() sleeps whole
// milliseconds, so each costs about 1 ms), at most two per input.
constexpr std::chrono::nanoseconds kMaxWait = std::chrono::milliseconds(1);
constexpr int kMaxWaits = 2;

// The real operating system, counting poll() calls: "at once" in the
// invariants means "without poll()", which holds however loaded the
// machine is, where a bound on the elapsed time would not.
class CountingOs : public sock::net::Os {
 public:
  int poll(pollfd* fds, nfds_t nfds, int timeout_ms) override {
    ++polls;
    return Os::poll(fds, nfds, timeout_ms);
  }
  int polls = 0;
};

CountingOs& counting_os() {
  static CountingOs os;
  return os;
}

// The descriptor's O_NONBLOCK bit, or -1 when fcntl fails.
SOCKFUZZ_CHECKER int nonblock_bit(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0) return -1;
  return (flags & O_NONBLOCK) != 0 ? 1 : 0;
}

SOCKFUZZ_CHECKER bool same_value(const Value& a, const Value& b) {
  const auto* x = a.get_if<double>();
  const auto* y = b.get_if<double>();
  if (x != nullptr && y != nullptr) return (std::isnan(*x) && std::isnan(*y)) || *x == *y;
  return a == b;
}

// Invariant 1's equality of outcomes.
SOCKFUZZ_CHECKER bool same_outcome(const Outcome& a, const Outcome& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case OutcomeKind::value: return same_value(a.value, b.value);
    case OutcomeKind::raised: return a.error_class == b.error_class && a.message == b.message;
    default: return true;
  }
}

SOCKFUZZ_CHECKER bool same_setting(const Setting& a, const Setting& b) { return a == b; }

SOCKFUZZ_CHECKER bool acceptable(const sock::timeout::AcceptRule& rule, const Setting& s) {
  for (const Setting& a : rule.acceptable) {
    if (a == s) return true;
  }
  return false;
}

// One slot: a socket, the model of it, and what keeps its peer alive.
struct Slot {
  std::optional<Socket> socket;
  SocketModel model{Profile::v1, Setting()};
  UniqueFd peer;  // the socketpair's other end, or the client accept() took
  bool listener = false;
  sockaddr_un address{};  // a listener's (abstract) address
  socklen_t address_length = 0;
};

class Run {
 public:
  explicit Run(Profile p) : p_(p), ctx_(sock::net::make_context(p, counting_os())), module_(p) {
    for (int i = 0; i < kSlots; ++i) new_pair(i, false);
  }

  void step(sockfuzz::ByteReader& in) {
    const int op = in.byte() % 12;
    const std::uint8_t slot_byte = in.byte();
    const int i = slot_byte % kSlots;
    const bool nonblock = (slot_byte & 0x80) != 0;
    switch (op) {
      case 0: settimeout(i, in.value()); break;
      case 1: setblocking(i, in.value()); break;
      case 2: setdefaulttimeout(in.value()); break;
      case 3: compare("gettimeout", slots_[i].model.gettimeout(), to_outcome(sock_(i).gettimeout())); break;
      case 4: compare("getblocking", slots_[i].model.getblocking(), to_outcome(sock_(i).getblocking())); break;
      case 5: compare("getdefaulttimeout", module_.getdefaulttimeout(), to_outcome(ctx_->getdefaulttimeout())); break;
      case 6: new_pair(i, nonblock); break;
      case 7: new_listener(i, nonblock); break;
      case 8: accept(i); break;
      case 9: close(i); break;
      case 10: not_ready(i); break;
      default: feed(i); break;
    }
    check_all();
  }

 private:
  Socket& sock_(int i) { return *slots_[i].socket; }

  // Checking only (fuzz_support.h, SOCKFUZZ_CHECKER): its branches say
  // nothing about the socket.
  SOCKFUZZ_CHECKER void compare(const char* call, const Outcome& model, const Outcome& real) {
    SOCKFUZZ_CHECK_WITH(same_outcome(model, real), .text("profile", sock::name(p_))
                                                       .text("call", call)
                                                       .text("model", sock::describe(model))
                                                       .text("socket", sock::describe(real)));
  }

  // 2, for every slot, and the module default. A checker, as compare().
  SOCKFUZZ_CHECKER void check_all() {
    for (int k = 0; k < kSlots; ++k) {
      const Slot& s = slots_[k];
      const Socket& real = *s.socket;
      SOCKFUZZ_CHECK_WITH(same_setting(real.model().setting(), s.model.setting()) &&
                              real.model().closed() == s.model.closed(),
                          .text("profile", sock::name(p_))
                              .text("slot", std::to_string(k))
                              .text("socket", real.model().setting().repr())
                              .text("model", s.model.setting().repr())
                              .text("closed (socket, model)", std::string(real.model().closed() ? "yes" : "no") + "," +
                                                                  (s.model.closed() ? "yes" : "no")));
      if (s.model.closed()) {
        SOCKFUZZ_CHECK_WITH(real.raw_fd() == -1, .text("slot", std::to_string(k)).text("call", "closed socket's fd"));
        continue;
      }
      const int want = s.model.mode() == sock::timeout::Mode::blocking ? 0 : 1;
      const int got = nonblock_bit(real.raw_fd());
      SOCKFUZZ_CHECK_WITH(got == want, .text("profile", sock::name(p_))
                                           .text("slot", std::to_string(k))
                                           .text("model", s.model.setting().repr())
                                           .text("O_NONBLOCK", got < 0 ? "fcntl failed" : (got ? "set" : "clear")));
    }
    SOCKFUZZ_CHECK_WITH(same_setting(ctx_->module().default_setting(), module_.default_setting()),
                        .text("profile", sock::name(p_))
                            .text("context default", ctx_->module().default_setting().repr())
                            .text("model default", module_.default_setting().repr()));
  }

  void settimeout(int i, const Value& v) {
    const Outcome model = slots_[i].model.settimeout(v);
    compare("settimeout", model, to_outcome(sock_(i).settimeout(v)));
  }

  void setblocking(int i, const Value& v) {
    const Outcome model = slots_[i].model.setblocking(v);
    compare("setblocking", model, to_outcome(sock_(i).setblocking(v)));
  }

  void setdefaulttimeout(const Value& v) {
    const Outcome model = module_.setdefaulttimeout(v);
    compare("setdefaulttimeout", model, to_outcome(ctx_->setdefaulttimeout(v)));
  }

  // 3: a new socket's setting is the model's new_socket().
  SOCKFUZZ_CHECKER void check_new(const Socket& s, const Setting& want, const char* what) {
    SOCKFUZZ_CHECK_WITH(same_setting(s.model().setting(), want), .text("profile", sock::name(p_))
                                                                    .text("new", what)
                                                                    .text("socket", s.model().setting().repr())
                                                                    .text("model", want.repr()));
  }

  void new_pair(int i, bool nonblock) {
    const int type = SOCK_STREAM | (nonblock ? SOCK_NONBLOCK : 0);
    const Setting want = module_.new_socket(nonblock);
    Slot& slot = slots_[i];
    if (sock::timeout::features(p_).socketpair) {
      auto pair = sock::net::socketpair(ctx_, AF_UNIX, type, 0);
      SOCKFUZZ_CHECK_WITH(pair.ok(), .text("call", "socketpair").text("error", pair.ok() ? "" : pair.error().message));
      auto [a, b] = std::move(pair).value();
      check_new(a, want, "socketpair end 0");
      check_new(b, want, "socketpair end 1");
      auto peer = b.detach();
      slot.peer = UniqueFd(peer.ok() ? peer.value() : -1);
      slot.socket.emplace(std::move(a));
    } else {
      // 1.x has no socketpair(): a raw pair, one end adopted as a socket
      // object (which starts with the default, as every new socket does).
      int sv[2] = {-1, -1};
      SOCKFUZZ_CHECK(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
      auto adopted = sock::net::adopt(ctx_, sv[0], AF_UNIX, type, 0);
      SOCKFUZZ_CHECK(adopted.ok());
      check_new(adopted.value(), want, "adopted socketpair end");
      slot.peer = UniqueFd(sv[1]);
      slot.socket.emplace(std::move(adopted).value());
    }
    slot.model = SocketModel(p_, want);
    slot.listener = false;
  }

  void new_listener(int i, bool nonblock) {
    const Setting want = module_.new_socket(nonblock);
    auto made = sock::net::socket(ctx_, AF_UNIX, SOCK_STREAM | (nonblock ? SOCK_NONBLOCK : 0), 0);
    SOCKFUZZ_CHECK_WITH(made.ok(), .text("call", "socket").text("error", made.ok() ? "" : made.error().message));
    Socket s = std::move(made).value();
    check_new(s, want, "listener");
    // The empty AF_UNIX name: Linux autobinds an unused abstract name, so no
    // file and no fixed name is ever involved.
    SOCKFUZZ_CHECK(s.bind(sock::net::Address{AF_UNIX, "", 0, 0, 0}).ok());
    SOCKFUZZ_CHECK(s.listen(1).ok());
    Slot& slot = slots_[i];
    slot.address_length = sizeof slot.address;
    SOCKFUZZ_CHECK(::getsockname(s.raw_fd(), reinterpret_cast<sockaddr*>(&slot.address), &slot.address_length) == 0);
    slot.socket.emplace(std::move(s));
    slot.model = SocketModel(p_, want);
    slot.peer = UniqueFd();
    slot.listener = true;
  }

  void close(int i) {
    slots_[i].model.close();
    SOCKFUZZ_CHECK(sock_(i).close().ok());
  }

  // 4
  void accept(int i) {
    Slot& l = slots_[i];
    // accept() on a connected socket is EINVAL, not a question of modes.
    if (!l.listener) return;
    auto& os = counting_os();
    if (l.model.closed()) {
      os.polls = 0;
      auto r = sock_(i).accept();
      compare("accept on a closed socket", to_outcome(sock::timeout::closed_socket(p_)),
              r.ok() ? Outcome::returned(Value()) : to_outcome(r.error()));
      SOCKFUZZ_CHECK(os.polls == 0);
      return;
    }
    // A non-blocking client: connect() completes at once while the backlog
    // has room (it always has: every connection is accepted at once), and
    // could never block the fuzzer if it had not.
    UniqueFd client(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    SOCKFUZZ_CHECK(client.get() >= 0);
    SOCKFUZZ_CHECK(::connect(client.get(), reinterpret_cast<const sockaddr*>(&l.address), l.address_length) == 0);
    const auto rule = module_.accepted(l.model.setting());
    os.polls = 0;
    auto r = sock_(i).accept();
    SOCKFUZZ_CHECK_WITH(r.ok() && os.polls == 0, .text("profile", sock::name(p_))
                                                     .text("listener", l.model.setting().repr())
                                                     .text("accept", r.ok() ? "returned" : r.error().message)
                                                     .text("poll() calls", std::to_string(os.polls)));
    Socket conn = std::move(std::move(r).value().conn);
    SOCKFUZZ_CHECK_WITH(acceptable(rule, conn.model().setting()),
                        .text("profile", sock::name(p_))
                            .text("listener", l.model.setting().repr())
                            .text("default", module_.default_setting().repr())
                            .text("accepted", conn.model().setting().repr())
                            .text("rule", rule.acceptable.front().repr())
                            .text("quote", rule.quote));
    Slot& into = slots_[(i + 1) % kSlots];
    into.model = SocketModel(p_, conn.model().setting());
    into.socket.emplace(std::move(conn));
    into.peer = std::move(client);
    into.listener = false;
  }

  // 5
  void not_ready(int i) {
    Slot& s = slots_[i];
    const auto op = s.listener ? sock::timeout::Op::accept : sock::timeout::Op::recv;
    const NotReady want = s.model.when_not_ready(op);
    const bool waits = want.kind == NotReady::Kind::fail_after || want.kind == NotReady::Kind::return_after;
    if (want.kind == NotReady::Kind::wait_forever) return;  // blocking: would never return
    if (waits && (want.after > kMaxWait || waits_ >= kMaxWaits)) return;
    if (waits) ++waits_;
    auto& os = counting_os();
    os.polls = 0;
    const auto started = sock::net::Os::Clock::now();
    Outcome got;
    if (s.listener) {
      auto r = sock_(i).accept();
      got = r.ok() ? Outcome::returned(Value()) : to_outcome(r.error());
    } else {
      auto r = sock_(i).recv(1);
      got = r.ok() ? Outcome::returned(sock::Bytes{r.value()}) : to_outcome(r.error());
    }
    const auto elapsed = sock::net::Os::Clock::now() - started;
    const bool at_once = os.polls == 0;
    const bool long_enough = elapsed >= want.after;
    SOCKFUZZ_CHECK_WITH(same_outcome(want.outcome, got) && (waits ? long_enough : at_once),
                        .text("profile", sock::name(p_))
                            .text("op", sock::timeout::to_string(op))
                            .text("model", s.model.setting().repr())
                            .text("closed", s.model.closed() ? "yes" : "no")
                            .text("want", sock::describe(want.outcome))
                            .text("got", sock::describe(got))
                            .text("want after ns", std::to_string(want.after.count()))
                            .text("elapsed ns", std::to_string(std::chrono::nanoseconds(elapsed).count()))
                            .text("poll() calls", std::to_string(os.polls)));
  }

  // 6
  void feed(int i) {
    Slot& s = slots_[i];
    if (s.listener) return;  // no peer to send from
    const bool closed = s.model.closed();
    // A closed socket's peer would get EPIPE: nothing is sent to it.
    if (!closed) SOCKFUZZ_CHECK(::send(s.peer.get(), "x", 1, MSG_DONTWAIT | MSG_NOSIGNAL) == 1);
    auto& os = counting_os();
    os.polls = 0;
    auto r = sock_(i).recv(1);
    const Outcome got = r.ok() ? Outcome::returned(sock::Bytes{r.value()}) : to_outcome(r.error());
    const Outcome want = closed ? to_outcome(sock::timeout::closed_socket(p_))
                                : Outcome::returned(sock::Bytes{"x"});
    SOCKFUZZ_CHECK_WITH(same_outcome(want, got) && os.polls == 0, .text("profile", sock::name(p_))
                                                                     .text("model", s.model.setting().repr())
                                                                     .text("want", sock::describe(want))
                                                                     .text("got", sock::describe(got))
                                                                     .text("poll() calls", std::to_string(os.polls)));
  }

  Profile p_;
  sock::net::ContextPtr ctx_;
  sock::timeout::ModuleModel module_;
  Slot slots_[kSlots];
  int waits_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Oversized inputs are not interesting (see kMaxLen); skip, don't fail.
  if (size > kMaxLen) return 0;
  const sockfuzz::InputScope scope(data, size);
  sockfuzz::ByteReader in(data, size);
  Run run(sock::kProfiles[in.byte() % sock::kProfiles.size()]);
  while (!in.empty()) run.step(in);
  return 0;
}
