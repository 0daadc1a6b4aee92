#include "setting.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

#include "errors.h"
#include "impl/core/constants.h"

namespace sock::timeout {

std::string_view to_string(Mode mode) {
  switch (mode) {
    case Mode::blocking: return "blocking";
    case Mode::non_blocking: return "non-blocking";
    case Mode::timeout: return "timeout";
  }
  return "?";
}

Setting Setting::seconds(double s) {
  Setting out;
  out.seconds_ = s;
  return out;
}

Mode Setting::mode() const {
  if (!seconds_) return Mode::blocking;
  if (*seconds_ == 0.0) return Mode::non_blocking;  // -0.0 too: 2.7 stores it and never waits
  return Mode::timeout;
}

Value Setting::python_value() const {
  if (!seconds_) return Value();
  return Value(*seconds_);
}

std::optional<std::chrono::nanoseconds> Setting::wait_limit() const {
  switch (mode()) {
    case Mode::blocking: return std::nullopt;
    case Mode::non_blocking: return std::chrono::nanoseconds(0);
    case Mode::timeout: break;
  }
  const double s = *seconds_;
  if (!std::isfinite(s) || s > kUnboundedAfterSeconds) return std::nullopt;
  return std::chrono::nanoseconds(static_cast<std::int64_t>(std::ceil(s * 1e9)));
}

std::string Setting::repr() const { return seconds_ ? python_float_repr(*seconds_) : "None"; }

bool operator==(const Setting& a, const Setting& b) {
  if (a.is_none() || b.is_none()) return a.is_none() == b.is_none();
  const double x = a.value(), y = b.value();
  return (std::isnan(x) && std::isnan(y)) || (x == y && std::signbit(x) == std::signbit(y));
}

std::string python_float_repr(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
  // The shortest round-trip digits (what repr prints), from to_chars in
  // scientific form "-d.ddde+XX"; then Python's layout rule: exponent form
  // when the decimal point is more than 16 places right of the first digit
  // or 4 or more places left of it (repr(1e16) == '1e+16',
  // repr(0.0001) == '0.0001', repr(1e-05) == '1e-05').
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  if (ec != std::errc()) return "?";
  const std::string_view sci(buf, static_cast<std::size_t>(end - buf));
  const auto e = sci.find('e');
  std::string out = sci[0] == '-' ? "-" : "";
  std::string digits;
  for (const char c : sci.substr(0, e)) {
    if (c >= '0' && c <= '9') digits += c;
  }
  const int exponent = std::atoi(std::string(sci.substr(e + 1)).c_str());
  const int decpt = exponent + 1;  // value = 0.digits * 10**decpt
  if (decpt > 16 || decpt <= -4) {
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char exp_text[16];
    std::snprintf(exp_text, sizeof exp_text, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return out + exp_text;
  }
  if (decpt <= 0) return out + "0." + std::string(static_cast<std::size_t>(-decpt), '0') + digits;
  const auto point = static_cast<std::size_t>(decpt);
  if (digits.size() <= point) return out + digits + std::string(point - digits.size(), '0') + ".0";
  return out + digits.substr(0, point) + "." + digits.substr(point);
}

namespace {

constexpr std::int64_t kNsPerSecond = 1'000'000'000;
// _PyTime_t is int64 nanoseconds: whole seconds beyond this overflow it.
constexpr std::int64_t kMaxWholeSeconds = std::numeric_limits<std::int64_t>::max() / kNsPerSecond;

// An integer argument: int64, bool, or a module constant resolved to its
// number. nullopt for everything else (BigInt included: callers treat it
// as out of range).
std::optional<std::int64_t> as_int(const Value& v) {
  if (const auto* b = v.get_if<bool>()) return *b ? 1 : 0;
  if (const auto* i = v.get_if<std::int64_t>()) return *i;
  if (const auto* c = v.get_if<Const>()) return constant_value(c->name);
  return std::nullopt;
}

// CPython 3's _PyTime_AsSecondsDouble: whole seconds convert exactly,
// others as ns / 1e9.
double ns_to_seconds(std::int64_t ns) {
  if (ns % kNsPerSecond == 0) return static_cast<double>(ns / kNsPerSecond);
  return static_cast<double>(ns) / 1e9;
}

Error not_an_integer(const Value& v) {
  return type_error("'" + std::string(v.type_name()) + "' object cannot be interpreted as an integer");
}

// CPython 3.3+: socket_parse_timeout over _PyTime_FromSecondsObject with
// _PyTime_ROUND_TIMEOUT (away from zero), then "Timeout value out of range"
// for negatives.
Result<Setting> parse_timeout_py3(const Value& value) {
  std::int64_t ns = 0;
  if (value.is<BigInt>()) return overflow_error("timestamp too large to convert to C _PyTime_t");
  if (const auto i = as_int(value)) {
    if (*i > kMaxWholeSeconds || *i < -kMaxWholeSeconds) {
      return overflow_error("timestamp too large to convert to C _PyTime_t");
    }
    ns = *i * kNsPerSecond;
  } else if (const auto* d = value.get_if<double>()) {
    if (std::isnan(*d)) return value_error("Invalid value NaN (not a number)");
    volatile double x = *d * 1e9;  // volatile: the same double rounding CPython does
    const double rounded = x >= 0.0 ? std::ceil(x) : std::floor(x);
    // _Py_InIntegralTypeRange(_PyTime_t, d): -2**63 <= d < 2**63.
    if (!(rounded >= -9223372036854775808.0 && rounded < 9223372036854775808.0)) {
      return overflow_error("timestamp out of range for platform time_t");
    }
    ns = static_cast<std::int64_t>(rounded);
  } else {
    return not_an_integer(value);
  }
  if (ns < 0) return value_error("Timeout value out of range");
  return Setting::seconds(ns_to_seconds(ns));
}

// CPython 2.3-2.7: PyFloat_AsDouble, then "Timeout value out of range" for
// values below zero. nan and inf pass that test and are stored as given.
Result<Setting> parse_timeout_py2(const Value& value) {
  double d = 0.0;
  if (const auto i = as_int(value)) {
    d = static_cast<double>(*i);
  } else if (const auto* b = value.get_if<BigInt>()) {
    d = std::strtod(b->decimal.c_str(), nullptr);
    if (std::isinf(d)) return overflow_error("long int too large to convert to float");
  } else if (const auto* f = value.get_if<double>()) {
    d = *f;
  } else {
    return type_error("a float is required");
  }
  if (d < 0.0) return value_error("Timeout value out of range");
  return Setting::seconds(d);
}

}  // namespace

Result<Setting> parse_timeout(const Value& value, Profile profile) {
  if (value.is<None>()) return Setting::blocking();
  return profile >= Profile::v3_3 ? parse_timeout_py3(value) : parse_timeout_py2(value);
}

Result<bool> parse_blocking_flag(const Value& flag, Profile profile) {
  if (profile == Profile::v3_12) {
    // CPython 3.12 reads the flag with PyObject_IsTrue.
    struct Truth {
      bool operator()(None) const { return false; }
      bool operator()(bool b) const { return b; }
      bool operator()(std::int64_t i) const { return i != 0; }
      bool operator()(const BigInt&) const { return true; }  // beyond int64, never zero
      bool operator()(double d) const { return d != 0.0; }   // nan is true
      bool operator()(const std::string& s) const { return !s.empty(); }
      bool operator()(const Bytes& b) const { return !b.data.empty(); }
      bool operator()(const Tuple& t) const { return !t.empty(); }
      bool operator()(const Const& c) const { return constant_value(c.name).value_or(1) != 0; }
      bool operator()(const Handle&) const { return true; }  // an object is true
      bool operator()(const Ref&) const { return true; }     // never reaches a target
    };
    return std::visit(Truth{}, flag.v);
  }
  if (flag.is<BigInt>()) return overflow_error("Python int too large to convert to C long");
  if (const auto i = as_int(flag)) return *i != 0;
  if (const auto* d = flag.get_if<double>()) {
    if (profile == Profile::v3_3) return type_error("'float' object cannot be interpreted as an integer");
    // 1.x/2.x convert a float with int(): truncation toward zero.
    if (std::isnan(*d)) return value_error("cannot convert float NaN to integer");
    if (std::isinf(*d)) return overflow_error("cannot convert float infinity to integer");
    if (std::fabs(*d) >= 9223372036854775808.0) return overflow_error("Python int too large to convert to C long");
    return std::trunc(*d) != 0.0;
  }
  if (profile == Profile::v3_3) return not_an_integer(flag);
  return type_error("an integer is required");
}

}  // namespace sock::timeout
