// sockaddr.h: socket addresses as the documents write them (Python tuples,
// strings and bytes) and as the kernel reads them (struct sockaddr bytes),
// both ways, for every address family the documents describe.
//
// encode() is what the socket module does to the `address` argument of
// bind(), connect() and sendto() before the system call; decode() is what it
// does to the bytes getsockname(), getpeername(), accept() and recvfrom()
// return. The bytes are the exact struct layout of Linux on x86_64 (family
// in host byte order, ports and IPv4/IPv6 addresses in network byte order,
// everything else in host byte order), with the length the binding passes
// to the kernel; bytes the family's struct leaves unused (padding, the
// unused half of a union) are zero. The kernel never reads them; CPython
// leaves some of them uninitialised, which is why only the reference and the
// libc target run the sockaddr.* operations.
//
// Families and their tuples (fields and limits cite the kernel's uapi
// headers; the argument rules are the binding's, see getargs.h):
//
//   AF_UNIX     path (str or bytes; a leading NUL is Linux's abstract
//               namespace); sun_path holds 108 bytes (<sys/un.h>)
//   AF_INET     (host, port); host '' is INADDR_ANY, '<broadcast>'
//               INADDR_BROADCAST; port 0..65535
//   AF_INET6    (host, port[, flowinfo[, scope_id]]); flowinfo 0..2**20-1
//   AF_NETLINK  (pid, groups)                       <linux/netlink.h>
//   AF_TIPC     (addr_type, v1, v2, v3[, scope])    <linux/tipc.h>
//   AF_CAN      (interface,); CAN_ISOTP (interface, rx_addr, tx_addr);
//               CAN_J1939 (interface, name, pgn, addr)   <linux/can.h>
//   AF_BLUETOOTH  BTPROTO_L2CAP (bdaddr, psm), BTPROTO_RFCOMM (bdaddr,
//               channel), BTPROTO_HCI (device_id,), BTPROTO_SCO bdaddr
//               (BlueZ lib/bluetooth.h, l2cap.h, rfcomm.h, hci.h, sco.h)
//   AF_ALG      (type, name[, feat[, mask]])        <linux/if_alg.h>
//   AF_VSOCK    (cid, port)                         <linux/vm_sockets.h>
//   AF_PACKET   (ifname, proto[, pkttype[, hatype[, addr]]])
//                                                   <linux/if_packet.h>
//   AF_QIPCRTR  (node, port)                        <linux/qrtr.h>
//   PF_SYSTEM   SYSPROTO_CONTROL: a control name or (id, unit); macOS only
//               (<sys/kern_control.h>): modelled, with macOS's layout, for
//               a family argument of kPfSystem.
//
// Names are never resolved. A host that is not numeric text raises
// socket.gaierror, as getaddrinfo does for a name it cannot find: the
// documents leave name resolution to "the results from DNS resolution
// and/or the host configuration", so a case that uses a name is
// implementation-defined, and the reference is the resolver that knows no
// names. Interface names go through Services (services.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "impl/addr/services.h"
#include "impl/core/outcome.h"
#include "impl/core/profile.h"
#include "impl/core/value.h"

namespace sock::addr {

// PF_SYSTEM has no Linux number (32 is AF_IUCV here); the reference names
// the modelled macOS family with a value outside every Linux family.
inline constexpr int kPfSystem = 0x10000 | 32;

// What the socket object knows when it converts an address: its family,
// its protocol (which selects the CAN and Bluetooth formats) and the
// version of the binding.
struct SocketKind {
  int family = 0;
  int proto = 0;
  Profile profile = kNewestProfile;
};

// The address argument to sockaddr bytes: Outcome::returned(Bytes) or the
// exception the binding raises (TypeError, OverflowError, ValueError,
// socket.error, socket.gaierror).
[[nodiscard]] Outcome encode(const Value& address, const SocketKind& socket, const Services& services);

// The bytes the kernel returned (their length is the returned addrlen) to
// the Python value: a tuple, a str or bytes (AF_UNIX), None for an empty
// address. The address's own family field selects the format (the kernel
// returns addresses of the socket's family; the binding trusts the field),
// `socket` supplies the protocol; bytes beyond `packed` read as zero, as in
// the binding's zeroed buffer. An unknown family comes back as (family,
// sa_data) with the 14 bytes of struct sockaddr's sa_data.
[[nodiscard]] Outcome decode(std::string_view packed, const SocketKind& socket, const Services& services);

// True when the profile's binding has a format for the socket family
// ("Other address families are currently not supported" in 1.x and 2.6:
// 1.x knows AF_UNIX and AF_INET; 2.x adds AF_INET6, AF_NETLINK, AF_TIPC,
// AF_PACKET and AF_BLUETOOTH; from 3.3 on every family above).
[[nodiscard]] bool family_supported(int family, Profile profile);

}  // namespace sock::addr
