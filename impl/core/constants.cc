#include "constants.h"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <utility>

namespace sock {

namespace {

// The platform's own values: the reference runs on the machine it checks.
constexpr std::array<std::pair<std::string_view, std::int64_t>, 48> kConstants = {{
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
}};

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
