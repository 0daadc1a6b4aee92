// sockcheck adapter for Boost.Asio's address classes:
//   inet_pton(AF_INET, s)  -> boost::asio::ip::make_address_v4(s, ec).to_bytes()
//   inet_pton(AF_INET6, s) -> make_address_v6(s, ec).to_bytes()
//   inet_ntop(family, b)   -> address_v4(bytes) / address_v6(bytes) .to_string()
//   inet_ntoa(b)           -> address_v4(bytes).to_string()
// Asio has no inet_aton and no public byte-order functions: not offered.
// Arguments Asio's API cannot take are "unsupported" (docs/adapter-protocol.md).
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/address_v6.hpp>
#include <boost/version.hpp>

#include "adapters/common/jsonl_loop.hpp"

namespace {

using nlohmann::json;
namespace ip = boost::asio::ip;

std::string to_hex(const unsigned char* p, std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    s += kHex[p[i] >> 4];
    s += kHex[p[i] & 15];
  }
  return s;
}

bool from_hex(const json& v, std::string& out) {
  if (!v.is_object() || v.size() != 1 || !v.contains("bytes") || !v["bytes"].is_string()) return false;
  const auto& h = v["bytes"].get_ref<const std::string&>();
  if (h.size() % 2 != 0) return false;
  out.clear();
  for (std::size_t i = 0; i < h.size(); i += 2) out += static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16));
  return true;
}

std::string family(const json& v) {
  if (v.is_object() && v.contains("const") && v["const"].is_string()) return v["const"].get<std::string>();
  if (v == 2) return "AF_INET";
  if (v == 10) return "AF_INET6";
  return "";
}

json call(const std::string& op, const json& args) {
  if (op == "inet_pton") {
    if (args.size() != 2) return {{"unsupported", "takes a family and a string"}};
    const std::string af = family(args[0]);
    if (af != "AF_INET" && af != "AF_INET6") return {{"unsupported", "no address family " + af + " in Asio"}};
    if (!args[1].is_string()) return {{"unsupported", "make_address_v4/v6 take a string"}};
    const auto& s = args[1].get_ref<const std::string&>();
    if (s.find('\0') != std::string::npos) return {{"unsupported", "make_address_v4/v6 take a C string"}};
    boost::system::error_code ec;
    if (af == "AF_INET") {
      const auto a = ip::make_address_v4(s.c_str(), ec);
      if (ec) return {{"raises", "OSError"}, {"message", "illegal IP address string passed to inet_pton"}};
      const auto b = a.to_bytes();
      return {{"value", {{"bytes", to_hex(b.data(), b.size())}}}};
    }
    const auto a = ip::make_address_v6(s.c_str(), ec);
    if (ec) return {{"raises", "OSError"}, {"message", "illegal IP address string passed to inet_pton"}};
    const auto b = a.to_bytes();
    return {{"value", {{"bytes", to_hex(b.data(), b.size())}}}};
  }
  if (op == "inet_ntop" || op == "inet_ntoa") {
    const bool ntoa = op == "inet_ntoa";
    if (args.size() != (ntoa ? 1u : 2u)) return {{"unsupported", "wrong number of arguments for " + op}};
    const std::string af = ntoa ? "AF_INET" : family(args[0]);
    std::string bytes;
    if (!from_hex(args.back(), bytes)) return {{"unsupported", "address_v4/v6 take bytes"}};
    if (af == "AF_INET" && bytes.size() == 4) {
      ip::address_v4::bytes_type b;
      std::copy(bytes.begin(), bytes.end(), b.begin());
      return {{"value", ip::address_v4(b).to_string()}};
    }
    if (af == "AF_INET6" && bytes.size() == 16) {
      ip::address_v6::bytes_type b;
      std::copy(bytes.begin(), bytes.end(), b.begin());
      return {{"value", ip::address_v6(b).to_string()}};
    }
    return {{"unsupported", "address_v4/v6 take exactly 4/16 bytes of a known family"}};
  }
  return {{"unsupported", "Boost.Asio has no " + op}};
}

}  // namespace

int main() {
  const std::string version = std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) +
                              "." + std::to_string(BOOST_VERSION % 100);
  const json hello = {
      {"protocol", 1},
      {"implementation",
       {{"name", "boost-asio"}, {"version", version}, {"language", "c++"},
        {"description", "Boost.Asio ip::make_address_v4/v6 and address to_string"}}},
      {"profile", "3.12"},
      {"ops", {"inet_ntoa", "inet_ntop", "inet_pton"}},
      {"families", {"AF_INET", "AF_INET6"}},
  };
  return sockcheck_adapter::serve(hello, call);
}
