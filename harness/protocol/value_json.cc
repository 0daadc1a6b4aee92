#include "value_json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace sockcheck {

using nlohmann::json;

namespace {

constexpr char kHex[] = "0123456789abcdef";

std::string to_hex(std::string_view data) {
  std::string out;
  out.reserve(data.size() * 2);
  for (const char c : data) {
    const auto u = static_cast<unsigned char>(c);
    out += kHex[u >> 4];
    out += kHex[u & 15];
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string float_text(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

bool parse_float_text(const std::string& s, double& out) {
  if (s == "nan") {
    out = std::nan("");
    return true;
  }
  if (s == "inf") {
    out = HUGE_VAL;
    return true;
  }
  if (s == "-inf") {
    out = -HUGE_VAL;
    return true;
  }
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

}  // namespace

json to_json(const sock::Value& value) {
  struct Visitor {
    json operator()(sock::None) const { return nullptr; }
    json operator()(bool b) const { return b; }
    json operator()(std::int64_t i) const { return i; }
    json operator()(const sock::BigInt& b) const { return {{"int", b.decimal}}; }
    json operator()(double d) const { return {{"float", float_text(d)}}; }
    json operator()(const std::string& s) const { return s; }
    json operator()(const sock::Bytes& b) const { return {{"bytes", to_hex(b.data)}}; }
    json operator()(const sock::Tuple& t) const {
      json a = json::array();
      for (const auto& v : t) a.push_back(to_json(v));
      return a;
    }
    json operator()(const sock::Const& c) const { return {{"const", c.name}}; }
    json operator()(const sock::Handle& h) const { return {{"handle", h.id}}; }
    json operator()(const sock::Ref& r) const { return {{"ref", r.name}}; }
  };
  return std::visit(Visitor{}, value.v);
}

json to_json(const sock::Outcome& outcome) {
  switch (outcome.kind) {
    case sock::OutcomeKind::value: return {{"value", to_json(outcome.value)}};
    case sock::OutcomeKind::raised: return {{"raises", outcome.error_class}, {"message", outcome.message}};
    case sock::OutcomeKind::unsupported: return {{"unsupported", outcome.message}};
    case sock::OutcomeKind::errored: return {{"errored", outcome.message}};
  }
  return {{"errored", "unknown outcome kind"}};
}

bool value_from_json(const json& j, sock::Value& out, std::string& error) {
  switch (j.type()) {
    case json::value_t::null: out = sock::None{}; return true;
    case json::value_t::boolean: out = j.get<bool>(); return true;
    case json::value_t::number_integer: out = j.get<std::int64_t>(); return true;
    case json::value_t::number_unsigned: {
      const auto u = j.get<std::uint64_t>();
      if (u <= static_cast<std::uint64_t>(INT64_MAX)) {
        out = static_cast<std::int64_t>(u);
      } else {
        out = sock::BigInt{std::to_string(u)};
      }
      return true;
    }
    case json::value_t::number_float:
      error = "a bare JSON number with a fraction is not a value; floats are written {\"float\": \"1.5\"}";
      return false;
    case json::value_t::string: out = j.get<std::string>(); return true;
    case json::value_t::array: {
      sock::Tuple t;
      t.reserve(j.size());
      for (const auto& e : j) {
        sock::Value v;
        if (!value_from_json(e, v, error)) return false;
        t.push_back(std::move(v));
      }
      out = std::move(t);
      return true;
    }
    case json::value_t::object: {
      if (j.size() != 1) {
        error = "a tagged value is an object with exactly one key (int, float, bytes, const or handle)";
        return false;
      }
      const auto first = j.begin();
      const std::string key = first.key();
      const auto& v = first.value();
      if (!v.is_string()) {
        error = "the '" + key + "' tag takes a string";
        return false;
      }
      const auto& s = v.get_ref<const std::string&>();
      if (key == "bytes") {
        if (s.size() % 2 != 0) {
          error = "bytes hex has an odd number of digits";
          return false;
        }
        std::string data;
        data.reserve(s.size() / 2);
        for (std::size_t i = 0; i < s.size(); i += 2) {
          const int hi = hex_digit(s[i]), lo = hex_digit(s[i + 1]);
          if (hi < 0 || lo < 0) {
            error = "bytes hex has a character that is not a hex digit";
            return false;
          }
          data += static_cast<char>(hi * 16 + lo);
        }
        out = sock::Bytes{std::move(data)};
        return true;
      }
      if (key == "int") {
        if (!sock::parse_integer(s, out)) {
          error = "'int' is not decimal digits: " + s;
          return false;
        }
        return true;
      }
      if (key == "float") {
        double d = 0;
        if (!parse_float_text(s, d)) {
          error = "'float' is not a number: " + s;
          return false;
        }
        out = d;
        return true;
      }
      if (key == "const") {
        out = sock::Const{s};
        return true;
      }
      if (key == "handle") {
        out = sock::Handle{s};
        return true;
      }
      error = "unknown value tag '" + key + "'";
      return false;
    }
    default: error = "not a value"; return false;
  }
}

bool outcome_from_json(const json& j, sock::Outcome& out, std::string& error) {
  if (!j.is_object()) {
    error = "an outcome is a JSON object";
    return false;
  }
  auto text = [&](const char* key, std::string& into) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return false;
    into = it->get<std::string>();
    return true;
  };
  if (const auto it = j.find("value"); it != j.end()) {
    sock::Value v;
    if (!value_from_json(*it, v, error)) return false;
    out = sock::Outcome::returned(std::move(v));
    return true;
  }
  std::string s;
  if (text("raises", s)) {
    std::string message;
    (void)text("message", message);
    out = sock::Outcome::raise(std::move(s), std::move(message));
    return true;
  }
  if (text("unsupported", s)) {
    out = sock::Outcome::unsupported(std::move(s));
    return true;
  }
  if (text("errored", s)) {
    out = sock::Outcome::errored(std::move(s));
    return true;
  }
  error = "an outcome has one of the keys value, raises, unsupported, errored";
  return false;
}

}  // namespace sockcheck
