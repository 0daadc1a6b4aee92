#include "netdb.h"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "impl/inet/ipv4_text.h"
#include "impl/inet/ipv6_text.h"

namespace sock::netdb {

namespace {

// The AI_* flags POSIX defines; glibc also accepts its IDN flags (AI_IDN,
// AI_CANONIDN and the two deprecated ones, 0x40 to 0x200).
constexpr int kPosixAiFlags =
    AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | AI_V4MAPPED | AI_ALL | AI_ADDRCONFIG | AI_NUMERICSERV;
constexpr int kGlibcAiFlags = kPosixAiFlags | 0x40 | 0x80 | 0x100 | 0x200;

// The NI_* flags POSIX defines (NI_NUMERICSCOPE aside, which glibc lacks);
// glibc also accepts NI_IDN (0x20) and its two deprecated IDN flags (0xc0).
constexpr int kPosixNiFlags = NI_NOFQDN | NI_NUMERICHOST | NI_NAMEREQD | NI_NUMERICSERV | NI_DGRAM;
constexpr int kGlibcNiFlags = kPosixNiFlags | 0x20 | 0xc0;

// The socket types getaddrinfo knows, in glibc's table order
// (gaih_inet_typeproto). `any_protocol`: the entry takes whatever protocol
// was asked for (raw sockets); `no_service`: a port makes no sense for it;
// `by_default`: returned when neither type nor protocol is given.
struct TypeProto {
  int socktype;
  int protocol;
  bool any_protocol;
  bool no_service;
  bool by_default;
  bool glibc_only;
};

constexpr TypeProto kTypeProtos[] = {
    {SOCK_STREAM, IPPROTO_TCP, false, false, true, false},
    {SOCK_DGRAM, IPPROTO_UDP, false, false, true, false},
    {SOCK_DCCP, IPPROTO_DCCP, false, false, false, true},
    {SOCK_DGRAM, IPPROTO_UDPLITE, false, false, false, true},
    {SOCK_STREAM, IPPROTO_SCTP, false, false, false, true},
    {SOCK_SEQPACKET, IPPROTO_SCTP, false, false, false, true},
    {SOCK_RAW, 0, true, true, true, false},
};

struct Tuple {
  int socktype;
  int protocol;
};

// A C string stops at its first NUL.
std::string_view c_string(const std::string& s) { return std::string_view(s.data(), std::strlen(s.c_str())); }

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_c_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

// The socket types and protocols of the result, or an EAI_* error:
// glibc's get_servtuples. With a type or protocol given, the first table
// entry that fits is the only one; with neither, every default entry.
int socket_tuples(const Hints& hints, bool has_service, inet::Dialect dialect, std::vector<Tuple>& out) {
  auto known = [&](const TypeProto& tp) { return dialect == inet::Dialect::glibc || !tp.glibc_only; };
  if (hints.socktype != 0 || hints.protocol != 0) {
    const auto* it = std::find_if(std::begin(kTypeProtos), std::end(kTypeProtos), [&](const TypeProto& tp) {
      return known(tp) && (hints.socktype == 0 || hints.socktype == tp.socktype) &&
             (hints.protocol == 0 || tp.any_protocol || hints.protocol == tp.protocol);
    });
    // POSIX: [EAI_SOCKTYPE] "The intended socket type was not recognized";
    // a protocol no type carries is, in glibc, a service error.
    if (it == std::end(kTypeProtos)) return hints.socktype != 0 ? EAI_SOCKTYPE : EAI_SERVICE;
    // POSIX: [EAI_SERVICE] "The service passed was not recognized for the
    // specified socket type": raw sockets have no ports.
    if (has_service && it->no_service) return EAI_SERVICE;
    out.push_back({it->socktype, it->any_protocol ? hints.protocol : it->protocol});
    return 0;
  }
  for (const auto& tp : kTypeProtos) {
    if (tp.by_default) out.push_back({tp.socktype, tp.protocol});
  }
  return 0;
}

Endpoint ipv4_endpoint(const inet::Ipv4Bytes& b) {
  Endpoint e;
  e.family = AF_INET;
  std::copy(b.begin(), b.end(), e.address.begin());
  return e;
}

Endpoint ipv6_endpoint(const inet::Ipv6Bytes& b, std::uint32_t scope) {
  Endpoint e;
  e.family = AF_INET6;
  std::copy(b.begin(), b.end(), e.address.begin());
  e.scope_id = scope;
  return e;
}

bool is_v4_mapped(const Endpoint& e) {
  static constexpr std::uint8_t kPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return e.family == AF_INET6 && std::equal(std::begin(kPrefix), std::end(kPrefix), e.address.begin());
}

// The addresses a host stands for, or an EAI_* error.
int host_addresses(const std::string* node, const Hints& hints, inet::Dialect dialect, std::vector<Endpoint>& out) {
  const bool glibc = dialect == inet::Dialect::glibc;
  if (node == nullptr) {
    // RFC 3493 section 6.1: a null node is the unspecified address with
    // AI_PASSIVE (for bind), the loopback address without it (for connect).
    const bool passive = (hints.flags & AI_PASSIVE) != 0;
    inet::Ipv6Bytes v6{};
    if (!passive) v6[15] = 1;
    const inet::Ipv4Bytes v4 = passive ? inet::Ipv4Bytes{0, 0, 0, 0} : inet::Ipv4Bytes{127, 0, 0, 1};
    if (hints.family == AF_UNSPEC || hints.family == AF_INET6) out.push_back(ipv6_endpoint(v6, 0));
    if (hints.family == AF_UNSPEC || hints.family == AF_INET) out.push_back(ipv4_endpoint(v4));
    return 0;
  }
  const auto parsed = parse_numeric_host(c_string(*node));
  if (!parsed) {
    // Not a literal: AI_NUMERICHOST forbids a look-up ("will raise an error
    // if host is a domain name"); without it the look-up finds nothing,
    // since the reference has no hosts database and no DNS.
    return EAI_NONAME;
  }
  // A literal of the other family: glibc says EAI_ADDRFAMILY (from RFC
  // 2553, dropped by RFC 3493); POSIX has no such code, so the posix
  // dialect says the name does not resolve "for the supplied parameters".
  const int wrong_family = glibc ? EAI_ADDRFAMILY : EAI_NONAME;
  if (parsed->family == AF_INET) {
    if (hints.family == AF_UNSPEC || hints.family == AF_INET) {
      out.push_back(*parsed);
      return 0;
    }
    // POSIX: "If the AI_V4MAPPED flag is specified along with an ai_family
    // of AF_INET6, then getaddrinfo() shall return IPv4-mapped IPv6
    // addresses on finding no matching IPv6 addresses".
    if ((hints.flags & AI_V4MAPPED) != 0) {
      inet::Ipv6Bytes mapped{};
      mapped[10] = mapped[11] = 0xff;
      std::copy(parsed->address.begin(), parsed->address.begin() + 4, mapped.begin() + 12);
      out.push_back(ipv6_endpoint(mapped, 0));
      return 0;
    }
    return wrong_family;
  }
  if (hints.family == AF_UNSPEC || hints.family == AF_INET6) {
    out.push_back(*parsed);
    return 0;
  }
  // glibc hands back the IPv4 address inside an IPv4-mapped literal when
  // AF_INET is asked for.
  if (glibc && is_v4_mapped(*parsed)) {
    inet::Ipv4Bytes v4{};
    std::copy(parsed->address.begin() + 12, parsed->address.end(), v4.begin());
    out.push_back(ipv4_endpoint(v4));
    return 0;
  }
  return wrong_family;
}

}  // namespace

ServiceParse parse_service(std::string_view text, inet::Dialect dialect) noexcept {
  if (dialect == inet::Dialect::posix) {
    // POSIX: "the service can be specified as a string specifying a
    // decimal port number". Nothing else is a number; a number that is not
    // a port is not a service of any socket type.
    if (!all_digits(text)) return {ServiceParse::name, 0};
    std::uint32_t value = 0;
    for (const char c : text) {
      value = value * 10 + static_cast<std::uint32_t>(c - '0');
      if (value > 65535) return {ServiceParse::out_of_range, 0};
    }
    return {ServiceParse::port, static_cast<std::uint16_t>(value)};
  }
  // glibc: strtoul(service, &end, 10) and a number when *end is NUL; the
  // unsigned long is then stored in an int. So leading white space and a
  // sign are allowed, "" is 0, "-1" wraps to ULONG_MAX, an overflowing
  // number saturates to ULONG_MAX; a negative int is looked up as a name
  // (and never found), anything else is truncated to 16 bits by htons.
  std::size_t i = 0;
  while (i < text.size() && is_c_space(text[i])) ++i;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  const std::size_t digits_at = i;
  unsigned long value = 0;  // NOLINT(google-runtime-int): strtoul's type is the point
  bool overflow = false;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    const auto d = static_cast<unsigned long>(text[i] - '0');  // NOLINT(google-runtime-int)
    if (value > (~0UL - d) / 10) overflow = true;
    value = value * 10 + d;
  }
  if (i == digits_at) {
    // No digits: strtoul consumed nothing, so the end is the start, which
    // is only NUL for the empty string.
    return text.empty() ? ServiceParse{ServiceParse::port, 0} : ServiceParse{ServiceParse::name, 0};
  }
  if (i != text.size()) return {ServiceParse::name, 0};
  if (overflow) value = ~0UL;
  if (negative && !overflow) value = 0UL - value;
  const int as_int = static_cast<int>(static_cast<unsigned int>(value));
  if (as_int < 0) return {ServiceParse::out_of_range, 0};
  return {ServiceParse::port, static_cast<std::uint16_t>(as_int & 0xffff)};
}

std::optional<Endpoint> parse_numeric_host(std::string_view text) noexcept {
  // getaddrinfo takes the IPv4 inet_aton forms but, unlike inet_aton in
  // glibc, nothing after them (glibc calls __inet_aton_exact): the posix
  // dialect of parse_inet_aton.
  inet::Ipv4Bytes v4{};
  if (inet::parse_inet_aton(text, inet::Dialect::posix, v4)) return ipv4_endpoint(v4);
  std::string_view address = text;
  std::uint32_t scope = 0;
  if (const auto percent = text.find('%'); percent != std::string_view::npos) {
    address = text.substr(0, percent);
    const std::string_view zone = text.substr(percent + 1);
    if (!all_digits(zone)) return std::nullopt;
    std::uint64_t value = 0;
    for (const char c : zone) {
      value = value * 10 + static_cast<std::uint64_t>(c - '0');
      if (value > 0xffffffffULL) return std::nullopt;
    }
    scope = static_cast<std::uint32_t>(value);
  }
  inet::Ipv6Bytes v6{};
  if (!inet::parse_ipv6(address, v6)) return std::nullopt;
  return ipv6_endpoint(v6, scope);
}

AddrInfoResult getaddrinfo(const std::optional<std::string>& node, const std::optional<std::string>& service,
                           const Hints& hints, inet::Dialect dialect) {
  AddrInfoResult result;
  auto fail = [&](int code) {
    result.error = code;
    return result;
  };
  const bool glibc = dialect == inet::Dialect::glibc;
  // glibc reads a node or service of "*" as NULL (before anything else),
  // and an empty service as none at all once both are known not to be NULL
  // (so "" is port 0 even for a raw socket, unlike "0").
  const std::string* node_c = node ? &*node : nullptr;
  const std::string* service_c = service ? &*service : nullptr;
  if (glibc) {
    if (node_c != nullptr && c_string(*node_c) == "*") node_c = nullptr;
    if (service_c != nullptr && c_string(*service_c) == "*") service_c = nullptr;
  }
  // The checks in glibc's order (getaddrinfo(), then gaih_inet()), so that
  // a call with several faults reports the same one.
  // POSIX: [EAI_NONAME] "... or both nodename and servname are null".
  if (node_c == nullptr && service_c == nullptr) return fail(EAI_NONAME);
  if (glibc && service_c != nullptr && c_string(*service_c).empty()) service_c = nullptr;
  const int known = glibc ? kGlibcAiFlags : kPosixAiFlags;
  if ((hints.flags & ~known) != 0) return fail(EAI_BADFLAGS);
  // POSIX: [EAI_BADFLAGS] "... or AI_CANONNAME was specified and nodename
  // was null" (RFC 3493 section 6.1 likewise).
  if ((hints.flags & AI_CANONNAME) != 0 && node_c == nullptr) return fail(EAI_BADFLAGS);
  if (hints.family != AF_UNSPEC && hints.family != AF_INET && hints.family != AF_INET6) return fail(EAI_FAMILY);

  std::uint16_t port = 0;
  bool service_found = true;
  if (service_c != nullptr) {
    const ServiceParse s = parse_service(c_string(*service_c), dialect);
    if (s.kind == ServiceParse::name) {
      // POSIX: "If the AI_NUMERICSERV flag is specified then a non-null
      // servname string supplied shall be a numeric port string.
      // Otherwise, an [EAI_NONAME] error shall be returned."
      if ((hints.flags & AI_NUMERICSERV) != 0) return fail(EAI_NONAME);
      service_found = false;  // a name, looked up in an empty services database
    } else if (s.kind == ServiceParse::out_of_range) {
      service_found = false;
    }
    port = s.value;
  }

  std::vector<Tuple> tuples;
  if (const int e = socket_tuples(hints, service_c != nullptr, dialect, tuples); e != 0) return fail(e);
  if (!service_found) return fail(EAI_SERVICE);

  std::vector<Endpoint> addresses;
  if (const int e = host_addresses(node_c, hints, dialect, addresses); e != 0) return fail(e);

  for (const auto& address : addresses) {
    for (const auto& t : tuples) {
      AddrInfo ai;
      ai.family = address.family;
      ai.socktype = t.socktype;
      ai.protocol = t.protocol;
      ai.address = address;
      ai.address.port = port;
      result.entries.push_back(std::move(ai));
    }
  }
  // The canonical name of a numeric host is the host as given (glibc and
  // musl copy the node string); it goes on the first entry only.
  if ((hints.flags & AI_CANONNAME) != 0 && !result.entries.empty()) {
    result.entries.front().canonname = std::string(c_string(*node_c));
  }
  return result;
}

NameInfoResult getnameinfo(const Endpoint& address, int flags, inet::Dialect dialect) {
  NameInfoResult result;
  const bool glibc = dialect == inet::Dialect::glibc;
  if ((flags & ~(glibc ? kGlibcNiFlags : kPosixNiFlags)) != 0) {
    result.error = EAI_BADFLAGS;
    return result;
  }
  if (address.family != AF_INET && address.family != AF_INET6) {
    result.error = EAI_FAMILY;
    return result;
  }
  // The host. Without NI_NUMERICHOST the name would be looked up, and the
  // look-up finds nothing here; POSIX: "If the flag bit NI_NAMEREQD is set,
  // an error shall be returned if the host's name cannot be located".
  // With NI_NUMERICHOST no name is located at all: POSIX returns the
  // numeric form "under all circumstances", glibc (gni_host) still fails
  // when NI_NAMEREQD is set.
  const bool numeric = (flags & NI_NUMERICHOST) != 0;
  if ((flags & NI_NAMEREQD) != 0 && (!numeric || glibc)) {
    result.error = EAI_NONAME;
    return result;
  }
  if (address.family == AF_INET) {
    inet::Ipv4Bytes b{};
    std::copy(address.address.begin(), address.address.begin() + 4, b.begin());
    char buf[inet::kIpv4TextMax];
    result.host.assign(buf, inet::format_ipv4(b, buf));
  } else {
    inet::Ipv6Bytes b{};
    std::copy(address.address.begin(), address.address.end(), b.begin());
    char buf[inet::kIpv6TextMax];
    result.host.assign(buf, inet::format_ipv6(b, dialect, buf));
    // A zone id in its numeric form (RFC 4007 section 11.2). glibc names
    // link-local zones after their interface when one has that index; the
    // reference knows no interfaces.
    if (address.scope_id != 0) result.host += "%" + std::to_string(address.scope_id);
  }
  // The service: the port's name in the services database (empty here),
  // else the number, as POSIX requires when "the service's name cannot be
  // located".
  result.service = std::to_string(address.port);
  return result;
}

}  // namespace sock::netdb
