// model_property_test: properties of the timeout state machine, each
// against an independent oracle written as the documents word it.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <limits>
#include <optional>

#include "impl/timeout/model.h"

namespace {

using sock::Outcome;
using sock::Profile;
using sock::Value;
using namespace sock::timeout;

const Profile kTimeoutProfiles[] = {Profile::v2_4, Profile::v2_6, Profile::v3_3, Profile::v3_12};

rc::Gen<Profile> gen_profile() {
  return rc::gen::elementOf(std::vector<Profile>(std::begin(kTimeoutProfiles), std::end(kTimeoutProfiles)));
}

// Arguments a Python program could pass: well-formed timeouts and the
// edges where the profiles disagree.
rc::Gen<Value> gen_timeout_arg() {
  return rc::gen::oneOf(
      rc::gen::just(Value()),
      rc::gen::map(rc::gen::inRange(0, 100000), [](int ms) { return Value(ms / 1000.0); }),
      rc::gen::map(rc::gen::inRange(-5, 5), [](int i) { return Value(std::int64_t{i}); }),
      rc::gen::map(rc::gen::arbitrary<bool>(), [](bool b) { return Value(b); }),
      rc::gen::map(rc::gen::arbitrary<double>(), [](double d) { return Value(d); }),
      rc::gen::element(Value(std::numeric_limits<double>::quiet_NaN()), Value(std::numeric_limits<double>::infinity()),
                       Value(-0.0), Value("0.5"), Value(sock::Bytes{""}), Value(sock::BigInt{"99999999999999999999"})));
}

// The documents' promise: "a nonnegative float expressing seconds" is
// accepted. Whole nanoseconds bound it in 3.x, so stay below 9.2e9 s.
RC_GTEST_PROP(TimeoutModel, EveryNonnegativeFloatIsAccepted, ()) {
  const Profile p = *gen_profile();
  const double x = *rc::gen::map(rc::gen::inRange<std::int64_t>(0, 9'000'000'000'000), [](std::int64_t ms) {
    return static_cast<double>(ms) / 1000.0;
  });
  SocketModel s(p, Setting::blocking());
  RC_ASSERT(s.settimeout(Value(x)).returned_value());
  const double got = s.gettimeout().value.as<double>();
  // 2.x keeps the float; 3.x rounds it up to whole nanoseconds.
  if (p < Profile::v3_3) {
    RC_ASSERT(got == x);
  } else {
    RC_ASSERT(got >= x - x * 1e-15);
    RC_ASSERT(got - x <= 1e-9 + x * 1e-15);
  }
  RC_ASSERT((x == 0.0) == (s.mode() == Mode::non_blocking));
}

// Negative numbers of seconds are refused in every profile with a timeout
// (ValueError "Timeout value out of range"), and the setting is unchanged.
RC_GTEST_PROP(TimeoutModel, NegativeTimeoutsAreRefused, ()) {
  const Profile p = *gen_profile();
  const double x = -static_cast<double>(*rc::gen::inRange<std::int64_t>(1, 9'000'000'000)) / 1000.0;
  SocketModel s(p, Setting::seconds(3.0));
  const Outcome o = s.settimeout(Value(x));
  RC_ASSERT(o.raised());
  RC_ASSERT(o.error_class == "ValueError");
  RC_ASSERT(s.setting() == Setting::seconds(3.0));
}

// Oracle: a socket's gettimeout() "reflects the last call to setblocking()
// or settimeout()" that succeeded; failed calls change nothing; the mode is
// a function of that value (None: blocking, 0: non-blocking, else timeout).
RC_GTEST_PROP(TimeoutModel, GettimeoutReflectsTheLastSuccessfulCall, ()) {
  const Profile p = *gen_profile();
  const auto calls = *rc::gen::container<std::vector<std::pair<bool, Value>>>(
      rc::gen::pair(rc::gen::arbitrary<bool>(), gen_timeout_arg()));
  SocketModel s(p, Setting::blocking());
  Value last;  // None: sockets start blocking when the default is None
  for (const auto& [use_setblocking, arg] : calls) {
    const Outcome o = use_setblocking ? s.setblocking(arg) : s.settimeout(arg);
    if (o.returned_value()) {
      if (use_setblocking) {
        last = s.mode() == Mode::blocking ? Value() : Value(0.0);
      } else {
        last = s.gettimeout().value;
      }
    }
    RC_ASSERT(s.gettimeout().value == last);
    const Value& v = last;
    const Mode want = v.is<sock::None>() ? Mode::blocking
                      : v.as<double>() == 0.0 ? Mode::non_blocking
                                              : Mode::timeout;
    RC_ASSERT(s.mode() == want);
  }
}

// setblocking(flag) and settimeout(None / 0.0) are interchangeable for any
// integer flag, from any state, in every profile.
RC_GTEST_PROP(TimeoutModel, SetblockingEqualsSettimeout, (int flag, bool start_blocking)) {
  const Profile p = *gen_profile();
  const Setting start = start_blocking ? Setting::blocking() : Setting::seconds(0.5);
  SocketModel a(p, start), b(p, start);
  RC_ASSERT(a.setblocking(Value(std::int64_t{flag})).returned_value());
  RC_ASSERT(b.settimeout(flag != 0 ? Value() : Value(0.0)).returned_value());
  RC_ASSERT(a.setting() == b.setting());
}

// An accepted socket's setting is always one the rule allows, and the rule
// names one setting exactly when the documents decide it.
RC_GTEST_PROP(TimeoutModel, AcceptRuleIsDecidedExceptForNonBlockingListeners, (int listener_mode, bool with_default)) {
  const Profile p = *gen_profile();
  ModuleModel m(p);
  if (with_default) RC_ASSERT(m.setdefaulttimeout(Value(0.25)).returned_value());
  const Setting listener = listener_mode % 3 == 0   ? Setting::blocking()
                           : listener_mode % 3 == 1 ? Setting::non_blocking()
                                                    : Setting::seconds(1.0);
  const AcceptRule rule = m.accepted(listener);
  const bool undecided = p >= Profile::v3_3 && !with_default && listener.mode() == Mode::non_blocking;
  RC_ASSERT(rule.platform_defined() == undecided);
  if (with_default) RC_ASSERT(rule.acceptable.front() == Setting::seconds(0.25));
}

}  // namespace
