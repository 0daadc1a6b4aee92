#include "address.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cstring>

#include "impl/timeout/errors.h"

namespace sock::net {

using timeout::overflow_error;
using timeout::type_error;

Value Address::to_value() const {
  switch (family) {
    case AF_INET: return Value(Tuple{Value(host), Value(std::int64_t{port})});
    case AF_INET6:
      return Value(Tuple{Value(host), Value(std::int64_t{port}), Value(std::int64_t{flowinfo}),
                         Value(std::int64_t{scope_id})});
    default: return Value(host);
  }
}

std::string Address::to_string() const {
  switch (family) {
    case AF_INET: return host + ":" + std::to_string(port);
    case AF_INET6: return "[" + host + "]:" + std::to_string(port);
    default: return "unix:" + host;
  }
}

Result<Address> address_from_value(const Value& value, int family, Profile profile) {
  (void)profile;  // the messages are CPython 3's; 2.x words them differently but raises the same classes
  if (family == AF_UNIX) {
    if (const auto* s = value.get_if<std::string>()) return Address{AF_UNIX, *s, 0, 0, 0};
    if (const auto* b = value.get_if<Bytes>()) return Address{AF_UNIX, b->data, 0, 0, 0};
    return type_error("a bytes-like object is required, not '" + std::string(value.type_name()) + "'");
  }
  const char* fam = family == AF_INET ? "AF_INET" : "AF_INET6";
  const auto* t = value.get_if<Tuple>();
  if (t == nullptr) {
    return type_error(std::string(fam) + " address must be tuple, not " + std::string(value.type_name()));
  }
  const std::size_t max_items = family == AF_INET ? 2 : 4;
  if (t->size() < 2 || t->size() > max_items) {
    return type_error(std::string(fam) + " address must be a pair (host, port)");
  }
  const auto* host = (*t)[0].get_if<std::string>();
  if (host == nullptr) return type_error("str, bytes or bytearray expected, not " + std::string((*t)[0].type_name()));
  Address a{family, *host, 0, 0, 0};
  std::int64_t fields[3] = {0, 0, 0};
  for (std::size_t i = 1; i < t->size(); ++i) {
    const Value& f = (*t)[i];
    if (f.is<BigInt>()) return overflow_error("Python int too large to convert to C int");
    const auto* n = f.get_if<std::int64_t>();
    if (n == nullptr) {
      return type_error("'" + std::string(f.type_name()) + "' object cannot be interpreted as an integer");
    }
    fields[i - 1] = *n;
  }
  if (fields[0] < 0 || fields[0] > 65535) return overflow_error("port must be 0-65535.");
  if (fields[1] < 0 || fields[1] > 0xfffff) return overflow_error("flowinfo must be 0-1048575.");
  a.port = static_cast<int>(fields[0]);
  a.flowinfo = static_cast<std::uint32_t>(fields[1]);
  a.scope_id = static_cast<std::uint32_t>(fields[2]);
  return a;
}

Result<SockaddrBuffer> to_sockaddr(const Address& address, Profile profile) {
  SockaddrBuffer out;
  if (address.family == AF_UNIX) {
    auto* un = reinterpret_cast<sockaddr_un*>(&out.storage);
    if (address.host.size() >= sizeof un->sun_path) return timeout::os_error(profile, ENAMETOOLONG);
    un->sun_family = AF_UNIX;
    std::memcpy(un->sun_path, address.host.data(), address.host.size());
    out.length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + address.host.size());
    return out;
  }
  if (address.port < 0 || address.port > 65535) return overflow_error("port must be 0-65535.");
  addrinfo hints{};
  hints.ai_family = address.family;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* res = nullptr;
  // The documents: the empty host is INADDR_ANY for AF_INET.
  const char* host = address.host.empty() ? nullptr : address.host.c_str();
  if (host == nullptr) hints.ai_flags |= AI_PASSIVE;
  const std::string port = std::to_string(address.port);
  const int rc = getaddrinfo(host, port.c_str(), &hints, &res);
  if (rc != 0) {
    const std::string text = gai_strerror(rc);
    return Error{"socket.gaierror", "[Errno " + std::to_string(rc) + "] " + text, rc};
  }
  std::memcpy(&out.storage, res->ai_addr, res->ai_addrlen);
  out.length = res->ai_addrlen;
  freeaddrinfo(res);
  if (address.family == AF_INET6) {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&out.storage);
    in6->sin6_flowinfo = htonl(address.flowinfo);
    if (address.scope_id != 0) in6->sin6_scope_id = address.scope_id;
  }
  return out;
}

bool from_sockaddr(const sockaddr* sa, socklen_t length, Address& out) {
  if (length == 0) return false;
  char text[INET6_ADDRSTRLEN] = {};
  switch (sa->sa_family) {
    case AF_INET: {
      const auto* in = reinterpret_cast<const sockaddr_in*>(sa);
      inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
      out = Address{AF_INET, text, ntohs(in->sin_port), 0, 0};
      return true;
    }
    case AF_INET6: {
      const auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
      inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
      out = Address{AF_INET6, text, ntohs(in6->sin6_port), ntohl(in6->sin6_flowinfo), in6->sin6_scope_id};
      return true;
    }
    case AF_UNIX: {
      const auto* un = reinterpret_cast<const sockaddr_un*>(sa);
      const auto offset = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path));
      const std::size_t n = length > offset ? length - offset : 0;
      std::string path(un->sun_path, strnlen(un->sun_path, n));
      // Linux abstract names start with a NUL byte and keep their full length.
      if (n > 0 && un->sun_path[0] == '\0') path.assign(un->sun_path, n);
      out = Address{AF_UNIX, std::move(path), 0, 0, 0};
      return true;
    }
    default: return false;
  }
}

}  // namespace sock::net
