// services.h: what converting an address asks of the C library and of the
// machine, behind one seam.
//
// The binding turns a numeric host into bytes with inet_pton(3) and back
// with inet_ntop(3), and an interface name into an index with the
// SIOCGIFINDEX ioctl (AF_CAN, AF_PACKET) and back with SIOCGIFNAME. The
// conversion itself is fixed by the documents and the kernel headers; these
// four calls are not. A Services object supplies them: the model one makes
// the reference independent of the machine it runs on, the system one is
// the machine's own (for real bind/getsockname round trips).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sock::addr {

using Ipv4 = std::array<std::uint8_t, 4>;   // network byte order
using Ipv6 = std::array<std::uint8_t, 16>;  // network byte order

class Services {
 public:
  virtual ~Services() = default;

  // inet_pton(AF_INET / AF_INET6, text): true and `out` set on success.
  [[nodiscard]] virtual bool inet_pton4(std::string_view text, Ipv4& out) const = 0;
  [[nodiscard]] virtual bool inet_pton6(std::string_view text, Ipv6& out) const = 0;
  // inet_ntop(AF_INET / AF_INET6, bytes).
  [[nodiscard]] virtual std::string inet_ntop4(const Ipv4& address) const = 0;
  [[nodiscard]] virtual std::string inet_ntop6(const Ipv6& address) const = 0;

  // SIOCGIFINDEX: the index of the interface named `name` (at most
  // IFNAMSIZ - 1 bytes); nullopt when there is none (ENODEV).
  [[nodiscard]] virtual std::optional<int> interface_index(std::string_view name) const = 0;
  // SIOCGIFNAME: the name of interface `index`; nullopt when there is none.
  [[nodiscard]] virtual std::optional<std::string> interface_name(int index) const = 0;
};

// The reference: RFC text conversions (sock::inet, POSIX dialect) and a
// fixed table of one interface, the loopback device "lo" with index 1.
// Linux gives the loopback device of every network namespace that index
// (include/net/flow.h, LOOPBACK_IFINDEX: "loopback is always the 1st device
// in ns ... thus any loopback device should get ifindex 1"); every other
// name is "no such device" and every other index has no name. A spec case that names another interface therefore
// states what happens where it does not exist.
[[nodiscard]] const Services& model_services();

// The model's interface table on its own, for Services built around
// another text engine (the ops layer's, which follows the target's engine).
[[nodiscard]] std::optional<int> model_interface_index(std::string_view name);
[[nodiscard]] std::optional<std::string> model_interface_name(int index);

// The machine: libc inet_pton/inet_ntop and if_nametoindex/if_indextoname.
[[nodiscard]] const Services& system_services();

}  // namespace sock::addr
