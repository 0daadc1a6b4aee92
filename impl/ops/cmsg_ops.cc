// CMSG_LEN(length) and CMSG_SPACE(length) (new in 3.3): CPython's binding
// (Modules/socketmodule.c, socket_CMSG_LEN, get_CMSG_LEN and their SPACE
// twins) over an engine's macros (impl/ops/cmsg_layout.h for the
// reference, <sys/socket.h>'s for libc).
//
// The documents: "Raises OverflowError if length is outside the
// permissible range of values." The binding defines that range: a length
// is permissible when it is not negative and the result fits in
// SOCKLEN_T_LIMIT, "the smaller of (2**31)-1 and INT_MAX" (POSIX requires
// socklen_t to hold at least 2**31-1 and recommends against larger
// values). For CMSG_SPACE the binding first checks the length against the
// limit minus CMSG_SPACE(1), "to take account of the padding necessary
// before *and* after the data", which refuses the last few lengths whose
// result would still fit.
#include <climits>
#include <cstddef>
#include <string>

#include "impl/ops/arguments.h"
#include "impl/ops/operations.h"

namespace sock::ops {

namespace {

constexpr std::size_t kSocklenLimit = INT_MAX < 0x7fffffff ? INT_MAX : 0x7fffffff;

// The "n" format: a Py_ssize_t from any int (bool included, through
// __index__); a float, str or None is a TypeError, an int beyond the
// ssize_t range an OverflowError.
Checked<std::int64_t> ssize_argument(std::string_view function, const Value& raw) {
  const Value arg = resolve_constant(raw);
  if (const auto* b = arg.get_if<bool>()) return std::int64_t{*b ? 1 : 0};
  if (const auto* i = arg.get_if<std::int64_t>()) return *i;
  if (arg.is<BigInt>()) return Outcome::raise("OverflowError", "Python int too large to convert to C ssize_t");
  return Outcome::raise("TypeError", "'" + std::string(arg.type_name()) +
                                         "' object cannot be interpreted as an integer (" + std::string(function) +
                                         ")");
}

template <bool Space>
Outcome op_cmsg(std::span<const Value> args, const Context& ctx) {
  constexpr std::string_view fn = Space ? "CMSG_SPACE" : "CMSG_LEN";
  if (ctx.profile < Profile::v3_3) {
    return Outcome::unsupported(std::string(fn) + " is new in 3.3 (\"versionadded:: 3.3\")");
  }
  if (auto e = check_arity(fn, args, 1)) return *e;
  auto checked = ssize_argument(fn, args[0]);
  if (failed(checked)) return std::get<Outcome>(checked);
  const std::int64_t length = std::get<std::int64_t>(checked);
  const Outcome out_of_range = Outcome::raise("OverflowError", std::string(fn) + "() argument out of range");
  if (length < 0) return out_of_range;
  auto macro = [&](std::size_t n) { return Space ? ctx.engine->cmsg_space(n) : ctx.engine->cmsg_len(n); };
  // CMSG_LEN is checked against CMSG_LEN(0), CMSG_SPACE against
  // CMSG_SPACE(1): the binding's own bounds, from the engine's macros.
  const auto origin = macro(Space ? 1 : 0);
  if (!origin) return Outcome::unsupported(std::string(ctx.engine->name()) + " has no " + std::string(fn));
  const auto n = static_cast<std::size_t>(length);
  if (n > kSocklenLimit - *origin) return out_of_range;
  const auto result = macro(n);
  if (!result) return Outcome::unsupported(std::string(ctx.engine->name()) + " has no " + std::string(fn));
  if (*result > kSocklenLimit || *result < n) return out_of_range;
  return Outcome::returned(Value(static_cast<std::int64_t>(*result)));
}

constexpr std::array<Operation, 2> kOperations = {{
    {"CMSG_LEN", "cmsg", "CMSG_LEN(length)", &op_cmsg<false>},
    {"CMSG_SPACE", "cmsg", "CMSG_SPACE(length)", &op_cmsg<true>},
}};

}  // namespace

std::span<const Operation> cmsg_operations() { return kOperations; }

}  // namespace sock::ops
