#include "kernel.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "impl/addr/layout.h"

namespace sock::addr {

namespace {

bool means_unsupported(int err) {
  return err == EAFNOSUPPORT || err == EPROTONOSUPPORT || err == ESOCKTNOSUPPORT || err == EPERM || err == EACCES;
}

// Closes the descriptor on every path out.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

KernelAnswer bind_and_getsockname(int family, int type, int proto, std::string_view sockaddr) {
  KernelAnswer out;
  const Fd fd(::socket(family, type | SOCK_CLOEXEC, proto));
  if (fd.get() < 0) {
    out.error = errno;
    out.status = means_unsupported(out.error) ? KernelAnswer::Status::unsupported : KernelAnswer::Status::failed;
    out.why = "socket(" + std::to_string(family) + ", " + std::to_string(type) + ", " + std::to_string(proto) +
              "): " + std::strerror(out.error);
    return out;
  }
  sockaddr_storage in{};
  if (sockaddr.size() > sizeof in) {
    out.error = EINVAL;
    return out;
  }
  std::memcpy(&in, sockaddr.data(), sockaddr.size());
  if (::bind(fd.get(), reinterpret_cast<const struct sockaddr*>(&in), static_cast<socklen_t>(sockaddr.size())) != 0) {
    out.error = errno;
    return out;
  }
  // A larger buffer than sockaddr_storage: AF_PACKET returns hardware
  // addresses longer than sll_addr past the struct's end.
  char buf[layout::kStorageSize * 2] = {};
  socklen_t len = sizeof buf;
  if (::getsockname(fd.get(), reinterpret_cast<struct sockaddr*>(buf), &len) != 0) {
    out.error = errno;
    return out;
  }
  out.status = KernelAnswer::Status::bound;
  out.name.assign(buf, len < sizeof buf ? len : sizeof buf);
  return out;
}

}  // namespace sock::addr
