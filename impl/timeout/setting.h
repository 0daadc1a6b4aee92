// setting.h: a socket's timeout setting, and the validation of the values
// settimeout(), setdefaulttimeout() and setblocking() accept.
//
// "A socket object can be in one of three modes: blocking, non-blocking, or
// timeout" (2.4, 2.6, 3.3, 3.12), and one number says which: gettimeout()
// returns None in blocking mode, 0.0 in non-blocking mode and the timeout in
// seconds otherwise. "s.settimeout(0.0) is equivalent to s.setblocking(0);
// s.settimeout(None) is equivalent to s.setblocking(1)."
//
// The documents promise that "a nonnegative float expressing seconds, or
// None" is accepted and say nothing about what a bad value raises; the
// rejections below are CPython's, observed on 2.7.18, 3.6.15, 3.7.16,
// 3.10.13, 3.11.7, 3.12.1 and 3.13.0 (messages: 2.7 for the 2.x profiles,
// 3.11 for 3.3, 3.12 for 3.12):
//
//   value              2.x profiles             3.3 and 3.12 profiles
//   -1, -0.5, -1e-10   ValueError "Timeout value out of range"
//   -inf               ValueError               OverflowError
//   nan                accepted (gettimeout nan) ValueError "Invalid value NaN (not a number)"
//   inf, 1e300, 9.3e9  accepted as given        OverflowError (beyond int64 nanoseconds)
//   10**20 (int)       accepted as 1e+20        OverflowError "timestamp too large to convert to C _PyTime_t"
//   1e-10              kept as 1e-10            rounded up to 1e-09 (whole nanoseconds, away from zero)
//   -0.0               kept as -0.0             0.0
//   '1', b'1', ()      TypeError "a float is required"   TypeError "'str' object cannot be interpreted as an integer"
//   True               1.0 (bool is an int)
//
// and for setblocking(flag):
//
//   flag               1.x/2.x          3.3 (CPython 3.3-3.11)   3.12 (CPython 3.12+)
//   0.5                int(0.5) = 0     TypeError                truthiness: blocking
//   None, '1'          TypeError        TypeError                truthiness (None: non-blocking)
//   2**63              OverflowError    OverflowError            truthiness: blocking
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "impl/core/profile.h"
#include "impl/core/value.h"
#include "result.h"

namespace sock::timeout {

enum class Mode : std::uint8_t { blocking, non_blocking, timeout };

[[nodiscard]] std::string_view to_string(Mode mode);

// The setting of one socket object (or the module default): None or a
// number of seconds, exactly as gettimeout() reports it.
class Setting {
 public:
  // Beyond this many seconds (about 31 years) a wait has no practical bound;
  // 2.x profiles store larger values, inf and nan as given, and CPython 2.7
  // on x86 then waits forever (its (int)(t * 1000) for poll() overflows to
  // a negative, i.e. infinite, timeout).
  static constexpr double kUnboundedAfterSeconds = 1e9;

  Setting() = default;  // None: blocking mode
  [[nodiscard]] static Setting blocking() { return {}; }
  [[nodiscard]] static Setting non_blocking() { return seconds(0.0); }
  // Stored as given: validation is parse_timeout's job.
  [[nodiscard]] static Setting seconds(double s);

  [[nodiscard]] bool is_none() const { return !seconds_.has_value(); }
  // The number of seconds; only when !is_none().
  [[nodiscard]] double value() const { return *seconds_; }

  // None -> blocking, 0.0 (or -0.0) -> non-blocking, anything else (nan
  // included, as 2.x stores it) -> timeout.
  [[nodiscard]] Mode mode() const;

  // What gettimeout() returns: None or a float.
  [[nodiscard]] Value python_value() const;

  // How long one operation may wait: nullopt without bound (blocking mode,
  // and timeouts of nan, inf or more than kUnboundedAfterSeconds), zero in
  // non-blocking mode, otherwise the timeout rounded up to nanoseconds.
  [[nodiscard]] std::optional<std::chrono::nanoseconds> wait_limit() const;

  // Python-like text for show(): "None", "0.0", "0.05".
  [[nodiscard]] std::string repr() const;

  // nan equals nan here: a setting of nan is one state of the machine.
  friend bool operator==(const Setting& a, const Setting& b);

 private:
  std::optional<double> seconds_;
};

// The timeout a settimeout(value) or setdefaulttimeout(value) call sets,
// or the exception it raises, in the profile (table above). The caller
// decides whether the profile has these functions at all.
[[nodiscard]] Result<Setting> parse_timeout(const Value& value, Profile profile);

// setblocking(flag): true for blocking mode, or the exception (table above).
[[nodiscard]] Result<bool> parse_blocking_flag(const Value& flag, Profile profile);

// Shortest text that reads back as the same double, as Python's repr does
// ("0.1", "1e-09", "1.0", "nan", "inf").
[[nodiscard]] std::string python_float_repr(double d);

}  // namespace sock::timeout
