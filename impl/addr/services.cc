#include "services.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <sys/socket.h>

#include <string>

#include "impl/inet/ipv4_text.h"
#include "impl/inet/ipv6_text.h"

namespace sock::addr {

namespace {

constexpr std::string_view kLoopbackName = "lo";
constexpr int kLoopbackIndex = 1;

class ModelServices final : public Services {
 public:
  bool inet_pton4(std::string_view text, Ipv4& out) const override { return inet::parse_ipv4_dotted(text, out); }
  bool inet_pton6(std::string_view text, Ipv6& out) const override { return inet::parse_ipv6(text, out); }
  std::string inet_ntop4(const Ipv4& address) const override {
    char buf[inet::kIpv4TextMax];
    return {buf, inet::format_ipv4(address, buf)};
  }
  std::string inet_ntop6(const Ipv6& address) const override {
    char buf[inet::kIpv6TextMax];
    return {buf, inet::format_ipv6(address, inet::Dialect::posix, buf)};
  }
  std::optional<int> interface_index(std::string_view name) const override { return model_interface_index(name); }
  std::optional<std::string> interface_name(int index) const override { return model_interface_name(index); }
};

class SystemServices final : public Services {
 public:
  bool inet_pton4(std::string_view text, Ipv4& out) const override {
    const std::string s(text);  // inet_pton reads a C string
    return s.find('\0') == std::string::npos && ::inet_pton(AF_INET, s.c_str(), out.data()) == 1;
  }
  bool inet_pton6(std::string_view text, Ipv6& out) const override {
    const std::string s(text);
    return s.find('\0') == std::string::npos && ::inet_pton(AF_INET6, s.c_str(), out.data()) == 1;
  }
  std::string inet_ntop4(const Ipv4& address) const override {
    char buf[INET_ADDRSTRLEN];
    return ::inet_ntop(AF_INET, address.data(), buf, sizeof buf) != nullptr ? buf : "";
  }
  std::string inet_ntop6(const Ipv6& address) const override {
    char buf[INET6_ADDRSTRLEN];
    return ::inet_ntop(AF_INET6, address.data(), buf, sizeof buf) != nullptr ? buf : "";
  }
  std::optional<int> interface_index(std::string_view name) const override {
    const std::string s(name);
    if (s.empty() || s.size() >= IF_NAMESIZE || s.find('\0') != std::string::npos) return std::nullopt;
    const unsigned index = ::if_nametoindex(s.c_str());
    return index == 0 ? std::nullopt : std::optional<int>(static_cast<int>(index));
  }
  std::optional<std::string> interface_name(int index) const override {
    char buf[IF_NAMESIZE];
    if (index <= 0 || ::if_indextoname(static_cast<unsigned>(index), buf) == nullptr) return std::nullopt;
    return std::string(buf);
  }
};

}  // namespace

std::optional<int> model_interface_index(std::string_view name) {
  return name == kLoopbackName ? std::optional<int>(kLoopbackIndex) : std::nullopt;
}

std::optional<std::string> model_interface_name(int index) {
  return index == kLoopbackIndex ? std::optional<std::string>(kLoopbackName) : std::nullopt;
}

const Services& model_services() {
  static const ModelServices services;
  return services;
}

const Services& system_services() {
  static const SystemServices services;
  return services;
}

}  // namespace sock::addr
