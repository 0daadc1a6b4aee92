#include "os.h"

#include <fcntl.h>
#include <unistd.h>

namespace sock::net {

int Os::socket(int domain, int type, int protocol) { return ::socket(domain, type, protocol); }
int Os::socketpair(int domain, int type, int protocol, int sv[2]) { return ::socketpair(domain, type, protocol, sv); }
int Os::close(int fd) { return ::close(fd); }
int Os::dup(int fd) { return ::fcntl(fd, F_DUPFD_CLOEXEC, 0); }
int Os::get_status_flags(int fd) { return ::fcntl(fd, F_GETFL); }
int Os::set_status_flags(int fd, int flags) { return ::fcntl(fd, F_SETFL, flags); }
int Os::bind(int fd, const sockaddr* addr, socklen_t len) { return ::bind(fd, addr, len); }
int Os::listen(int fd, int backlog) { return ::listen(fd, backlog); }
int Os::connect(int fd, const sockaddr* addr, socklen_t len) { return ::connect(fd, addr, len); }
int Os::accept(int fd, sockaddr* addr, socklen_t* len, int flags) { return ::accept4(fd, addr, len, flags); }
ssize_t Os::recv(int fd, void* buf, size_t len, int flags) { return ::recv(fd, buf, len, flags); }
ssize_t Os::recvfrom(int fd, void* buf, size_t len, int flags, sockaddr* addr, socklen_t* addrlen) {
  return ::recvfrom(fd, buf, len, flags, addr, addrlen);
}
ssize_t Os::send(int fd, const void* buf, size_t len, int flags) { return ::send(fd, buf, len, flags); }
ssize_t Os::sendto(int fd, const void* buf, size_t len, int flags, const sockaddr* addr, socklen_t addrlen) {
  return ::sendto(fd, buf, len, flags, addr, addrlen);
}
int Os::shutdown(int fd, int how) { return ::shutdown(fd, how); }
int Os::getsockopt(int fd, int level, int name, void* value, socklen_t* len) {
  return ::getsockopt(fd, level, name, value, len);
}
int Os::setsockopt(int fd, int level, int name, const void* value, socklen_t len) {
  return ::setsockopt(fd, level, name, value, len);
}
int Os::get_fd_flags(int fd) { return ::fcntl(fd, F_GETFD); }
int Os::set_fd_flags(int fd, int flags) { return ::fcntl(fd, F_SETFD, flags); }
int Os::getsockname(int fd, sockaddr* addr, socklen_t* len) { return ::getsockname(fd, addr, len); }
int Os::getpeername(int fd, sockaddr* addr, socklen_t* len) { return ::getpeername(fd, addr, len); }
int Os::poll(pollfd* fds, nfds_t nfds, int timeout_ms) { return ::poll(fds, nfds, timeout_ms); }
Os::Clock::time_point Os::now() { return Clock::now(); }

Os& real_os() {
  static Os os;
  return os;
}

}  // namespace sock::net
