// diff_asio_inet_ntop: the reference's glibc dialect of inet_ntop against
// Boost.Asio's address_v4::to_string and address_v6::to_string. Input: up to
// 16 bytes, zero-padded to 16; the IPv6 address is all 16, the IPv4
// address the first 4.
//
// Invariant: for all bytes b, with scope id 0 (no zone),
//   format_ipv4(b[0:4]) equals address_v4(b[0:4]).to_string(), and
//   format_ipv6(b, glibc) equals address_v6(b).to_string(),
// character for character. (Asio prints through the C library's
// inet_ntop, hence the glibc dialect; a scope id would add "%<zone>",
// which inet_ntop has no way to express, so none is set.)
//
// On a disagreement the report prints both texts and the input in hex,
// then aborts.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/address_v6.hpp>

#include "fuzz_support.h"
#include "impl/inet/ipv4_text.h"
#include "impl/inet/ipv6_text.h"

namespace {

// The largest address is 16 bytes; fuzz/diff_asio_inet_ntop.options.
constexpr std::size_t kMaxLen = 16;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Oversized inputs are not interesting (see kMaxLen); skip, don't fail.
  if (size > kMaxLen) return 0;
  const sockfuzz::InputScope scope(data, size);
  sock::inet::Ipv6Bytes v6{};
  std::copy(data, data + size, v6.begin());
  sock::inet::Ipv4Bytes v4{};
  std::copy(v6.begin(), v6.begin() + 4, v4.begin());

  char ref4[sock::inet::kIpv4TextMax];
  const std::string_view ref4_text(ref4, sock::inet::format_ipv4(v4, ref4));
  boost::system::error_code ec4;
  const std::string asio4_text = boost::asio::ip::address_v4(boost::asio::ip::address_v4::bytes_type{
                                                                 v4[0], v4[1], v4[2], v4[3]})
                                     .to_string(ec4);
  if (!sockfuzz::same_text(ref4_text, asio4_text)) {
    sockfuzz::Failure("inet_ntop(AF_INET): the reference and Boost.Asio address_v4::to_string disagree", __FILE__,
                      __LINE__)
        .text("reference format_ipv4", ref4_text)
        .text("asio to_string", asio4_text)
        .text("asio error", ec4.message())
        .spec_args("inet_ntop", "AF_INET", v4.data(), 4)
        .spec_outcome_text("reference-glibc", ref4_text)
        .spec_outcome_text("asio", asio4_text)
        .fail();
  }

  char ref6[sock::inet::kIpv6TextMax];
  const std::string_view ref6_text(ref6, sock::inet::format_ipv6(v6, sock::inet::Dialect::glibc, ref6));
  boost::asio::ip::address_v6::bytes_type asio_bytes{};
  std::copy(v6.begin(), v6.end(), asio_bytes.begin());
  boost::system::error_code ec6;
  const std::string asio6_text = boost::asio::ip::address_v6(asio_bytes, 0).to_string(ec6);
  if (!sockfuzz::same_text(ref6_text, asio6_text)) {
    sockfuzz::Failure("inet_ntop(AF_INET6): the reference (glibc dialect) and Boost.Asio address_v6::to_string disagree",
                      __FILE__, __LINE__)
        .text("reference format_ipv6 (glibc)", ref6_text)
        .text("asio to_string", asio6_text)
        .text("asio error", ec6.message())
        .spec_args("inet_ntop", "AF_INET6", v6.data(), 16)
        .spec_outcome_text("reference-glibc", ref6_text)
        .spec_outcome_text("asio", asio6_text)
        .fail();
  }
  return 0;
}
