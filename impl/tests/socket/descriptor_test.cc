// descriptor_test: the reference socket's options and descriptor calls on
// real loopback sockets: getsockopt (int and buffer forms), setsockopt (int,
// raw bytes, NULL), detach, dup, get/set_inheritable and adopt
// (socket(fileno=...)).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "impl/socket/socket.h"
#include "impl/timeout/errors.h"

namespace {

using sock::Profile;
using sock::net::Address;
using sock::net::Socket;
using sock::timeout::Result;

template <typename T>
T must(Result<T> r) {
  if (!r) throw std::runtime_error(r.error().error_class + ": " + r.error().message);
  return std::move(r).value();
}

Socket fresh(Profile p = Profile::v3_12, int family = AF_INET, int type = SOCK_STREAM) {
  return must(sock::net::socket(sock::net::make_context(p), family, type, 0));
}

bool cloexec(int fd) { return (::fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0; }

// ---- getsockopt ---------------------------------------------------------------------

TEST(Getsockopt, IntegerOptionIsReturnedAsAnInteger) {
  Socket s = fresh(Profile::v3_3, AF_INET, SOCK_DGRAM);
  EXPECT_EQ(must(s.getsockopt_int(SOL_SOCKET, SO_TYPE)), SOCK_DGRAM);
  EXPECT_EQ(must(s.getsockopt_int(SOL_SOCKET, SO_REUSEADDR)), 0);
}

TEST(Getsockopt, BuflenReturnsTheKernelsBytesTruncatedToTheirLength) {
  Socket s = fresh();
  const std::string b = must(s.getsockopt_bytes(SOL_SOCKET, SO_TYPE, 64));
  ASSERT_EQ(b.size(), sizeof(int));
  int v = 0;
  std::memcpy(&v, b.data(), sizeof v);
  EXPECT_EQ(v, SOCK_STREAM);
}

TEST(Getsockopt, BuflenOutOfRangeIsASocketError) {
  Socket s = fresh(Profile::v2_6);
  for (const std::int64_t n : {0, -1, 1025}) {
    auto r = s.getsockopt_bytes(SOL_SOCKET, SO_TYPE, n);
    ASSERT_FALSE(r) << n;
    EXPECT_EQ(r.error().error_class, "socket.error") << n;
  }
  EXPECT_TRUE(s.getsockopt_bytes(SOL_SOCKET, SO_TYPE, 1024));
  EXPECT_TRUE(s.getsockopt_bytes(SOL_SOCKET, SO_TYPE, 1));
}

TEST(Getsockopt, UnknownOptionRaisesTheKernelsError) {
  Socket s = fresh();
  auto r = s.getsockopt_int(SOL_SOCKET, 9999);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().errnum, ENOPROTOOPT);
}

// ---- setsockopt ---------------------------------------------------------------------

TEST(Setsockopt, IntegerValueReachesTheKernel) {
  Socket s = fresh();
  ASSERT_TRUE(s.setsockopt_int(IPPROTO_TCP, TCP_NODELAY, 1));
  EXPECT_EQ(must(s.getsockopt_int(IPPROTO_TCP, TCP_NODELAY)), 1);
}

TEST(Setsockopt, BytesArePassedRaw) {
  Socket s = fresh();
  // struct linger {1, 5} in the machine's byte order.
  int linger[2] = {1, 5};
  std::string raw(reinterpret_cast<const char*>(linger), sizeof linger);
  ASSERT_TRUE(s.setsockopt_bytes(SOL_SOCKET, SO_LINGER, raw));
  EXPECT_EQ(must(s.getsockopt_bytes(SOL_SOCKET, SO_LINGER, 8)), raw);
  // Too short for an int option: the kernel's EINVAL, not a binding error.
  auto r = s.setsockopt_bytes(SOL_SOCKET, SO_REUSEADDR, std::string(1, '\1'));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().errnum, EINVAL);
}

TEST(Setsockopt, NullValueIsPassedAsNull) {
  Socket s = fresh();
  auto r = s.setsockopt_null(SOL_SOCKET, SO_REUSEADDR, sizeof(int));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().errnum, EFAULT);
}

// ---- detach, dup, inheritance ----------------------------------------------------

TEST(Detach, ReturnsTheDescriptorAndLeavesItOpen) {
  Socket s = fresh();
  const int fd = s.raw_fd();
  const int got = must(s.detach());
  EXPECT_EQ(got, fd);
  EXPECT_EQ(must(s.fileno()), -1);
  EXPECT_NE(::fcntl(fd, F_GETFD), -1) << "detach closed the descriptor";
  EXPECT_EQ(must(s.detach()), -1) << "detaching a closed socket gives -1";
  ::close(fd);
}

TEST(Detach, ClosedObjectFailsLaterOperations) {
  Socket s = fresh(Profile::v3_3);
  const int fd = must(s.detach());
  EXPECT_FALSE(s.bind(Address::ipv4("127.0.0.1", 0)));
  ::close(fd);
}

TEST(Dup, SharesTheSocketWithANewCloexecDescriptor) {
  Socket s = fresh();
  ASSERT_TRUE(s.set_inheritable(true));
  ASSERT_TRUE(s.bind(Address::ipv4("127.0.0.1", 0)));
  Socket d = must(s.dup());
  EXPECT_NE(d.raw_fd(), s.raw_fd());
  EXPECT_TRUE(cloexec(d.raw_fd()));
  EXPECT_EQ(d.family(), s.family());
  EXPECT_EQ(d.type(), s.type());
  EXPECT_EQ(must(d.getsockname()).port, must(s.getsockname()).port);
}

TEST(Dup, ClosedSocketCannotBeDuplicated) {
  Socket s = fresh();
  ASSERT_TRUE(s.close());
  EXPECT_FALSE(s.dup());
}

TEST(Inheritable, NewSocketsAreNotInheritableAndTheFlagRoundTrips) {
  Socket s = fresh();
  EXPECT_FALSE(must(s.get_inheritable()));
  ASSERT_TRUE(s.set_inheritable(true));
  EXPECT_TRUE(must(s.get_inheritable()));
  EXPECT_FALSE(cloexec(s.raw_fd()));
  ASSERT_TRUE(s.set_inheritable(false));
  EXPECT_FALSE(must(s.get_inheritable()));
  EXPECT_TRUE(cloexec(s.raw_fd()));
}

TEST(Adopt, TakesTheDescriptorOverWithoutDuplicating) {
  auto ctx = sock::net::make_context(Profile::v3_12);
  Socket s = must(sock::net::socket(ctx, AF_INET6, SOCK_DGRAM, 0));
  const int fd = must(s.detach());
  Socket t = must(sock::net::adopt(ctx, fd, AF_INET6, SOCK_DGRAM, 0));
  EXPECT_EQ(t.raw_fd(), fd);
  EXPECT_EQ(t.family(), AF_INET6);
  ASSERT_TRUE(t.close());
  EXPECT_EQ(::fcntl(fd, F_GETFD), -1) << "closing the adopting socket closes the descriptor";
}

}  // namespace
