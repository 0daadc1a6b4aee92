#include "loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <span>
#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "impl/core/error_class.h"

namespace sockcheck {

namespace fs = std::filesystem;

namespace {

std::string join_messages(const std::vector<std::string>& messages) {
  std::string out;
  for (const auto& m : messages) {
    if (!out.empty()) out += '\n';
    out += m;
  }
  return out;
}

}  // namespace

SpecError::SpecError(std::vector<std::string> messages)
    : std::runtime_error(join_messages(messages)), messages_(std::move(messages)) {}

namespace {

// Thrown inside one file's parse; turned into a collected message.
struct NodeError {
  YAML::Mark mark;
  std::string message;
};

[[noreturn]] void fail(const YAML::Node& node, std::string message) { throw NodeError{node.Mark(), std::move(message)}; }

std::string where(const std::string& file, const YAML::Mark& mark) {
  if (mark.line < 0) return file;
  return file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

SourceLocation location(const std::string& file, const YAML::Node& node) {
  const auto m = node.Mark();
  return {file, m.line + 1, m.column + 1};
}

std::string kind_name(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return "a scalar";
    case YAML::NodeType::Null: return "null";
    default: return "nothing";
  }
}

std::string scalar(const YAML::Node& n, std::string_view what) {
  if (!n.IsScalar()) fail(n, std::string(what) + " must be a string, not " + kind_name(n));
  return n.Scalar();
}

// ---- values ---------------------------------------------------------------

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_plain_float(const std::string& s) {
  static const std::regex re(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  return std::regex_match(s, re);
}

// YAML 1.2 core schema resolution of an untagged plain scalar.
sock::Value plain_scalar(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (s == "null" || s == "Null" || s == "NULL" || s == "~" || s.empty()) return sock::None{};
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  sock::Value v;
  if (sock::parse_integer(s, v)) return v;
  if (s.size() > 2 && (s.starts_with("0x") || s.starts_with("0X"))) {
    std::uint64_t acc = 0;
    bool ok = s.size() <= 18;
    for (std::size_t i = 2; ok && i < s.size(); ++i) {
      const int d = hex_digit(s[i]);
      if (d < 0) ok = false;
      acc = acc * 16 + static_cast<unsigned>(d);
    }
    if (ok && acc <= static_cast<std::uint64_t>(INT64_MAX)) return static_cast<std::int64_t>(acc);
  }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return std::nan("");
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf") return HUGE_VAL;
  if (s == "-.inf" || s == "-.Inf" || s == "-.INF") return -HUGE_VAL;
  // strtod, not stod: an out-of-range literal (1e999) is inf, as Python's
  // float() reads it, instead of an exception out of the loader.
  if (is_plain_float(s)) return std::strtod(s.c_str(), nullptr);
  return s;
}

sock::Value parse_value(const YAML::Node& n) {
  const std::string& tag = n.Tag();
  if (n.IsSequence()) {
    if (tag != "?" && tag != "!" && !tag.empty()) fail(n, "a list cannot carry the tag " + tag);
    sock::Tuple t;
    for (const auto& e : n) t.push_back(parse_value(e));
    return t;
  }
  if (n.IsMap()) fail(n, "a value cannot be a mapping (write a tuple as a list, [a, b])");
  if (n.IsNull()) {
    if (tag == "!") return std::string();  // '' parses as an empty quoted scalar
    return sock::None{};
  }
  if (!n.IsScalar()) fail(n, "expected a value");
  const std::string& s = n.Scalar();
  if (tag == "?") return plain_scalar(n);
  if (tag == "!" || tag == "tag:yaml.org,2002:str") return s;
  if (tag == "!bytes") {
    std::string data;
    int pending = -1;
    for (const char c : s) {
      if (c == ' ' || c == '_' || c == ':') continue;
      const int d = hex_digit(c);
      if (d < 0) fail(n, "!bytes takes hex digits, found '" + std::string(1, c) + "'");
      if (pending < 0) {
        pending = d;
      } else {
        data += static_cast<char>(pending * 16 + d);
        pending = -1;
      }
    }
    if (pending >= 0) fail(n, "!bytes has an odd number of hex digits");
    return sock::Bytes{std::move(data)};
  }
  if (tag == "!ascii") {
    for (const char c : s) {
      if (static_cast<unsigned char>(c) >= 0x80) fail(n, "!ascii takes ASCII characters only");
    }
    return sock::Bytes{s};
  }
  if (tag == "!const") {
    static const std::regex re(R"([A-Z][A-Z0-9_]*)");
    if (!std::regex_match(s, re)) fail(n, "!const takes a constant name like AF_INET, not '" + s + "'");
    return sock::Const{s};
  }
  if (tag == "!ref") {
    static const std::regex re(R"([a-z_][a-z0-9_]*)");
    if (!std::regex_match(s, re)) fail(n, "!ref takes a name bound by an earlier step (lowercase), not '" + s + "'");
    return sock::Ref{s};
  }
  if (tag == "!float") {
    if (s == "nan") return std::nan("");
    if (s == "inf") return HUGE_VAL;
    if (s == "-inf") return -HUGE_VAL;
    if (!is_plain_float(s)) fail(n, "!float takes a number, nan, inf or -inf");
    return std::strtod(s.c_str(), nullptr);
  }
  if (tag == "!int") {
    sock::Value v;
    if (!sock::parse_integer(s, v)) fail(n, "!int takes decimal digits");
    return v;
  }
  fail(n, "unknown tag " + tag + " (known: !bytes, !ascii, !const, !ref, !float, !int)");
}

// ---- cases ----------------------------------------------------------------

// The keys of a mapping, checked against the keys the reader knows.
void check_keys(const YAML::Node& map, std::span<const std::string_view> known, std::string_view what) {
  if (!map.IsMap()) fail(map, std::string(what) + " must be a mapping, not " + kind_name(map));
  for (const auto& kv : map) {
    const std::string key = kv.first.as<std::string>();
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      std::string list;
      for (const auto k : known) {
        if (!list.empty()) list += ", ";
        list += k;
      }
      fail(kv.first, "unknown key '" + key + "' in " + std::string(what) + " (known: " + list + ")");
    }
  }
}

void check_keys(const YAML::Node& map, std::initializer_list<std::string_view> known, std::string_view what) {
  check_keys(map, std::span<const std::string_view>(known.begin(), known.size()), what);
}

// Looks a key up in the case first and then in the file's defaults.
struct Merged {
  const YAML::Node& item;
  const YAML::Node& defaults;

  [[nodiscard]] YAML::Node get(const char* key) const {
    if (item[key]) return item[key];
    if (defaults && defaults.IsMap() && defaults[key]) return defaults[key];
    return YAML::Node(YAML::NodeType::Undefined);
  }
};

constexpr std::array<std::string_view, 14> kCaseKeys = {
    "id",     "source", "statements", "versions", "op",    "args",   "expect", "implementation_defined",
    "accept", "area",   "tags",       "note",     "setup", "elapsed"};

Acceptable parse_outcome(const YAML::Node& n, bool labelled) {
  if (labelled) {
    check_keys(n, {"value", "raises", "label"}, "an accepted outcome");
  } else {
    check_keys(n, {"value", "raises"}, "expect");
  }
  const bool has_value = static_cast<bool>(n["value"]);
  const bool has_raises = static_cast<bool>(n["raises"]);
  if (has_value == has_raises) fail(n, "an outcome has exactly one of 'value' and 'raises'");
  Acceptable a;
  if (has_value) {
    a.kind = sock::OutcomeKind::value;
    a.value = parse_value(n["value"]);
  } else {
    a.kind = sock::OutcomeKind::raised;
    a.error_class = scalar(n["raises"], "raises");
    if (!sock::is_known_error_class(a.error_class)) {
      fail(n["raises"], "unknown error class '" + a.error_class + "'");
    }
  }
  if (labelled) {
    if (!n["label"]) fail(n, "an accepted outcome of an implementation-defined case needs a 'label'");
    a.label = scalar(n["label"], "label");
  }
  return a;
}

std::vector<std::string> string_list(const YAML::Node& n, std::string_view what) {
  std::vector<std::string> out;
  if (!n) return out;
  if (!n.IsSequence()) fail(n, std::string(what) + " must be a list");
  for (const auto& e : n) out.push_back(scalar(e, what));
  return out;
}

Case parse_case(const YAML::Node& item, const YAML::Node& defaults, const std::string& file,
                const std::string& default_area) {
  check_keys(item, kCaseKeys, "a case");
  const Merged m{item, defaults};
  Case c;
  c.where = location(file, item);

  const auto id = m.get("id");
  if (!id) fail(item, "a case needs an 'id'");
  c.id = scalar(id, "id");
  static const std::regex id_re(R"([a-z0-9][a-z0-9._/+-]*)");
  if (!std::regex_match(c.id, id_re)) {
    fail(id, "id '" + c.id + "' must be lowercase letters, digits and . _ / + -");
  }

  // source: deep-merged, so a file can name the document once.
  YAML::Node source = item["source"];
  YAML::Node default_source = defaults && defaults.IsMap() ? defaults["source"] : YAML::Node(YAML::NodeType::Undefined);
  if (source) check_keys(source, {"doc", "quote"}, "source");
  if (default_source) check_keys(default_source, {"doc", "quote"}, "source");
  auto source_key = [&](const char* key) -> YAML::Node {
    if (source && source[key]) return source[key];
    if (default_source && default_source[key]) return default_source[key];
    return YAML::Node(YAML::NodeType::Undefined);
  };
  const auto doc = source_key("doc");
  const auto quote = source_key("quote");
  if (!doc || !quote) fail(source ? source : item, "a case needs source.doc and source.quote");
  c.source.doc = scalar(doc, "source.doc");
  c.source.quote = scalar(quote, "source.quote");
  if (!sock::profile_of_document(c.source.doc)) {
    fail(doc, "source.doc '" + c.source.doc + "' is not one of the five seed documents");
  }
  if (c.source.quote.empty()) fail(quote, "source.quote is empty");

  const auto versions = m.get("versions");
  if (!versions) fail(item, "a case needs 'versions' (all, 3.3+, 2.4-2.6, ...)");
  const auto range = sock::parse_version_range(scalar(versions, "versions"));
  if (!range) fail(versions, "versions '" + versions.Scalar() + "' is not a profile range (all, 3.3+, 2.4-2.6, -2.6, 3.12)");
  c.versions = *range;

  const auto op = m.get("op");
  if (!op) fail(item, "a case needs an 'op'");
  c.call.op = scalar(op, "op");
  const auto args = m.get("args");
  if (!args) fail(item, "a case needs 'args' (use [] for none)");
  if (!args.IsSequence()) fail(args, "args must be a list");
  for (const auto& a : args) c.call.args.push_back(parse_value(a));

  const auto expect = m.get("expect");
  const auto impl = m.get("implementation_defined");
  const auto accept = m.get("accept");
  if (expect && (impl || accept)) fail(expect, "a case has either 'expect' or 'implementation_defined' with 'accept', not both");
  if (expect) {
    c.accept.push_back(parse_outcome(expect, false));
  } else {
    if (!impl || !accept) fail(item, "a case needs 'expect', or 'implementation_defined' (the reason) with 'accept'");
    c.implementation_defined = true;
    c.reason = scalar(impl, "implementation_defined");
    if (c.reason.empty()) fail(impl, "implementation_defined needs the reason");
    if (!accept.IsSequence() || accept.size() == 0) fail(accept, "accept must be a non-empty list of outcomes");
    std::set<std::string> labels;
    for (const auto& a : accept) {
      c.accept.push_back(parse_outcome(a, true));
      if (!labels.insert(c.accept.back().label).second) fail(a, "label '" + c.accept.back().label + "' is listed twice");
    }
  }

  const auto area = m.get("area");
  c.area = area ? scalar(area, "area") : default_area;
  c.statements = string_list(m.get("statements"), "statements");
  c.tags = string_list(m.get("tags"), "tags");
  if (const auto note = m.get("note")) c.note = scalar(note, "note");

  // Set-up steps, and the names they bind: a !ref must name a step before it.
  std::set<std::string> bound;
  auto check_refs = [&](const sock::Value& v, const YAML::Node& at, auto& self) -> void {
    if (const auto* r = v.get_if<sock::Ref>()) {
      if (!bound.contains(r->name)) fail(at, "!ref " + r->name + " is not bound by an earlier step");
    } else if (const auto* t = v.get_if<sock::Tuple>()) {
      for (const auto& e : *t) self(e, at, self);
    }
  };
  if (const auto setup = m.get("setup")) {
    if (!setup.IsSequence()) fail(setup, "setup must be a list of steps");
    for (const auto& s : setup) {
      check_keys(s, {"op", "args", "bind", "expect"}, "a set-up step");
      Step step;
      step.where = location(file, s);
      if (!s["op"]) fail(s, "a set-up step needs an 'op'");
      step.call.op = scalar(s["op"], "op");
      if (const auto a = s["args"]) {
        if (!a.IsSequence()) fail(a, "args must be a list");
        for (const auto& x : a) {
          step.call.args.push_back(parse_value(x));
          check_refs(step.call.args.back(), x, check_refs);
        }
      }
      if (s["expect"]) step.accept.push_back(parse_outcome(s["expect"], false));
      if (const auto b = s["bind"]) {
        step.bind = scalar(b, "bind");
        static const std::regex re(R"([a-z_][a-z0-9_]*)");
        if (!std::regex_match(step.bind, re)) fail(b, "bind takes a lowercase name");
        bound.insert(step.bind);
      }
      c.setup.push_back(std::move(step));
    }
  }
  for (std::size_t i = 0; i < c.call.args.size(); ++i) check_refs(c.call.args[i], args[i], check_refs);
  if (const auto e = m.get("elapsed")) {
    check_keys(e, {"min", "max"}, "elapsed");
    Elapsed el;
    try {
      el.min = e["min"] ? e["min"].as<double>() : 0.0;
      el.max = e["max"] ? e["max"].as<double>() : 0.0;
    } catch (const YAML::Exception&) {
      fail(e, "elapsed.min and elapsed.max are seconds");
    }
    if (!e["max"] || el.max <= 0 || el.min < 0 || el.min > el.max) {
      fail(e, "elapsed needs 0 <= min <= max and a max (seconds)");
    }
    c.elapsed = el;
    // Every timing case carries the tag `timing`, so `--tag timing` selects
    // exactly the cases whose verdict depends on the clock (what
    // scripts/timing-flake-rate repeats), without each file having to say so.
    if (std::find(c.tags.begin(), c.tags.end(), "timing") == c.tags.end()) c.tags.push_back("timing");
  }
  return c;
}

Statement parse_statement(const YAML::Node& item, const std::string& file) {
  check_keys(item, {"id", "doc", "area", "quote", "untestable"}, "a statement");
  Statement s;
  s.where = location(file, item);
  for (const char* key : {"id", "doc", "area", "quote"}) {
    if (!item[key]) fail(item, std::string("a statement needs '") + key + "'");
  }
  s.id = scalar(item["id"], "id");
  s.doc = scalar(item["doc"], "doc");
  s.area = scalar(item["area"], "area");
  s.quote = scalar(item["quote"], "quote");
  if (item["untestable"]) s.untestable = scalar(item["untestable"], "untestable");
  if (!sock::profile_of_document(s.doc)) fail(item["doc"], "doc '" + s.doc + "' is not one of the five seed documents");
  return s;
}

struct Collector {
  Spec spec;
  std::vector<std::string> errors;
};

void load_document(const YAML::Node& root, const std::string& file, const std::string& default_area, Collector& out) {
  if (root.IsNull()) return;  // an empty file holds nothing
  check_keys(root, {"defaults", "cases", "statements"}, "a spec file");
  const YAML::Node defaults = root["defaults"];
  if (defaults) {
    check_keys(defaults, kCaseKeys, "defaults");
    if (defaults["id"]) fail(defaults["id"], "defaults cannot set 'id'");
  }
  if (const auto cases = root["cases"]) {
    if (!cases.IsSequence()) fail(cases, "cases must be a list");
    for (const auto& item : cases) {
      try {
        out.spec.cases.push_back(parse_case(item, defaults, file, default_area));
      } catch (const NodeError& e) {
        out.errors.push_back(where(file, e.mark) + ": " + e.message);
      }
    }
  }
  if (const auto statements = root["statements"]) {
    if (!statements.IsSequence()) fail(statements, "statements must be a list");
    for (const auto& item : statements) {
      try {
        out.spec.statements.push_back(parse_statement(item, file));
      } catch (const NodeError& e) {
        out.errors.push_back(where(file, e.mark) + ": " + e.message);
      }
    }
  }
}

void load_text(const std::string& text, const std::string& file, const std::string& default_area, Collector& out) {
  try {
    load_document(YAML::Load(text), file, default_area, out);
  } catch (const NodeError& e) {
    out.errors.push_back(where(file, e.mark) + ": " + e.message);
  } catch (const YAML::Exception& e) {
    out.errors.push_back(where(file, e.mark) + ": " + e.msg);
  }
}

// Duplicate ids and dangling statement references, across all files.
void cross_check(Collector& c) {
  std::sort(c.spec.cases.begin(), c.spec.cases.end(), [](const Case& a, const Case& b) { return a.id < b.id; });
  for (std::size_t i = 1; i < c.spec.cases.size(); ++i) {
    if (c.spec.cases[i].id == c.spec.cases[i - 1].id) {
      c.errors.push_back(c.spec.cases[i].where.to_string() + ": duplicate case id '" + c.spec.cases[i].id +
                         "' (first at " + c.spec.cases[i - 1].where.to_string() + ")");
    }
  }
  auto& st = c.spec.statements;
  std::sort(st.begin(), st.end(), [](const Statement& a, const Statement& b) { return a.id < b.id; });
  for (std::size_t i = 1; i < st.size(); ++i) {
    if (st[i].id == st[i - 1].id) {
      c.errors.push_back(st[i].where.to_string() + ": duplicate statement id '" + st[i].id + "' (first at " +
                         st[i - 1].where.to_string() + ")");
    }
  }
  // References are checked only when an inventory was loaded, so that a
  // single case file can be run on its own.
  if (st.empty()) return;
  for (const auto& cs : c.spec.cases) {
    for (const auto& ref : cs.statements) {
      const bool found = std::binary_search(st.begin(), st.end(), ref,
                                            [](const auto& a, const auto& b) {
                                              if constexpr (std::is_same_v<std::decay_t<decltype(a)>, Statement>) {
                                                return a.id < b;
                                              } else {
                                                return a < b.id;
                                              }
                                            });
      if (!found) c.errors.push_back(cs.where.to_string() + ": case '" + cs.id + "' names unknown statement '" + ref + "'");
    }
  }
}

std::string area_of(const fs::path& root, const fs::path& file) {
  fs::path rel = file.lexically_relative(root);
  if (rel.empty() || rel.string().starts_with("..")) rel = file.filename();
  rel.replace_extension();
  return rel.generic_string();
}

}  // namespace

Spec load_spec(const std::vector<fs::path>& paths) {
  Collector c;
  for (const auto& path : paths) {
    std::error_code ec;
    std::vector<fs::path> files;
    fs::path root;
    if (fs::is_directory(path, ec)) {
      root = path;
      for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
        const auto ext = it->path().extension();
        if (it->is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(it->path());
      }
      if (ec) c.errors.push_back(path.string() + ": cannot list: " + ec.message());
      std::sort(files.begin(), files.end());
    } else if (fs::is_regular_file(path, ec)) {
      root = path.parent_path();
      files.push_back(path);
    } else {
      c.errors.push_back(path.string() + ": no such file or folder");
      continue;
    }
    for (const auto& file : files) {
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        c.errors.push_back(file.string() + ": cannot read");
        continue;
      }
      std::ostringstream text;
      text << in.rdbuf();
      c.spec.files.push_back(file.string());
      load_text(text.str(), file.string(), area_of(root, file), c);
    }
  }
  cross_check(c);
  if (!c.errors.empty()) throw SpecError(std::move(c.errors));
  return std::move(c.spec);
}

Spec load_spec_text(const std::string& text, const std::string& name) {
  Collector c;
  c.spec.files.push_back(name);
  load_text(text, name, fs::path(name).stem().string(), c);
  cross_check(c);
  if (!c.errors.empty()) throw SpecError(std::move(c.errors));
  return std::move(c.spec);
}

sock::Value parse_value_text(const std::string& text) {
  try {
    return parse_value(YAML::Load(text));
  } catch (const NodeError& e) {
    throw SpecError({where("argument", e.mark) + ": " + e.message + " in: " + text});
  } catch (const YAML::Exception& e) {
    throw SpecError({"argument: " + e.msg + " in: " + text});
  }
}

}  // namespace sockcheck
