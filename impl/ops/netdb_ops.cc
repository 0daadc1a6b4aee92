// getaddrinfo and getnameinfo: CPython's binding (Modules/socketmodule.c,
// socket_getaddrinfo and socket_getnameinfo) over an engine's C-level
// functions (impl/netdb/netdb.h for the reference, the C library's own for
// libc). What the binding does itself is modelled per profile here; what
// it leaves to getaddrinfo(3) and getnameinfo(3) is the engine's.
#include <netdb.h>
#include <sys/socket.h>

#include <string>
#include <utility>
#include <vector>

#include "impl/ops/arguments.h"
#include "impl/ops/operations.h"

namespace sock::ops {

namespace {

template <typename T>
T take(Checked<T>& c) {
  return std::get<T>(std::move(c));
}

// socket.gaierror carries (error, string), the string from gai_strerror(3)
// ("The accompanying value is a pair (error, string) ..."), and prints as
// "[Errno error] string" like every OSError with two arguments. (The text
// is the C library's; only the class and the code are specified.)
Outcome gaierror(int code) {
  return Outcome::raise("socket.gaierror", "[Errno " + std::to_string(code) + "] " + ::gai_strerror(code));
}

bool is_ascii(const std::string& s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// The host argument: None is NULL; a str is encoded with Python's "idna"
// codec in 3.x, whose ASCII path only checks label lengths (every label
// but the last must have 1 to 63 characters, the last fewer than 64:
// Lib/encodings/idna.py) and so raises UnicodeError for "1..2"; bytes
// pass as they are. Python 2's str is a byte string and is passed as it
// is. Anything else is a TypeError.
Checked<std::optional<std::string>> host_argument(const Value& arg, Profile profile) {
  if (arg.is<None>()) return std::optional<std::string>{};
  const bool py3 = profile >= Profile::v3_3;
  if (const auto* b = arg.get_if<Bytes>()) return std::optional<std::string>{b->data};
  if (const auto* s = arg.get_if<std::string>()) {
    if (!py3) return std::optional<std::string>{*s};
    if (!is_ascii(*s)) {
      return Outcome::unsupported("non-ASCII host names go through IDNA (RFC 3490 nameprep), which the reference "
                                  "does not model");
    }
    std::size_t start = 0;
    while (true) {
      const std::size_t dot = s->find('.', start);
      const std::size_t n = (dot == std::string::npos ? s->size() : dot) - start;
      if (dot == std::string::npos) {
        if (n >= 64) return Outcome::raise("UnicodeError", "encoding with 'idna' codec failed (label too long)");
        break;
      }
      if (n == 0 || n >= 64) {
        return Outcome::raise("UnicodeError", "encoding with 'idna' codec failed (label empty or too long)");
      }
      start = dot + 1;
    }
    return std::optional<std::string>{*s};
  }
  return Outcome::raise("TypeError", "getaddrinfo() argument 1 must be string or None");
}

// The port argument, as the C service string: an int is printed with
// "%ld"; a str or bytes is passed as it is; None is NULL. Anything else is
// socket.error("Int or String expected"). 3.x checks for an exact int
// (PyLong_CheckExact), so True is refused there, while Python 2's
// PyInt_Check accepts a bool and refuses a long (an int beyond C long).
Checked<std::optional<std::string>> port_argument(const Value& raw, Profile profile) {
  const Value arg = resolve_constant(raw);
  const bool py3 = profile >= Profile::v3_3;
  if (arg.is<None>()) return std::optional<std::string>{};
  if (const auto* i = arg.get_if<std::int64_t>()) return std::optional<std::string>{std::to_string(*i)};
  if (const auto* b = arg.get_if<bool>(); b != nullptr && !py3) return std::optional<std::string>{*b ? "1" : "0"};
  if (arg.is<BigInt>() && py3) return Outcome::raise("OverflowError", "Python int too large to convert to C long");
  if (const auto* s = arg.get_if<std::string>()) return std::optional<std::string>{*s};
  if (const auto* b = arg.get_if<Bytes>()) return std::optional<std::string>{b->data};
  return Outcome::raise(socket_error(profile), "Int or String expected");
}

// The 2.6 document: "For host and port, by passing either an empty string
// or None, you can pass NULL to the C API." The reference binding does as
// documented in profiles before 3.3; the 3.3 document drops the empty
// string, and CPython passes "" to the C library as it is (a spec case
// lists both outcomes).
void empty_is_null(std::optional<std::string>& s, Profile profile) {
  if (profile < Profile::v3_3 && s && s->empty()) s.reset();
}

// The "I" format: an unsigned C int "without overflow checking": any int
// is reduced modulo 2**32 (so -1 is 0xffffffff).
Checked<std::uint32_t> unsigned_mask_argument(std::string_view function, const Value& raw, Profile profile) {
  const Value arg = resolve_constant(raw);
  if (const auto* big = arg.get_if<BigInt>()) {
    // The decimal text modulo 2**32, then negated for a negative number.
    const bool negative = big->decimal.starts_with('-');
    std::uint64_t r = 0;
    for (const char c : big->decimal) {
      if (c >= '0' && c <= '9') r = (r * 10 + static_cast<std::uint64_t>(c - '0')) % (1ULL << 32);
    }
    const auto v = static_cast<std::uint32_t>(r);
    return negative ? static_cast<std::uint32_t>(0U - v) : v;
  }
  auto checked = int_argument(function, arg, profile);
  if (failed(checked)) return std::get<Outcome>(std::move(checked));
  const PyInt i = take(checked);
  return static_cast<std::uint32_t>(static_cast<std::uint64_t>(i.value));
}

Value address_value(const netdb::Endpoint& e, const Context& ctx, std::string& host_error) {
  std::string host;
  if (!ctx.engine->inet_ntop(e.family, e.address.data(), host)) host_error = "inet_ntop failed";
  const auto port = std::int64_t{e.port};
  if (e.family == AF_INET6) {
    // From 3.7 the host text is inet_ntop's, without a "%scope" suffix:
    // the scope id is the fourth item. (Before, CPython printed it with
    // getnameinfo(NI_NUMERICHOST); spec cases on scoped addresses in the
    // older profiles list both forms.)
    return Value(Tuple{Value(std::move(host)), Value(port), Value(std::int64_t{e.flowinfo}),
                       Value(std::int64_t{e.scope_id})});
  }
  return Value(Tuple{Value(std::move(host)), Value(port)});
}

bool has_getaddrinfo(Profile profile) { return profile >= Profile::v2_4; }

// getaddrinfo(host, port, family=0, type=0, proto=0, flags=0) -> list of
// (family, type, proto, canonname, sockaddr).
Outcome op_getaddrinfo(std::span<const Value> args, const Context& ctx) {
  if (!has_getaddrinfo(ctx.profile)) {
    return Outcome::unsupported("getaddrinfo is new in Python 2.2; the 1.x document has none");
  }
  if (args.size() < 2 || args.size() > 6) {
    return Outcome::raise("TypeError", "getaddrinfo() takes from 2 to 6 positional arguments but " +
                                           std::to_string(args.size()) + " were given");
  }
  auto host_c = host_argument(args[0], ctx.profile);
  if (failed(host_c)) return std::get<Outcome>(host_c);
  auto host = take(host_c);
  auto port_c = port_argument(args[1], ctx.profile);
  if (failed(port_c)) return std::get<Outcome>(port_c);
  auto port = take(port_c);
  std::int64_t ints[4] = {0, 0, 0, 0};  // family, type, proto, flags: the "i" format
  for (std::size_t i = 2; i < args.size(); ++i) {
    auto c = c_int_argument("getaddrinfo", args[i], ctx.profile);
    if (failed(c)) return std::get<Outcome>(c);
    ints[i - 2] = take(c);
  }
  empty_is_null(host, ctx.profile);
  empty_is_null(port, ctx.profile);
  const netdb::Hints hints{static_cast<int>(ints[0]), static_cast<int>(ints[1]), static_cast<int>(ints[2]),
                           static_cast<int>(ints[3])};
  const netdb::AddrInfoResult r = ctx.engine->getaddrinfo(host, port, hints);
  if (!r.refused.empty()) return Outcome::unsupported(r.refused);
  if (r.error != 0) return gaierror(r.error);
  Tuple list;
  for (const auto& e : r.entries) {
    std::string host_error;
    Value sockaddr = address_value(e.address, ctx, host_error);
    if (!host_error.empty()) return Outcome::errored(host_error);
    list.push_back(Value(Tuple{Value(std::int64_t{e.family}), Value(std::int64_t{e.socktype}),
                               Value(std::int64_t{e.protocol}), Value(e.canonname.value_or("")),
                               std::move(sockaddr)}));
  }
  return Outcome::returned(Value(std::move(list)));
}

// getnameinfo(sockaddr, flags) -> (host, port). The binding parses the
// tuple with "si|II", turns the host into an address with getaddrinfo(host,
// str(port), AF_UNSPEC, SOCK_DGRAM, 0, AI_NUMERICHOST) (so it never looks a
// host name up), puts flowinfo and scope_id into the sockaddr_in6, and
// calls getnameinfo(3).
Outcome op_getnameinfo(std::span<const Value> args, const Context& ctx) {
  if (!has_getaddrinfo(ctx.profile)) {
    return Outcome::unsupported("getnameinfo is new in Python 2.2; the 1.x document has none");
  }
  if (auto e = check_arity("getnameinfo", args, 2)) return *e;
  auto flags_c = c_int_argument("getnameinfo", args[1], ctx.profile);
  if (failed(flags_c)) return std::get<Outcome>(flags_c);
  const auto flags = static_cast<int>(take(flags_c));
  const auto* sa = args[0].get_if<Tuple>();
  if (sa == nullptr) return Outcome::raise("TypeError", "getnameinfo() argument 1 must be a tuple");
  if (sa->size() < 2 || sa->size() > 4) return Outcome::raise("TypeError", "getnameinfo(): illegal sockaddr argument");
  auto host_c = text_argument("getnameinfo", (*sa)[0], ctx.profile);
  if (failed(host_c)) return std::get<Outcome>(host_c);
  const std::string host = take(host_c);
  auto port_c = c_int_argument("getnameinfo", (*sa)[1], ctx.profile);
  if (failed(port_c)) return std::get<Outcome>(port_c);
  const std::int64_t port = take(port_c);
  std::uint32_t flowinfo = 0;
  std::uint32_t scope_id = 0;
  if (sa->size() >= 3) {
    auto c = unsigned_mask_argument("getnameinfo", (*sa)[2], ctx.profile);
    if (failed(c)) return std::get<Outcome>(c);
    flowinfo = take(c);
  }
  if (sa->size() == 4) {
    auto c = unsigned_mask_argument("getnameinfo", (*sa)[3], ctx.profile);
    if (failed(c)) return std::get<Outcome>(c);
    scope_id = take(c);
  }
  // The flow label is 20 bits (RFC 6437); CPython 3 checks it, 2.6 passed
  // any value on.
  if (flowinfo > 0xfffff && ctx.profile >= Profile::v3_3) {
    return Outcome::raise("OverflowError", "getnameinfo(): flowinfo must be 0-1048575.");
  }
  const netdb::AddrInfoResult r =
      ctx.engine->getaddrinfo(host, std::to_string(port), netdb::Hints{AF_UNSPEC, SOCK_DGRAM, 0, AI_NUMERICHOST});
  if (!r.refused.empty()) return Outcome::unsupported(r.refused);
  if (r.error != 0) return gaierror(r.error);
  if (r.entries.size() != 1) {
    return Outcome::raise(socket_error(ctx.profile), "sockaddr resolved to multiple addresses");
  }
  netdb::Endpoint address = r.entries.front().address;
  if (address.family == AF_INET && sa->size() != 2) {
    return Outcome::raise(socket_error(ctx.profile), "IPv4 sockaddr must be 2 tuple");
  }
  if (address.family == AF_INET6) {
    // The tuple's values replace whatever the host text said: a "%1" zone
    // in the host is overwritten by the scope_id item (0 when omitted).
    address.flowinfo = flowinfo;
    address.scope_id = scope_id;
  }
  const netdb::NameInfoResult n = ctx.engine->getnameinfo(address, flags);
  if (!n.refused.empty()) return Outcome::unsupported(n.refused);
  if (n.error != 0) return gaierror(n.error);
  return Outcome::returned(Value(Tuple{Value(n.host), Value(n.service)}));
}

constexpr std::array<Operation, 2> kOperations = {{
    {"getaddrinfo", "getaddrinfo", "getaddrinfo(host, port, family=0, type=0, proto=0, flags=0)", &op_getaddrinfo},
    {"getnameinfo", "getaddrinfo", "getnameinfo(sockaddr, flags)", &op_getnameinfo},
}};

}  // namespace

std::span<const Operation> netdb_operations() { return kOperations; }

}  // namespace sock::ops
