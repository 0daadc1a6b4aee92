// conversion_pairs.cc: the five operations, reference and glibc side by side.
#include "conversion_pairs.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <array>
#include <cstdio>
#include <cstring>

#include "impl/inet/ipv4_text.h"
#include "impl/inet/ipv6_text.h"

namespace sock::bench {
namespace {

using inet::Dialect;
using inet::Ipv4Bytes;
using inet::Ipv6Bytes;

// A result folded into a checksum, cheaply: the harness's own work is
// added to both sides' times, so it must be small next to either (a
// byte-by-byte hash of 16 bytes would cost as much as a fast parse).
std::uint64_t fold(std::uint64_t sum, bool ok, const std::uint8_t* bytes, std::size_t n) {
  std::uint64_t word = 0;
  if (ok) {
    std::memcpy(&word, bytes, n < 8 ? n : 8);
    if (n > 8) {
      std::uint64_t tail;
      std::memcpy(&tail, bytes + n - 8, 8);
      word ^= tail;
    }
  }
  return (sum ^ word) * 3 + ok;
}

std::uint64_t fold_text(std::uint64_t sum, const char* text, std::size_t n) {
  std::uint64_t word = 0;
  std::memcpy(&word, text, n < 8 ? n : 8);
  return (sum ^ word) * 3 + n;
}

std::string hex(const std::uint8_t* bytes, std::size_t n) {
  std::string out;
  char pair[3];
  for (std::size_t i = 0; i < n; ++i) {
    std::snprintf(pair, sizeof pair, "%02x", bytes[i]);
    out += pair;
  }
  return out;
}

// --- inet_pton(AF_INET) ---------------------------------------------------

std::size_t pton4_inputs(const AddressMix& mix) { return mix.ipv4_dotted.size(); }

std::uint64_t pton4_reference(const AddressMix& mix) {
  std::uint64_t sum = 0;
  for (const auto text : mix.ipv4_dotted.texts()) {
    Ipv4Bytes out;
    const bool ok = inet::parse_ipv4_dotted(text, out);
    sum = fold(sum, ok, out.data(), 4);
  }
  return sum;
}

std::uint64_t pton4_libc(const AddressMix& mix) {
  std::uint64_t sum = 0;
  for (const auto text : mix.ipv4_dotted.texts()) {
    std::uint8_t out[4];
    const bool ok = inet_pton(AF_INET, text.data(), out) == 1;
    sum = fold(sum, ok, out, 4);
  }
  return sum;
}

std::string pton4_difference(const AddressMix& mix) {
  for (const auto text : mix.ipv4_dotted.texts()) {
    Ipv4Bytes ours{};
    std::uint8_t theirs[4] = {};
    const bool ok_ours = inet::parse_ipv4_dotted(text, ours);
    const bool ok_theirs = inet_pton(AF_INET, text.data(), theirs) == 1;
    if (ok_ours != ok_theirs || (ok_ours && std::memcmp(ours.data(), theirs, 4) != 0)) {
      return escaped(text) + ": reference " + (ok_ours ? hex(ours.data(), 4) : "invalid") + ", glibc " +
             (ok_theirs ? hex(theirs, 4) : "invalid");
    }
  }
  return {};
}

// --- inet_aton ------------------------------------------------------------

std::size_t aton_inputs(const AddressMix& mix) { return mix.inet_aton.size(); }

std::uint64_t aton_reference(const AddressMix& mix) {
  std::uint64_t sum = 0;
  for (const auto text : mix.inet_aton.texts()) {
    Ipv4Bytes out;
    const bool ok = inet::parse_inet_aton(text, Dialect::glibc, out);
    sum = fold(sum, ok, out.data(), 4);
  }
  return sum;
}

std::uint64_t aton_libc(const AddressMix& mix) {
  std::uint64_t sum = 0;
  for (const auto text : mix.inet_aton.texts()) {
    in_addr out;
    const bool ok = inet_aton(text.data(), &out) != 0;
    sum = fold(sum, ok, reinterpret_cast<const std::uint8_t*>(&out), 4);
  }
  return sum;
}

std::string aton_difference(const AddressMix& mix) {
  for (const auto text : mix.inet_aton.texts()) {
    Ipv4Bytes ours{};
    in_addr theirs{};
    const bool ok_ours = inet::parse_inet_aton(text, Dialect::glibc, ours);
    const bool ok_theirs = inet_aton(text.data(), &theirs) != 0;
    const auto* their_bytes = reinterpret_cast<const std::uint8_t*>(&theirs);
    if (ok_ours != ok_theirs || (ok_ours && std::memcmp(ours.data(), their_bytes, 4) != 0)) {
      return escaped(text) + ": reference " + (ok_ours ? hex(ours.data(), 4) : "invalid") + ", glibc " +
             (ok_theirs ? hex(their_bytes, 4) : "invalid");
    }
  }
  return {};
}

// --- inet_pton(AF_INET6) --------------------------------------------------

std::size_t pton6_inputs(const AddressMix& mix) { return mix.ipv6.size(); }

std::uint64_t pton6_reference(const AddressMix& mix) {
  std::uint64_t sum = 0;
  for (const auto text : mix.ipv6.texts()) {
    Ipv6Bytes out;
    const bool ok = inet::parse_ipv6(text, out);
    sum = fold(sum, ok, out.data(), 16);
  }
  return sum;
}

std::uint64_t pton6_libc(const AddressMix& mix) {
  std::uint64_t sum = 0;
  for (const auto text : mix.ipv6.texts()) {
    std::uint8_t out[16];
    const bool ok = inet_pton(AF_INET6, text.data(), out) == 1;
    sum = fold(sum, ok, out, 16);
  }
  return sum;
}

std::string pton6_difference(const AddressMix& mix) {
  for (const auto text : mix.ipv6.texts()) {
    Ipv6Bytes ours{};
    std::uint8_t theirs[16] = {};
    const bool ok_ours = inet::parse_ipv6(text, ours);
    const bool ok_theirs = inet_pton(AF_INET6, text.data(), theirs) == 1;
    if (ok_ours != ok_theirs || (ok_ours && std::memcmp(ours.data(), theirs, 16) != 0)) {
      return escaped(text) + ": reference " + (ok_ours ? hex(ours.data(), 16) : "invalid") + ", glibc " +
             (ok_theirs ? hex(theirs, 16) : "invalid");
    }
  }
  return {};
}

// --- inet_ntop(AF_INET6) --------------------------------------------------

std::size_t ntop6_inputs(const AddressMix& mix) { return mix.ipv6_addresses.size(); }

std::uint64_t ntop6_reference(const AddressMix& mix) {
  std::uint64_t sum = 0;
  for (const auto& address : mix.ipv6_addresses) {
    char text[inet::kIpv6TextMax];
    const std::size_t n = inet::format_ipv6(address, Dialect::glibc, text);
    sum = fold_text(sum, text, n);
  }
  return sum;
}

std::uint64_t ntop6_libc(const AddressMix& mix) {
  std::uint64_t sum = 0;
  for (const auto& address : mix.ipv6_addresses) {
    char text[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, address.data(), text, sizeof text);
    sum = fold_text(sum, text, std::strlen(text));
  }
  return sum;
}

std::string ntop6_difference(const AddressMix& mix) {
  for (const auto& address : mix.ipv6_addresses) {
    char ours[inet::kIpv6TextMax];
    char theirs[INET6_ADDRSTRLEN];
    const std::string_view mine(ours, inet::format_ipv6(address, Dialect::glibc, ours));
    if (inet_ntop(AF_INET6, address.data(), theirs, sizeof theirs) == nullptr || mine != theirs) {
      return hex(address.data(), 16) + ": reference " + std::string(mine) + ", glibc " + theirs;
    }
  }
  return {};
}

// --- inet_ntop(AF_INET) ---------------------------------------------------

std::size_t ntop4_inputs(const AddressMix& mix) { return mix.ipv4_addresses.size(); }

std::uint64_t ntop4_reference(const AddressMix& mix) {
  std::uint64_t sum = 0;
  for (const auto& address : mix.ipv4_addresses) {
    char text[inet::kIpv4TextMax];
    const std::size_t n = inet::format_ipv4(address, text);
    sum = fold_text(sum, text, n);
  }
  return sum;
}

std::uint64_t ntop4_libc(const AddressMix& mix) {
  std::uint64_t sum = 0;
  for (const auto& address : mix.ipv4_addresses) {
    char text[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, address.data(), text, sizeof text);
    sum = fold_text(sum, text, std::strlen(text));
  }
  return sum;
}

std::string ntop4_difference(const AddressMix& mix) {
  for (const auto& address : mix.ipv4_addresses) {
    char ours[inet::kIpv4TextMax];
    char theirs[INET_ADDRSTRLEN];
    const std::string_view mine(ours, inet::format_ipv4(address, ours));
    if (inet_ntop(AF_INET, address.data(), theirs, sizeof theirs) == nullptr || mine != theirs) {
      return hex(address.data(), 4) + ": reference " + std::string(mine) + ", glibc " + theirs;
    }
  }
  return {};
}

constexpr std::array<ConversionPair, 5> kPairs = {{
    {"inet_pton4", pton4_inputs, pton4_reference, pton4_libc, pton4_difference},
    {"inet_aton", aton_inputs, aton_reference, aton_libc, aton_difference},
    {"inet_pton6", pton6_inputs, pton6_reference, pton6_libc, pton6_difference},
    {"inet_ntop6", ntop6_inputs, ntop6_reference, ntop6_libc, ntop6_difference},
    {"inet_ntop4", ntop4_inputs, ntop4_reference, ntop4_libc, ntop4_difference},
}};

}  // namespace

std::span<const ConversionPair> conversion_pairs() { return kPairs; }

std::string ratio_line(std::string_view name, double reference_ns, double libc_ns) {
  const std::string label = std::string(name) + ":";
  char line[160];
  std::snprintf(line, sizeof line, "%-12s ref %6.1f ns, glibc %6.1f ns, speed-up %5.2f", label.c_str(), reference_ns,
                libc_ns, libc_ns / reference_ns);
  return line;
}

std::string describe_mix(const AddressMix& mix) {
  const auto count = [](const TextSet& set, auto accepts) {
    std::size_t valid = 0;
    for (const auto text : set.texts()) valid += accepts(text) ? 1 : 0;
    return std::to_string(valid) + "/" + std::to_string(set.size()) + " valid";
  };
  Ipv4Bytes v4;
  Ipv6Bytes v6;
  const auto dotted = [&](std::string_view t) { return inet::parse_ipv4_dotted(t, v4); };
  const auto aton = [&](std::string_view t) { return inet::parse_inet_aton(t, Dialect::glibc, v4); };
  return "inputs: inet_pton4 " + count(mix.ipv4_dotted, dotted) + ", inet_aton " + count(mix.inet_aton, aton) +
         ", inet_pton6 " + count(mix.ipv6, [&](std::string_view t) { return inet::parse_ipv6(t, v6); }) + ", ntop " +
         std::to_string(mix.ipv6_addresses.size()) + "+" + std::to_string(mix.ipv4_addresses.size()) + " addresses";
}

bool all_pairs_agree(const AddressMix& mix) {
  bool agree = true;
  for (const auto& pair : kPairs) {
    if (const std::string difference = pair.first_difference(mix); !difference.empty()) {
      std::fprintf(stderr, "%.*s: reference and glibc differ on %s\n", static_cast<int>(pair.name.size()),
                   pair.name.data(), difference.c_str());
      agree = false;
    }
  }
  return agree;
}

}  // namespace sock::bench
