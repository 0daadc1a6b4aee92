// kernel.h: the running kernel's reading of an address: bind it to a new
// socket and ask for it back.
//
// The reference's bytes are only right if the kernel agrees: a wrong
// offset is EINVAL or a different address from getsockname(). These calls
// let the unit tests and the `address.roundtrip` operation check the
// conversion against the real thing, for the families this kernel has.
#pragma once

#include <string>
#include <string_view>

namespace sock::addr {

struct KernelAnswer {
  enum class Status {
    bound,        // `name` holds what getsockname() returned
    failed,       // socket(), bind() or getsockname() failed with `error`
    unsupported,  // the kernel (or this process) cannot open such a socket
  };
  Status status = Status::failed;
  std::string name;  // getsockname()'s bytes, its returned length
  int error = 0;     // errno
  std::string why;   // for unsupported: which call, which errno
};

// Opens socket(family, type, proto), binds `sockaddr` (its exact bytes and
// length) and returns getsockname(); closes the socket. socket() failing
// with EAFNOSUPPORT, EPROTONOSUPPORT, ESOCKTNOSUPPORT, EPERM or EACCES is
// "unsupported" (no kernel module, or no privilege: AF_PACKET needs
// CAP_NET_RAW); every other failure is reported with its errno.
[[nodiscard]] KernelAnswer bind_and_getsockname(int family, int type, int proto, std::string_view sockaddr);

}  // namespace sock::addr
