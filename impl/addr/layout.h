// layout.h: the byte layout of each family's struct sockaddr on Linux
// x86_64 (and of macOS's struct sockaddr_ctl), as offsets and sizes.
//
// The conversion writes and reads bytes at these offsets instead of filling
// the C structs, so that it runs (and is tested) without the kernel
// headers' structs and without kernel support for the family, and so that
// the layout is written down once. layout_check.cc compares every number
// here with offsetof/sizeof on the system headers where Debian has them.
// Integers are little-endian (x86_64 host order) unless the field is a
// network-order one (ports, IPv4/IPv6 addresses, sin6_flowinfo,
// sll_protocol).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sock::addr::layout {

// Every struct starts with a 2-byte family (sa_family_t), except macOS's,
// which starts with a 1-byte length and a 1-byte family.
inline constexpr std::size_t kFamily = 0;
// struct sockaddr: 2 bytes of family and 14 of sa_data.
inline constexpr std::size_t kSockaddrData = 2;
inline constexpr std::size_t kSockaddrDataSize = 14;
// sockaddr_storage: the largest address the binding's buffer holds.
inline constexpr std::size_t kStorageSize = 128;

// <netinet/in.h> struct sockaddr_in
struct In {
  static constexpr std::size_t port = 2, addr = 4, size = 16;
};
// <netinet/in.h> struct sockaddr_in6
struct In6 {
  static constexpr std::size_t port = 2, flowinfo = 4, addr = 8, scope_id = 24, size = 28;
};
// <sys/un.h> struct sockaddr_un
struct Un {
  static constexpr std::size_t path = 2, path_size = 108, size = 110;
};
// <linux/netlink.h> struct sockaddr_nl (nl_pad at 2)
struct Nl {
  static constexpr std::size_t pid = 4, groups = 8, size = 12;
};
// <linux/tipc.h> struct sockaddr_tipc; the union's members:
// tipc_socket_addr {ref, node}, tipc_service_range {type, lower, upper},
// {tipc_service_addr {type, instance}, domain}.
struct Tipc {
  static constexpr std::size_t addrtype = 2, scope = 3, union_ = 4, size = 16;
  static constexpr std::size_t id_ref = 4, id_node = 8;
  static constexpr std::size_t seq_type = 4, seq_lower = 8, seq_upper = 12;
  static constexpr std::size_t name_type = 4, name_instance = 8, name_domain = 12;
};
// <linux/can.h> struct sockaddr_can: the union is 8-byte aligned (its j1939
// member holds a __u64), so it starts at 8 and the struct is 24 bytes.
struct Can {
  static constexpr std::size_t ifindex = 4, tp_rx = 8, tp_tx = 12;
  static constexpr std::size_t j1939_name = 8, j1939_pgn = 16, j1939_addr = 20, size = 24;
};
// <linux/if_alg.h> struct sockaddr_alg
struct Alg {
  static constexpr std::size_t type = 2, type_size = 14, feat = 16, mask = 20, name = 24, name_size = 64, size = 88;
};
// <linux/vm_sockets.h> struct sockaddr_vm (svm_reserved1 at 2, svm_flags
// at 12, svm_zero after it)
struct Vm {
  static constexpr std::size_t port = 4, cid = 8, flags = 12, size = 16;
};
// <linux/if_packet.h> struct sockaddr_ll
struct Ll {
  static constexpr std::size_t protocol = 2, ifindex = 4, hatype = 8, pkttype = 10, halen = 11, addr = 12,
                               addr_size = 8, size = 20;
};
// <linux/qrtr.h> struct sockaddr_qrtr (2 bytes of padding after the family)
struct Qrtr {
  static constexpr std::size_t node = 4, port = 8, size = 12;
};
// BlueZ lib/l2cap.h struct sockaddr_l2 {family, __le16 psm, bdaddr_t
// bdaddr, __le16 cid, u8 bdaddr_type}: bdaddr_t is 6 packed bytes, the
// struct 2-byte aligned.
struct L2 {
  static constexpr std::size_t psm = 2, bdaddr = 4, cid = 10, bdaddr_type = 12, size = 14;
};
// BlueZ lib/rfcomm.h struct sockaddr_rc {family, bdaddr_t, u8 channel}
struct Rc {
  static constexpr std::size_t bdaddr = 2, channel = 8, size = 10;
};
// BlueZ lib/hci.h struct sockaddr_hci {family, u16 dev, u16 channel}
struct Hci {
  static constexpr std::size_t dev = 2, channel = 4, size = 6;
};
// BlueZ lib/sco.h struct sockaddr_sco {family, bdaddr_t}
struct Sco {
  static constexpr std::size_t bdaddr = 2, size = 8;
};
// macOS <sys/kern_control.h> struct sockaddr_ctl {u_char sc_len, u_char
// sc_family, u_int16_t ss_sysaddr, u_int32_t sc_id, u_int32_t sc_unit,
// u_int32_t sc_reserved[5]}
struct Ctl {
  static constexpr std::size_t len = 0, family = 1, sysaddr = 2, id = 4, unit = 8, size = 32;
  static constexpr std::uint8_t af_system = 32;      // <sys/socket.h> AF_SYSTEM
  static constexpr std::uint16_t af_sys_control = 2;  // <sys/sys_domain.h> AF_SYS_CONTROL
  static constexpr std::size_t ctl_name_size = 96;    // <sys/kern_control.h> MAX_KCTL_NAME
};

// A zero-filled struct of `size` bytes, written field by field.
class Writer {
 public:
  explicit Writer(std::size_t size) : bytes_(size, '\0') {}
  void u8(std::size_t at, std::uint64_t v) { bytes_[at] = static_cast<char>(v & 0xFFU); }
  void le(std::size_t at, std::size_t width, std::uint64_t v) {
    for (std::size_t i = 0; i < width; ++i) u8(at + i, v >> (8 * i));
  }
  void be(std::size_t at, std::size_t width, std::uint64_t v) {
    for (std::size_t i = 0; i < width; ++i) u8(at + i, v >> (8 * (width - 1 - i)));
  }
  void raw(std::size_t at, std::string_view data) { bytes_.replace(at, data.size(), data); }
  void resize(std::size_t size) { bytes_.resize(size, '\0'); }
  [[nodiscard]] std::string take() && { return std::move(bytes_); }

 private:
  std::string bytes_;
};

// Reads the bytes a kernel returned; bytes past the end read as zero (the
// binding's buffer is zeroed before the call).
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  [[nodiscard]] std::uint8_t u8(std::size_t at) const {
    return at < bytes_.size() ? static_cast<std::uint8_t>(bytes_[at]) : 0;
  }
  [[nodiscard]] std::uint64_t le(std::size_t at, std::size_t width) const {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < width; ++i) v |= std::uint64_t{u8(at + i)} << (8 * i);
    return v;
  }
  [[nodiscard]] std::uint64_t be(std::size_t at, std::size_t width) const {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < width; ++i) v = (v << 8U) | u8(at + i);
    return v;
  }
  // `n` bytes from `at`, zero-padded past the end.
  [[nodiscard]] std::string raw(std::size_t at, std::size_t n) const {
    std::string out(n, '\0');
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<char>(u8(at + i));
    return out;
  }
  // A NUL-terminated string in a field of `n` bytes (all `n` when unterminated).
  [[nodiscard]] std::string c_string(std::size_t at, std::size_t n) const {
    std::string s = raw(at, n);
    return s.substr(0, s.find('\0'));
  }
  [[nodiscard]] std::size_t size() const { return bytes_.size(); }
  [[nodiscard]] std::string_view bytes() const { return bytes_; }

 private:
  std::string_view bytes_;
};

}  // namespace sock::addr::layout
