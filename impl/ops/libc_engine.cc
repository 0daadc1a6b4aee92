// The system C library, called directly: this is what CPython itself calls.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>
#include <mutex>

#include "engine.h"

namespace sock::ops {

namespace {

class LibcEngine final : public Engine {
 public:
  std::string_view name() const override { return "libc"; }

  bool inet_aton(const std::string& text, std::array<std::uint8_t, 4>& out) const override {
    in_addr a{};
    if (::inet_aton(text.c_str(), &a) == 0) return false;
    std::memcpy(out.data(), &a, 4);
    return true;
  }

  std::string inet_ntoa(const std::array<std::uint8_t, 4>& address) const override {
    in_addr a{};
    std::memcpy(&a, address.data(), 4);
    // inet_ntoa(3) returns a static buffer; the runner calls from several
    // threads, so copying out happens under a lock.
    static std::mutex m;
    const std::lock_guard lock(m);
    return ::inet_ntoa(a);
  }

  int inet_pton(int family, const std::string& text, unsigned char* out) const override {
    return ::inet_pton(family, text.c_str(), out);
  }

  bool inet_ntop(int family, const unsigned char* address, std::string& out) const override {
    char buf[INET6_ADDRSTRLEN + 1];
    if (::inet_ntop(family, address, buf, sizeof buf) == nullptr) return false;
    out = buf;
    return true;
  }

  std::uint16_t to_network16(std::uint16_t x) const override { return ::htons(x); }
  std::uint16_t from_network16(std::uint16_t x) const override { return ::ntohs(x); }
  std::uint32_t to_network32(std::uint32_t x) const override { return ::htonl(x); }
  std::uint32_t from_network32(std::uint32_t x) const override { return ::ntohl(x); }
};

}  // namespace

const Engine& libc_engine() {
  static const LibcEngine engine;
  return engine;
}

}  // namespace sock::ops
