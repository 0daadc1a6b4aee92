#include "getargs.h"

#include <climits>
#include <cmath>

#include "impl/addr/constants.h"

namespace sock::addr {

std::string socket_error(Profile profile) { return profile >= Profile::v3_3 ? "OSError" : "socket.error"; }

namespace {

// A symbolic constant stands for its number; other values are themselves.
Value resolved(const Value& v) {
  if (const auto* c = v.get_if<Const>()) {
    if (const auto n = address_constant(c->name)) return *n;
  }
  return v;
}

Outcome not_an_integer(const Value& v, Profile profile) {
  if (profile < Profile::v3_3) return Outcome::raise("TypeError", "an integer is required");
  return Outcome::raise("TypeError", "'" + std::string(v.type_name()) + "' object cannot be interpreted as an integer");
}

// The value of a decimal BigInt modulo 2**64: digit by digit in unsigned
// arithmetic, which wraps modulo 2**64 by definition; a negative number is
// its two's complement.
std::uint64_t big_mod_2_64(const BigInt& big) {
  std::string_view digits = big.decimal;
  const bool negative = digits.starts_with('-');
  if (negative) digits.remove_prefix(1);
  std::uint64_t acc = 0;
  for (const char c : digits) acc = acc * 10U + static_cast<std::uint64_t>(c - '0');
  return negative ? 0U - acc : acc;
}

}  // namespace

Parsed<std::int32_t> format_i(const Value& raw, Profile profile) {
  const Value arg = resolved(raw);
  if (const auto* b = arg.get_if<bool>()) return std::int32_t{*b ? 1 : 0};
  if (const auto* i = arg.get_if<std::int64_t>()) {
    if (*i > INT_MAX) return Outcome::raise("OverflowError", "signed integer is greater than maximum");
    if (*i < INT_MIN) return Outcome::raise("OverflowError", "signed integer is less than minimum");
    return static_cast<std::int32_t>(*i);
  }
  if (const auto* big = arg.get_if<BigInt>()) {
    return Outcome::raise("OverflowError", big->decimal.starts_with('-') ? "signed integer is less than minimum"
                                                                         : "signed integer is greater than maximum");
  }
  if (const auto* d = arg.get_if<double>(); d != nullptr && profile < Profile::v3_3) {
    // Python 2 truncated a float toward zero, with a DeprecationWarning.
    if (!std::isfinite(*d)) return Outcome::raise("OverflowError", "cannot convert float infinity or nan to integer");
    const double t = std::trunc(*d);
    if (t > INT_MAX) return Outcome::raise("OverflowError", "signed integer is greater than maximum");
    if (t < INT_MIN) return Outcome::raise("OverflowError", "signed integer is less than minimum");
    return static_cast<std::int32_t>(t);
  }
  return not_an_integer(arg, profile);
}

Parsed<std::uint64_t> format_masked(const Value& raw, unsigned bits, Profile profile) {
  const Value arg = resolved(raw);
  std::uint64_t v = 0;
  if (const auto* b = arg.get_if<bool>()) {
    v = *b ? 1U : 0U;
  } else if (const auto* i = arg.get_if<std::int64_t>()) {
    v = static_cast<std::uint64_t>(*i);  // two's complement: -1 is all ones
  } else if (const auto* big = arg.get_if<BigInt>()) {
    v = big_mod_2_64(*big);
  } else if (const auto* d = arg.get_if<double>(); d != nullptr && profile < Profile::v3_3 && std::isfinite(*d) &&
                                                   std::fabs(*d) < 9.2e18) {
    v = static_cast<std::uint64_t>(static_cast<std::int64_t>(std::trunc(*d)));
  } else {
    return not_an_integer(arg, profile);
  }
  return bits >= 64 ? v : v & ((std::uint64_t{1} << bits) - 1U);
}

Parsed<std::string> format_s(const Value& arg, Profile profile) {
  const std::string* text = arg.get_if<std::string>();
  if (text == nullptr && profile < Profile::v3_3) {
    if (const auto* b = arg.get_if<Bytes>()) text = &b->data;  // Python 2's str is a byte string
  }
  if (text == nullptr) return Outcome::raise("TypeError", "argument must be str, not " + std::string(arg.type_name()));
  if (text->find('\0') != std::string::npos) {
    if (profile >= Profile::v3_3) return Outcome::raise("ValueError", "embedded null character");
    return Outcome::raise("TypeError", "must be string without null bytes");
  }
  return profile >= Profile::v3_3 ? fs_encode(*text) : *text;
}

Parsed<std::string> format_buffer(const Value& arg, Profile profile) {
  if (const auto* b = arg.get_if<Bytes>()) return b->data;
  if (profile < Profile::v3_3) {
    if (const auto* s = arg.get_if<std::string>()) return *s;
  }
  return Outcome::raise("TypeError", "a bytes-like object is required, not '" + std::string(arg.type_name()) + "'");
}

Parsed<std::string> format_fs_path(const Value& arg, Profile profile) {
  std::string bytes;
  if (const auto* s = arg.get_if<std::string>()) {
    bytes = profile >= Profile::v3_3 ? fs_encode(*s) : *s;
  } else if (const auto* b = arg.get_if<Bytes>()) {
    bytes = b->data;
  } else {
    return Outcome::raise("TypeError",
                          "expected str, bytes or os.PathLike object, not " + std::string(arg.type_name()));
  }
  if (bytes.find('\0') != std::string::npos) return Outcome::raise("ValueError", "embedded null byte");
  return bytes;
}

Parsed<std::string> format_host(const Value& arg, Profile profile) {
  if (profile < Profile::v3_3) return format_s(arg, profile);
  std::string text;
  if (const auto* s = arg.get_if<std::string>()) {
    text = *s;
  } else if (const auto* b = arg.get_if<Bytes>()) {
    text = b->data;
  } else {
    return Outcome::raise("TypeError", "str, bytes or bytearray expected, not " + std::string(arg.type_name()));
  }
  if (text.find('\0') != std::string::npos) {
    return Outcome::raise("TypeError", "host name must not contain null character");
  }
  return text;
}

std::string fs_encode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c0 = static_cast<unsigned char>(text[i]);
    // U+DC80..U+DCFF in generalised UTF-8: ED B2 80 .. ED B3 BF.
    if (c0 == 0xED && i + 2 < text.size()) {
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      const auto c2 = static_cast<unsigned char>(text[i + 2]);
      if ((c1 == 0xB2 || c1 == 0xB3) && (c2 & 0xC0U) == 0x80U) {
        const unsigned code = 0xD000U | ((c1 & 0x3FU) << 6U) | (c2 & 0x3FU);
        out += static_cast<char>(code - 0xDC00U);
        i += 2;
        continue;
      }
    }
    out += static_cast<char>(c0);
  }
  return out;
}

namespace {

// The length of the valid UTF-8 sequence at the start of `s` (RFC 3629:
// shortest form, no surrogates, at most U+10FFFF), or 0.
std::size_t utf8_sequence(std::string_view s) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const auto cont = [&](std::size_t i) { return i < s.size() && (b(i) & 0xC0U) == 0x80U; };
  const unsigned c = b(0);
  if (c < 0x80U) return 1;
  if (c >= 0xC2U && c <= 0xDFU) return cont(1) ? 2 : 0;
  if (c >= 0xE0U && c <= 0xEFU) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0U && b(1) < 0xA0U) return 0;   // overlong
    if (c == 0xEDU && b(1) >= 0xA0U) return 0;  // surrogates
    return 3;
  }
  if (c >= 0xF0U && c <= 0xF4U) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0U && b(1) < 0x90U) return 0;  // overlong
    if (c == 0xF4U && b(1) >= 0x90U) return 0;  // beyond U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

std::string fs_decode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  while (!bytes.empty()) {
    const std::size_t n = utf8_sequence(bytes);
    if (n > 0) {
      out.append(bytes.substr(0, n));
      bytes.remove_prefix(n);
      continue;
    }
    // surrogateescape: the byte b (>= 0x80) becomes U+DC00 + b.
    const unsigned code = 0xDC00U + static_cast<unsigned char>(bytes[0]);
    out += static_cast<char>(0xE0U | (code >> 12U));
    out += static_cast<char>(0x80U | ((code >> 6U) & 0x3FU));
    out += static_cast<char>(0x80U | (code & 0x3FU));
    bytes.remove_prefix(1);
  }
  return out;
}

}  // namespace sock::addr
