// timeout_model: sequences of timeout-API calls against the timeout model
// (impl/timeout: ModuleModel, SocketModel), judged by a small independent
// oracle written here from the documents' rules rather than from the
// model's code.
//
// Input: byte 0 picks the profile; then operations until the input ends,
// each an opcode byte, a socket slot byte (four slots, each holding a
// socket made by the module's new_socket() at the start) and, for the calls
// that take one, an argument in the format of fuzz/value_decoder.h:
//   0 settimeout(v)   1 setblocking(v)   2 setdefaulttimeout(v)
//   3 gettimeout()    4 getblocking()    5 getdefaulttimeout()
//   6 a new socket (the slot byte's bit 7 asks for SOCK_NONBLOCK)
//   7 accept() on the slot's socket, into the next slot
//   8 close()         9 when_not_ready(op), op = slot byte >> 4
//
// Invariants (the oracle keeps each socket's timeout, None or seconds, its
// closed flag and the module default):
//
//  1. Profiles: 1.x has no settimeout/gettimeout/setdefaulttimeout/
//     getdefaulttimeout, only 3.12 has getblocking: those calls answer
//     "unsupported" and change nothing; every other call either returns or
//     raises (never unsupported/errored).
//  2. "s.settimeout(0.0) is equivalent to s.setblocking(0);
//     s.settimeout(None) is equivalent to s.setblocking(1)": after
//     setblocking(f) gettimeout() is None when f is true and 0.0 when it is
//     false (truth of f: Python's rules in 3.12, int(f) before).
//  3. gettimeout() "reflects the last call to setblocking() or
//     settimeout()": after settimeout(x) with a number x >= 0 it is x (3.x:
//     rounded up to whole nanoseconds, so within 1 ns), None after
//     settimeout(None); a call that raises changes nothing.
//  4. A negative timeout raises (ValueError, or OverflowError when it is
//     beyond int64 nanoseconds in 3.x); a str, bytes or tuple timeout raises
//     TypeError; 3.x rejects nan (ValueError); 2.x stores nan and inf as
//     given; any call on a closed 2.x socket raises.
//  5. getblocking() is False exactly in non-blocking mode (timeout 0.0),
//     getdefaulttimeout() returns the last setdefaulttimeout() value, and a
//     new socket starts with the default (0.0 with SOCK_NONBLOCK from 3.3).
//  6. accept() inheritance (3.3 "Timeouts and the accept method"): the
//     default when it is not None; else blocking when the listener is
//     blocking or has a timeout, blocking or non-blocking
//     (OS-dependent) when it is non-blocking. Before 3.3 an accepted socket
//     is a new socket: the default.
//  7. when_not_ready: a closed socket fails at once; blocking mode waits
//     forever; non-blocking mode fails at once (connect_ex returns
//     EINPROGRESS); timeout mode waits at least the timeout, within 1 ns,
//     then fails (connect_ex returns EWOULDBLOCK), or waits forever only for
//     a timeout beyond Setting::kUnboundedAfterSeconds, inf or nan. Every
//     bounded wait is at least 1 ns.
//  8. The model never reaches an invalid state: a socket's or the default's
//     timeout is None or a number >= 0; in 3.x also finite, not nan and
//     below 2**63 ns.
#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "impl/core/constants.h"
#include "impl/core/outcome.h"
#include "impl/core/value.h"
#include "impl/timeout/model.h"
#include "value_decoder.h"

namespace {

using sock::Outcome;
using sock::OutcomeKind;
using sock::Profile;
using sock::Value;
using sock::timeout::NotReady;
using sock::timeout::Setting;

// A profile byte and up to a few dozen operations.
constexpr std::size_t kMaxLen = 512;
constexpr int kSlots = 4;

// The oracle's view of one timeout: nullopt is None.
using Timeout = std::optional<double>;

struct OracleSocket {
  Timeout timeout;
  bool closed = false;
};

// A number argument as the documents read it, or why it is not one.
struct Number {
  enum Kind : std::uint8_t { number, big, not_number } kind = not_number;
  double value = 0;  // kind == number
};

SOCKFUZZ_CHECKER Number number_of(const Value& v) {
  if (const auto* b = v.get_if<bool>()) return {Number::number, *b ? 1.0 : 0.0};
  if (const auto* i = v.get_if<std::int64_t>()) return {Number::number, static_cast<double>(*i)};
  if (const auto* d = v.get_if<double>()) return {Number::number, *d};
  if (const auto* c = v.get_if<sock::Const>()) {
    const auto n = sock::constant_value(c->name);
    if (n) return {Number::number, static_cast<double>(*n)};
    return {};
  }
  if (v.is<sock::BigInt>()) return {Number::big, 0};
  return {};
}

// Python's truth value (3.12's setblocking).
SOCKFUZZ_CHECKER bool truth(const Value& v) {
  if (v.is<sock::None>()) return false;
  if (const auto* b = v.get_if<bool>()) return *b;
  if (const auto* i = v.get_if<std::int64_t>()) return *i != 0;
  if (const auto* d = v.get_if<double>()) return *d != 0.0;
  if (const auto* s = v.get_if<std::string>()) return !s->empty();
  if (const auto* b = v.get_if<sock::Bytes>()) return !b->data.empty();
  if (const auto* t = v.get_if<sock::Tuple>()) return !t->empty();
  if (const auto* c = v.get_if<sock::Const>()) return sock::constant_value(c->name).value_or(1) != 0;
  return true;
}

SOCKFUZZ_CHECKER bool is_class(const Outcome& o, std::string_view a, std::string_view b = {}) {
  return o.raised() && (o.error_class == a || (!b.empty() && o.error_class == b));
}

SOCKFUZZ_CHECKER Timeout timeout_of(const Setting& s) {
  if (s.is_none()) return std::nullopt;
  return s.value();
}

SOCKFUZZ_CHECKER bool same_timeout(const Timeout& a, const Timeout& b) {
  if (!a || !b) return a.has_value() == b.has_value();
  return (std::isnan(*a) && std::isnan(*b)) || *a == *b;
}

SOCKFUZZ_CHECKER bool returns_timeout(const Outcome& o, const Timeout& t) {
  if (!o.returned_value()) return false;
  if (!t) return o.value.is<sock::None>();
  const auto* d = o.value.get_if<double>();
  return d != nullptr && ((std::isnan(*d) && std::isnan(*t)) || *d == *t);
}

SOCKFUZZ_CHECKER std::string show(const Timeout& t) {
  return t ? Setting::seconds(*t).repr() : std::string("None");
}

// Invariant 8.
SOCKFUZZ_CHECKER bool valid(const Setting& s, Profile p) {
  if (s.is_none()) return true;
  const double x = s.value();
  if (p < Profile::v3_3) return std::isnan(x) || x >= 0.0;
  return std::isfinite(x) && x >= 0.0 && x * 1e9 < 9223372036854775808.0;
}

// What settimeout(v)/setdefaulttimeout(v) must do on an open socket in
// profile p (invariants 3 and 4): `accept` is the setting it makes when it
// must succeed, `may_fail`/`must_fail` bound the outcome, `classes` the
// exception classes allowed when it raises.
struct TimeoutRule {
  bool must_fail = false;
  bool may_fail = false;
  std::string_view class_a, class_b;
  Timeout expect;         // when it succeeds: the timeout, before rounding
  bool rounded = false;   // 3.x: within 1 ns above `expect`
};

SOCKFUZZ_CHECKER TimeoutRule timeout_rule(const Value& v, Profile p) {
  TimeoutRule r;
  if (v.is<sock::None>()) return r;  // expect None
  const Number n = number_of(v);
  const bool py3 = p >= Profile::v3_3;
  if (n.kind == Number::not_number) {
    r.must_fail = true;
    r.class_a = "TypeError";
    return r;
  }
  if (n.kind == Number::big) {
    // Beyond int64: 3.x overflows; 2.x converts to a float, which is
    // negative (ValueError), infinite (OverflowError) or a timeout.
    r.may_fail = true;
    r.must_fail = py3;
    r.class_a = "OverflowError";
    r.class_b = py3 ? "" : "ValueError";
    r.expect = std::nullopt;
    return r;
  }
  const double x = n.value;
  r.expect = x;
  if (!py3) {
    if (x < 0) {
      r.must_fail = true;
      r.class_a = "ValueError";
    }
    return r;  // nan and inf stored as given
  }
  r.rounded = true;
  if (std::isnan(x)) {
    r.must_fail = true;
    r.class_a = "ValueError";
  } else if (std::fabs(x) >= 9.3e9) {
    r.must_fail = true;  // beyond int64 nanoseconds (2**63 ns is 9223372036.85 s)
    r.class_a = "OverflowError";
  } else if (std::fabs(x) >= 9.2e9) {
    r.may_fail = true;  // the rounding of x * 1e9 decides; either class
    r.class_a = "OverflowError";
    r.class_b = "ValueError";
  } else if (x < 0) {
    r.must_fail = true;
    r.class_a = "ValueError";
  }
  return r;
}

SOCKFUZZ_CHECKER bool within_rounding(double got, double want) {
  // 3.x: ceil(want * 1e9) ns, back to seconds: a relative error of a few
  // ulps plus at most 1 ns.
  return got >= 0.0 && std::fabs(got - want) <= 1e-9 + 4 * 2.3e-16 * std::fabs(want);
}

// Checks a settimeout/setdefaulttimeout outcome against the rule, and
// returns the setting it made (or nullptr when it changed nothing).
SOCKFUZZ_CHECKER bool follows(const TimeoutRule& r, const Outcome& o, const Setting& after) {
  if (o.raised()) {
    if (!r.must_fail && !r.may_fail) return false;
    return is_class(o, r.class_a, r.class_b);
  }
  if (!o.returned_value() || !o.value.is<sock::None>() || r.must_fail) return false;
  if (!r.expect) return after.is_none() || r.may_fail;  // None, or a 2.x BigInt
  if (after.is_none()) return false;
  const double got = after.value();
  if (!r.rounded) return (std::isnan(got) && std::isnan(*r.expect)) || got == *r.expect || (got == 0 && *r.expect == 0);
  return within_rounding(got, *r.expect) || (*r.expect == 0 && got == 0);
}

class Run {
 public:
  explicit Run(Profile p) : p_(p), module_(p) {
    for (int i = 0; i < kSlots; ++i) open(i, module_.new_socket());
  }

  void step(sockfuzz::ByteReader& in) {
    const int op = in.byte() % 10;
    const std::uint8_t slot_byte = in.byte();
    const int i = slot_byte % kSlots;
    switch (op) {
      case 0: settimeout(i, in.value()); break;
      case 1: setblocking(i, in.value()); break;
      case 2: setdefaulttimeout(in.value()); break;
      case 3: gettimeout(i); break;
      case 4: getblocking(i); break;
      case 5: getdefaulttimeout(); break;
      case 6: new_socket(i, (slot_byte & 0x80) != 0); break;
      case 7: accept(i, (i + 1) % kSlots, in.byte()); break;
      case 8:
        model_[i].close();
        oracle_[i].closed = true;
        break;
      default: when_not_ready(i, static_cast<sock::timeout::Op>((slot_byte >> 4) % 9)); break;
    }
    // 8
    for (int k = 0; k < kSlots; ++k) {
      SOCKFUZZ_CHECK_WITH(valid(model_[k].setting(), p_), .text("profile", sock::name(p_))
                                                               .text("socket timeout", model_[k].setting().repr()));
      SOCKFUZZ_CHECK_WITH(same_timeout(timeout_of(model_[k].setting()), oracle_[k].timeout),
                          .text("profile", sock::name(p_))
                              .text("model", model_[k].setting().repr())
                              .text("oracle", show(oracle_[k].timeout)));
    }
    SOCKFUZZ_CHECK_WITH(valid(module_.default_setting(), p_),
                        .text("profile", sock::name(p_)).text("default", module_.default_setting().repr()));
  }

 private:
  [[nodiscard]] bool py3() const { return p_ >= Profile::v3_3; }
  [[nodiscard]] bool has_settimeout() const { return p_ >= Profile::v2_4; }

  void open(int i, const Setting& s) {
    model_[i] = sock::timeout::SocketModel(p_, s);
    oracle_[i] = OracleSocket{timeout_of(s), false};
  }

  // 1: unsupported exactly where the profile lacks the call.
  void check_supported(const char* call, bool supported, const Outcome& o) {
    const bool ok = supported ? (o.kind == OutcomeKind::value || o.kind == OutcomeKind::raised)
                              : o.kind == OutcomeKind::unsupported;
    SOCKFUZZ_CHECK_WITH(ok, .text("profile", sock::name(p_)).text("call", call).text("outcome", sock::describe(o)));
  }

  void settimeout(int i, const Value& v) {
    const Outcome o = model_[i].settimeout(v);
    check_supported("settimeout", has_settimeout(), o);
    if (!has_settimeout()) return;
    if (oracle_[i].closed) {
      // 4: a closed socket raises (2.x at once, 3.x after parsing).
      SOCKFUZZ_CHECK_WITH(o.raised(), .text("call", "settimeout on a closed socket").text("outcome", sock::describe(o)));
      return;
    }
    const TimeoutRule rule = timeout_rule(v, p_);
    SOCKFUZZ_CHECK_WITH(follows(rule, o, model_[i].setting()),
                        .text("profile", sock::name(p_))
                            .text("call", "settimeout")
                            .text("argument", sock::repr(v))
                            .text("before", show(oracle_[i].timeout))
                            .text("outcome", sock::describe(o))
                            .text("after", model_[i].setting().repr()));
    // 3: the state follows the call; a raise changes nothing.
    if (o.returned_value()) oracle_[i].timeout = timeout_of(model_[i].setting());
  }

  void setblocking(int i, const Value& v) {
    const Outcome o = model_[i].setblocking(v);
    check_supported("setblocking", true, o);
    if (oracle_[i].closed) {
      SOCKFUZZ_CHECK_WITH(o.raised(), .text("call", "setblocking on a closed socket").text("outcome", sock::describe(o)));
      return;
    }
    // What the flag must do: a truth value, or an exception of these classes.
    bool must_fail = false, may_fail = false;
    bool flag = false;
    std::string_view class_a, class_b;
    if (p_ == Profile::v3_12) {
      flag = truth(v);
    } else {
      const Number n = number_of(v);
      const bool is_float = v.is<double>();
      if (n.kind == Number::big) {
        must_fail = true;
        class_a = "OverflowError";
      } else if (n.kind == Number::not_number || (is_float && p_ == Profile::v3_3)) {
        must_fail = true;
        class_a = "TypeError";
      } else if (is_float) {
        // int(f): truncation; nan and huge values cannot be ints.
        const double x = n.value;
        if (std::isnan(x)) {
          must_fail = true;
          class_a = "ValueError";
        } else if (std::fabs(x) >= 9.2e18) {
          must_fail = !(std::fabs(x) < 9.3e18);
          may_fail = true;
          class_a = "OverflowError";
        } else {
          flag = std::trunc(x) != 0.0;
        }
      } else {
        flag = n.value != 0.0;
      }
    }
    bool ok = false;
    if (o.raised()) {
      ok = (must_fail || may_fail) && is_class(o, class_a, class_b);
    } else if (o.returned_value() && o.value.is<sock::None>() && !must_fail) {
      // 2
      const Timeout after = timeout_of(model_[i].setting());
      ok = may_fail || (flag ? !after.has_value() : (after.has_value() && *after == 0.0));
    }
    SOCKFUZZ_CHECK_WITH(ok, .text("profile", sock::name(p_))
                                .text("call", "setblocking")
                                .text("argument", sock::repr(v))
                                .text("outcome", sock::describe(o))
                                .text("after", model_[i].setting().repr()));
    if (o.returned_value()) oracle_[i].timeout = timeout_of(model_[i].setting());
  }

  void setdefaulttimeout(const Value& v) {
    const Outcome o = module_.setdefaulttimeout(v);
    check_supported("setdefaulttimeout", has_settimeout(), o);
    if (!has_settimeout()) return;
    SOCKFUZZ_CHECK_WITH(follows(timeout_rule(v, p_), o, module_.default_setting()),
                        .text("profile", sock::name(p_))
                            .text("call", "setdefaulttimeout")
                            .text("argument", sock::repr(v))
                            .text("outcome", sock::describe(o))
                            .text("after", module_.default_setting().repr()));
    if (o.returned_value()) default_ = timeout_of(module_.default_setting());
    // 5: what is set is what getdefaulttimeout answers.
    SOCKFUZZ_CHECK(same_timeout(timeout_of(module_.default_setting()), default_));
  }

  void gettimeout(int i) {
    const Outcome o = model_[i].gettimeout();
    check_supported("gettimeout", has_settimeout(), o);
    if (!has_settimeout()) return;
    if (oracle_[i].closed && !py3()) {
      SOCKFUZZ_CHECK_WITH(o.raised(), .text("call", "gettimeout on a closed 2.x socket").text("outcome", sock::describe(o)));
      return;
    }
    SOCKFUZZ_CHECK_WITH(returns_timeout(o, oracle_[i].timeout), .text("profile", sock::name(p_))
                                                                    .text("call", "gettimeout")
                                                                    .text("oracle", show(oracle_[i].timeout))
                                                                    .text("outcome", sock::describe(o)));
  }

  void getblocking(int i) {
    const Outcome o = model_[i].getblocking();
    check_supported("getblocking", p_ == Profile::v3_12, o);
    if (p_ != Profile::v3_12) return;
    const Timeout& t = oracle_[i].timeout;
    const bool blocking = !t.has_value() || *t != 0.0;
    SOCKFUZZ_CHECK_WITH(o.returned_value() && o.value == Value(blocking),
                        .text("call", "getblocking").text("oracle", show(t)).text("outcome", sock::describe(o)));
  }

  void getdefaulttimeout() {
    const Outcome o = module_.getdefaulttimeout();
    check_supported("getdefaulttimeout", has_settimeout(), o);
    if (!has_settimeout()) return;
    SOCKFUZZ_CHECK_WITH(returns_timeout(o, default_),
                        .text("call", "getdefaulttimeout").text("oracle", show(default_)).text("outcome", sock::describe(o)));
  }

  void new_socket(int i, bool nonblock) {
    const Setting s = module_.new_socket(nonblock);
    // 5
    const Timeout want = nonblock && py3() ? Timeout(0.0) : default_;
    SOCKFUZZ_CHECK_WITH(same_timeout(timeout_of(s), want),
                        .text("profile", sock::name(p_)).text("new socket", s.repr()).text("oracle", show(want)));
    open(i, s);
  }

  void accept(int listener, int into, std::uint8_t pick) {
    const auto rule = module_.accepted(model_[listener].setting());
    // 6
    const Timeout& l = oracle_[listener].timeout;
    bool ok = false;
    if (!py3() || default_.has_value()) {
      ok = rule.acceptable.size() == 1 && same_timeout(timeout_of(rule.acceptable[0]), default_);
    } else if (l.has_value() && *l == 0.0) {
      ok = rule.acceptable.size() == 2 && rule.platform_defined() &&
           ((rule.acceptable[0].is_none() && timeout_of(rule.acceptable[1]) == Timeout(0.0)) ||
            (rule.acceptable[1].is_none() && timeout_of(rule.acceptable[0]) == Timeout(0.0)));
    } else {
      ok = rule.acceptable.size() == 1 && rule.acceptable[0].is_none();
    }
    SOCKFUZZ_CHECK_WITH(ok, .text("profile", sock::name(p_))
                                .text("listener", show(l))
                                .text("default", show(default_))
                                .text("rule", rule.acceptable.empty() ? "(none)" : rule.acceptable[0].repr())
                                .text("quote", rule.quote));
    open(into, rule.acceptable[pick % rule.acceptable.size()]);
  }

  void when_not_ready(int i, sock::timeout::Op op) {
    const NotReady r = model_[i].when_not_ready(op);
    const bool connect_ex = op == sock::timeout::Op::connect_ex;
    const Timeout& t = oracle_[i].timeout;
    bool ok = false;
    if (oracle_[i].closed) {
      ok = r.kind == NotReady::Kind::fail_now && r.outcome.raised();
    } else if (!t) {
      ok = r.kind == NotReady::Kind::wait_forever;
    } else if (*t == 0.0) {
      ok = connect_ex ? (r.kind == NotReady::Kind::return_now && r.outcome.value == Value(std::int64_t{EINPROGRESS}))
                      : (r.kind == NotReady::Kind::fail_now && r.outcome.raised());
    } else if (!std::isfinite(*t) || *t > Setting::kUnboundedAfterSeconds) {
      ok = r.kind == NotReady::Kind::wait_forever;
    } else {
      const double ns = *t * 1e9;
      const auto after = static_cast<double>(r.after.count());
      const bool bounded = after >= 1.0 && after >= ns - 1.0 && after <= ns + 1.0 + ns * 1e-15;
      ok = bounded && (connect_ex ? (r.kind == NotReady::Kind::return_after &&
                                     r.outcome.value == Value(std::int64_t{EWOULDBLOCK}))
                                  : (r.kind == NotReady::Kind::fail_after && r.outcome.raised()));
    }
    SOCKFUZZ_CHECK_WITH(ok, .text("profile", sock::name(p_))
                                .text("op", sock::timeout::to_string(op))
                                .text("timeout", show(t))
                                .text("closed", oracle_[i].closed ? "yes" : "no")
                                .text("outcome", sock::describe(r.outcome))
                                .text("after ns", std::to_string(r.after.count())));
  }

  Profile p_;
  sock::timeout::ModuleModel module_;
  Timeout default_;
  sock::timeout::SocketModel model_[kSlots] = {
      {p_, Setting()}, {p_, Setting()}, {p_, Setting()}, {p_, Setting()}};
  OracleSocket oracle_[kSlots];
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
