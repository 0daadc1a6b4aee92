// socket_session.h: the session's socket and file objects, for operation
// modules other than socket_ops.cc (which owns them).
//
// socket_ops.cc keeps its SocketObject and FileObject private; the data
// operations (socket_data_ops.cc: recv_into, recvfrom_into and the file
// object's methods) find them through these two functions instead.
#pragma once

#include <string>
#include <utility>

#include "impl/core/value.h"
#include "impl/ops/operations.h"
#include "impl/socket/socket.h"

namespace sock::ops {

// What makefile() was called with, kept beside the file's descriptor.
struct SessionFile {
  std::string mode = "r";  // makefile's mode argument ("r" when not given)
  Handle socket;           // the socket the file was made from
  std::string pending;     // written, not yet flushed
};

// The socket a handle names in the context's session; nullptr when the
// value is not a handle to a socket (or there is no session).
[[nodiscard]] net::Socket* session_socket(const Context& ctx, const Value& handle);

// The descriptor and details of the file a handle names; both nullptr when
// the value is not a handle to a file that makefile() returned.
[[nodiscard]] std::pair<net::UniqueFd*, SessionFile*> session_file(const Context& ctx, const Value& handle);

}  // namespace sock::ops
