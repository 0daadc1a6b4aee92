#include "value.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace sock {

std::string_view Value::type_name() const {
  struct Visitor {
    std::string_view operator()(None) const { return "NoneType"; }
    std::string_view operator()(bool) const { return "bool"; }
    std::string_view operator()(std::int64_t) const { return "int"; }
    std::string_view operator()(const BigInt&) const { return "int"; }
    std::string_view operator()(double) const { return "float"; }
    std::string_view operator()(const std::string&) const { return "str"; }
    std::string_view operator()(const Bytes&) const { return "bytes"; }
    std::string_view operator()(const Tuple&) const { return "tuple"; }
    std::string_view operator()(const Const&) const { return "int"; }
    std::string_view operator()(const Handle&) const { return "socket"; }
    std::string_view operator()(const Ref&) const { return "ref"; }
  };
  return std::visit(Visitor{}, v);
}

bool operator==(const Value& a, const Value& b) {
  if (a.v.index() != b.v.index()) return false;
  if (const auto* x = a.get_if<double>()) {
    const double y = b.as<double>();
    return (std::isnan(*x) && std::isnan(y)) || *x == y;
  }
  return a.v == b.v;
}

namespace {

void repr_bytes(std::string& out, std::string_view data) {
  out += "b'";
  for (const char c : data) {
    const auto u = static_cast<unsigned char>(c);
    if (u == '\\' || u == '\'') {
      out += '\\';
      out += c;
    } else if (u >= 0x20 && u < 0x7f) {
      out += c;
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    }
  }
  out += '\'';
}

void repr_str(std::string& out, std::string_view s) {
  out += '\'';
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u == '\\' || u == '\'') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;  // UTF-8 passes through, as Python prints printable text
    }
  }
  out += '\'';
}

void repr_into(std::string& out, const Value& value) {
  struct Visitor {
    std::string& out;
    void operator()(None) const { out += "None"; }
    void operator()(bool b) const { out += b ? "True" : "False"; }
    void operator()(std::int64_t i) const { out += std::to_string(i); }
    void operator()(const BigInt& b) const { out += b.decimal; }
    void operator()(double d) const {
      if (std::isnan(d)) {
        out += "nan";
      } else if (std::isinf(d)) {
        out += d < 0 ? "-inf" : "inf";
      } else {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", d);
        out += buf;
        if (std::string_view(buf).find_first_of(".e") == std::string_view::npos) out += ".0";
      }
    }
    void operator()(const std::string& s) const { repr_str(out, s); }
    void operator()(const Bytes& b) const { repr_bytes(out, b.data); }
    void operator()(const Tuple& t) const {
      out += '(';
      for (std::size_t i = 0; i < t.size(); ++i) {
        if (i) out += ", ";
        repr_into(out, t[i]);
      }
      if (t.size() == 1) out += ',';
      out += ')';
    }
    void operator()(const Const& c) const { out += c.name; }
    void operator()(const Handle& h) const { out += "<socket " + h.id + ">"; }
    void operator()(const Ref& r) const { out += r.name; }
  };
  std::visit(Visitor{out}, value.v);
}

}  // namespace

std::string repr(const Value& value) {
  std::string out;
  repr_into(out, value);
  return out;
}

bool parse_integer(std::string_view text, Value& out) {
  std::string_view digits = text;
  bool negative = false;
  if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) {
    negative = digits.front() == '-';
    digits.remove_prefix(1);
  }
  if (digits.empty()) return false;
  for (const char c : digits) {
    if (c < '0' || c > '9') return false;
  }
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  // Accumulate as a negative number so that INT64_MIN fits.
  std::int64_t acc = 0;
  bool fits = true;
  for (const char c : digits) {
    const int d = c - '0';
    if (acc < (std::numeric_limits<std::int64_t>::min() + d) / 10) {
      fits = false;
      break;
    }
    acc = acc * 10 - d;
  }
  if (fits && !negative && acc == std::numeric_limits<std::int64_t>::min()) fits = false;
  if (fits) {
    out = negative ? acc : -acc;
    return true;
  }
  std::string canonical = negative ? "-" : "";
  canonical += digits;
  out = BigInt{std::move(canonical)};
  return true;
}

}  // namespace sock
