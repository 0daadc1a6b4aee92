// address_mix.cc: the shapes of the benchmark inputs, valid and invalid.
#include "address_mix.h"

#include <array>
#include <cstdio>
#include <random>
#include <utility>

namespace sock::bench {

void TextSet::add(std::string_view text) {
  spans_.emplace_back(storage_.size(), text.size());
  storage_.append(text);
  storage_.push_back('\0');
}

void TextSet::seal() {
  views_.clear();
  views_.reserve(spans_.size());
  for (const auto& [offset, length] : spans_) views_.emplace_back(storage_.data() + offset, length);
}

std::string escaped(std::string_view text) {
  std::string out = "\"";
  for (const unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  return out + "\"";
}

namespace {

// std::mt19937_64's output is fixed by the standard; reducing it with a
// modulo (rather than a distribution) keeps the set identical everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  std::uint64_t below(std::uint64_t n) { return engine_() % n; }
  bool one_in(std::uint64_t n) { return below(n) == 0; }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& items) {
    return items[below(N)];
  }
  std::uint64_t bits() { return engine_(); }

 private:
  std::mt19937_64 engine_;
};

// An octet as real addresses spell them: small values are common.
unsigned typical_octet(Random& rng) {
  switch (rng.below(4)) {
    case 0: return static_cast<unsigned>(rng.below(10));
    case 1: return static_cast<unsigned>(rng.below(100));
    default: return static_cast<unsigned>(rng.below(256));
  }
}

std::string dotted(Random& rng) {
  std::string s;
  for (int i = 0; i < 4; ++i) {
    if (i) s += '.';
    s += std::to_string(typical_octet(rng));
  }
  return s;
}

// Near misses for inet_pton(AF_INET): each breaks one rule of the
// "ddd.ddd.ddd.ddd" form.
std::string invalid_dotted(Random& rng) {
  std::string s = dotted(rng);
  switch (rng.below(12)) {
    case 0: return s + ".";                                          // trailing dot
    case 1: return "." + s;                                          // leading dot
    case 2: return s.substr(0, s.rfind('.'));                        // three parts
    case 3: return s + "." + std::to_string(typical_octet(rng));     // five parts
    case 4: return std::to_string(256 + rng.below(744)) + s.substr(s.find('.'));  // > 255
    case 5: return "0" + s;                                          // leading zero
    case 6: return s.replace(s.find('.'), 1, "..");                  // empty part
    case 7: return s + rng.pick(std::array<const char*, 4>{" ", "\t", "x", "/24"});
    case 8: return "0x" + s;                                         // hex is aton's
    case 9: return "";
    case 10: return "::ffff:" + s;                                   // IPv6 text
    default: {
      s[rng.below(s.size())] = rng.pick(std::array<char, 6>{'a', ' ', '-', '+', ':', '/'});
      return s;
    }
  }
}

// A part in one of inet(3)'s three bases, at most `max`.
std::string aton_part(Random& rng, std::uint64_t max) {
  const std::uint64_t value = rng.one_in(3) ? max : rng.below(max + 1);
  char text[32];
  switch (rng.below(4)) {
    case 0: std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value)); break;
    case 1: std::snprintf(text, sizeof text, "0%llo", static_cast<unsigned long long>(value)); break;
    default: std::snprintf(text, sizeof text, "%llu", static_cast<unsigned long long>(value)); break;
  }
  return text;
}

std::string valid_aton(Random& rng) {
  // Most callers pass a plain dotted quad; the other forms are the rest.
  if (rng.one_in(2)) return dotted(rng);
  // The last part fills the remaining bytes (inet(3)): 32, 24, 16, 8 bits.
  constexpr std::array<std::uint64_t, 4> last_max = {0xffffffff, 0xffffff, 0xffff, 0xff};
  const std::size_t parts = rng.one_in(2) ? 4 : 1 + rng.below(3);
  std::string s;
  for (std::size_t i = 0; i + 1 < parts; ++i) {
    s += (rng.one_in(2) ? std::to_string(typical_octet(rng)) : aton_part(rng, 0xff)) + ".";
  }
  s += rng.one_in(2) && parts == 4 ? std::to_string(typical_octet(rng)) : aton_part(rng, last_max[parts - 1]);
  // glibc ignores everything after whitespace that follows the address.
  if (rng.one_in(8)) s += rng.pick(std::array<const char*, 4>{" ", "\tcomment", "\n", " 1.2.3.4"});
  return s;
}

std::string invalid_aton(Random& rng) {
  switch (rng.below(10)) {
    case 0: return std::to_string(0x100000000ull + rng.below(1000));   // over 32 bits
    case 1: return "1." + std::to_string(0x1000000 + rng.below(1000));  // a.b, b > 24 bits
    case 2: return "1.2." + std::to_string(0x10000 + rng.below(1000));  // a.b.c, c > 16 bits
    case 3: return "256." + dotted(rng).substr(2);                      // a leading part > 255
    case 4: return "08." + std::to_string(typical_octet(rng));          // 8 is not octal
    case 5: return "0x." + std::to_string(typical_octet(rng));          // "0x" without digits
    case 6: return dotted(rng) + ".1";                                  // five parts
    case 7: return rng.pick(std::array<const char*, 5>{"", " 1.2.3.4", "-1", "+1", "1..2"});
    case 8: return dotted(rng) + "x";                                   // no whitespace first
    default: return invalid_dotted(rng);
  }
}

std::string hex_group(Random& rng) {
  static constexpr char digits[] = "0123456789abcdefABCDEF";
  const unsigned value = static_cast<unsigned>(rng.one_in(3) ? rng.below(16) : rng.below(0x10000));
  char text[8];
  std::snprintf(text, sizeof text, rng.one_in(8) ? "%04x" : "%x", value);
  std::string s = text;
  if (rng.one_in(10)) s[0] = digits[10 + rng.below(12)];  // mixed case
  return s;
}

std::string valid_ipv6(Random& rng) {
  // Which groups are written out: all eight, or a "::" standing for a run
  // of one or more; the last two may be a dotted quad.
  const bool quad = rng.one_in(5);
  const int total = quad ? 6 : 8;
  std::string s;
  if (rng.one_in(4)) {
    for (int i = 0; i < total; ++i) s += (i ? ":" : "") + hex_group(rng);
    if (quad) s += ":" + dotted(rng);
    return s;
  }
  if (quad && rng.one_in(2)) return (rng.one_in(2) ? "::ffff:" : "::") + dotted(rng);
  const int gap_len = 1 + static_cast<int>(rng.below(total));
  const int before = static_cast<int>(rng.below(total - gap_len + 1));
  const int after = total - gap_len - before;
  for (int i = 0; i < before; ++i) s += (i ? ":" : "") + hex_group(rng);
  s += "::";
  for (int i = 0; i < after; ++i) s += (i ? ":" : "") + hex_group(rng);
  if (quad) s += (after ? ":" : "") + dotted(rng);
  return s;
}

// Near misses for inet_pton(AF_INET6), one broken rule each.
std::string invalid_ipv6(Random& rng) {
  std::string s = valid_ipv6(rng);
  switch (rng.below(12)) {
    case 0: return s + ":1:2:3:4:5:6:7:8";                          // too many groups
    case 1: return "12345:" + s;                                   // five digits
    case 2: {  // two "::"
      if (s.find("::") != std::string::npos) return s + "::1";
      const std::size_t colon = s.find(':');
      return s.substr(0, colon) + "::" + s.substr(colon) + "::1";
    }
    case 3: return s + ":";                                        // trailing colon
    case 4: return ":" + s;                                        // leading colon
    case 5: return s + "%eth0";                                    // zone id
    case 6: return "[" + s + "]";                                  // brackets
    case 7: return s + "/64";                                      // prefix length
    case 8: return "1:2:3:4:5:6:7";                                // too few groups
    case 9: return "::ffff:" + invalid_dotted(rng);                // bad quad
    case 10: return "1:2:3:4:5:6:7:8::";                           // "::" for nothing
    default: {
      s[rng.below(s.size())] = rng.pick(std::array<char, 6>{'g', 'G', ' ', '.', 'x', ';'});
      return s;  // may by chance still be valid; the agreement check covers it
    }
  }
}

inet::Ipv6Bytes ipv6_address(Random& rng) {
  std::array<std::uint16_t, 8> words{};
  const auto random_word = [&] { return static_cast<std::uint16_t>(rng.bits()); };
  switch (rng.below(8)) {
    case 0:  // IPv4-mapped ::ffff:a.b.c.d, mixed notation in both dialects
      words[5] = 0xffff;
      words[6] = random_word();
      words[7] = random_word();
      break;
    case 1:  // IPv4-compatible ::a.b.c.d (glibc only), or ::x when group 6 is 0
      words[6] = rng.one_in(4) ? 0 : random_word();
      words[7] = random_word();
      break;
    case 2:  // link-local fe80::/64 and an interface id
      words[0] = 0xfe80;
      for (int i = 4; i < 8; ++i) words[i] = random_word();
      break;
    case 3:  // documentation 2001:db8::/32, sparse
      words[0] = 0x2001;
      words[1] = 0xdb8;
      words[7] = static_cast<std::uint16_t>(rng.below(256));
      break;
    default: {
      // Every pattern of zero groups, so that every placement of the
      // longest run, and every tie, is formatted.
      const auto zeros = rng.below(256);
      for (int i = 0; i < 8; ++i) {
        if (zeros >> i & 1) continue;
        words[i] = static_cast<std::uint16_t>(rng.one_in(3) ? 1 + rng.below(15) : 1 + rng.below(0xffff));
      }
      break;
    }
  }
  inet::Ipv6Bytes bytes;
  for (int i = 0; i < 8; ++i) {
    bytes[2 * i] = static_cast<std::uint8_t>(words[i] >> 8);
    bytes[2 * i + 1] = static_cast<std::uint8_t>(words[i]);
  }
  return bytes;
}

}  // namespace

AddressMix make_address_mix(std::size_t per_operation, std::uint64_t seed) {
  Random rng(seed);
  AddressMix mix;
  for (std::size_t i = 0; i < per_operation; ++i) {
    mix.ipv4_dotted.add(rng.one_in(2) ? dotted(rng) : invalid_dotted(rng));
    mix.inet_aton.add(rng.one_in(2) ? valid_aton(rng) : invalid_aton(rng));
    mix.ipv6.add(rng.one_in(2) ? valid_ipv6(rng) : invalid_ipv6(rng));
    mix.ipv6_addresses.push_back(ipv6_address(rng));
    const auto word = rng.bits();
    mix.ipv4_addresses.push_back({static_cast<std::uint8_t>(word), static_cast<std::uint8_t>(word >> 8),
                                  static_cast<std::uint8_t>(rng.one_in(2) ? typical_octet(rng) : word >> 16),
                                  static_cast<std::uint8_t>(typical_octet(rng))});
  }
  mix.ipv4_dotted.seal();
  mix.inet_aton.seal();
  mix.ipv6.seal();
  return mix;
}

}  // namespace sock::bench
