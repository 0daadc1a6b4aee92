// encode.cc: Python address -> struct sockaddr bytes, family by family.
//
// Each function follows the binding's order of checks, because the order
// decides which exception a doubly wrong address raises: the tuple's type
// and length first, then each field's conversion in order (TypeError,
// OverflowError), then the lookups (host, interface), then the range
// checks the binding makes itself. ("bad host", 70000) is a gaierror, not
// an OverflowError: the host is resolved before the port is checked.
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "impl/addr/getargs.h"
#include "impl/addr/layout.h"
#include "impl/addr/sockaddr.h"
#include "impl/inet/ipv4_text.h"

namespace sock::addr {

namespace {

namespace L = layout;

// Unwraps a Parsed<T> into `var`, or returns its exception.
#define ADDR_TRY(var, expr)                                              \
  auto var##_parsed = (expr);                                            \
  if (failed(var##_parsed)) return std::get<Outcome>(std::move(var##_parsed)); \
  auto var = std::get<0>(std::move(var##_parsed))

// Kernel-header constants the formats test for; constants.cc checks them
// against <linux/tipc.h>, <linux/can.h> and <linux/if_packet.h>.
constexpr std::uint64_t kTipcAddrNameseq = 1, kTipcAddrName = 2, kTipcAddrId = 3;
constexpr std::uint64_t kTipcClusterScope = 2;  // the binding's default scope
constexpr int kCanRaw = 1, kCanBcm = 2, kCanIsotp = 6, kCanJ1939 = 7;
constexpr int kBtL2cap = 0, kBtHci = 1, kBtSco = 2, kBtRfcomm = 3;
constexpr int kSysprotoControl = 2;
constexpr std::size_t kIfNameSize = 16;  // <net/if.h> IFNAMSIZ, NUL included

Outcome bytes(std::string b) { return Outcome::returned(Bytes{std::move(b)}); }

Outcome socket_err(Profile p, std::string message) { return Outcome::raise(socket_error(p), std::move(message)); }

Outcome errno_err(Profile p, int err) {
  return socket_err(p, "[Errno " + std::to_string(err) + "] " + std::strerror(err));
}

Outcome gai_err(int code, std::string_view text) {
  return Outcome::raise("socket.gaierror", "[Errno " + std::to_string(code) + "] " + std::string(text));
}

// The tuple an address must be, or the TypeError for anything else.
Parsed<const Tuple*> tuple_of(const Value& address, std::string_view family) {
  if (const auto* t = address.get_if<Tuple>()) return t;
  return Outcome::raise("TypeError", std::string(family) + " address must be tuple, not " +
                                         std::string(address.type_name()));
}

// PyArg_ParseTuple's arity check, with the family's own message.
std::optional<Outcome> arity(const Tuple& t, std::size_t min, std::size_t max, std::string_view message) {
  if (t.size() >= min && t.size() <= max) return std::nullopt;
  return Outcome::raise("TypeError", std::string(message));
}

// ---- hosts ----------------------------------------------------------------

// The host of an AF_INET/AF_INET6 address to its 4 or 16 bytes, as the
// binding's setipaddr() does: the two special forms, then inet_pton, then
// getaddrinfo, which here knows the numeric forms only: the inet_addr
// forms for AF_INET (POSIX getaddrinfo: "address strings using Internet
// standard dot notation as specified in inet_addr are valid") and
// "address%scope" for AF_INET6 (RFC 4007 section 11). Every other text is a
// name, and the reference resolves no names.
Parsed<std::string> resolve_host(std::string_view host, int family, const Services& sv, Profile p) {
  const bool v4 = family == AF_INET;
  if (host.empty()) return std::string(v4 ? 4 : 16, '\0');  // INADDR_ANY / in6addr_any (AI_PASSIVE)
  if (host == "<broadcast>" || host == "255.255.255.255") {
    if (!v4) return socket_err(p, "address family mismatched");
    return std::string(4, '\xff');  // INADDR_BROADCAST
  }
  Ipv4 a4{};
  Ipv6 a6{};
  const auto text4 = [](const Ipv4& a) { return std::string(reinterpret_cast<const char*>(a.data()), 4); };
  const auto text6 = [](const Ipv6& a) { return std::string(reinterpret_cast<const char*>(a.data()), 16); };
  if (v4) {
    if (sv.inet_pton4(host, a4)) return text4(a4);
    if (inet::parse_inet_aton(host, inet::Dialect::posix, a4)) return text4(a4);
    if (sv.inet_pton6(host, a6)) return gai_err(-9, "Address family for hostname not supported");
    return gai_err(-2, "Name or service not known");
  }
  const std::size_t percent = host.find('%');
  if (percent == std::string_view::npos) {
    if (sv.inet_pton6(host, a6)) return text6(a6);
  } else if (sv.inet_pton6(host.substr(0, percent), a6)) {
    // The zone only selects sin6_scope_id, which the tuple's scope_id then
    // overrides; it must still name a zone: digits or an interface.
    const std::string_view zone = host.substr(percent + 1);
    const bool numeric = !zone.empty() && zone.size() <= 10 &&
                         zone.find_first_not_of("0123456789") == std::string_view::npos &&
                         std::stoull(std::string(zone)) <= 0xffffffffULL;
    if (numeric || sv.interface_index(zone)) return text6(a6);
    return gai_err(-2, "Name or service not known");
  }
  if (sv.inet_pton4(host, a4) || inet::parse_inet_aton(host, inet::Dialect::posix, a4)) {
    return gai_err(-9, "Address family for hostname not supported");
  }
  return gai_err(-2, "Name or service not known");
}

// ---- AF_INET, AF_INET6 ----------------------------------------------------

// "A pair (host, port) is used for the AF_INET address family"
Outcome encode_inet(const Value& address, const SocketKind& s, const Services& sv) {
  const Profile p = s.profile;
  ADDR_TRY(t, tuple_of(address, "AF_INET"));
  if (auto e = arity(*t, 2, 2, "AF_INET address must be a pair (host, port)")) return *e;
  ADDR_TRY(host, format_host((*t)[0], p));
  auto port_parsed = format_i((*t)[1], p);
  if (failed(port_parsed)) {
    Outcome e = std::get<Outcome>(std::move(port_parsed));
    if (e.error_class == "OverflowError") e.message = "port must be 0-65535.";
    return e;
  }
  const std::int32_t port = std::get<0>(port_parsed);
  ADDR_TRY(ip, resolve_host(host, AF_INET, sv, p));
  // The range check came with Python 3 (and 2.7); 2.x truncated the port
  // to 16 bits in htons((short)port).
  if ((port < 0 || port > 0xffff) && p >= Profile::v3_3) return Outcome::raise("OverflowError", "port must be 0-65535.");
  L::Writer w(L::In::size);
  w.le(L::kFamily, 2, AF_INET);
  w.be(L::In::port, 2, static_cast<std::uint32_t>(port));
  w.raw(L::In::addr, ip);
  return bytes(std::move(w).take());
}

// "For AF_INET6 address family, a four-tuple (host, port, flowinfo,
// scopeid) is used ... flowinfo and scopeid can be omitted"
Outcome encode_inet6(const Value& address, const SocketKind& s, const Services& sv) {
  const Profile p = s.profile;
  ADDR_TRY(t, tuple_of(address, "AF_INET6"));
  if (auto e = arity(*t, 2, 4, "AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])")) return *e;
  ADDR_TRY(host, format_host((*t)[0], p));
  auto port_parsed = format_i((*t)[1], p);
  if (failed(port_parsed)) {
    Outcome e = std::get<Outcome>(std::move(port_parsed));
    if (e.error_class == "OverflowError") e.message = "port must be 0-65535.";
    return e;
  }
  const std::int32_t port = std::get<0>(port_parsed);
  std::uint64_t flowinfo = 0;
  std::uint64_t scope_id = 0;
  if (t->size() > 2) {
    ADDR_TRY(f, format_masked((*t)[2], 32, p));  // "I": no overflow check
    flowinfo = f;
  }
  if (t->size() > 3) {
    ADDR_TRY(sc, format_masked((*t)[3], 32, p));
    scope_id = sc;
  }
  ADDR_TRY(ip, resolve_host(host, AF_INET6, sv, p));
  if ((port < 0 || port > 0xffff) && p >= Profile::v3_3) return Outcome::raise("OverflowError", "port must be 0-65535.");
  // sin6_flowinfo carries the 20-bit flow label (RFC 6437) in its low bits;
  // the binding refuses more from 3.3 on (bpo-9975).
  if (flowinfo > 0xfffff && p >= Profile::v3_3) return Outcome::raise("OverflowError", "flowinfo must be 0-1048575.");
  L::Writer w(L::In6::size);
  w.le(L::kFamily, 2, AF_INET6);
  w.be(L::In6::port, 2, static_cast<std::uint32_t>(port));
  w.be(L::In6::flowinfo, 4, flowinfo);
  w.raw(L::In6::addr, ip);
  w.le(L::In6::scope_id, 4, scope_id);
  return bytes(std::move(w).take());
}

// ---- AF_UNIX ----------------------------------------------------------------

// "A single string is used for the AF_UNIX address family"; Linux's
// abstract namespace (unix(7)) is a name whose first byte is NUL, and the
// empty name asks the kernel to autobind one.
Outcome encode_unix(const Value& address, const SocketKind& s) {
  const Profile p = s.profile;
  std::string path;
  if (const auto* str = address.get_if<std::string>()) {
    path = p >= Profile::v3_3 ? fs_encode(*str) : *str;
  } else if (const auto* b = address.get_if<Bytes>()) {
    path = b->data;
  } else {
    return Outcome::raise("TypeError",
                          "a bytes-like object is required, not '" + std::string(address.type_name()) + "'");
  }
  L::Writer w(L::Un::path + path.size());
  w.le(L::kFamily, 2, AF_UNIX);
  w.raw(L::Un::path, path);
  const bool abstract = path.empty() || path[0] == '\0';
  if (abstract) {
    // The name is all of its bytes, without a terminator: up to 108.
    if (path.size() > L::Un::path_size) return socket_err(p, "AF_UNIX path too long");
    return bytes(std::move(w).take());
  }
  // A file system path is NUL-terminated within sun_path, so at most 107
  // bytes; Python 2 passed the path without its terminator and allowed 108.
  if (p < Profile::v3_3) {
    if (path.size() > L::Un::path_size) return socket_err(p, "AF_UNIX path too long");
    return bytes(std::move(w).take());
  }
  if (path.size() >= L::Un::path_size) return socket_err(p, "AF_UNIX path too long");
  w.resize(L::Un::path + path.size() + 1);
  return bytes(std::move(w).take());
}

// ---- Linux families with plain integer fields -------------------------------

// "AF_NETLINK sockets are represented as pairs (pid, groups)."
Outcome encode_netlink(const Value& address, const SocketKind& s) {
  ADDR_TRY(t, tuple_of(address, "AF_NETLINK"));
  if (auto e = arity(*t, 2, 2, "AF_NETLINK address must be a pair (pid, groups)")) return *e;
  ADDR_TRY(pid, format_masked((*t)[0], 32, s.profile));
  ADDR_TRY(groups, format_masked((*t)[1], 32, s.profile));
  L::Writer w(L::Nl::size);
  w.le(L::kFamily, 2, AF_NETLINK);
  w.le(L::Nl::pid, 4, pid);
  w.le(L::Nl::groups, 4, groups);
  return bytes(std::move(w).take());
}

// "The general tuple form is (addr_type, v1, v2, v3 [, scope])"
Outcome encode_tipc(const Value& address, const SocketKind& s) {
  const Profile p = s.profile;
  ADDR_TRY(t, tuple_of(address, "AF_TIPC"));
  if (auto e = arity(*t, 4, 5, "AF_TIPC address must be a tuple (addr_type, v1, v2, v3[, scope])")) return *e;
  ADDR_TRY(type, format_masked((*t)[0], 32, p));
  ADDR_TRY(v1, format_masked((*t)[1], 32, p));
  ADDR_TRY(v2, format_masked((*t)[2], 32, p));
  ADDR_TRY(v3, format_masked((*t)[3], 32, p));
  std::uint64_t scope = kTipcClusterScope;
  if (t->size() > 4) {
    ADDR_TRY(sc, format_masked((*t)[4], 32, p));
    scope = sc;
  }
  L::Writer w(L::Tipc::size);
  w.le(L::kFamily, 2, AF_TIPC);
  w.u8(L::Tipc::addrtype, type);  // unsigned char: type 257 would be 1, but 257 is refused below first
  w.u8(L::Tipc::scope, scope);    // signed char: 256 is 0, -1 is 0xff
  if (type == kTipcAddrNameseq) {
    w.le(L::Tipc::seq_type, 4, v1);
    w.le(L::Tipc::seq_lower, 4, v2);
    w.le(L::Tipc::seq_upper, 4, v3);
  } else if (type == kTipcAddrName) {
    // "v3 should be 0": the struct has no place for it (the domain stays 0).
    w.le(L::Tipc::name_type, 4, v1);
    w.le(L::Tipc::name_instance, 4, v2);
  } else if (type == kTipcAddrId) {
    w.le(L::Tipc::id_node, 4, v1);  // "v1 is the node, v2 is the reference"
    w.le(L::Tipc::id_ref, 4, v2);
  } else {
    return Outcome::raise("TypeError", "Invalid address type");
  }
  return bytes(std::move(w).take());
}

// "AF_VSOCK ... (CID, port)"; both unsigned 32-bit (VMADDR_CID_ANY and
// VMADDR_PORT_ANY are -1U).
Outcome encode_vsock(const Value& address, const SocketKind& s) {
  ADDR_TRY(t, tuple_of(address, "AF_VSOCK"));
  if (auto e = arity(*t, 2, 2, "AF_VSOCK address must be a pair (cid, port)")) return *e;
  ADDR_TRY(cid, format_masked((*t)[0], 32, s.profile));
  ADDR_TRY(port, format_masked((*t)[1], 32, s.profile));
  L::Writer w(L::Vm::size);
  w.le(L::kFamily, 2, AF_VSOCK);
  w.le(L::Vm::port, 4, port);
  w.le(L::Vm::cid, 4, cid);
  return bytes(std::move(w).take());
}

// "The address family is represented as a (node, port) tuple where the
// node and port are non-negative integers."
Outcome encode_qipcrtr(const Value& address, const SocketKind& s) {
  ADDR_TRY(t, tuple_of(address, "AF_QIPCRTR"));
  if (auto e = arity(*t, 2, 2, "AF_QIPCRTR address must be a pair (node, port)")) return *e;
  ADDR_TRY(node, format_masked((*t)[0], 32, s.profile));
  ADDR_TRY(port, format_masked((*t)[1], 32, s.profile));
  L::Writer w(L::Qrtr::size);
  w.le(L::kFamily, 2, AF_QIPCRTR);
  w.le(L::Qrtr::node, 4, node);
  w.le(L::Qrtr::port, 4, port);
  return bytes(std::move(w).take());
}

// "(type, name [, feat [, mask]])": type and name are NUL-terminated in
// fixed arrays of 14 and 64 bytes; "feat and mask are unsigned 32bit
// integers". (CPython 3.11 parses feat and mask with "H" and keeps only 16
// bits: the spec marks values beyond 16 bits implementation-defined.)
Outcome encode_alg(const Value& address, const SocketKind& s) {
  const Profile p = s.profile;
  ADDR_TRY(t, tuple_of(address, "AF_ALG"));
  if (auto e = arity(*t, 2, 4, "AF_ALG address must be a tuple (type, name[, feat[, mask]])")) return *e;
  ADDR_TRY(type, format_s((*t)[0], p));
  ADDR_TRY(name, format_s((*t)[1], p));
  std::uint64_t feat = 0;
  std::uint64_t mask = 0;
  if (t->size() > 2) {
    ADDR_TRY(f, format_masked((*t)[2], 32, p));
    feat = f;
  }
  if (t->size() > 3) {
    ADDR_TRY(m, format_masked((*t)[3], 32, p));
    mask = m;
  }
  if (type.size() >= L::Alg::type_size) return Outcome::raise("ValueError", "AF_ALG type too long.");
  if (name.size() >= L::Alg::name_size) return Outcome::raise("ValueError", "AF_ALG name too long.");
  L::Writer w(L::Alg::size);
  w.le(L::kFamily, 2, AF_ALG);
  w.raw(L::Alg::type, type);
  w.le(L::Alg::feat, 4, feat);
  w.le(L::Alg::mask, 4, mask);
  w.raw(L::Alg::name, name);
  return bytes(std::move(w).take());
}

// ---- interface names: AF_CAN, AF_PACKET --------------------------------------

// The CAN interface: '' is "any interface" (index 0); otherwise the name
// must fit ifr_name (IFNAMSIZ - 1 bytes) and exist.
Parsed<std::uint32_t> can_interface(const Value& v, const SocketKind& s, const Services& sv) {
  ADDR_TRY(name, format_fs_path(v, s.profile));
  if (name.empty()) return std::uint32_t{0};
  if (name.size() >= kIfNameSize) return socket_err(s.profile, "AF_CAN interface name too long");
  const auto index = sv.interface_index(name);
  if (!index) return errno_err(s.profile, ENODEV);
  return static_cast<std::uint32_t>(*index);
}

// "A tuple (interface, ) is used for the AF_CAN address family"; CAN_ISOTP
// "(interface, rx_addr, tx_addr)"; CAN_J1939 "(interface, name, pgn, addr)".
Outcome encode_can(const Value& address, const SocketKind& s, const Services& sv) {
  const Profile p = s.profile;
  L::Writer w(L::Can::size);
  w.le(L::kFamily, 2, AF_CAN);
  if (s.proto == kCanRaw || s.proto == kCanBcm) {
    ADDR_TRY(t, tuple_of(address, "AF_CAN"));
    if (auto e = arity(*t, 1, 1, "AF_CAN address must be a tuple (interface, )")) return *e;
    ADDR_TRY(index, can_interface((*t)[0], s, sv));
    w.le(L::Can::ifindex, 4, index);
    return bytes(std::move(w).take());
  }
  if (s.proto == kCanIsotp) {
    // CPython 3.11 does not check that the address is a tuple here and
    // raises SystemError for one that is not; the documents call it "a
    // tuple", and the normal exception for a wrong type is TypeError.
    ADDR_TRY(t, tuple_of(address, "CAN_ISOTP"));
    if (auto e = arity(*t, 3, 3, "CAN_ISOTP address must be a tuple (interface, rx_addr, tx_addr)")) return *e;
    ADDR_TRY(iface, format_fs_path((*t)[0], p));
    ADDR_TRY(rx, format_masked((*t)[1], 64, p));  // "k", stored in a 32-bit canid_t
    ADDR_TRY(tx, format_masked((*t)[2], 64, p));
    ADDR_TRY(index, can_interface(Bytes{iface}, s, sv));
    w.le(L::Can::ifindex, 4, index);
    w.le(L::Can::tp_rx, 4, rx);
    w.le(L::Can::tp_tx, 4, tx);
    return bytes(std::move(w).take());
  }
  if (s.proto == kCanJ1939) {
    // "64-bit unsigned integer representing the ECU name, a 32-bit unsigned
    // integer representing the Parameter Group Number (PGN), and an 8-bit
    // integer representing the address": "K", "I" and "B", all masked.
    ADDR_TRY(t, tuple_of(address, "CAN_J1939"));
    if (auto e = arity(*t, 4, 4, "CAN_J1939 address must be a tuple (interface, name, pgn, addr)")) return *e;
    ADDR_TRY(iface, format_fs_path((*t)[0], p));
    ADDR_TRY(name, format_masked((*t)[1], 64, p));
    ADDR_TRY(pgn, format_masked((*t)[2], 32, p));
    ADDR_TRY(addr, format_masked((*t)[3], 8, p));
    ADDR_TRY(index, can_interface(Bytes{iface}, s, sv));
    w.le(L::Can::ifindex, 4, index);
    w.le(L::Can::j1939_name, 8, name);
    w.le(L::Can::j1939_pgn, 4, pgn);
    w.u8(L::Can::j1939_addr, addr);
    return bytes(std::move(w).take());
  }
  return socket_err(p, "unsupported CAN protocol");
}

// "(ifname, proto[, pkttype[, hatype[, addr]]])"
Outcome encode_packet(const Value& address, const SocketKind& s, const Services& sv) {
  const Profile p = s.profile;
  ADDR_TRY(t, tuple_of(address, "AF_PACKET"));
  if (auto e = arity(*t, 2, 5, "AF_PACKET address must be a tuple of two to five elements")) return *e;
  const auto int_field = [&](const Value& v) -> Parsed<std::int32_t> {
    auto r = format_i(v, p);
    if (failed(r) && std::get<Outcome>(r).error_class == "OverflowError") {
      return Outcome::raise("OverflowError", "address argument out of range");
    }
    return r;
  };
  ADDR_TRY(ifname, format_s((*t)[0], p));
  ADDR_TRY(proto, int_field((*t)[1]));
  std::int32_t pkttype = 0;  // PACKET_HOST, "the default"
  std::int32_t hatype = 0;
  std::string haddr;
  if (t->size() > 2) {
    ADDR_TRY(v, int_field((*t)[2]));
    pkttype = v;
  }
  if (t->size() > 3) {
    ADDR_TRY(v, int_field((*t)[3]));
    hatype = v;
  }
  if (t->size() > 4) {
    ADDR_TRY(v, format_buffer((*t)[4], p));
    haddr = std::move(v);
  }
  // The name is copied into ifr_name and cut to IFNAMSIZ - 1 bytes; an
  // empty or unknown name is ENODEV from SIOCGIFINDEX.
  const auto index = sv.interface_index(std::string_view(ifname).substr(0, kIfNameSize - 1));
  if (!index) return errno_err(p, ENODEV);
  if (haddr.size() > L::Ll::addr_size) return Outcome::raise("ValueError", "Hardware address must be 8 bytes or less");
  if (proto < 0 || proto > 0xffff) return Outcome::raise("OverflowError", "proto must be 0-65535.");
  L::Writer w(L::Ll::size);
  w.le(L::kFamily, 2, AF_PACKET);
  w.be(L::Ll::protocol, 2, static_cast<std::uint32_t>(proto));  // "in network-byte-order"
  w.le(L::Ll::ifindex, 4, static_cast<std::uint32_t>(*index));
  w.le(L::Ll::hatype, 2, static_cast<std::uint32_t>(hatype));    // unsigned short
  w.u8(L::Ll::pkttype, static_cast<std::uint32_t>(pkttype));     // unsigned char
  w.u8(L::Ll::halen, haddr.size());
  w.raw(L::Ll::addr, haddr);
  return bytes(std::move(w).take());
}

// ---- AF_BLUETOOTH ------------------------------------------------------------

// A Bluetooth address "XX:XX:XX:XX:XX:XX", as the binding reads it with
// sscanf("%X:%X:%X:%X:%X:%X%c"): six hexadecimal numbers (each may have
// leading white space, a sign and a 0x prefix, as %X allows) below 256,
// separated by single colons, and nothing after. bdaddr_t stores the bytes
// in reverse order (BlueZ lib/bluetooth.h, str2ba): the first printed
// number is b[5].
std::optional<std::string> parse_bdaddr(std::string_view text) {
  text = text.substr(0, text.find('\0'));  // a C string
  std::string out(6, '\0');
  std::size_t i = 0;
  const auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (int field = 0; field < 6; ++field) {
    if (field > 0) {
      if (i >= text.size() || text[i] != ':') return std::nullopt;
      ++i;
    }
    while (i < text.size() && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r'))) ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    if (i + 2 < text.size() && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X') && hex(text[i + 2]) >= 0) {
      i += 2;  // the optional 0x prefix
    }
    if (i >= text.size() || hex(text[i]) < 0) return std::nullopt;
    std::uint64_t v = 0;
    while (i < text.size() && hex(text[i]) >= 0) {
      v = std::min<std::uint64_t>(v * 16 + static_cast<std::uint64_t>(hex(text[i])), 0xffffffffffULL);
      ++i;
    }
    if (negative) v = (0x100000000ULL - (v & 0xffffffffULL)) & 0xffffffffULL;
    if (v > 0xff) return std::nullopt;
    out[static_cast<std::size_t>(5 - field)] = static_cast<char>(v);
  }
  if (i != text.size()) return std::nullopt;  // %c matched something
  return out;
}

// "AF_BLUETOOTH supports the following protocols and address formats"
Outcome encode_bluetooth(const Value& address, const SocketKind& s) {
  const Profile p = s.profile;
  // Every format error is socket.error "wrong format": the binding replaces
  // whatever PyArg_ParseTuple raised.
  const auto wrong = [&] { return socket_err(p, "wrong format"); };
  const auto bdaddr_of = [&](const Value& v) -> Parsed<std::string> {
    auto text = format_s(v, p);
    if (failed(text)) return wrong();
    auto b = parse_bdaddr(std::get<0>(text));
    if (!b) return socket_err(p, "bad bluetooth address");
    return *b;
  };
  const Tuple* t = address.get_if<Tuple>();
  if (s.proto == kBtL2cap || s.proto == kBtRfcomm) {
    // "(bdaddr, psm)" / "(bdaddr, channel)": a str and a C int.
    if (t == nullptr || t->size() != 2 || failed(format_s((*t)[0], p))) return wrong();
    auto number = format_i((*t)[1], p);
    if (failed(number)) return wrong();
    ADDR_TRY(bd, bdaddr_of((*t)[0]));
    const auto n = static_cast<std::uint32_t>(std::get<0>(number));
    if (s.proto == kBtL2cap) {
      L::Writer w(L::L2::size);
      w.le(L::kFamily, 2, AF_BLUETOOTH);
      w.le(L::L2::psm, 2, n);  // __le16: the int's low 16 bits
      w.raw(L::L2::bdaddr, bd);
      return bytes(std::move(w).take());
    }
    L::Writer w(L::Rc::size);
    w.le(L::kFamily, 2, AF_BLUETOOTH);
    w.raw(L::Rc::bdaddr, bd);
    w.u8(L::Rc::channel, n);  // u8: the int's low 8 bits
    return bytes(std::move(w).take());
  }
  if (s.proto == kBtHci) {
    // "(device_id,)" on Linux: one C int, stored in a 16-bit hci_dev.
    if (t == nullptr || t->size() != 1) return wrong();
    auto dev = format_i((*t)[0], p);
    if (failed(dev)) return wrong();
    L::Writer w(L::Hci::size);
    w.le(L::kFamily, 2, AF_BLUETOOTH);
    w.le(L::Hci::dev, 2, static_cast<std::uint32_t>(std::get<0>(dev)));
    return bytes(std::move(w).take());  // hci_channel 0: HCI_CHANNEL_RAW
  }
  if (s.proto == kBtSco) {
    // "bdaddr where bdaddr is a bytes object": not a str, not a tuple.
    const auto* b = address.get_if<Bytes>();
    const auto* str2 = p < Profile::v3_3 ? address.get_if<std::string>() : nullptr;
    if (b == nullptr && str2 == nullptr) return wrong();
    const auto bd = parse_bdaddr(b != nullptr ? b->data : *str2);
    if (!bd) return socket_err(p, "bad bluetooth address");
    L::Writer w(L::Sco::size);
    w.le(L::kFamily, 2, AF_BLUETOOTH);
    w.raw(L::Sco::bdaddr, *bd);
    return bytes(std::move(w).take());
  }
  return socket_err(p, "unknown Bluetooth protocol");
}

// ---- PF_SYSTEM (macOS) -------------------------------------------------------

// "A string or a tuple (id, unit) is used for the SYSPROTO_CONTROL protocol
// of the PF_SYSTEM family." The string names a kernel control, looked up
// with the CTLIOCGINFO ioctl; the model has no kernel controls, so every
// name that fits is "cannot find kernel control".
Outcome encode_system(const Value& address, const SocketKind& s) {
  const Profile p = s.profile;
  if (s.proto != kSysprotoControl) return socket_err(p, "unsupported PF_SYSTEM protocol");
  if (address.is<std::string>()) {
    ADDR_TRY(name, format_fs_path(address, p));
    if (name.size() > L::Ctl::ctl_name_size) return Outcome::raise("ValueError", "provided string is too long");
    return socket_err(p, "cannot find kernel control with provided name");
  }
  const Tuple* t = address.get_if<Tuple>();
  const auto wrong = [] { return Outcome::raise("TypeError", "PF_SYSTEM address must be a str or a pair (id, unit)"); };
  if (t == nullptr || t->size() != 2) return wrong();
  auto id = format_masked((*t)[0], 32, p);
  auto unit = format_masked((*t)[1], 32, p);
  if (failed(id) || failed(unit)) return wrong();
  L::Writer w(L::Ctl::size);
  w.u8(L::Ctl::len, L::Ctl::size);  // BSD sockaddrs carry their length
  w.u8(L::Ctl::family, L::Ctl::af_system);
  w.le(L::Ctl::sysaddr, 2, L::Ctl::af_sys_control);
  w.le(L::Ctl::id, 4, std::get<0>(id));
  w.le(L::Ctl::unit, 4, std::get<0>(unit));
  return bytes(std::move(w).take());
}

#undef ADDR_TRY

}  // namespace

bool family_supported(int family, Profile profile) {
  switch (family) {
    case AF_UNIX:
    case AF_INET: return true;
    case AF_INET6:
    case AF_NETLINK:
    case AF_TIPC:
    case AF_PACKET:
    case AF_BLUETOOTH: return profile >= Profile::v2_4;
    case AF_CAN:
    case AF_ALG:
    case AF_VSOCK:
    case AF_QIPCRTR:
    case kPfSystem: return profile >= Profile::v3_3;
    default: return false;
  }
}

Outcome encode(const Value& address, const SocketKind& s, const Services& sv) {
  if (!family_supported(s.family, s.profile)) return socket_err(s.profile, "getsockaddrarg: bad family");
  switch (s.family) {
    case AF_UNIX: return encode_unix(address, s);
    case AF_INET: return encode_inet(address, s, sv);
    case AF_INET6: return encode_inet6(address, s, sv);
    case AF_NETLINK: return encode_netlink(address, s);
    case AF_TIPC: return encode_tipc(address, s);
    case AF_CAN: return encode_can(address, s, sv);
    case AF_BLUETOOTH: return encode_bluetooth(address, s);
    case AF_ALG: return encode_alg(address, s);
    case AF_VSOCK: return encode_vsock(address, s);
    case AF_PACKET: return encode_packet(address, s, sv);
    case AF_QIPCRTR: return encode_qipcrtr(address, s);
    case kPfSystem: return encode_system(address, s);
    default: return socket_err(s.profile, "getsockaddrarg: bad family");
  }
}

}  // namespace sock::addr
