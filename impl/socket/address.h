// address.h: socket addresses as the documents write them, and their
// conversion to and from struct sockaddr.
//
// "A pair (host, port) is used for the AF_INET address family"; AF_INET6
// uses "a four-tuple (host, port, flowinfo, scopeid)"; "A single string is
// used for the AF_UNIX address family". Hosts are resolved with
// getaddrinfo; the tests only ever use 127.0.0.1 and ::1.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string>

#include "impl/core/profile.h"
#include "impl/core/value.h"
#include "impl/timeout/result.h"

namespace sock::net {

using timeout::Error;
using timeout::Result;

struct Address {
  int family = AF_INET;
  std::string host;  // AF_INET/AF_INET6: name or numeric text; AF_UNIX: the path ("" when unnamed)
  int port = 0;
  std::uint32_t flowinfo = 0;
  std::uint32_t scope_id = 0;

  [[nodiscard]] static Address ipv4(std::string host, int port) { return {AF_INET, std::move(host), port, 0, 0}; }
  [[nodiscard]] static Address ipv6(std::string host, int port) { return {AF_INET6, std::move(host), port, 0, 0}; }

  // ('127.0.0.1', 8080), ('::1', 8080, 0, 0) or 'path', as Python returns them.
  [[nodiscard]] Value to_value() const;
  // "127.0.0.1:8080", "[::1]:8080", "unix:path" for messages.
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const Address&, const Address&) = default;
};

// The Python argument for an address of `family`: a 2-tuple for AF_INET,
// a 2- to 4-tuple for AF_INET6, a str or bytes for AF_UNIX. TypeError and
// OverflowError as CPython 3 raises them ("port must be 0-65535.").
[[nodiscard]] Result<Address> address_from_value(const Value& value, int family, Profile profile);

// A resolved address ready for bind/connect/sendto.
struct SockaddrBuffer {
  sockaddr_storage storage{};
  socklen_t length = 0;
  [[nodiscard]] const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

// Resolves the host (getaddrinfo, so "localhost" works and numeric text
// never touches DNS) for the family of the socket. socket.gaierror when
// the host does not resolve; OverflowError for a port outside 0-65535.
[[nodiscard]] Result<SockaddrBuffer> to_sockaddr(const Address& address, Profile profile);

// The address the kernel returned. An AF_INET/AF_INET6 address of length 0
// (recvfrom on a connected stream) has no Python form: ok() == false is
// not an error there, callers map it to None.
[[nodiscard]] bool from_sockaddr(const sockaddr* sa, socklen_t length, Address& out);

}  // namespace sock::net
