// address_mix.h: the inputs every conversion benchmark times.
//
// A benchmark of a parser on valid input alone measures the easy path and
// lets the branch predictor learn it; real traffic (and fuzzing) mixes
// well-formed addresses with every kind of near miss. make_address_mix
// builds, from a fixed seed, tens of thousands of inputs of many shapes
// for each operation, roughly half valid and half invalid, in a shuffled
// order, so that the reference and the C library are timed on exactly the
// same bytes in the same run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "impl/inet/ipv4_text.h"
#include "impl/inet/ipv6_text.h"

namespace sock::bench {

// Texts stored back to back, each followed by a NUL, so that every view's
// data() is also a C string for the C library: both sides read the same
// bytes from the same cache lines. No text contains a NUL of its own (the
// binding layer rejects those before either parser would see them).
class TextSet {
 public:
  void add(std::string_view text);
  // Must be called after the last add(): add() may move the storage.
  void seal();
  [[nodiscard]] const std::vector<std::string_view>& texts() const { return views_; }
  [[nodiscard]] std::size_t size() const { return views_.size(); }

 private:
  std::string storage_;
  std::vector<std::pair<std::size_t, std::size_t>> spans_;  // offset, length
  std::vector<std::string_view> views_;
};

struct AddressMix {
  TextSet ipv4_dotted;  // inet_pton(AF_INET) inputs
  TextSet inet_aton;    // inet_aton inputs: every inet(3) form, trailers
  TextSet ipv6;         // inet_pton(AF_INET6) inputs
  std::vector<inet::Ipv4Bytes> ipv4_addresses;  // inet_ntop(AF_INET)
  std::vector<inet::Ipv6Bytes> ipv6_addresses;  // inet_ntop(AF_INET6)
};

// Builds `per_operation` inputs for each operation, deterministically from
// `seed` (the generator avoids std::uniform_int_distribution, whose output
// differs between standard libraries).
[[nodiscard]] AddressMix make_address_mix(std::size_t per_operation, std::uint64_t seed);

// The input as a C string literal with escapes, for messages that must
// show exactly which bytes two implementations disagreed on.
[[nodiscard]] std::string escaped(std::string_view text);

}  // namespace sock::bench
