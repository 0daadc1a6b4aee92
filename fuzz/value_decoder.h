// value_decoder.h: a small structured decoder that turns fuzz bytes into a
// Python-like sock::Value, for the targets whose entry points take values
// (sockaddr_roundtrip, timeout_model).
//
// The format is simple enough for scripts/fuzz-seed to write from spec
// cases, and total: every byte string decodes to some value, and input that
// runs out reads as zeros (so a truncated value is still a value).
//
//   value   := tag payload          tag = byte % 11
//   0 None    1 False    2 True
//   3 int     one signed byte (-128..127): the common small numbers
//   4 int     8 bytes, big-endian two's complement int64
//   5 BigInt  length byte n (% 24), then n bytes, each a digit ('0' + b % 10);
//             a first byte with its high bit set makes it negative. The digits
//             go through sock::parse_integer, so "5" is an int, not a BigInt
//   6 float   8 bytes, big-endian IEEE 754 bits
//   7 str     length byte n, then n bytes read as Latin-1 (a byte >= 0x80 is
//             U+0080..U+00FF, two bytes of UTF-8): a str is always text, as
//             in Python, and non-ASCII text is one byte away
//   8 bytes   length byte n, then n bytes
//   9 tuple   count byte c (% 8), then c values, nesting at most kMaxDepth
//   10 const  index byte into kConstNames
//
// scripts/fuzz-seed's `encode_value` writes the same format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "impl/core/value.h"

namespace sockfuzz {

// Module constants an argument may name (families, protocols, the TIPC and
// CAN constants the address tuples use). Index i of a const tag picks
// kConstNames[i % size]; scripts/fuzz-seed has the same list.
inline constexpr std::string_view kConstNames[] = {
    "AF_UNIX",      "AF_INET",          "AF_INET6",      "AF_NETLINK",   "AF_TIPC",         "AF_CAN",
    "AF_BLUETOOTH", "AF_ALG",           "AF_VSOCK",      "AF_PACKET",    "AF_QIPCRTR",      "SOCK_STREAM",
    "SOCK_DGRAM",   "TIPC_ADDR_NAMESEQ", "TIPC_ADDR_NAME", "TIPC_ADDR_ID", "TIPC_ZONE_SCOPE", "TIPC_NODE_SCOPE",
    "CAN_RAW",      "CAN_ISOTP",        "CAN_J1939",     "BTPROTO_L2CAP", "BTPROTO_RFCOMM",  "BTPROTO_HCI",
    "BTPROTO_SCO",  "NO_SUCH_CONSTANT",
};
inline constexpr std::size_t kConstCount = sizeof kConstNames / sizeof kConstNames[0];

class ByteReader {
 public:
  ByteReader(const std::uint8_t* data, std::size_t size) noexcept : data_(data), size_(size) {}

  [[nodiscard]] bool empty() const noexcept { return pos_ >= size_; }
  [[nodiscard]] std::size_t remaining() const noexcept { return pos_ < size_ ? size_ - pos_ : 0; }

  // The next byte, or 0 past the end.
  std::uint8_t byte() noexcept { return pos_ < size_ ? data_[pos_++] : 0; }

  std::uint64_t big_endian(int bytes) noexcept {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | byte();
    return v;
  }

  // Up to n bytes (fewer at the end of the input).
  std::string_view take(std::size_t n) noexcept {
    if (n > remaining()) n = remaining();
    const std::string_view out(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    return out;
  }

  static constexpr int kMaxDepth = 3;

  sock::Value value(int depth = 0) {
    switch (byte() % 11) {
      case 0: return sock::None{};
      case 1: return false;
      case 2: return true;
      case 3: return std::int64_t{static_cast<std::int8_t>(byte())};
      case 4: return static_cast<std::int64_t>(big_endian(8));
      case 5: {
        const std::size_t n = byte() % 24;
        const bool negative = n > 0 && (remaining() > 0 && (data_[pos_] & 0x80) != 0);
        std::string text = negative ? "-" : "";
        for (std::size_t i = 0; i < n; ++i) text += static_cast<char>('0' + byte() % 10);
        if (n == 0) text += '0';
        // Canonical decimal: no leading zeros, no "-0".
        std::size_t start = negative ? 1 : 0;
        while (start + 1 < text.size() && text[start] == '0') text.erase(start, 1);
        if (text == "-0") text = "0";
        sock::Value v;
        (void)sock::parse_integer(text, v);  // digits only: always parses
        return v;
      }
      case 6: {
        const std::uint64_t bits = big_endian(8);
        double d = 0;
        std::memcpy(&d, &bits, sizeof d);
        return d;
      }
      case 7: {
        const std::string_view raw = take(byte());
        std::string text;
        text.reserve(raw.size() * 2);
        for (const char c : raw) {
          const auto u = static_cast<unsigned char>(c);
          if (u < 0x80) {
            text += c;
          } else {
            text += static_cast<char>(0xc0 | (u >> 6));
            text += static_cast<char>(0x80 | (u & 0x3f));
          }
        }
        return text;
      }
      case 8: return sock::Bytes{std::string(take(byte()))};
      case 9: {
        const std::size_t n = byte() % 8;
        sock::Tuple t;
        if (depth >= kMaxDepth) return t;  // too deep: an empty tuple
        t.reserve(n);
        for (std::size_t i = 0; i < n; ++i) t.push_back(value(depth + 1));
        return t;
      }
      default: return sock::Const{std::string(kConstNames[byte() % kConstCount])};
    }
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

}  // namespace sockfuzz
