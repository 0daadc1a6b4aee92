// decode.cc: struct sockaddr bytes -> Python address, family by family.
//
// The binding reads the kernel's bytes from a zeroed buffer, so a field
// beyond the returned length reads as zero (Reader does the same), and it
// selects the format by the address's own family field, the socket's
// protocol (AF_CAN, AF_BLUETOOTH) and, for PF_SYSTEM, the socket's family.
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstring>
#include <optional>

#include "impl/addr/getargs.h"
#include "impl/addr/layout.h"
#include "impl/addr/sockaddr.h"

namespace sock::addr {

namespace {

namespace L = layout;

constexpr int kTipcAddrNameseq = 1, kTipcAddrName = 2, kTipcAddrId = 3;
constexpr int kCanIsotp = 6, kCanJ1939 = 7;
constexpr int kBtL2cap = 0, kBtHci = 1, kBtSco = 2, kBtRfcomm = 3;
constexpr int kSysprotoControl = 2;

Value u(std::uint64_t v) { return Value(static_cast<std::int64_t>(v)); }
Value u64(std::uint64_t v) {
  if (v <= static_cast<std::uint64_t>(INT64_MAX)) return u(v);
  return Value(BigInt{std::to_string(v)});
}

// The interface name for an index: '' for 0 and for an index without one
// (the binding ignores a failed SIOCGIFNAME).
std::string interface_name(std::uint32_t index, const Services& sv) {
  if (index == 0) return {};
  return sv.interface_name(static_cast<int>(index)).value_or("");
}

// Py_BuildValue("s"): the C string decoded as UTF-8, strictly; the
// exception when it is not UTF-8.
std::optional<Outcome> text(std::string bytes, Profile p, Value& out) {
  if (p >= Profile::v3_3 && fs_decode(bytes) != bytes) {
    return Outcome::raise("UnicodeDecodeError", "'utf-8' codec can't decode the C string");
  }
  out = std::move(bytes);
  return std::nullopt;
}

// "XX:XX:XX:XX:XX:XX" in upper case, from bdaddr_t's reversed bytes.
std::string bdaddr_text(const L::Reader& r, std::size_t at) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (int i = 5; i >= 0; --i) {
    const std::uint8_t b = r.u8(at + static_cast<std::size_t>(i));
    out += kHex[b >> 4U];
    out += kHex[b & 0xFU];
    if (i > 0) out += ':';
  }
  return out;
}

Outcome decode_unix(const L::Reader& r, Profile p) {
  const std::size_t n = r.size() - L::Un::path;
  if (n > 0 && r.u8(L::Un::path) == 0) {
    // "Linux's abstract namespace is returned as a bytes-like object with
    // an initial null byte": every byte the kernel returned is the name.
    std::string name(r.bytes().substr(L::Un::path));
    if (p >= Profile::v3_3) return Outcome::returned(Bytes{std::move(name)});
    return Outcome::returned(std::move(name));  // Python 2: a (byte) str
  }
  // A file system path ends at its NUL (or fills sun_path); an unnamed
  // socket (no path bytes) is ''.
  std::string path = r.c_string(L::Un::path, L::Un::path_size);
  return Outcome::returned(p >= Profile::v3_3 ? fs_decode(path) : path);
}

Outcome decode_tipc(const L::Reader& r) {
  // scope is a signed char, read back through "I": -1 is 4294967295.
  const auto scope = static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<std::int8_t>(r.u8(L::Tipc::scope))));
  const int type = r.u8(L::Tipc::addrtype);
  if (type == kTipcAddrNameseq) {
    return Outcome::returned(Tuple{u(type), u(r.le(L::Tipc::seq_type, 4)), u(r.le(L::Tipc::seq_lower, 4)),
                                   u(r.le(L::Tipc::seq_upper, 4)), u(scope)});
  }
  if (type == kTipcAddrName) {
    // "v3 should be 0": the reference returns 0 where the struct has no v3
    // (CPython repeats the instance; the spec accepts both).
    return Outcome::returned(
        Tuple{u(type), u(r.le(L::Tipc::name_type, 4)), u(r.le(L::Tipc::name_instance, 4)), u(0), u(scope)});
  }
  if (type == kTipcAddrId) {
    return Outcome::returned(
        Tuple{u(type), u(r.le(L::Tipc::id_node, 4)), u(r.le(L::Tipc::id_ref, 4)), u(0), u(scope)});
  }
  return Outcome::raise("ValueError", "Invalid address type");
}

Outcome decode_can(const L::Reader& r, const SocketKind& s, const Services& sv) {
  Value name = fs_decode(interface_name(static_cast<std::uint32_t>(r.le(L::Can::ifindex, 4)), sv));
  if (s.proto == kCanIsotp) return Outcome::returned(Tuple{name, u(r.le(L::Can::tp_rx, 4)), u(r.le(L::Can::tp_tx, 4))});
  if (s.proto == kCanJ1939) {
    return Outcome::returned(Tuple{name, u64(r.le(L::Can::j1939_name, 8)), u(r.le(L::Can::j1939_pgn, 4)),
                                   u(r.u8(L::Can::j1939_addr))});
  }
  return Outcome::returned(Tuple{name});
}

Outcome decode_bluetooth(const L::Reader& r, const SocketKind& s) {
  switch (s.proto) {
    case kBtL2cap: return Outcome::returned(Tuple{bdaddr_text(r, L::L2::bdaddr), u(r.le(L::L2::psm, 2))});
    case kBtRfcomm: return Outcome::returned(Tuple{bdaddr_text(r, L::Rc::bdaddr), u(r.u8(L::Rc::channel))});
    // The binding returns the bare device number and the bare address text
    // here, not the tuple and the bytes it accepts.
    case kBtHci: return Outcome::returned(u(r.le(L::Hci::dev, 2)));
    case kBtSco: return Outcome::returned(bdaddr_text(r, L::Sco::bdaddr));
    default: return Outcome::raise("ValueError", "Unknown Bluetooth protocol");
  }
}

Outcome decode_packet(const L::Reader& r, Profile p, const Services& sv) {
  Value name;
  if (auto e = text(interface_name(static_cast<std::uint32_t>(r.le(L::Ll::ifindex, 4)), sv), p, name)) return *e;
  // sll_halen bytes of address: the kernel returns longer hardware
  // addresses than sll_addr's 8 bytes (InfiniBand's are 20) past its end.
  const std::size_t halen = r.u8(L::Ll::halen);
  return Outcome::returned(Tuple{name, u(r.be(L::Ll::protocol, 2)), u(r.u8(L::Ll::pkttype)), u(r.le(L::Ll::hatype, 2)),
                                 Bytes{r.raw(L::Ll::addr, halen)}});
}

Outcome decode_alg(const L::Reader& r, Profile p) {
  Value type;
  Value name;
  if (auto e = text(r.c_string(L::Alg::type, L::Alg::type_size), p, type)) return *e;
  if (auto e = text(r.c_string(L::Alg::name, L::Alg::name_size), p, name)) return *e;
  return Outcome::returned(Tuple{type, name, u(r.le(L::Alg::feat, 4)), u(r.le(L::Alg::mask, 4))});
}

}  // namespace

Outcome decode(std::string_view packed, const SocketKind& s, const Services& sv) {
  const Profile p = s.profile;
  if (!family_supported(s.family, p)) return Outcome::raise(socket_error(p), "getsockaddrlen: bad family");
  if (packed.empty()) return Outcome::returned(None{});  // "no address" (an unconnected peer)
  if (packed.size() < 2) return Outcome::raise("ValueError", "a socket address has at least its 2-byte family");
  const L::Reader r(packed);
  if (s.family == kPfSystem) {
    if (s.proto != kSysprotoControl) return Outcome::raise("ValueError", "Invalid address type");
    return Outcome::returned(Tuple{u(r.le(L::Ctl::id, 4)), u(r.le(L::Ctl::unit, 4))});
  }
  const int family = static_cast<int>(r.le(L::kFamily, 2));
  switch (family_supported(family, p) ? family : -1) {
    case AF_INET: {
      Ipv4 a{};
      std::memcpy(a.data(), r.raw(L::In::addr, 4).data(), 4);
      return Outcome::returned(Tuple{sv.inet_ntop4(a), u(r.be(L::In::port, 2))});
    }
    case AF_INET6: {
      // inet_ntop text: no "%zone" (3.7+; earlier bindings used
      // getnameinfo(), which appends one for a nonzero scope id).
      Ipv6 a{};
      std::memcpy(a.data(), r.raw(L::In6::addr, 16).data(), 16);
      return Outcome::returned(Tuple{sv.inet_ntop6(a), u(r.be(L::In6::port, 2)), u(r.be(L::In6::flowinfo, 4)),
                                     u(r.le(L::In6::scope_id, 4))});
    }
    case AF_UNIX: return decode_unix(r, p);
    case AF_NETLINK: return Outcome::returned(Tuple{u(r.le(L::Nl::pid, 4)), u(r.le(L::Nl::groups, 4))});
    case AF_TIPC: return decode_tipc(r);
    case AF_CAN: return decode_can(r, s, sv);
    case AF_BLUETOOTH: return decode_bluetooth(r, s);
    case AF_ALG: return decode_alg(r, p);
    case AF_VSOCK: return Outcome::returned(Tuple{u(r.le(L::Vm::cid, 4)), u(r.le(L::Vm::port, 4))});
    case AF_PACKET: return decode_packet(r, p, sv);
    case AF_QIPCRTR: return Outcome::returned(Tuple{u(r.le(L::Qrtr::node, 4)), u(r.le(L::Qrtr::port, 4))});
    default:
      // A family without a format is not an error: the binding returns
      // (family, the 14 bytes of struct sockaddr's sa_data).
      return Outcome::returned(Tuple{u(static_cast<std::uint64_t>(family)),
                                     Bytes{r.raw(L::kSockaddrData, L::kSockaddrDataSize)}});
  }
}

}  // namespace sock::addr
