#include "arguments.h"

#include <climits>
#include <cmath>

#include "impl/core/constants.h"

namespace sock::ops {

std::string socket_error(Profile profile) { return profile >= Profile::v3_3 ? "OSError" : "socket.error"; }

std::optional<Outcome> check_arity(std::string_view function, Args args, std::size_t count) {
  if (args.size() == count) return std::nullopt;
  return Outcome::raise("TypeError", std::string(function) + "() takes exactly " + std::to_string(count) +
                                         " argument" + (count == 1 ? "" : "s") + " (" +
                                         std::to_string(args.size()) + " given)");
}

namespace {

Outcome type_error(std::string_view function, std::string_view wanted, const Value& got) {
  return Outcome::raise("TypeError", std::string(function) + "() argument must be " + std::string(wanted) + ", not " +
                                         std::string(got.type_name()));
}

}  // namespace

Checked<std::string> text_argument(std::string_view function, const Value& arg, Profile profile) {
  const std::string* text = arg.get_if<std::string>();
  // Python 2's str is a byte string, so bytes are text there too.
  if (text == nullptr && profile < Profile::v3_3) {
    if (const auto* b = arg.get_if<Bytes>()) text = &b->data;
  }
  if (text == nullptr) return type_error(function, "str", arg);
  if (text->find('\0') != std::string::npos) {
    if (profile >= Profile::v3_3) return Outcome::raise("ValueError", "embedded null character");
    return Outcome::raise("TypeError", "must be string without null bytes");
  }
  return *text;
}

Checked<std::string> bytes_argument(std::string_view function, const Value& arg, Profile profile) {
  if (const auto* b = arg.get_if<Bytes>()) return b->data;
  if (profile < Profile::v3_3) {
    if (const auto* s = arg.get_if<std::string>()) return *s;
  }
  return Outcome::raise("TypeError", std::string(function) + "() argument must be a bytes-like object, not '" +
                                         std::string(arg.type_name()) + "'");
}

Checked<PyInt> int_argument(std::string_view function, const Value& raw, Profile profile) {
  const Value arg = resolve_constant(raw);
  if (const auto* b = arg.get_if<bool>()) return PyInt{*b ? 1 : 0, false, false};
  if (const auto* i = arg.get_if<std::int64_t>()) return PyInt{*i, false, *i < 0};
  if (const auto* big = arg.get_if<BigInt>()) return PyInt{0, true, big->decimal.starts_with('-')};
  if (const auto* d = arg.get_if<double>(); d != nullptr && profile < Profile::v3_3) {
    // Python 2 truncated a float passed for an int, with a DeprecationWarning.
    if (!std::isfinite(*d)) return Outcome::raise("OverflowError", "cannot convert float infinity or nan to integer");
    const double t = std::trunc(*d);
    if (t >= 9.2e18 || t <= -9.2e18) return PyInt{0, true, t < 0};
    return PyInt{static_cast<std::int64_t>(t), false, t < 0};
  }
  return Outcome::raise("TypeError", "'" + std::string(arg.type_name()) + "' object cannot be interpreted as an integer" +
                                         " (" + std::string(function) + ")");
}

Checked<std::int64_t> c_int_argument(std::string_view function, const Value& arg, Profile profile) {
  auto checked = int_argument(function, arg, profile);
  if (failed(checked)) return std::get<Outcome>(std::move(checked));
  const PyInt i = std::get<PyInt>(checked);
  if (i.beyond_int64 || i.value > INT_MAX) return Outcome::raise("OverflowError", "signed integer is greater than maximum");
  if (i.value < INT_MIN) return Outcome::raise("OverflowError", "signed integer is less than minimum");
  return i.value;
}

Value resolve_constant(const Value& value) {
  if (const auto* c = value.get_if<Const>()) {
    if (const auto v = constant_value(c->name)) return *v;
  }
  return value;
}

}  // namespace sock::ops
