// diff_asio_inet_pton: the reference's inet_pton against Boost.Asio's
// boost::asio::ip::make_address_v4 / make_address_v6 (header-only; Debian
// libboost-dev). Input: the text, as is, tried as both families.
//
// Invariant: for every text t without a NUL byte,
//   parse_ipv4_dotted(t) and make_address_v4(t) agree (both accept with
//   the same bytes, or both reject);
//   parse_ipv6(t) and make_address_v6(t) agree, except as allowed below.
//
// Allowed difference (not a failure): zone ids. Asio cuts an IPv6 text at
// its first '%' and parses only what precedes it, keeping the rest as the
// scope id ("fe80::1%eth0", RFC 4007 section 11); inet_pton, and with it
// the reference and Python's socket.inet_pton on glibc, takes no zone id.
// The spec files this under "exactly what is valid depends on ... the
// underlying implementation of inet_pton" (spec/README.md: implementation
// defined). So for a text with a '%', Asio must accept exactly when the
// reference accepts the part before the first '%', with the same bytes.
//
// On any other disagreement the report prints every result and the input
// in hex, then aborts.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/address_v6.hpp>

#include "fuzz_support.h"
#include "impl/inet/ipv4_text.h"
#include "impl/inet/ipv6_text.h"

namespace {

// As fuzz/diff_glibc_inet_pton.cc; fuzz/diff_asio_inet_pton.options.
constexpr std::size_t kMaxLen = 64;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Oversized inputs are not interesting (see kMaxLen); skip, don't fail.
  if (size > kMaxLen) return 0;
  // A NUL never reaches inet_pton from Python (ValueError first), and Asio
  // takes a C string that would end there: nothing to compare.
  if (sockfuzz::has_nul(data, size)) return 0;
  const sockfuzz::InputScope scope(data, size);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const sockfuzz::CText<kMaxLen> c_text(data, size);

  sock::inet::Ipv4Bytes ref4{};
  const bool ref4_ok = sock::inet::parse_ipv4_dotted(text, ref4);
  boost::system::error_code ec4;
  const sock::inet::Ipv4Bytes asio4 = boost::asio::ip::make_address_v4(c_text.c_str(), ec4).to_bytes();
  const bool asio4_ok = !ec4;
  if (ref4_ok != asio4_ok || (ref4_ok && !sockfuzz::same(ref4, asio4))) {
    sockfuzz::Failure("inet_pton(AF_INET): the reference and Boost.Asio make_address_v4 disagree", __FILE__, __LINE__)
        .parsed("reference parse_ipv4_dotted", ref4_ok, ref4.data(), 4)
        .parsed("asio make_address_v4", asio4_ok, asio4.data(), 4)
        .text("asio error", ec4.message())
        .spec_args("inet_pton", "AF_INET", data, size)
        .spec_outcome_bytes("reference", ref4_ok, ref4.data(), 4)
        .spec_outcome_bytes("asio", asio4_ok, asio4.data(), 4)
        .fail();
  }

  sock::inet::Ipv6Bytes ref6{};
  const bool ref6_ok = sock::inet::parse_ipv6(text, ref6);
  boost::system::error_code ec6;
  const sock::inet::Ipv6Bytes asio6 = boost::asio::ip::make_address_v6(c_text.c_str(), ec6).to_bytes();
  const bool asio6_ok = !ec6;

  // The allowed difference: compare Asio with the reference on the part
  // before the zone id.
  const std::size_t percent = text.find('%');
  const std::string_view address_part = text.substr(0, percent);
  sock::inet::Ipv6Bytes ref_part = ref6;
  const bool ref_part_ok = percent == text.npos ? ref6_ok : sock::inet::parse_ipv6(address_part, ref_part);

  if (ref_part_ok != asio6_ok || (asio6_ok && !sockfuzz::same(ref_part, asio6))) {
    sockfuzz::Failure("inet_pton(AF_INET6): the reference and Boost.Asio make_address_v6 disagree", __FILE__,
                      __LINE__)
        .parsed("reference parse_ipv6", ref6_ok, ref6.data(), 16)
        .text("text before the first '%'", address_part)
        .parsed("reference parse_ipv6 on that", ref_part_ok, ref_part.data(), 16)
        .parsed("asio make_address_v6", asio6_ok, asio6.data(), 16)
        .text("asio error", ec6.message())
        .spec_args("inet_pton", "AF_INET6", data, size)
        .spec_outcome_bytes("reference", ref6_ok, ref6.data(), 16)
        .spec_outcome_bytes("asio", asio6_ok, asio6.data(), 16)
        .fail();
  }
  return 0;
}
