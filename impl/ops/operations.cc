#include "operations.h"

#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include "impl/ops/arguments.h"

namespace sock::ops {

namespace {

// Unwraps a Checked<T> into `var`, or returns its exception from the
// enclosing operation.
#define SOCK_TRY(var, expr)                                  \
  auto var##_checked = (expr);                               \
  if (failed(var##_checked)) return std::get<Outcome>(var##_checked); \
  auto var = std::get<0>(std::move(var##_checked))

Outcome errno_error(const Context& ctx, int err) {
  return Outcome::raise(socket_error(ctx.profile), "[Errno " + std::to_string(err) + "] " + std::strerror(err));
}

// "If the IPv4 address string passed to this function is invalid,
// socket.error will be raised."
Outcome op_inet_aton(std::span<const Value> args, const Context& ctx) {
  if (auto e = check_arity("inet_aton", args, 1)) return *e;
  SOCK_TRY(text, text_argument("inet_aton", args[0], ctx.profile));
  std::array<std::uint8_t, 4> out{};
  if (!ctx.engine->inet_aton(text, out)) {
    return Outcome::raise(socket_error(ctx.profile), "illegal IP address string passed to inet_aton");
  }
  return Outcome::returned(Bytes{std::string(reinterpret_cast<const char*>(out.data()), out.size())});
}

// "If the string passed to this function is not exactly 4 bytes in length,
// socket.error will be raised."
Outcome op_inet_ntoa(std::span<const Value> args, const Context& ctx) {
  if (auto e = check_arity("inet_ntoa", args, 1)) return *e;
  SOCK_TRY(packed, bytes_argument("inet_ntoa", args[0], ctx.profile));
  if (packed.size() != 4) return Outcome::raise(socket_error(ctx.profile), "packed IP wrong length for inet_ntoa");
  std::array<std::uint8_t, 4> b{};
  std::memcpy(b.data(), packed.data(), 4);
  return Outcome::returned(ctx.engine->inet_ntoa(b));
}

// "If the IP address string ip_string is invalid, socket.error will be
// raised." An unsupported family is whatever the C call reports (errno).
Outcome op_inet_pton(std::span<const Value> args, const Context& ctx) {
  if (auto e = check_arity("inet_pton", args, 2)) return *e;
  SOCK_TRY(family, c_int_argument("inet_pton", args[0], ctx.profile));
  SOCK_TRY(text, text_argument("inet_pton", args[1], ctx.profile));
  unsigned char out[16] = {};
  errno = 0;
  const int r = ctx.engine->inet_pton(static_cast<int>(family), text, out);
  if (r < 0) return errno_error(ctx, errno != 0 ? errno : EAFNOSUPPORT);
  if (r == 0) return Outcome::raise(socket_error(ctx.profile), "illegal IP address string passed to inet_pton");
  const std::size_t n = family == AF_INET6 ? 16 : 4;
  return Outcome::returned(Bytes{std::string(reinterpret_cast<const char*>(out), n)});
}

// "If the string packed_ip is not the correct length for the specified
// address family, ValueError will be raised. A socket.error is raised for
// errors from the call to inet_ntop()."
Outcome op_inet_ntop(std::span<const Value> args, const Context& ctx) {
  if (auto e = check_arity("inet_ntop", args, 2)) return *e;
  SOCK_TRY(family, c_int_argument("inet_ntop", args[0], ctx.profile));
  SOCK_TRY(packed, bytes_argument("inet_ntop", args[1], ctx.profile));
  std::size_t want = 0;
  if (family == AF_INET) {
    want = 4;
  } else if (family == AF_INET6) {
    want = 16;
  } else {
    // CPython checks the family itself before calling inet_ntop(3).
    return Outcome::raise("ValueError", "unknown address family " + std::to_string(family));
  }
  if (packed.size() != want) return Outcome::raise("ValueError", "invalid length of packed IP address string");
  std::string text;
  errno = 0;
  if (!ctx.engine->inet_ntop(static_cast<int>(family), reinterpret_cast<const unsigned char*>(packed.data()), text)) {
    return errno_error(ctx, errno != 0 ? errno : EINVAL);
  }
  return Outcome::returned(std::move(text));
}

// htons/ntohs: a C int argument; negative values are an OverflowError in
// every version; values above 0xffff were truncated until 3.10, which made
// them an OverflowError (the 3.12+ document's versionchanged note).
template <bool ToNetwork>
Outcome op_short(std::span<const Value> args, const Context& ctx) {
  constexpr std::string_view fn = ToNetwork ? "htons" : "ntohs";
  if (auto e = check_arity(fn, args, 1)) return *e;
  SOCK_TRY(x, c_int_argument(fn, args[0], ctx.profile));
  if (x < 0) {
    return Outcome::raise("OverflowError",
                          std::string(fn) + ": can't convert negative Python int to C 16-bit unsigned integer");
  }
  if (x > 0xffff && ctx.profile >= Profile::v3_12) {
    return Outcome::raise("OverflowError",
                          std::string(fn) + ": Python int too large to convert to C 16-bit unsigned integer");
  }
  const auto v = static_cast<std::uint16_t>(x);
  return Outcome::returned(std::int64_t{ToNetwork ? ctx.engine->to_network16(v) : ctx.engine->from_network16(v)});
}

// htonl/ntohl: any int in [0, 2**32); negative or larger is an
// OverflowError, a non-int a TypeError (never truncated, in any version).
template <bool ToNetwork>
Outcome op_long(std::span<const Value> args, const Context& ctx) {
  constexpr std::string_view fn = ToNetwork ? "htonl" : "ntohl";
  if (auto e = check_arity(fn, args, 1)) return *e;
  const Value arg = resolve_constant(args[0]);
  if (!arg.is<std::int64_t>() && !arg.is<BigInt>() && !arg.is<bool>()) {
    return Outcome::raise("TypeError", "expected int, " + std::string(arg.type_name()) + " found");
  }
  SOCK_TRY(x, int_argument(fn, arg, ctx.profile));
  if (x.negative) return Outcome::raise("OverflowError", "can't convert negative value to unsigned int");
  if (x.beyond_int64 || x.value > 0xffffffffLL) return Outcome::raise("OverflowError", "int larger than 32 bits");
  const auto v = static_cast<std::uint32_t>(x.value);
  return Outcome::returned(std::int64_t{ToNetwork ? ctx.engine->to_network32(v) : ctx.engine->from_network32(v)});
}

#undef SOCK_TRY

constexpr std::array<Operation, 8> kOperations = {{
    {"htonl", "byte-order", "htonl(x)", &op_long<true>},
    {"htons", "byte-order", "htons(x)", &op_short<true>},
    {"inet_aton", "conversions", "inet_aton(ip_string)", &op_inet_aton},
    {"inet_ntoa", "conversions", "inet_ntoa(packed_ip)", &op_inet_ntoa},
    {"inet_ntop", "conversions", "inet_ntop(address_family, packed_ip)", &op_inet_ntop},
    {"inet_pton", "conversions", "inet_pton(address_family, ip_string)", &op_inet_pton},
    {"ntohl", "byte-order", "ntohl(x)", &op_long<false>},
    {"ntohs", "byte-order", "ntohs(x)", &op_short<false>},
}};

}  // namespace

std::span<const Operation> conversion_operations() { return kOperations; }

std::span<const Operation> operations() {
  // Each module's table, merged once. A module added to the reference is
  // listed here.
  static const std::vector<Operation> all = [] {
    std::vector<Operation> v;
    for (const auto module :
         {conversion_operations(), netdb_operations(), cmsg_operations(), exception_operations(),
          address_operations(), socket_operations(), socket_data_operations(), socket_msg_operations()}) {
      v.insert(v.end(), module.begin(), module.end());
    }
    std::sort(v.begin(), v.end(), [](const Operation& a, const Operation& b) { return a.name < b.name; });
    return v;
  }();
  return all;
}

const Operation* find_operation(std::string_view name) {
  const auto ops = operations();
  const auto* it = std::lower_bound(ops.data(), ops.data() + ops.size(), name,
                                    [](const Operation& op, std::string_view n) { return op.name < n; });
  return it != ops.data() + ops.size() && it->name == name ? it : nullptr;
}

Outcome call(std::string_view op, std::span<const Value> args, const Context& context) {
  const Operation* operation = find_operation(op);
  if (operation == nullptr) return Outcome::unsupported("no operation named " + std::string(op));
  return operation->run(args, context);
}

}  // namespace sock::ops
