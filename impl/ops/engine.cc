#include "engine.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "impl/inet/byte_order.h"
#include "impl/inet/ipv4_text.h"
#include "impl/inet/ipv6_text.h"
#include "impl/netdb/netdb.h"
#include "impl/ops/cmsg_layout.h"

namespace sock::ops {

namespace {

class ReferenceEngine final : public Engine {
 public:
  explicit ReferenceEngine(inet::Dialect dialect) : dialect_(dialect), name_("ref/" + std::string(inet::name(dialect))) {}

  std::string_view name() const override { return name_; }

  bool inet_aton(const std::string& text, std::array<std::uint8_t, 4>& out) const override {
    return inet::parse_inet_aton(text, dialect_, out);
  }

  std::string inet_ntoa(const std::array<std::uint8_t, 4>& address) const override {
    char buf[inet::kIpv4TextMax];
    return {buf, inet::format_ipv4(address, buf)};
  }

  int inet_pton(int family, const std::string& text, unsigned char* out) const override {
    if (family == AF_INET) {
      inet::Ipv4Bytes b;
      if (!inet::parse_ipv4_dotted(text, b)) return 0;
      std::memcpy(out, b.data(), b.size());
      return 1;
    }
    if (family == AF_INET6) {
      inet::Ipv6Bytes b;
      if (!inet::parse_ipv6(text, b)) return 0;
      std::memcpy(out, b.data(), b.size());
      return 1;
    }
    errno = EAFNOSUPPORT;
    return -1;
  }

  bool inet_ntop(int family, const unsigned char* address, std::string& out) const override {
    if (family == AF_INET) {
      inet::Ipv4Bytes b;
      std::memcpy(b.data(), address, b.size());
      char buf[inet::kIpv4TextMax];
      out.assign(buf, inet::format_ipv4(b, buf));
      return true;
    }
    if (family == AF_INET6) {
      inet::Ipv6Bytes b;
      std::memcpy(b.data(), address, b.size());
      char buf[inet::kIpv6TextMax];
      out.assign(buf, inet::format_ipv6(b, dialect_, buf));
      return true;
    }
    errno = EAFNOSUPPORT;
    return false;
  }

  std::uint16_t to_network16(std::uint16_t x) const override { return inet::host_to_network16(x); }
  std::uint16_t from_network16(std::uint16_t x) const override { return inet::network_to_host16(x); }
  std::uint32_t to_network32(std::uint32_t x) const override { return inet::host_to_network32(x); }
  std::uint32_t from_network32(std::uint32_t x) const override { return inet::network_to_host32(x); }

  netdb::AddrInfoResult getaddrinfo(const std::optional<std::string>& node, const std::optional<std::string>& service,
                                    const netdb::Hints& hints) const override {
    return netdb::getaddrinfo(node, service, hints, dialect_);
  }
  netdb::NameInfoResult getnameinfo(const netdb::Endpoint& address, int flags) const override {
    return netdb::getnameinfo(address, flags, dialect_);
  }

  std::optional<std::size_t> cmsg_len(std::size_t length) const override { return cmsg::len(length); }
  std::optional<std::size_t> cmsg_space(std::size_t length) const override { return cmsg::space(length); }

 private:
  inet::Dialect dialect_;
  std::string name_;
};

}  // namespace

const Engine& reference_engine(inet::Dialect dialect) {
  static const ReferenceEngine posix(inet::Dialect::posix);
  static const ReferenceEngine glibc(inet::Dialect::glibc);
  return dialect == inet::Dialect::glibc ? static_cast<const Engine&>(glibc) : posix;
}

}  // namespace sock::ops
