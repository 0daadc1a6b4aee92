// constants.h: the module constants the address formats need
// (`!const AF_TIPC`, `!const TIPC_ADDR_NAME`, `!const CAN_ISOTP`, ...),
// beyond the core table (impl/core/constants.h), with Linux's values.
//
// Values come from the system headers where Debian ships them (glibc's
// <sys/socket.h>, <linux/tipc.h>, <linux/can.h>, <linux/vm_sockets.h>,
// <linux/if_packet.h>, ...; constants.cc includes them, so a mismatch does
// not compile) and are written out, with the kernel header they come from,
// where it does not (Bluetooth: BlueZ is not installed). PF_SYSTEM and
// SYSPROTO_CONTROL are macOS's and name the modelled family (kPfSystem).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace sock::addr {

// The core table first, then this one; nullopt for an unknown name.
[[nodiscard]] std::optional<std::int64_t> address_constant(std::string_view name);

// The names this table adds, sorted.
[[nodiscard]] std::vector<std::string_view> address_constant_names();

}  // namespace sock::addr
