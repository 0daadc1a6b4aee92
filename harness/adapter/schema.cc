#include "schema.h"

#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <stdexcept>

namespace sockcheck::adapter {

// Defined in the file CMake generates from schemas/adapter/*.json.
const std::vector<std::pair<std::string, std::string>>& embedded_schema_files();

using nlohmann::json;

namespace {

constexpr std::size_t kMaxPatternInput = 4096;

const std::set<std::string, std::less<>> kKeywords = {
    "$schema", "$id", "$ref", "$defs", "title", "description", "type", "const", "enum", "properties", "required",
    "additionalProperties", "items", "minItems", "maxItems", "uniqueItems", "minimum", "maximum", "minLength",
    "maxLength", "pattern", "oneOf", "anyOf", "allOf", "not"};

// Keywords whose value is a schema, or a map or list of schemas: the walk
// that checks keywords follows them.
void check_keywords(const json& schema, const std::string& where) {
  if (schema.is_boolean()) return;
  if (!schema.is_object()) throw std::invalid_argument(where + ": a schema is an object or a boolean");
  for (const auto& [key, value] : schema.items()) {
    if (kKeywords.find(key) == kKeywords.end()) {
      throw std::invalid_argument(where + ": keyword '" + key + "' is not implemented by sockcheck's validator");
    }
    if (key == "properties" || key == "$defs") {
      for (const auto& [name, sub] : value.items()) check_keywords(sub, where + "/" + key + "/" + name);
    } else if (key == "items" || key == "not" || (key == "additionalProperties" && value.is_object())) {
      check_keywords(value, where + "/" + key);
    } else if (key == "oneOf" || key == "anyOf" || key == "allOf") {
      for (std::size_t i = 0; i < value.size(); ++i) check_keywords(value[i], where + "/" + key + "/" + std::to_string(i));
    }
  }
}

std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool is_integer(const json& j) {
  if (j.is_number_integer() || j.is_number_unsigned()) return true;
  if (!j.is_number_float()) return false;
  const double d = j.get<double>();
  return d == static_cast<double>(static_cast<long long>(d));  // JSON Schema: 1.0 is an integer
}

// Compares JSON numbers exactly when both are integers (the bounds here
// are 2^63 and 2^53, beyond a double's exactness): by sign, then magnitude.
int compare_numbers(const json& a, const json& b) {
  const bool ia = a.is_number_integer() || a.is_number_unsigned();
  const bool ib = b.is_number_integer() || b.is_number_unsigned();
  if (ia && ib) {
    auto split = [](const json& j, bool& negative, std::uint64_t& magnitude) {
      if (j.is_number_unsigned()) {
        negative = false;
        magnitude = j.get<std::uint64_t>();
      } else {
        const auto i = j.get<std::int64_t>();
        negative = i < 0;
        magnitude = negative ? 0 - static_cast<std::uint64_t>(i) : static_cast<std::uint64_t>(i);
      }
    };
    bool na = false, nb = false;
    std::uint64_t ma = 0, mb = 0;
    split(a, na, ma);
    split(b, nb, mb);
    if (na != nb) return na ? -1 : 1;
    const int c = ma < mb ? -1 : (ma > mb ? 1 : 0);
    return na ? -c : c;
  }
  const double dx = a.get<double>(), dy = b.get<double>();
  return dx < dy ? -1 : (dx > dy ? 1 : 0);
}

std::string type_of(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "integer";
    case json::value_t::number_float: return is_integer(j) ? "integer" : "number";
    case json::value_t::string: return "string";
    case json::value_t::array: return "array";
    case json::value_t::object: return "object";
    default: return "unknown";
  }
}

bool has_type(const json& j, const std::string& type) {
  const std::string actual = type_of(j);
  return actual == type || (type == "number" && actual == "integer");
}

std::string pointer_escape(const std::string& key) {
  std::string out;
  for (const char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

}  // namespace

struct SchemaSet::Impl {
  std::map<std::string, json, std::less<>> files;
  mutable std::mutex regex_mutex;
  mutable std::map<std::string, std::regex> regexes;

  const std::regex& regex(const std::string& pattern) const {
    std::lock_guard lock(regex_mutex);
    auto it = regexes.find(pattern);
    if (it == regexes.end()) it = regexes.emplace(pattern, std::regex(pattern, std::regex::ECMAScript)).first;
    return it->second;
  }

  // Resolves "#/$defs/x", "value.json" or "value.json#/$defs/x" against the
  // file `base`; `file` is set to the file the result lives in.
  const json& resolve(const std::string& base, const std::string& ref, std::string& file) const {
    const auto hash = ref.find('#');
    file = hash == 0 ? base : ref.substr(0, hash);
    const auto it = files.find(file);
    if (it == files.end()) throw std::invalid_argument("$ref to unknown schema file " + file);
    if (hash == std::string::npos || hash + 1 == ref.size()) return it->second;
    return it->second.at(json::json_pointer(ref.substr(hash + 1)));
  }

  void validate(const std::string& file, const json& schema, const json& doc, const std::string& path,
                std::vector<std::string>& errors) const {
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) errors.push_back(path + ": not allowed here");
      return;
    }
    auto fail = [&](std::string what) { errors.push_back((path.empty() ? "/" : path) + ": " + std::move(what)); };
    if (const auto ref = schema.find("$ref"); ref != schema.end()) {
      std::string target_file;
      const json& target = resolve(file, ref->get<std::string>(), target_file);
      validate(target_file, target, doc, path, errors);
    }
    if (const auto t = schema.find("type"); t != schema.end()) {
      bool ok = false;
      if (t->is_string()) ok = has_type(doc, t->get<std::string>());
      else for (const auto& one : *t) ok = ok || has_type(doc, one.get<std::string>());
      if (!ok) {
        fail("is " + type_of(doc) + ", not " + (t->is_string() ? t->get<std::string>() : t->dump()));
        return;  // the other keywords would only repeat it
      }
    }
    if (const auto c = schema.find("const"); c != schema.end() && doc != *c) fail("is not " + c->dump());
    if (const auto e = schema.find("enum"); e != schema.end()) {
      bool found = false;
      for (const auto& v : *e) found = found || doc == v;
      if (!found) fail("is not one of " + e->dump());
    }
    if (doc.is_object()) {
      const auto props = schema.find("properties");
      if (const auto req = schema.find("required"); req != schema.end()) {
        for (const auto& r : *req) {
          if (!doc.contains(r.get<std::string>())) fail("'" + r.get<std::string>() + "' is missing");
        }
      }
      const auto extra = schema.find("additionalProperties");
      for (const auto& [key, value] : doc.items()) {
        const std::string sub = path + "/" + pointer_escape(key);
        if (props != schema.end() && props->contains(key)) {
          validate(file, (*props)[key], value, sub, errors);
        } else if (extra != schema.end()) {
          if (extra->is_boolean() && !extra->get<bool>()) {
            fail("unexpected key '" + key + "'");
          } else {
            validate(file, *extra, value, sub, errors);
          }
        }
      }
    }
    if (doc.is_array()) {
      if (const auto items = schema.find("items"); items != schema.end()) {
        for (std::size_t i = 0; i < doc.size(); ++i) validate(file, *items, doc[i], path + "/" + std::to_string(i), errors);
      }
      if (const auto m = schema.find("minItems"); m != schema.end() && doc.size() < m->get<std::size_t>()) {
        fail("has fewer than " + m->dump() + " items");
      }
      if (const auto m = schema.find("maxItems"); m != schema.end() && doc.size() > m->get<std::size_t>()) {
        fail("has more than " + m->dump() + " items");
      }
      if (const auto u = schema.find("uniqueItems"); u != schema.end() && u->get<bool>()) {
        for (std::size_t i = 0; i < doc.size(); ++i) {
          for (std::size_t k = i + 1; k < doc.size(); ++k) {
            if (doc[i] == doc[k]) fail("items " + std::to_string(i) + " and " + std::to_string(k) + " are equal");
          }
        }
      }
    }
    if (doc.is_number()) {
      if (const auto m = schema.find("minimum"); m != schema.end() && compare_numbers(doc, *m) < 0) fail("is less than " + m->dump());
      if (const auto m = schema.find("maximum"); m != schema.end() && compare_numbers(doc, *m) > 0) fail("is more than " + m->dump());
    }
    if (doc.is_string()) {
      const auto& s = doc.get_ref<const std::string&>();
      if (const auto m = schema.find("minLength"); m != schema.end() && utf8_length(s) < m->get<std::size_t>()) {
        fail("is shorter than " + m->dump() + " characters");
      }
      if (const auto m = schema.find("maxLength"); m != schema.end() && utf8_length(s) > m->get<std::size_t>()) {
        fail("is longer than " + m->dump() + " characters");
      }
      if (const auto p = schema.find("pattern"); p != schema.end()) {
        // libstdc++'s regex recurses per character; a broken adapter's
        // megabyte string must not overflow the harness's stack.
        if (s.size() > kMaxPatternInput) {
          fail("is too long (" + std::to_string(s.size()) + " bytes) to match against " + p->get<std::string>());
        } else if (!std::regex_search(s, regex(p->get<std::string>()))) {
          fail("does not match " + p->get<std::string>());
        }
      }
    }
    auto count_valid = [&](const json& list, std::vector<std::string>* closest) {
      int valid = 0;
      std::size_t fewest = SIZE_MAX;
      for (const auto& sub : list) {
        std::vector<std::string> sub_errors;
        validate(file, sub, doc, path, sub_errors);
        if (sub_errors.empty()) ++valid;
        else if (closest != nullptr && sub_errors.size() < fewest) {
          fewest = sub_errors.size();
          *closest = std::move(sub_errors);
        }
      }
      return valid;
    };
    if (const auto all = schema.find("allOf"); all != schema.end()) {
      for (const auto& sub : *all) validate(file, sub, doc, path, errors);
    }
    if (const auto any = schema.find("anyOf"); any != schema.end()) {
      std::vector<std::string> closest;
      if (count_valid(*any, &closest) == 0) {
        fail("matches none of the anyOf alternatives; the closest fails with: " + (closest.empty() ? "" : closest.front()));
      }
    }
    if (const auto one = schema.find("oneOf"); one != schema.end()) {
      std::vector<std::string> closest;
      const int valid = count_valid(*one, &closest);
      if (valid == 0) fail("matches none of the oneOf alternatives; the closest fails with: " + (closest.empty() ? "" : closest.front()));
      if (valid > 1) fail("matches " + std::to_string(valid) + " of the oneOf alternatives, not exactly one");
    }
    if (const auto n = schema.find("not"); n != schema.end()) {
      std::vector<std::string> sub_errors;
      validate(file, *n, doc, path, sub_errors);
      if (sub_errors.empty()) fail("matches a schema it must not match");
    }
  }
};

SchemaSet::SchemaSet(const std::vector<std::pair<std::string, std::string>>& files) : impl_(std::make_unique<Impl>()) {
  for (const auto& [name, text] : files) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) throw std::invalid_argument(name + ": not JSON");
    check_keywords(j, name);
    impl_->files.emplace(name, std::move(j));
  }
  // Every $ref must resolve now, not in the middle of a run.
  for (const auto& [name, schema] : impl_->files) {
    std::vector<std::pair<std::string, const json*>> stack{{"", &schema}};
    while (!stack.empty()) {
      const auto [where, node] = stack.back();
      stack.pop_back();
      if (node->is_object()) {
        if (const auto ref = node->find("$ref"); ref != node->end()) {
          std::string file;
          try {
            (void)impl_->resolve(name, ref->get<std::string>(), file);
          } catch (const std::exception& e) {
            throw std::invalid_argument(name + where + ": $ref " + ref->dump() + " does not resolve: " + e.what());
          }
        }
        for (const auto& [k, v] : node->items()) stack.emplace_back(where + "/" + k, &v);
      } else if (node->is_array()) {
        for (const auto& v : *node) stack.emplace_back(where + "/*", &v);
      }
    }
  }
}

SchemaSet::~SchemaSet() = default;
SchemaSet::SchemaSet(SchemaSet&&) noexcept = default;

const SchemaSet& SchemaSet::builtin() {
  static const SchemaSet set(embedded_schema_files());
  return set;
}

std::vector<std::string> SchemaSet::validate(std::string_view name, const json& doc) const {
  const auto it = impl_->files.find(name);
  if (it == impl_->files.end()) throw std::invalid_argument("no schema named " + std::string(name));
  std::vector<std::string> errors;
  impl_->validate(it->first, it->second, doc, "", errors);
  return errors;
}

std::vector<std::string> SchemaSet::names() const {
  std::vector<std::string> out;
  for (const auto& [name, _] : impl_->files) out.push_back(name);
  return out;
}

}  // namespace sockcheck::adapter
