// cmsg_layout.h: the reference's CMSG_LEN and CMSG_SPACE, from the layout
// rules rather than the C library's macros.
//
// RFC 3542 section 20.2 defines the macros by what they return: CMSG_LEN(n)
// is "the value to store in the cmsg_len member of the cmsghdr structure,
// taking into account any padding needed to satisfy alignment
// requirements" (the aligned header plus n, no trailing padding) and
// CMSG_SPACE(n) "the number of bytes an ancillary element with n data bytes
// occupies" (both header and data padded). The alignment is the ABI's:
// glibc's <bits/socket.h> aligns to sizeof(size_t), so on LP64 Linux
// (x86_64, aarch64) the header is 16 bytes and everything is padded to 8.
#pragma once

#include <sys/socket.h>

#include <cstddef>

namespace sock::ops::cmsg {

// glibc's CMSG_ALIGN: round up to a multiple of sizeof(size_t).
inline constexpr std::size_t kAlign = sizeof(std::size_t);

[[nodiscard]] constexpr std::size_t align(std::size_t n) noexcept { return (n + kAlign - 1) & ~(kAlign - 1); }

// The header as it sits in the buffer, padded.
inline constexpr std::size_t kHeader = align(sizeof(struct cmsghdr));

[[nodiscard]] constexpr std::size_t len(std::size_t length) noexcept { return kHeader + length; }
[[nodiscard]] constexpr std::size_t space(std::size_t length) noexcept { return kHeader + align(length); }

static_assert(len(0) == CMSG_LEN(0) && space(1) == CMSG_SPACE(1),
              "the layout rules must agree with this platform's macros at the origin");

}  // namespace sock::ops::cmsg
