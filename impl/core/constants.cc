#include "constants.h"

#include <linux/can.h>
#include <linux/tipc.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <utility>

namespace sock {

namespace {

// The platform's own values: the reference runs on the machine it checks.
constexpr std::pair<std::string_view, std::int64_t> kConstants[] = {
    {"AF_UNSPEC", AF_UNSPEC},
    {"AF_UNIX", AF_UNIX},
    {"AF_INET", AF_INET},
    {"AF_INET6", AF_INET6},
    {"AF_NETLINK", AF_NETLINK},
    {"AF_PACKET", AF_PACKET},
    {"SOCK_STREAM", SOCK_STREAM},
    {"SOCK_DGRAM", SOCK_DGRAM},
    {"SOCK_RAW", SOCK_RAW},
    {"SOCK_SEQPACKET", SOCK_SEQPACKET},
    {"SOCK_RDM", SOCK_RDM},
    {"SOCK_NONBLOCK", SOCK_NONBLOCK},
    {"SOCK_CLOEXEC", SOCK_CLOEXEC},
    {"IPPROTO_TCP", IPPROTO_TCP},
    {"IPPROTO_UDP", IPPROTO_UDP},
    {"IPPROTO_IP", IPPROTO_IP},
    {"IPPROTO_IPV6", IPPROTO_IPV6},
    {"AI_PASSIVE", AI_PASSIVE},
    {"AI_CANONNAME", AI_CANONNAME},
    {"AI_NUMERICHOST", AI_NUMERICHOST},
    {"AI_NUMERICSERV", AI_NUMERICSERV},
    {"NI_NUMERICHOST", NI_NUMERICHOST},
    {"NI_NUMERICSERV", NI_NUMERICSERV},
    // getaddrinfo/getnameinfo (spec/netdb): flags, limits and error codes.
    {"AI_V4MAPPED", AI_V4MAPPED},
    {"AI_ALL", AI_ALL},
    {"AI_ADDRCONFIG", AI_ADDRCONFIG},
    {"NI_NOFQDN", NI_NOFQDN},
    {"NI_NAMEREQD", NI_NAMEREQD},
    {"NI_DGRAM", NI_DGRAM},
    {"NI_MAXHOST", NI_MAXHOST},
    {"NI_MAXSERV", NI_MAXSERV},
    {"EAI_ADDRFAMILY", EAI_ADDRFAMILY},
    {"EAI_AGAIN", EAI_AGAIN},
    {"EAI_BADFLAGS", EAI_BADFLAGS},
    {"EAI_FAIL", EAI_FAIL},
    {"EAI_FAMILY", EAI_FAMILY},
    {"EAI_MEMORY", EAI_MEMORY},
    {"EAI_NODATA", EAI_NODATA},
    {"EAI_NONAME", EAI_NONAME},
    {"EAI_OVERFLOW", EAI_OVERFLOW},
    {"EAI_SERVICE", EAI_SERVICE},
    {"EAI_SOCKTYPE", EAI_SOCKTYPE},
    {"EAI_SYSTEM", EAI_SYSTEM},
    {"IPPROTO_SCTP", IPPROTO_SCTP},
    {"IPPROTO_UDPLITE", IPPROTO_UDPLITE},
    {"IPPROTO_RAW", IPPROTO_RAW},
    {"IPPROTO_ICMP", IPPROTO_ICMP},
    {"SOL_SOCKET", SOL_SOCKET},
    // Socket options, levels and flags (spec/module/constants.yaml,
    // spec/sockets): "only those symbols that are defined in the Unix
    // header files are defined".
    {"SO_REUSEADDR", SO_REUSEADDR},
    {"SO_REUSEPORT", SO_REUSEPORT},
    {"SO_KEEPALIVE", SO_KEEPALIVE},
    {"SO_TYPE", SO_TYPE},
    {"SO_ERROR", SO_ERROR},
    {"SO_LINGER", SO_LINGER},
    {"SO_BROADCAST", SO_BROADCAST},
    {"SO_SNDBUF", SO_SNDBUF},
    {"SO_RCVBUF", SO_RCVBUF},
    {"SO_ACCEPTCONN", SO_ACCEPTCONN},
    {"SO_DOMAIN", SO_DOMAIN},
    {"SO_PROTOCOL", SO_PROTOCOL},
    {"SOMAXCONN", SOMAXCONN},
    {"SHUT_RD", SHUT_RD},
    {"SHUT_WR", SHUT_WR},
    {"SHUT_RDWR", SHUT_RDWR},
    {"MSG_PEEK", MSG_PEEK},
    {"MSG_OOB", MSG_OOB},
    {"MSG_DONTWAIT", MSG_DONTWAIT},
    {"MSG_WAITALL", MSG_WAITALL},
    {"SOL_TCP", SOL_TCP},
    {"TCP_NODELAY", TCP_NODELAY},
    {"TCP_MAXSEG", TCP_MAXSEG},
    {"IP_TTL", IP_TTL},
    {"IP_TOS", IP_TOS},
    {"IPV6_V6ONLY", IPV6_V6ONLY},
    {"IPV6_UNICAST_HOPS", IPV6_UNICAST_HOPS},
    {"SCM_RIGHTS", SCM_RIGHTS},
    {"SCM_CREDENTIALS", SCM_CREDENTIALS},
    // INADDR_* are host-order numbers in C and in the socket module.
    {"INADDR_ANY", static_cast<std::int64_t>(INADDR_ANY)},
    {"INADDR_LOOPBACK", static_cast<std::int64_t>(INADDR_LOOPBACK)},
    {"INADDR_BROADCAST", static_cast<std::int64_t>(INADDR_BROADCAST)},
    // glibc declares these as enumerators, not macros; CPython supplies
    // its own defaults (1024, 5000) when the macro is missing: "for a few
    // symbols, default values are provided".
    {"IPPORT_RESERVED", IPPORT_RESERVED},
    {"IPPORT_USERRESERVED", IPPORT_USERRESERVED},
    // TIPC (linux/tipc.h): "TIPC related constants, matching the ones
    // exported by the C socket API".
    {"AF_TIPC", AF_TIPC},
    {"SOL_TIPC", SOL_TIPC},
    {"TIPC_ADDR_NAMESEQ", TIPC_ADDR_NAMESEQ},
    {"TIPC_ADDR_NAME", TIPC_ADDR_NAME},
    {"TIPC_ADDR_ID", TIPC_ADDR_ID},
    {"TIPC_ZONE_SCOPE", TIPC_ZONE_SCOPE},
    {"TIPC_CLUSTER_SCOPE", TIPC_CLUSTER_SCOPE},
    {"TIPC_NODE_SCOPE", TIPC_NODE_SCOPE},
    {"TIPC_IMPORTANCE", TIPC_IMPORTANCE},
    {"TIPC_SUB_PORTS", TIPC_SUB_PORTS},
    {"TIPC_CFG_SRV", TIPC_CFG_SRV},
    {"TIPC_TOP_SRV", TIPC_TOP_SRV},
    // CAN (linux/can.h).
    {"AF_CAN", AF_CAN},
    {"CAN_RAW", CAN_RAW},
    {"CAN_ISOTP", CAN_ISOTP},
};

}  // namespace

std::optional<std::int64_t> constant_value(std::string_view name) {
  for (const auto& [n, v] : kConstants) {
    if (n == name) return v;
  }
  return std::nullopt;
}

std::vector<std::string_view> constant_names() {
  std::vector<std::string_view> names;
  for (const auto& [n, v] : kConstants) names.push_back(n);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace sock
