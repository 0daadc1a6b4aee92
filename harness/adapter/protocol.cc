#include "protocol.h"

#include <algorithm>

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
  json a = json::array();
  for (const auto& v : args) a.push_back(to_json(v));
  // Built by hand around the parts nlohmann encodes: this runs once per
  // call and the fixed keys need no escaping.
  std::string line = R"({"id":)";
  line += std::to_string(id);
  line += R"(,"cmd":"call","op":)";
  line += json(std::string(op)).dump();
  line += R"(,"args":)";
  line += a.dump(-1, ' ', false, json::error_handler_t::replace);
  line += "}\n";
  return line;
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
  for (const auto& [key, _] : j.items()) {
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

ReplyStatus decode_reply(std::string_view line, Reply& out, std::string& error) {
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
                         (kind == "errored" && key == "context");
    if (!allowed) {
      error = "unexpected key '" + key + "' in a '" + kind + "' reply";
      return ReplyStatus::malformed;
    }
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
  return ReplyStatus::ok;
}

}  // namespace sockcheck::adapter
