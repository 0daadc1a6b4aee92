// getaddrinfo and getnameinfo: CPython's binding (Modules/socketmodule.c,
// socket_getaddrinfo and socket_getnameinfo) over an engine's C-level
// functions (impl/netdb/netdb.h for the reference, the C library's own for
// libc). What the binding does itself is modelled per profile here; what
// it leaves to getaddrinfo(3) and getnameinfo(3) is the engine's.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <optional>
#include <cstring>
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
Outcome errno_outcome(const Context& ctx, int err) {
  return Outcome::raise(socket_error(ctx.profile), "[Errno " + std::to_string(err) + "] " + std::strerror(err));
}

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

// ---------------------------------------------------------------------------
// The host, service and protocol databases: gethostname, gethostbyname,
// gethostbyname_ex, gethostbyaddr, getfqdn, getservbyname, getservbyport,
// getprotobyname.
//
// The reference models a system with empty hosts, services and protocols
// databases and no DNS (as impl/netdb/netdb.h does for getaddrinfo): a
// numeric address is translated, every name look-up finds nothing. The
// libc engine asks the C library only where no DNS query can follow: the
// services and protocols databases (nsswitch "files"/"db"), and
// gethostbyname_r on a name made of digits and dots, which glibc answers
// itself (nss/digits_dots.c) without consulting any database; a
// gethostbyaddr, which may end in a PTR query, is unsupported there.

bool is_libc(const Context& ctx) { return ctx.engine->name() == "libc"; }

// socket.herror carries (h_errno, hstrerror(h_errno)) ("The accompanying
// value is a pair (h_errno, string) ... as returned by the hstrerror C
// function"). HOST_NOT_FOUND is 1 (<netdb.h>).
Outcome herror(int code) {
  return Outcome::raise("socket.herror", "[Errno " + std::to_string(code) + "] " + ::hstrerror(code));
}

// A host name argument: 3.x's "et" format (str through the idna codec, or
// bytes); 2.x's "s" (its str, which spec values write as text or bytes
// alike). None and other types are a TypeError.
Checked<std::string> hostname_argument(std::string_view function, const Value& arg, Profile profile) {
  if (!arg.is<std::string>() && !arg.is<Bytes>()) {
    return Outcome::raise("TypeError", std::string(function) + "() argument 1 must be str, bytes or bytearray, not " +
                                           std::string(arg.type_name()));
  }
  auto c = host_argument(arg, profile);
  if (failed(c)) return std::get<Outcome>(std::move(c));
  return *take(c);
}

// CPython's setipaddr(name, family): "" is INADDR_ANY (getaddrinfo(NULL,
// "0", AI_PASSIVE)); "<broadcast>" and "255.255.255.255" are
// INADDR_BROADCAST; anything else is getaddrinfo(name, NULL, family) and
// its first address. Errors are socket.gaierror (socket.error in 1.x,
// whose gethostbyname came before getaddrinfo).
Checked<netdb::Endpoint> setipaddr(const std::string& name, int family, const Context& ctx) {
  netdb::Endpoint e;
  if (name.empty() || name == "<broadcast>" || name == "255.255.255.255") {
    e.family = AF_INET;
    if (!name.empty()) e.address[0] = e.address[1] = e.address[2] = e.address[3] = 0xff;
    return e;
  }
  const netdb::AddrInfoResult r = ctx.engine->getaddrinfo(name, std::nullopt, netdb::Hints{family, 0, 0, 0});
  if (!r.refused.empty()) return Outcome::unsupported(r.refused);
  if (r.error != 0 || r.entries.empty()) {
    if (ctx.profile < Profile::v2_4) return Outcome::raise(socket_error(ctx.profile), "host not found");
    return gaierror(r.error != 0 ? r.error : EAI_NONAME);
  }
  return r.entries.front().address;
}

std::string address_text(const netdb::Endpoint& e, const Context& ctx) {
  std::string text;
  if (!ctx.engine->inet_ntop(e.family, e.address.data(), text)) text.clear();
  return text;
}

Outcome op_gethostname(std::span<const Value> args, const Context& ctx) {
  if (auto e = check_arity("gethostname", args, 0)) return *e;
  char buf[1024] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return errno_outcome(ctx, errno);
  return Outcome::returned(Value(std::string(buf)));
}

// gethostbyname(hostname) -> 'a.b.c.d': setipaddr(hostname, AF_INET).
Outcome op_gethostbyname(std::span<const Value> args, const Context& ctx) {
  if (auto e = check_arity("gethostbyname", args, 1)) return *e;
  auto name_c = hostname_argument("gethostbyname", args[0], ctx.profile);
  if (failed(name_c)) return std::get<Outcome>(name_c);
  auto address_c = setipaddr(take(name_c), AF_INET, ctx);
  if (failed(address_c)) return std::get<Outcome>(address_c);
  return Outcome::returned(Value(address_text(take(address_c), ctx)));
}

// The (hostname, aliaslist, ipaddrlist) triple of a struct hostent.
Value host_triple(const std::string& name, const std::vector<std::string>& aliases,
                  const std::vector<std::string>& addresses) {
  Tuple a;
  for (const auto& x : aliases) a.emplace_back(x);
  Tuple l;
  for (const auto& x : addresses) l.emplace_back(x);
  return Value(Tuple{Value(name), Value(std::move(a)), Value(std::move(l))});
}

// glibc's gethostbyname_r on a name of digits and dots (not ending in a
// dot) parses it with inet_aton and returns it as its own h_name, with no
// aliases (nss/digits_dots.c); no database is consulted.
bool digits_and_dots(const std::string& name) {
  if (name.empty() || !std::isdigit(static_cast<unsigned char>(name.front())) || name.back() == '.') return false;
  for (const char c : name) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') return false;
  }
  return true;
}

// gethostbyname_ex(hostname): setipaddr(hostname, AF_INET) first (so an
// IPv6 literal is a gaierror), then gethostbyname_r(hostname).
Outcome op_gethostbyname_ex(std::span<const Value> args, const Context& ctx) {
  if (ctx.profile < Profile::v2_4) return Outcome::unsupported("gethostbyname_ex is not in the 1.x document");
  if (auto e = check_arity("gethostbyname_ex", args, 1)) return *e;
  auto name_c = hostname_argument("gethostbyname_ex", args[0], ctx.profile);
  if (failed(name_c)) return std::get<Outcome>(name_c);
  const std::string name = take(name_c);
  auto address_c = setipaddr(name, AF_INET, ctx);
  if (failed(address_c)) return std::get<Outcome>(address_c);
  if (!digits_and_dots(name)) {
    if (is_libc(ctx)) return Outcome::unsupported("gethostbyname_r on a name may query DNS; the libc target never does");
    return herror(HOST_NOT_FOUND);  // the reference's hosts database is empty
  }
  if (is_libc(ctx)) {
    struct hostent h{};
    struct hostent* out = nullptr;
    char buf[2048];
    int herr = 0;
    if (::gethostbyname_r(name.c_str(), &h, buf, sizeof buf, &out, &herr) != 0 || out == nullptr) return herror(herr);
    std::vector<std::string> aliases;
    for (char** a = out->h_aliases; a != nullptr && *a != nullptr; ++a) aliases.emplace_back(*a);
    std::vector<std::string> addresses;
    for (char** a = out->h_addr_list; a != nullptr && *a != nullptr; ++a) {
      char text[INET_ADDRSTRLEN] = {};
      ::inet_ntop(AF_INET, *a, text, sizeof text);
      addresses.emplace_back(text);
    }
    return Outcome::returned(host_triple(out->h_name, aliases, addresses));
  }
  std::array<std::uint8_t, 4> a{};
  if (!ctx.engine->inet_aton(name, a)) return herror(HOST_NOT_FOUND);
  netdb::Endpoint e;
  e.family = AF_INET;
  std::copy(a.begin(), a.end(), e.address.begin());
  return Outcome::returned(host_triple(name, {}, {address_text(e, ctx)}));
}

// gethostbyaddr(ip_address): setipaddr(ip_address, AF_UNSPEC), then
// gethostbyaddr_r on the address. The reference's hosts database is empty:
// HOST_NOT_FOUND for every address.
Outcome op_gethostbyaddr(std::span<const Value> args, const Context& ctx) {
  if (auto e = check_arity("gethostbyaddr", args, 1)) return *e;
  auto name_c = hostname_argument("gethostbyaddr", args[0], ctx.profile);
  if (failed(name_c)) return std::get<Outcome>(name_c);
  auto address_c = setipaddr(take(name_c), AF_UNSPEC, ctx);
  if (failed(address_c)) return std::get<Outcome>(address_c);
  if (is_libc(ctx)) {
    return Outcome::unsupported("gethostbyaddr_r may send a PTR query to DNS; the libc target never does");
  }
  if (ctx.profile < Profile::v2_4) return Outcome::raise(socket_error(ctx.profile), "host not found");
  return herror(HOST_NOT_FOUND);
}

// getfqdn([name]), Lib/socket.py: name.strip(); an empty name is
// gethostname(); then gethostbyaddr(name): on socket.error the name itself,
// else the first of (hostname, *aliases) that contains a period, else the
// hostname.
Outcome op_getfqdn(std::span<const Value> args, const Context& ctx) {
  if (ctx.profile < Profile::v2_4) return Outcome::unsupported("getfqdn is new in 2.0; the 1.x document has none");
  if (args.size() > 1) {
    return Outcome::raise("TypeError", "getfqdn() takes from 0 to 1 positional arguments but " +
                                           std::to_string(args.size()) + " were given");
  }
  std::string name;
  if (!args.empty()) {
    const auto* s = args[0].get_if<std::string>();
    if (s == nullptr) return Outcome::raise("AttributeError", "object has no attribute 'strip'");
    name = *s;
  }
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!name.empty() && space(name.back())) name.pop_back();
  while (!name.empty() && space(name.front())) name.erase(0, 1);
  if (name.empty()) {
    Outcome h = op_gethostname({}, ctx);
    if (!h.returned_value()) return h;
    name = h.value.as<std::string>();
  }
  const Value arg(name);
  Outcome r = op_gethostbyaddr(std::span(&arg, 1), ctx);
  if (r.kind == OutcomeKind::raised) return Outcome::returned(Value(name));
  if (!r.returned_value()) return r;
  const Tuple& t = r.value.as<Tuple>();
  std::vector<std::string> names{t[0].as<std::string>()};
  for (const auto& a : t[1].as<Tuple>()) names.push_back(a.as<std::string>());
  for (const auto& n : names) {
    if (n.find('.') != std::string::npos) return Outcome::returned(Value(n));
  }
  return Outcome::returned(Value(names.front()));
}

// An optional protocol name ("s" format).
Checked<std::optional<std::string>> protocol_name(std::string_view function, Args args, std::size_t i,
                                                  Profile profile) {
  if (args.size() <= i) return std::optional<std::string>{};
  auto c = text_argument(function, args[i], profile);
  if (failed(c)) return std::get<Outcome>(std::move(c));
  return std::optional<std::string>{take(c)};
}

// getservbyname(servicename[, protocolname]); 1.x requires both.
Outcome op_getservbyname(std::span<const Value> args, const Context& ctx) {
  const std::size_t lo = ctx.profile < Profile::v2_4 ? 2 : 1;
  if (args.size() < lo || args.size() > 2) {
    return Outcome::raise("TypeError", "getservbyname() takes " + std::to_string(lo) + " to 2 arguments (" +
                                           std::to_string(args.size()) + " given)");
  }
  auto name_c = text_argument("getservbyname", args[0], ctx.profile);
  if (failed(name_c)) return std::get<Outcome>(name_c);
  const std::string name = take(name_c);
  auto proto_c = protocol_name("getservbyname", args, 1, ctx.profile);
  if (failed(proto_c)) return std::get<Outcome>(proto_c);
  const auto proto = take(proto_c);
  const Outcome not_found = Outcome::raise(socket_error(ctx.profile), "service/proto not found");
  if (!is_libc(ctx)) return not_found;  // the reference's services database is empty
  struct servent s{};
  struct servent* out = nullptr;
  char buf[1024];
  if (::getservbyname_r(name.c_str(), proto ? proto->c_str() : nullptr, &s, buf, sizeof buf, &out) != 0 ||
      out == nullptr) {
    return not_found;
  }
  return Outcome::returned(Value(std::int64_t{ntohs(static_cast<std::uint16_t>(out->s_port))}));
}

// getservbyport(port[, protocolname]): "i|s"; from 3.x a port outside
// 0-65535 is an OverflowError (before, htons truncated it).
Outcome op_getservbyport(std::span<const Value> args, const Context& ctx) {
  if (ctx.profile < Profile::v2_4) return Outcome::unsupported("getservbyport is not in the 1.x document");
  if (args.empty() || args.size() > 2) {
    return Outcome::raise("TypeError", "getservbyport() takes 1 to 2 arguments (" + std::to_string(args.size()) +
                                           " given)");
  }
  auto port_c = c_int_argument("getservbyport", args[0], ctx.profile);
  if (failed(port_c)) return std::get<Outcome>(port_c);
  const std::int64_t port = take(port_c);
  auto proto_c = protocol_name("getservbyport", args, 1, ctx.profile);
  if (failed(proto_c)) return std::get<Outcome>(proto_c);
  const auto proto = take(proto_c);
  if ((port < 0 || port > 0xffff) && ctx.profile >= Profile::v3_3) {
    return Outcome::raise("OverflowError", "getservbyport: port must be 0-65535.");
  }
  const Outcome not_found = Outcome::raise(socket_error(ctx.profile), "port/proto not found");
  if (!is_libc(ctx)) return not_found;
  struct servent s{};
  struct servent* out = nullptr;
  char buf[1024];
  if (::getservbyport_r(htons(static_cast<std::uint16_t>(port)), proto ? proto->c_str() : nullptr, &s, buf,
                        sizeof buf, &out) != 0 ||
      out == nullptr) {
    return not_found;
  }
  return Outcome::returned(Value(std::string(out->s_name)));
}

// getprotobyname(protocolname) -> the protocol number.
Outcome op_getprotobyname(std::span<const Value> args, const Context& ctx) {
  if (ctx.profile < Profile::v2_4) return Outcome::unsupported("getprotobyname is not in the 1.x document");
  if (auto e = check_arity("getprotobyname", args, 1)) return *e;
  auto name_c = text_argument("getprotobyname", args[0], ctx.profile);
  if (failed(name_c)) return std::get<Outcome>(name_c);
  const std::string name = take(name_c);
  const Outcome not_found = Outcome::raise(socket_error(ctx.profile), "protocol not found");
  if (!is_libc(ctx)) return not_found;
  struct protoent p{};
  struct protoent* out = nullptr;
  char buf[1024];
  if (::getprotobyname_r(name.c_str(), &p, buf, sizeof buf, &out) != 0 || out == nullptr) return not_found;
  return Outcome::returned(Value(std::int64_t{out->p_proto}));
}

// value.type(v): the Python type name of a value a step bound ('str',
// 'int', 'tuple', 'bytes', ...): what a case can state about a result whose
// value is the machine's (gethostname()).
Outcome op_value_type(std::span<const Value> args, const Context&) {
  if (auto e = check_arity("value.type", args, 1)) return *e;
  return Outcome::returned(Value(std::string(args[0].type_name())));
}

// value.equal(a, b): a == b, for results that must equal another result of
// the same case (a sender's address as getsockname() reported it).
Outcome op_value_equal(std::span<const Value> args, const Context&) {
  if (auto e = check_arity("value.equal", args, 2)) return *e;
  return Outcome::returned(Value(resolve_constant(args[0]) == resolve_constant(args[1])));
}

constexpr std::array<Operation, 12> kOperations = {{
    {"getaddrinfo", "getaddrinfo", "getaddrinfo(host, port, family=0, type=0, proto=0, flags=0)", &op_getaddrinfo},
    {"getfqdn", "getaddrinfo", "getfqdn([name])", &op_getfqdn},
    {"gethostbyaddr", "getaddrinfo", "gethostbyaddr(ip_address)", &op_gethostbyaddr},
    {"gethostbyname", "getaddrinfo", "gethostbyname(hostname)", &op_gethostbyname},
    {"gethostbyname_ex", "getaddrinfo", "gethostbyname_ex(hostname)", &op_gethostbyname_ex},
    {"gethostname", "getaddrinfo", "gethostname()", &op_gethostname},
    {"getnameinfo", "getaddrinfo", "getnameinfo(sockaddr, flags)", &op_getnameinfo},
    {"getprotobyname", "getaddrinfo", "getprotobyname(protocolname)", &op_getprotobyname},
    {"getservbyname", "getaddrinfo", "getservbyname(servicename[, protocolname])", &op_getservbyname},
    {"getservbyport", "getaddrinfo", "getservbyport(port[, protocolname])", &op_getservbyport},
    {"value.equal", "module", "value.equal(a, b)", &op_value_equal},
    {"value.type", "module", "value.type(v)", &op_value_type},
}};


}  // namespace

std::span<const Operation> netdb_operations() { return kOperations; }

}  // namespace sock::ops
