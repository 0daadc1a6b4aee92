// operations.h: the module's functions as named operations over Python-like
// values: what spec cases call and what the `ref` and `libc` targets run.
//
// Each operation applies the binding's argument rules for the profile
// (arguments.h), calls the engine, and maps the C result to a value or to
// the exception class the documents name.
#pragma once

#include <span>
#include <string_view>

#include "impl/core/outcome.h"
#include "impl/core/profile.h"
#include "impl/core/value.h"
#include "impl/ops/engine.h"
#include "impl/ops/session.h"

namespace sock::ops {

struct Context {
  Profile profile = kNewestProfile;
  const Engine* engine = nullptr;  // never null when calling
  Session* session = nullptr;      // null outside a session: stateful operations are then unsupported
};

struct Operation {
  std::string_view name;       // the Python function name
  std::string_view area;       // "conversions", "byte-order", ...
  std::string_view signature;  // "inet_pton(address_family, ip_string)"
  Outcome (*run)(std::span<const Value> args, const Context& context);
};

// The operations of one module (one concept each: conversions, addresses,
// sockets, ...), in any order. operations.cc lists the modules.
[[nodiscard]] std::span<const Operation> conversion_operations();
[[nodiscard]] std::span<const Operation> netdb_operations();      // getaddrinfo, getnameinfo (netdb_ops.cc)
[[nodiscard]] std::span<const Operation> cmsg_operations();       // CMSG_LEN, CMSG_SPACE (cmsg_ops.cc)
[[nodiscard]] std::span<const Operation> exception_operations();  // exception.* (exception_ops.cc)
[[nodiscard]] std::span<const Operation> address_operations();    // sockaddr.*, address.* (address_ops.cc)
[[nodiscard]] std::span<const Operation> socket_operations();     // socket, socket.*, *defaulttimeout (socket_ops.cc)
[[nodiscard]] std::span<const Operation> socket_data_operations();  // recv_into, recvfrom_into, bytearray, file.* (socket_data_ops.cc)
[[nodiscard]] std::span<const Operation> socket_msg_operations();  // socket.sendmsg, socket.recvmsg, socket.recvmsg_into, cmsg.* (socket_msg_ops.cc)

// Every operation the binding layer knows, sorted by name.
[[nodiscard]] std::span<const Operation> operations();

[[nodiscard]] const Operation* find_operation(std::string_view name);

// Runs `op`; an unknown operation is "not supported", never an exception.
[[nodiscard]] Outcome call(std::string_view op, std::span<const Value> args, const Context& context);

}  // namespace sock::ops
