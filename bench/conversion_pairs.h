// conversion_pairs.h: each timed operation as a pair, the reference and the
// C library, over the same inputs.
//
// Both benchmark executables (conversions.cc with Google Benchmark, and
// ratios.cc with a plain clock) time the same pairs, so their numbers are
// comparable and a new operation is added in one place.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "address_mix.h"

namespace sock::bench {

struct ConversionPair {
  // The C function's name and family: "inet_pton4", "inet_aton", ...
  std::string_view name;
  // How many inputs one pass covers, to turn a pass's time into ns/input.
  std::size_t (*inputs)(const AddressMix&);
  // One pass over every input. The return value folds every result into a
  // checksum, so the compiler cannot drop the calls; the two sides of a
  // pair return the same checksum when they agree.
  std::uint64_t (*reference)(const AddressMix&);
  std::uint64_t (*libc)(const AddressMix&);
  // The first input on which the two disagree, described with both
  // answers, or an empty string. Timing a pair that disagrees would
  // compare different work, so the executables abort on a difference.
  std::string (*first_difference)(const AddressMix&);
};

// inet_pton4, inet_aton, inet_pton6, inet_ntop6, inet_ntop4; the reference
// side uses the glibc dialect wherever the dialects differ, since it is
// measured against glibc.
[[nodiscard]] std::span<const ConversionPair> conversion_pairs();

// The inputs and seed both executables use: large enough that a pass does
// not fit the branch predictor's history, small enough to stay in L2.
inline constexpr std::size_t kInputsPerOperation = 50'000;
inline constexpr std::uint64_t kSeed = 0x50c4c4ec;

// "inet_pton4: ref 12.3 ns, glibc 45.6 ns, speed-up 3.71": the one line
// per pair that bench/run-conversions and the lead read.
[[nodiscard]] std::string ratio_line(std::string_view name, double reference_ns, double libc_ns);

// For each set, how many inputs the reference accepts, e.g. "inet_pton4
// 25012/50000 valid", so a reader sees how mixed the timed inputs are.
[[nodiscard]] std::string describe_mix(const AddressMix& mix);

// Checks every pair on the whole mix; prints the first difference of each
// pair that disagrees to stderr and returns false if any does.
[[nodiscard]] bool all_pairs_agree(const AddressMix& mix);

}  // namespace sock::bench
