#include "constants.h"

#include <linux/can.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/tipc.h>
#include <linux/vm_sockets.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <utility>

#include "impl/addr/sockaddr.h"
#include "impl/core/constants.h"

namespace sock::addr {

namespace {

// Bluetooth: BlueZ's <bluetooth/bluetooth.h> is not installed on Debian by
// default; the values are the kernel's (include/net/bluetooth/bluetooth.h:
// BTPROTO_L2CAP 0, BTPROTO_HCI 1, BTPROTO_SCO 2, BTPROTO_RFCOMM 3).
constexpr std::int64_t kBtprotoL2cap = 0;
constexpr std::int64_t kBtprotoHci = 1;
constexpr std::int64_t kBtprotoSco = 2;
constexpr std::int64_t kBtprotoRfcomm = 3;
// macOS <sys/sys_domain.h>: SYSPROTO_CONTROL 2 (AF_SYSTEM itself is 32 there).
constexpr std::int64_t kSysprotoControl = 2;

constexpr std::array<std::pair<std::string_view, std::int64_t>, 43> kConstants = {{
    {"AF_TIPC", AF_TIPC},
    {"AF_CAN", AF_CAN},
    {"AF_BLUETOOTH", AF_BLUETOOTH},
    {"AF_ALG", AF_ALG},
    {"AF_VSOCK", AF_VSOCK},
    {"AF_QIPCRTR", AF_QIPCRTR},
    {"AF_SYSTEM", kPfSystem},
    {"PF_SYSTEM", kPfSystem},
    {"SYSPROTO_CONTROL", kSysprotoControl},
    {"NETLINK_ROUTE", NETLINK_ROUTE},
    {"TIPC_ADDR_NAMESEQ", TIPC_ADDR_NAMESEQ},
    {"TIPC_ADDR_NAME", TIPC_ADDR_NAME},
    {"TIPC_ADDR_ID", TIPC_ADDR_ID},
    {"TIPC_ZONE_SCOPE", TIPC_ZONE_SCOPE},
    {"TIPC_CLUSTER_SCOPE", TIPC_CLUSTER_SCOPE},
    {"TIPC_NODE_SCOPE", TIPC_NODE_SCOPE},
    {"CAN_RAW", CAN_RAW},
    {"CAN_BCM", CAN_BCM},
    {"CAN_ISOTP", CAN_ISOTP},
    {"CAN_J1939", CAN_J1939},
    {"J1939_NO_NAME", 0},          // <linux/can/j1939.h>
    {"J1939_NO_PGN", 0x40000},     // <linux/can/j1939.h>
    {"J1939_NO_ADDR", 0xff},       // <linux/can/j1939.h>
    {"J1939_IDLE_ADDR", 0xfe},     // <linux/can/j1939.h>
    {"BTPROTO_L2CAP", kBtprotoL2cap},
    {"BTPROTO_HCI", kBtprotoHci},
    {"BTPROTO_SCO", kBtprotoSco},
    {"BTPROTO_RFCOMM", kBtprotoRfcomm},
    {"VMADDR_CID_ANY", VMADDR_CID_ANY},
    {"VMADDR_CID_LOCAL", VMADDR_CID_LOCAL},
    {"VMADDR_CID_HOST", VMADDR_CID_HOST},
    {"VMADDR_PORT_ANY", VMADDR_PORT_ANY},
    {"PACKET_HOST", PACKET_HOST},
    {"PACKET_BROADCAST", PACKET_BROADCAST},
    {"PACKET_MULTICAST", PACKET_MULTICAST},
    {"PACKET_OTHERHOST", PACKET_OTHERHOST},
    {"PACKET_OUTGOING", PACKET_OUTGOING},
    {"ETH_P_ALL", ETH_P_ALL},
    {"ETH_P_IP", ETH_P_IP},
    {"ETH_P_IPV6", ETH_P_IPV6},
    {"ARPHRD_ETHER", ARPHRD_ETHER},
    {"ARPHRD_LOOPBACK", ARPHRD_LOOPBACK},
    {"SOCK_PACKET", SOCK_PACKET},
}};

}  // namespace

std::optional<std::int64_t> address_constant(std::string_view name) {
  if (const auto v = constant_value(name)) return v;
  for (const auto& [n, v] : kConstants) {
    if (n == name) return v;
  }
  return std::nullopt;
}

std::vector<std::string_view> address_constant_names() {
  std::vector<std::string_view> names;
  for (const auto& [n, v] : kConstants) names.push_back(n);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace sock::addr
