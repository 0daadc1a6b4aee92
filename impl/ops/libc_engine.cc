// The system C library, called directly: this is what CPython itself calls.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <mutex>

#include "engine.h"

namespace sock::ops {

namespace {

// No DNS, ever. getaddrinfo(3) with AI_NUMERICHOST|AI_NUMERICSERV looks
// nothing up (RFC 3493 section 6.1: a non-numeric name is then EAI_NONAME),
// so the engine always passes both flags. That would change the answer for
// a caller who did not pass them and named a host or service, so such calls
// are first probed, with both flags and nothing else, and refused when the
// name is not numeric: the real call would have looked it up.
bool numeric_host(const char* node) {
  addrinfo hints{};
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  const int r = ::getaddrinfo(node, nullptr, &hints, &res);
  if (res != nullptr) ::freeaddrinfo(res);
  return r != EAI_NONAME;
}

// glibc reads a service as a number when strtoul consumes all of it; one
// that is numeric but negative as an int ("-1") is then looked up in the
// services files (not DNS) and not found: EAI_SERVICE, so it counts as
// numeric here.
bool numeric_service(const char* service) {
  addrinfo hints{};
  hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  const int r = ::getaddrinfo(nullptr, service, &hints, &res);
  if (res != nullptr) ::freeaddrinfo(res);
  return r != EAI_NONAME;
}

netdb::Endpoint endpoint_of(const sockaddr* sa) {
  netdb::Endpoint e;
  e.family = sa->sa_family;
  if (sa->sa_family == AF_INET) {
    sockaddr_in sin{};
    std::memcpy(&sin, sa, sizeof sin);
    std::memcpy(e.address.data(), &sin.sin_addr, 4);
    e.port = ntohs(sin.sin_port);
  } else if (sa->sa_family == AF_INET6) {
    sockaddr_in6 sin6{};
    std::memcpy(&sin6, sa, sizeof sin6);
    std::memcpy(e.address.data(), &sin6.sin6_addr, 16);
    e.port = ntohs(sin6.sin6_port);
    e.flowinfo = ntohl(sin6.sin6_flowinfo);
    e.scope_id = sin6.sin6_scope_id;
  }
  return e;
}

class LibcEngine final : public Engine {
 public:
  std::string_view name() const override { return "libc"; }

  bool inet_aton(const std::string& text, std::array<std::uint8_t, 4>& out) const override {
    in_addr a{};
    if (::inet_aton(text.c_str(), &a) == 0) return false;
    std::memcpy(out.data(), &a, 4);
    return true;
  }

  std::string inet_ntoa(const std::array<std::uint8_t, 4>& address) const override {
    in_addr a{};
    std::memcpy(&a, address.data(), 4);
    // inet_ntoa(3) returns a static buffer; the runner calls from several
    // threads, so copying out happens under a lock.
    static std::mutex m;
    const std::lock_guard lock(m);
    return ::inet_ntoa(a);
  }

  int inet_pton(int family, const std::string& text, unsigned char* out) const override {
    return ::inet_pton(family, text.c_str(), out);
  }

  bool inet_ntop(int family, const unsigned char* address, std::string& out) const override {
    char buf[INET6_ADDRSTRLEN + 1];
    if (::inet_ntop(family, address, buf, sizeof buf) == nullptr) return false;
    out = buf;
    return true;
  }

  std::uint16_t to_network16(std::uint16_t x) const override { return ::htons(x); }
  std::uint16_t from_network16(std::uint16_t x) const override { return ::ntohs(x); }
  std::uint32_t to_network32(std::uint32_t x) const override { return ::htonl(x); }
  std::uint32_t from_network32(std::uint32_t x) const override { return ::ntohl(x); }

  netdb::AddrInfoResult getaddrinfo(const std::optional<std::string>& node, const std::optional<std::string>& service,
                                    const netdb::Hints& hints) const override {
    netdb::AddrInfoResult result;
    const char* n = node ? node->c_str() : nullptr;
    const char* s = service ? service->c_str() : nullptr;
    if (n != nullptr && (hints.flags & AI_NUMERICHOST) == 0 && !numeric_host(n)) {
      result.refused = "the host is not numeric: resolving it would be a name look-up, which sockcheck never makes";
      return result;
    }
    if (s != nullptr && (hints.flags & AI_NUMERICSERV) == 0 && !numeric_service(s)) {
      result.refused = "the service is not numeric: sockcheck looks up numeric ports only";
      return result;
    }
    addrinfo h{};
    h.ai_family = hints.family;
    h.ai_socktype = hints.socktype;
    h.ai_protocol = hints.protocol;
    h.ai_flags = hints.flags | AI_NUMERICHOST | AI_NUMERICSERV;
    addrinfo* res = nullptr;
    result.error = ::getaddrinfo(n, s, &h, &res);
    if (result.error != 0) return result;
    for (const addrinfo* p = res; p != nullptr; p = p->ai_next) {
      netdb::AddrInfo ai;
      ai.family = p->ai_family;
      ai.socktype = p->ai_socktype;
      ai.protocol = p->ai_protocol;
      if (p->ai_canonname != nullptr) ai.canonname = p->ai_canonname;
      ai.address = endpoint_of(p->ai_addr);
      result.entries.push_back(std::move(ai));
    }
    ::freeaddrinfo(res);
    return result;
  }

  netdb::NameInfoResult getnameinfo(const netdb::Endpoint& address, int flags) const override {
    netdb::NameInfoResult result;
    // Without NI_NUMERICHOST the C function asks the hosts database and then
    // DNS for the address's name (a PTR query): refused. Service names come
    // from the services files, which is no network traffic, so
    // NI_NUMERICSERV is left to the caller.
    if ((flags & NI_NUMERICHOST) == 0) {
      result.refused = "without NI_NUMERICHOST getnameinfo(3) looks the address up (reverse DNS), which sockcheck "
                       "never does";
      return result;
    }
    sockaddr_storage ss{};
    socklen_t len = 0;
    if (address.family == AF_INET) {
      sockaddr_in sin{};
      sin.sin_family = AF_INET;
      sin.sin_port = htons(address.port);
      std::memcpy(&sin.sin_addr, address.address.data(), 4);
      std::memcpy(&ss, &sin, sizeof sin);
      len = sizeof sin;
    } else {
      sockaddr_in6 sin6{};
      sin6.sin6_family = static_cast<sa_family_t>(address.family);
      sin6.sin6_port = htons(address.port);
      sin6.sin6_flowinfo = htonl(address.flowinfo);
      sin6.sin6_scope_id = address.scope_id;
      std::memcpy(&sin6.sin6_addr, address.address.data(), 16);
      std::memcpy(&ss, &sin6, sizeof sin6);
      len = sizeof sin6;
    }
    char host[NI_MAXHOST];
    char serv[NI_MAXSERV];
    result.error = ::getnameinfo(reinterpret_cast<const sockaddr*>(&ss), len, host, sizeof host, serv, sizeof serv,
                                 flags);
    if (result.error == 0) {
      result.host = host;
      result.service = serv;
    }
    return result;
  }

  // The C library's own macros.
  std::optional<std::size_t> cmsg_len(std::size_t length) const override { return CMSG_LEN(length); }
  std::optional<std::size_t> cmsg_space(std::size_t length) const override { return CMSG_SPACE(length); }
};

}  // namespace

const Engine& libc_engine() {
  static const LibcEngine engine;
  return engine;
}

}  // namespace sock::ops
