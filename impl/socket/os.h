// os.h: the one seam between the reference socket and the operating system.
//
// Every system call the socket makes, and the monotonic clock its deadlines
// are measured on, goes through an Os. The real one forwards to POSIX;
// tests derive from it and override single calls to inject EINTR, EAGAIN,
// spurious readiness or a clock that jumps (after fmt's posix-mock-test),
// so that error paths no real network produces on demand are still tested.
//
// The calls keep POSIX's contract exactly: -1 (or a negative count) with
// errno set on failure. The socket reads errno right after each call.
#pragma once

#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <chrono>

namespace sock::net {

class Os {
 public:
  using Clock = std::chrono::steady_clock;

  Os() = default;
  Os(const Os&) = delete;
  Os& operator=(const Os&) = delete;
  virtual ~Os() = default;

  virtual int socket(int domain, int type, int protocol);
  virtual int socketpair(int domain, int type, int protocol, int sv[2]);
  virtual int close(int fd);
  // fcntl(fd, F_DUPFD_CLOEXEC, 0): a close-on-exec duplicate.
  virtual int dup(int fd);
  // fcntl(fd, F_GETFL) and fcntl(fd, F_SETFL, flags): the O_NONBLOCK bit.
  virtual int get_status_flags(int fd);
  virtual int set_status_flags(int fd, int flags);

  virtual int bind(int fd, const sockaddr* addr, socklen_t len);
  virtual int listen(int fd, int backlog);
  virtual int connect(int fd, const sockaddr* addr, socklen_t len);
  // accept4(2); `flags` is SOCK_CLOEXEC here.
  virtual int accept(int fd, sockaddr* addr, socklen_t* len, int flags);
  virtual ssize_t recv(int fd, void* buf, size_t len, int flags);
  virtual ssize_t recvfrom(int fd, void* buf, size_t len, int flags, sockaddr* addr, socklen_t* addrlen);
  virtual ssize_t send(int fd, const void* buf, size_t len, int flags);
  virtual ssize_t sendto(int fd, const void* buf, size_t len, int flags, const sockaddr* addr, socklen_t addrlen);
  virtual int shutdown(int fd, int how);
  virtual int getsockopt(int fd, int level, int name, void* value, socklen_t* len);
  virtual int setsockopt(int fd, int level, int name, const void* value, socklen_t len);
  // fcntl(fd, F_GETFD) and fcntl(fd, F_SETFD, flags): the FD_CLOEXEC bit
  // (get_inheritable/set_inheritable).
  virtual int get_fd_flags(int fd);
  virtual int set_fd_flags(int fd, int flags);
  virtual int getsockname(int fd, sockaddr* addr, socklen_t* len);
  virtual int getpeername(int fd, sockaddr* addr, socklen_t* len);

  // poll(2) with a timeout in milliseconds (-1: no timeout).
  virtual int poll(pollfd* fds, nfds_t nfds, int timeout_ms);

  // The clock deadlines are measured on: steady_clock, never the wall
  // clock, so that a clock adjustment cannot stretch or cut a timeout.
  virtual Clock::time_point now();
};

// The process's real operating system.
[[nodiscard]] Os& real_os();

}  // namespace sock::net
