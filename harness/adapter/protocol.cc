#include "protocol.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "harness/protocol/value_json.h"

namespace sockcheck::adapter {

using nlohmann::json;

namespace {

constexpr std::uint64_t kMaxId = 9007199254740991ULL;  // 2^53 - 1: exact in every language's JSON

bool read_id(const json& j, std::uint64_t& id) {
  if (j.is_number_unsigned()) {
    id = j.get<std::uint64_t>();
  } else if (j.is_number_integer()) {
    const auto i = j.get<std::int64_t>();
    if (i < 0) return false;
    id = static_cast<std::uint64_t>(i);
  } else {
    return false;
  }
  return id <= kMaxId;
}

bool is_identifier_path(std::string_view s, bool allow_dots) {
  if (s.empty()) return false;
  bool start = true;
  for (const char c : s) {
    const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (c == '.' && allow_dots && !start) {
      start = true;
      continue;
    }
    if (start ? !alpha : !(alpha || digit)) return false;
    start = false;
  }
  return !start;
}

}  // namespace

bool Hello::supports(std::string_view op) const { return std::binary_search(ops.begin(), ops.end(), op); }

std::string encode_start(std::string_view harness, std::optional<sock::Profile> profile) {
  json j = {{"cmd", "start"}, {"protocol", kProtocolVersion}, {"harness", std::string(harness)}};
  if (profile) j["profile"] = std::string(sock::name(*profile));
  return j.dump() + "\n";
}

std::string encode_call(std::uint64_t id, std::string_view op, const std::vector<sock::Value>& args) {
  // Built by hand: this runs once per call, hundreds of thousands of times
  // a second. Values the fast path cannot write exactly as value_json's
  // to_json would go through to_json itself (protocol_test compares them).
  std::string line = R"({"id":)";
  line += std::to_string(id);
  line += R"(,"cmd":"call","op":)";
  if (!append_simple_string(line, op)) line += json(std::string(op)).dump(-1, ' ', false, json::error_handler_t::replace);
  line += R"(,"args":[)";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i != 0) line += ',';
    if (!append_simple_value(line, args[i])) {
      line += to_json(args[i]).dump(-1, ' ', false, json::error_handler_t::replace);
    }
  }
  line += "]}\n";
  return line;
}

bool append_simple_string(std::string& out, std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x80 || c == '"' || c == '\\') return false;
  }
  out += '"';
  out += s;
  out += '"';
  return true;
}

bool append_simple_value(std::string& out, const sock::Value& v) {
  static constexpr char kHex[] = "0123456789abcdef";
  if (const auto* s = v.get_if<std::string>()) return append_simple_string(out, *s);
  if (const auto* i = v.get_if<std::int64_t>()) {
    out += std::to_string(*i);
    return true;
  }
  if (const auto* b = v.get_if<sock::Bytes>()) {
    out += R"({"bytes":")";
    for (const char c : b->data) {
      const auto u = static_cast<unsigned char>(c);
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
    out += "\"}";
    return true;
  }
  if (const auto* c = v.get_if<sock::Const>()) {
    const std::size_t mark = out.size();
    out += R"({"const":)";
    if (!append_simple_string(out, c->name)) {
      out.resize(mark);
      return false;
    }
    out += '}';
    return true;
  }
  return false;
}

std::string encode_stop() { return "{\"cmd\":\"stop\"}\n"; }

bool decode_hello(std::string_view line, Hello& out, std::string& error) {
  const json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = "the answer to start is not a JSON object";
    return false;
  }
  const auto proto = j.find("protocol");
  if (proto == j.end() || !proto->is_number_integer()) {
    error = "the answer to start has no integer 'protocol'";
    return false;
  }
  if (proto->get<std::int64_t>() != kProtocolVersion) {
    error = "the adapter speaks protocol " + proto->dump() + "; the harness speaks " + std::to_string(kProtocolVersion);
    return false;
  }
  static const char* const kKeys[] = {"protocol", "implementation", "profile", "ops", "families", "unsupported"};
  for (const auto& item : j.items()) {
    // Not a structured binding: clang before 16 cannot capture one in a lambda.
    const std::string& key = item.key();
    if (std::find_if(std::begin(kKeys), std::end(kKeys), [&](const char* k) { return key == k; }) == std::end(kKeys)) {
      error = "the answer to start has an unknown key '" + key + "'";
      return false;
    }
  }
  const auto impl = j.find("implementation");
  if (impl == j.end() || !impl->is_object()) {
    error = "the answer to start has no 'implementation' object";
    return false;
  }
  auto text = [&](const char* key, std::string& into, bool required) {
    const auto it = impl->find(key);
    if (it == impl->end()) {
      if (required) error = std::string("implementation.") + key + " is missing";
      return !required;
    }
    if (!it->is_string()) {
      error = std::string("implementation.") + key + " is not a string";
      return false;
    }
    into = it->get<std::string>();
    return true;
  };
  if (!text("name", out.name, true) || !text("version", out.version, true) || !text("language", out.language, true) ||
      !text("description", out.description, false) || !text("homepage", out.homepage, false)) {
    return false;
  }
  for (const auto& [key, _] : impl->items()) {
    if (key != "name" && key != "version" && key != "language" && key != "description" && key != "homepage") {
      error = "implementation has an unknown key '" + key + "'";
      return false;
    }
  }
  if (out.name.empty() || out.version.empty() || out.language.empty()) {
    error = "implementation.name, .version and .language must not be empty";
    return false;
  }
  const auto prof = j.find("profile");
  if (prof == j.end() || !prof->is_string()) {
    error = "the answer to start has no 'profile' string";
    return false;
  }
  const auto p = sock::parse_profile(prof->get<std::string>());
  if (!p || sock::name(*p) != prof->get<std::string>()) {
    error = "profile " + prof->dump() + " is not one of 1.x, 2.4, 2.6, 3.3, 3.12";
    return false;
  }
  out.profile = *p;
  auto names = [&](const char* key, std::vector<std::string>& into, bool dotted) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_array()) {
      error = std::string("the answer to start has no '") + key + "' array";
      return false;
    }
    for (const auto& e : *it) {
      if (!e.is_string() || !is_identifier_path(e.get_ref<const std::string&>(), dotted)) {
        error = std::string("'") + key + "' has an entry that is not a name: " + e.dump();
        return false;
      }
      into.push_back(e.get<std::string>());
    }
    std::sort(into.begin(), into.end());
    if (std::adjacent_find(into.begin(), into.end()) != into.end()) {
      error = std::string("'") + key + "' lists a name twice";
      return false;
    }
    return true;
  };
  if (!names("ops", out.ops, true) || !names("families", out.families, false)) return false;
  if (const auto u = j.find("unsupported"); u != j.end()) {
    if (!u->is_object()) {
      error = "'unsupported' is not an object";
      return false;
    }
    for (const auto& [op, why] : u->items()) {
      if (!why.is_string()) {
        error = "unsupported." + op + " is not a string";
        return false;
      }
      out.unsupported[op] = why.get<std::string>();
    }
  }
  return true;
}

namespace {

// A cursor over a reply line for the fast path: every step either matches
// exactly or gives up, and giving up only means "use the full decoder".
struct Cursor {
  std::string_view s;
  bool lit(std::string_view t) {
    if (s.substr(0, t.size()) != t) return false;
    s.remove_prefix(t.size());
    return true;
  }
  bool digits(std::uint64_t& v) {  // no sign, no leading zero, at most 15 digits (< 2^53)
    std::size_t n = 0;
    v = 0;
    while (n < s.size() && n < 16 && s[n] >= '0' && s[n] <= '9') v = v * 10 + static_cast<std::uint64_t>(s[n++] - '0');
    if (n == 0 || n > 15 || (n > 1 && s[0] == '0')) return false;
    s.remove_prefix(n);
    return true;
  }
  bool simple_string(std::string& v) {  // printable ASCII, no escapes
    if (!lit("\"")) return false;
    const auto end = s.find('"');
    if (end == std::string_view::npos) return false;
    for (std::size_t i = 0; i < end; ++i) {
      const auto u = static_cast<unsigned char>(s[i]);
      if (u < 0x20 || u >= 0x80 || s[i] == '\\') return false;
    }
    v.assign(s.substr(0, end));
    s.remove_prefix(end + 1);
    return true;
  }
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The common replies, {"id":N,"value":V} with V a short string, a small
// int, null, a bool or {"bytes":"..."}, {"id":N,"raises":"C","message":"M"}
// and {"id":N,"unsupported":"why"} with plain ASCII text, decoded without
// building a JSON tree. Anything else (or anything unusual in these)
// returns false.
bool decode_reply_fast(std::string_view line, Reply& out) {
  Cursor c{line};
  if (!c.lit(R"({"id":)") || !c.digits(out.id)) return false;
  if (c.lit(R"(,"value":)")) {
    sock::Value v;
    if (c.s.empty()) return false;
    const char first = c.s[0];
    if (first == '"') {
      std::string text;
      if (!c.simple_string(text)) return false;
      v = std::move(text);
    } else if (c.lit(R"({"bytes":")")) {
      const auto end = c.s.find('"');
      if (end == std::string_view::npos || end % 2 != 0) return false;
      std::string data(end / 2, '\0');
      for (std::size_t i = 0; i < end; i += 2) {
        const int hi = hex_value(c.s[i]), lo = hex_value(c.s[i + 1]);
        if (hi < 0 || lo < 0) return false;
        data[i / 2] = static_cast<char>(hi * 16 + lo);
      }
      c.s.remove_prefix(end);
      if (!c.lit("\"}")) return false;
      v = sock::Bytes{std::move(data)};
    } else if (c.lit("null")) {
      v = sock::None{};
    } else if (c.lit("true")) {
      v = true;
    } else if (c.lit("false")) {
      v = false;
    } else {
      const bool negative = c.lit("-");
      std::uint64_t magnitude = 0;
      if (!c.digits(magnitude) || (negative && magnitude == 0)) return false;
      v = negative ? -static_cast<std::int64_t>(magnitude) : static_cast<std::int64_t>(magnitude);
    }
    if (c.s != "}") return false;
    out.outcome = sock::Outcome::returned(std::move(v));
    return true;
  }
  if (c.lit(R"(,"raises":)")) {
    std::string cls, message;
    if (!c.simple_string(cls) || !is_identifier_path(cls, true) || !c.lit(R"(,"message":)") ||
        !c.simple_string(message) || c.s != "}") {
      return false;
    }
    out.outcome = sock::Outcome::raise(std::move(cls), std::move(message));
    return true;
  }
  // Adapters that decline most of a batch (Node has no inet_aton) answer
  // mostly this; through the JSON tree it cost the harness five times a value.
  if (c.lit(R"(,"unsupported":)")) {
    std::string why;
    if (!c.simple_string(why) || why.empty() || c.s != "}") return false;
    out.outcome = sock::Outcome::unsupported(std::move(why));
    return true;
  }
  return false;
}

}  // namespace

ReplyStatus decode_reply(std::string_view line, Reply& out, std::string& error) {
  if (decode_reply_fast(line, out)) return ReplyStatus::ok;
  const json j = json::parse(line, nullptr, false);
  if (j.is_discarded()) {
    error = "not JSON";
    return ReplyStatus::no_id;
  }
  if (!j.is_object()) {
    error = "not a JSON object";
    return ReplyStatus::no_id;
  }
  const auto id = j.find("id");
  if (id == j.end() || !read_id(*id, out.id)) {
    error = id == j.end() ? "no 'id'" : "'id' is not an integer in [0, 2^53)";
    if (const auto e = j.find("errored"); e != j.end() && e->is_string()) error += "; the adapter says: " + e->get<std::string>();
    return ReplyStatus::no_id;
  }
  // Exactly one outcome key, and only the keys that go with it: a reply
  // that says two things at once is not trusted with either.
  static const char* const kOutcomes[] = {"value", "raises", "unsupported", "errored"};
  int outcomes = 0;
  std::string kind;
  for (const char* k : kOutcomes) {
    if (j.contains(k)) {
      ++outcomes;
      kind = k;
    }
  }
  if (outcomes != 1) {
    error = outcomes == 0 ? "no outcome (value, raises, unsupported or errored)" : "more than one outcome";
    return ReplyStatus::malformed;
  }
  for (const auto& [key, _] : j.items()) {
    const bool allowed = key == "id" || key == kind || (kind == "raises" && key == "message") ||
                         (kind == "errored" && key == "context") ||
                         (key == "elapsed" && (kind == "value" || kind == "raises"));
    if (!allowed) {
      error = "unexpected key '" + key + "' in a '" + kind + "' reply";
      return ReplyStatus::malformed;
    }
  }
  // The call's own duration, measured by the adapter around the library
  // call: seconds, finite, not negative. A timing case is judged by it.
  std::optional<double> elapsed;
  if (const auto e = j.find("elapsed"); e != j.end()) {
    const double s = e->is_number() ? e->get<double>() : -1;
    if (!std::isfinite(s) || s < 0) {
      error = "'elapsed' is not a number of seconds (finite, 0 or more)";
      return ReplyStatus::malformed;
    }
    elapsed = s;
  }
  if (kind == "raises") {
    const auto& cls = j["raises"];
    const auto msg = j.find("message");
    if (!cls.is_string() || !is_identifier_path(cls.get_ref<const std::string&>(), true)) {
      error = "'raises' is not a class name";
      return ReplyStatus::malformed;
    }
    if (msg == j.end() || !msg->is_string()) {
      error = "a 'raises' reply needs a 'message' string";
      return ReplyStatus::malformed;
    }
    out.outcome = sock::Outcome::raise(cls.get<std::string>(), msg->get<std::string>());
    out.outcome.seconds = elapsed;
    return ReplyStatus::ok;
  }
  if (kind == "errored") {
    const auto& why = j["errored"];
    if (!why.is_string() || why.get_ref<const std::string&>().empty()) {
      error = "'errored' is not a non-empty string";
      return ReplyStatus::malformed;
    }
    std::string message = "adapter reported: " + why.get<std::string>();
    if (const auto ctx = j.find("context"); ctx != j.end()) {
      if (!ctx->is_object()) {
        error = "'context' is not an object";
        return ReplyStatus::malformed;
      }
      for (const auto& [k, v] : ctx->items()) {
        if (!v.is_string()) {
          error = "context." + k + " is not a string";
          return ReplyStatus::malformed;
        }
        message += "; " + k + ": " + v.get<std::string>();
      }
    }
    out.outcome = sock::Outcome::errored(std::move(message));
    return ReplyStatus::ok;
  }
  if (kind == "unsupported" && (!j["unsupported"].is_string() || j["unsupported"].get_ref<const std::string&>().empty())) {
    error = "'unsupported' is not a non-empty string";
    return ReplyStatus::malformed;
  }
  if (!outcome_from_json(j, out.outcome, error)) return ReplyStatus::malformed;
  out.outcome.seconds = elapsed;
  return ReplyStatus::ok;
}

}  // namespace sockcheck::adapter
