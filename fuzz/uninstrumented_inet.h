// uninstrumented_inet.h: the reference conversions (impl/inet) once more,
// compiled without coverage instrumentation, for the checks of a target
// whose subject is another conversion.
//
// Why: a target is guided by the coverage of the function it fuzzes. When
// an invariant calls a second conversion to check the first (inet_ntop
// parses what format_ipv6 printed), that call's counters and comparison
// callbacks steer nothing: its inputs are the subject's outputs, and the
// second conversion has a target of its own that feeds it arbitrary
// input. They still cost libFuzzer work on every run, per feature, in
// its entropic scheduler (FUZZING.md, "Throughput"). Through this copy the
// check runs the same code, and stops when it fails, at none of that cost.
//
// The copy is the same sources, built by fuzz/CMakeLists.txt and
// .clusterfuzzlite/build.sh with -Dsock=sockfuzz_uninstrumented (its own
// symbols) and -fno-sanitize=fuzzer-no-link (sanitizers stay). This
// header takes only standard types, since sock::inet's Dialect is a
// different type in the copy.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sockfuzz::uninstrumented {

using Ipv4Bytes = std::array<std::uint8_t, 4>;
using Ipv6Bytes = std::array<std::uint8_t, 16>;

// The functions of the same names in sock::inet; a dialect is passed as
// its sock::inet::Dialect value.
[[nodiscard]] bool parse_ipv4_dotted(std::string_view text, Ipv4Bytes& out) noexcept;
[[nodiscard]] bool parse_inet_aton_as(std::string_view text, std::uint8_t dialect, Ipv4Bytes& out) noexcept;
[[nodiscard]] bool parse_ipv6(std::string_view text, Ipv6Bytes& out) noexcept;
std::size_t format_ipv4(const Ipv4Bytes& address, char* out) noexcept;
std::size_t format_ipv6_as(const Ipv6Bytes& address, std::uint8_t dialect, char* out) noexcept;

// The same with sock::inet::Dialect (a template, so that this header needs
// none of impl/inet).
template <class Dialect>
[[nodiscard]] bool parse_inet_aton(std::string_view text, Dialect dialect, Ipv4Bytes& out) noexcept {
  return parse_inet_aton_as(text, static_cast<std::uint8_t>(dialect), out);
}
template <class Dialect>
std::size_t format_ipv6(const Ipv6Bytes& address, Dialect dialect, char* out) noexcept {
  return format_ipv6_as(address, static_cast<std::uint8_t>(dialect), out);
}

}  // namespace sockfuzz::uninstrumented
