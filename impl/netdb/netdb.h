// netdb.h: getaddrinfo(3) and getnameinfo(3) on numeric hosts and ports,
// as the reference computes them. No name service is ever consulted.
//
// The documents describe getaddrinfo and getnameinfo as thin bindings over
// the C functions ("By passing None as the value of host and port, you can
// pass NULL to the underlying C API"), so most of what they return is the
// C library's choice. The reference models the C level after RFC 3493
// section 6 and POSIX.1-2017 (getaddrinfo, getnameinfo), with GNU libc's
// choices wherever those leave room, in two dialects (impl/inet/dialect.h):
//
//   Dialect::posix   what the standards require, strictly: a numeric port
//                    is a run of decimal digits no larger than 65535; IPv6
//                    zone ids are decimal; only the POSIX AI_* and NI_*
//                    flags exist; NI_NUMERICHOST wins over NI_NAMEREQD
//                    ("under all circumstances", POSIX getnameinfo).
//   Dialect::glibc   GNU libc 2.36 (sysdeps/posix/getaddrinfo.c,
//                    inet/getnameinfo.c): ports are parsed with strtoul and
//                    truncated to 16 bits; "*" as node or service is NULL,
//                    and so is an empty service; glibc's extra flags (AI_IDN, ...)
//                    are accepted; the SCTP, DCCP and UDP-Lite socket types
//                    are known; an IPv4-mapped literal asked for as AF_INET
//                    comes back as IPv4; NI_NAMEREQD with NI_NUMERICHOST is
//                    EAI_NONAME; EAI_ADDRFAMILY for a literal of the other
//                    family.
//
// Both dialects model a system with an empty hosts and services database
// and no DNS: a host that is not a numeric literal is not found
// (EAI_NONAME), a service that is not a number is not found (EAI_SERVICE),
// and getnameinfo without NI_NUMERICHOST/NI_NUMERICSERV falls back to the
// numeric form, as POSIX requires when "the node's name cannot be located".
// Interface names in zone ids ("fe80::1%lo") are not looked up either.
//
// Results keep glibc's order before its RFC 6724 sorting: for each address
// (IPv6 before IPv4 when the host is null and the family AF_UNSPEC), one
// entry per socket type, in the order SOCK_STREAM, SOCK_DGRAM, SOCK_RAW.
// Error codes are the platform's EAI_* values.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "impl/inet/dialect.h"

namespace sock::netdb {

// struct addrinfo's hints: family, socket type, protocol and AI_* flags.
struct Hints {
  int family = 0;  // AF_UNSPEC
  int socktype = 0;
  int protocol = 0;
  int flags = 0;
};

// A struct sockaddr_in or sockaddr_in6, with its fields in host byte order.
struct Endpoint {
  int family = 0;                           // AF_INET or AF_INET6
  std::array<std::uint8_t, 16> address{};   // network order; AF_INET uses the first 4 bytes
  std::uint16_t port = 0;
  std::uint32_t flowinfo = 0;               // AF_INET6 only
  std::uint32_t scope_id = 0;               // AF_INET6 only

  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

// One struct addrinfo. canonname is set on the first entry only, and only
// with AI_CANONNAME (RFC 3493 section 6.1; POSIX: "the ai_canonname field of
// the first returned addrinfo structure").
struct AddrInfo {
  int family = 0;
  int socktype = 0;
  int protocol = 0;
  std::optional<std::string> canonname;
  Endpoint address;

  friend bool operator==(const AddrInfo&, const AddrInfo&) = default;
};

// What a getaddrinfo engine came to: entries (error 0), an EAI_* error
// code, or a refusal. An engine refuses a call it cannot make without a
// name look-up (the libc engine on a non-numeric host); `refused` then says
// why, and the binding reports the operation as not supported.
struct AddrInfoResult {
  int error = 0;
  std::vector<AddrInfo> entries;
  std::string refused;
};

struct NameInfoResult {
  int error = 0;
  std::string host;
  std::string service;
  std::string refused;
};

// getaddrinfo(3). `node` and `service` are C strings (nullopt is NULL);
// text after a NUL is ignored, as the C function would never see it.
[[nodiscard]] AddrInfoResult getaddrinfo(const std::optional<std::string>& node,
                                         const std::optional<std::string>& service, const Hints& hints,
                                         inet::Dialect dialect);

// getnameinfo(3) on one address; flags are NI_* bits.
[[nodiscard]] NameInfoResult getnameinfo(const Endpoint& address, int flags, inet::Dialect dialect);

// --------------------------------------------------------------------------
// The pieces, for tests and fuzzers.

// How a dialect reads a service string: a port, "not a number" (the text
// names a service) or, for the posix dialect, a number out of range.
struct ServiceParse {
  enum Kind { port, name, out_of_range } kind = name;
  std::uint16_t value = 0;
};
[[nodiscard]] ServiceParse parse_service(std::string_view text, inet::Dialect dialect) noexcept;

// A numeric host: an IPv4 address in any inet_addr form (POSIX getaddrinfo:
// "address strings using Internet standard dot notation as specified in
// inet_addr are valid"), with nothing after it, or an IPv6 address with an
// optional decimal zone id ("%" and one or more digits, at most 2**32-1;
// RFC 4007 section 11.2). nullopt for anything else.
[[nodiscard]] std::optional<Endpoint> parse_numeric_host(std::string_view text) noexcept;

}  // namespace sock::netdb
