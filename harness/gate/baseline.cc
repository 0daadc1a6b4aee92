#include "harness/gate/baseline.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace sockcheck::gate {

namespace fs = std::filesystem;

namespace {

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

}  // namespace

BaselineError::BaselineError(std::vector<std::string> messages)
    : std::runtime_error(join_lines(messages)), messages_(std::move(messages)) {}

const Section* Baseline::find(std::string_view target, sock::Profile profile) const {
  for (const auto& s : sections) {
    if (s.target == target && s.profile == profile) return &s;
  }
  return nullptr;
}

// ---- reading ---------------------------------------------------------------

namespace {

// Collects the problems of one file, each at its node, and keeps going so
// that a maintainer sees all of them at once.
class Reader {
 public:
  explicit Reader(std::string name) : name_(std::move(name)) {}

  void error(const YAML::Mark& mark, const std::string& message) {
    errors_.push_back(mark.line < 0 ? name_ + ": " + message
                                    : name_ + ":" + std::to_string(mark.line + 1) + ":" +
                                          std::to_string(mark.column + 1) + ": " + message);
  }
  void error(const YAML::Node& node, const std::string& message) { error(node.Mark(), message); }

  SourceLocation at(const YAML::Node& node) const {
    const auto m = node.Mark();
    return {name_, m.line + 1, m.column + 1};
  }

  // The mapping's values by key, with an error for every key not in
  // `known` and every key given twice.
  std::map<std::string, YAML::Node> keys(const YAML::Node& map, std::initializer_list<std::string_view> known,
                                         std::string_view what) {
    std::map<std::string, YAML::Node> out;
    for (const auto& kv : map) {
      if (!kv.first.IsScalar()) {
        error(kv.first, "a key of " + std::string(what) + " must be a word");
        continue;
      }
      const std::string& key = kv.first.Scalar();
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        std::string list;
        for (const auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
        error(kv.first, "unknown key '" + key + "' in " + std::string(what) + " (known: " + list + ")");
        continue;
      }
      if (!out.emplace(key, kv.second).second) error(kv.first, "'" + key + "' is given twice in " + std::string(what));
    }
    return out;
  }

  std::optional<std::string> scalar(const std::map<std::string, YAML::Node>& keys, const std::string& key,
                                    const YAML::Node& parent, std::string_view what, bool required) {
    const auto it = keys.find(key);
    if (it == keys.end()) {
      if (required) error(parent, std::string(what) + " needs '" + key + "'");
      return std::nullopt;
    }
    if (!it->second.IsScalar()) {
      error(it->second, "'" + key + "' must be a string");
      return std::nullopt;
    }
    return it->second.Scalar();
  }

  void cases(const YAML::Node& node, Section& section) {
    if (node.IsNull()) return;  // `cases:` with nothing under it
    if (!node.IsMap()) {
      error(node, "'cases' must map case ids to verdicts");
      return;
    }
    for (const auto& kv : node) {
      if (!kv.first.IsScalar() || kv.first.Scalar().empty()) {
        error(kv.first, "a case id must be a non-empty string");
        continue;
      }
      const std::string& id = kv.first.Scalar();
      Recorded rec;
      rec.where = at(kv.first);
      if (!one_case(kv.second, id, rec)) continue;
      const auto [it, added] = section.cases.emplace(id, rec);
      if (!added) {
        error(kv.first, "case '" + id + "' is recorded twice (first on line " + std::to_string(it->second.where.line) +
                            ")");
      }
    }
  }

  // `id: passed`, `id: skipped`, or `id: {verdict: failed, reason: "..."}`.
  bool one_case(const YAML::Node& value, const std::string& id, Recorded& rec) {
    if (value.IsScalar()) {
      const std::string& v = value.Scalar();
      if (v == "passed" || v == "skipped") {
        rec.verdict = v == "passed" ? Verdict::passed : Verdict::skipped;
        return true;
      }
      if (v == "failed" || v == "errored") {
        error(value, "known failure '" + id + "' needs a reason: write {verdict: " + v + ", reason: \"why\"}");
      } else {
        error(value, "unknown verdict '" + v + "' for '" + id + "' (passed, skipped, or {verdict: failed|errored, reason: ...})");
      }
      return false;
    }
    if (!value.IsMap()) {
      error(value, "the verdict of '" + id + "' must be passed, skipped or {verdict: failed|errored, reason: ...}");
      return false;
    }
    const auto k = keys(value, {"verdict", "reason"}, "a known failure");
    const auto verdict = scalar(k, "verdict", value, "a known failure", true);
    const auto reason = scalar(k, "reason", value, "known failure '" + id + "'", true);
    if (!verdict) return false;
    if (*verdict != "failed" && *verdict != "errored") {
      error(k.at("verdict"), *verdict == "passed" || *verdict == "skipped"
                                 ? "only a known failure (failed, errored) takes a reason; write '" + id + ": " +
                                       *verdict + "'"
                                 : "unknown verdict '" + *verdict + "' for '" + id + "' (failed or errored here)");
      return false;
    }
    if (!reason) return false;
    if (reason->find_first_not_of(" \t\n") == std::string::npos) {
      error(k.at("reason"), "the reason of known failure '" + id + "' is empty: say why it fails");
      return false;
    }
    rec.verdict = *verdict == "failed" ? Verdict::failed : Verdict::errored;
    rec.reason = *reason;
    return true;
  }

  Baseline read(const std::string& text) {
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      error(e.mark, "not valid YAML: " + e.msg);
      throw BaselineError(errors_);
    }
    const std::string expected = "a mapping with 'schema: " + std::string(kBaselineSchema) + "' and 'targets'";
    if (root.IsNull()) {
      errors_.push_back(name_ + ":1:1: not a sockcheck baseline (the file is empty): expected " + expected);
      throw BaselineError(errors_);
    }
    if (!root.IsMap()) {
      error(root, "not a sockcheck baseline: expected " + expected);
      throw BaselineError(errors_);
    }
    const auto top = keys(root, {"schema", "targets"}, "the baseline");
    if (const auto schema = scalar(top, "schema", root, "the baseline", true); schema && *schema != kBaselineSchema) {
      error(top.at("schema"), "schema '" + *schema + "' is not one this sockcheck reads (" +
                                  std::string(kBaselineSchema) + ")");
    }
    Baseline out;
    const auto targets = top.find("targets");
    if (targets == top.end()) {
      error(root, "the baseline needs 'targets'");
    } else if (!targets->second.IsSequence() && !targets->second.IsNull()) {
      error(targets->second, "'targets' must be a list of sections (- target: NAME, profile: P, cases: ...)");
    } else {
      for (const auto& node : targets->second) section(node, out);
    }
    if (!errors_.empty()) throw BaselineError(errors_);
    std::sort(out.sections.begin(), out.sections.end(), [](const Section& a, const Section& b) {
      return a.target != b.target ? a.target < b.target : a.profile < b.profile;
    });
    return out;
  }

  void section(const YAML::Node& node, Baseline& out) {
    if (!node.IsMap()) {
      error(node, "a section must be a mapping (target, profile, cases)");
      return;
    }
    const auto k = keys(node, {"target", "profile", "implementation", "version", "cases"}, "a section");
    Section s;
    s.where = at(node);
    const auto target = scalar(k, "target", node, "a section", true);
    const auto profile = scalar(k, "profile", node, "a section", true);
    s.implementation = scalar(k, "implementation", node, "a section", false).value_or("");
    s.version = scalar(k, "version", node, "a section", false).value_or("");
    if (profile) {
      // Exactly a document's name: "3.11" would silently mean 3.3 here.
      const auto p = sock::parse_profile(*profile);
      if (!p || sock::name(*p) != *profile) {
        error(k.at("profile"), "unknown profile '" + *profile + "' (1.x, 2.4, 2.6, 3.3 or 3.12)");
      } else {
        s.profile = *p;
      }
    }
    if (const auto c = k.find("cases"); c != k.end()) {
      cases(c->second, s);
    } else {
      error(node, "a section needs 'cases'");
    }
    if (!target || !profile) return;
    s.target = *target;
    if (const Section* first = out.find(s.target, s.profile)) {
      error(node, "target '" + s.target + "' with profile " + std::string(sock::name(s.profile)) +
                      " has a second section (the first is on line " + std::to_string(first->where.line) + ")");
      return;
    }
    out.sections.push_back(std::move(s));
  }

 private:
  std::string name_;
  std::vector<std::string> errors_;
};

}  // namespace

Baseline parse_baseline(const std::string& text, const std::string& name) { return Reader(name).read(text); }

Baseline read_baseline(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::error_code ec;
    const bool exists = fs::exists(file, ec);
    throw BaselineError({file.string() + ": cannot read the baseline: " +
                         (exists ? "permission denied or not a file" : "no such file") +
                         (exists ? "" : " (record one with --write-baseline " + file.string() + ")")});
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_baseline(text.str(), file.string());
}

// ---- writing ---------------------------------------------------------------

namespace {

// A string as YAML: plain when it cannot be read as anything else (a
// number, a boolean, null, or a scalar with YAML syntax in it), otherwise
// double-quoted with JSON's escapes, which YAML reads the same way.
std::string yaml_string(const std::string& s) {
  static const std::set<std::string, std::less<>> kReserved = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"};
  bool plain = !s.empty() && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')) && s.back() != ' ';
  for (const char ch : s) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
                    ch == '.' || ch == '/' || ch == '-' || ch == ' ' || ch == '(' || ch == ')';
    if (!ok) plain = false;
  }
  std::string lower = s;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? char(c + 32) : c; });
  if (plain && !kReserved.contains(lower)) return s;
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// At most `max` bytes, cut at a UTF-8 character boundary.
std::string clip(std::string s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
  return s + "…";
}

}  // namespace

std::string baseline_yaml(const Baseline& baseline) {
  std::string out =
      "# sockcheck baseline: the recorded verdict of every case, per target and\n"
      "# profile. `sockcheck run --baseline FILE` fails when a case recorded as\n"
      "# passed no longer passes, or when a case not recorded here fails.\n"
      "# `sockcheck run --write-baseline FILE` rewrites it from a run and keeps\n"
      "# the reasons given here. Every known failure (failed, errored) has a\n"
      "# reason: replace the recorded mismatch with why it fails.\n";
  out += "schema: " + std::string(kBaselineSchema) + "\n";
  if (baseline.sections.empty()) return out + "targets: []\n";
  out += "targets:\n";
  std::vector<const Section*> sorted;
  for (const auto& s : baseline.sections) sorted.push_back(&s);
  std::sort(sorted.begin(), sorted.end(), [](const Section* a, const Section* b) {
    return a->target != b->target ? a->target < b->target : a->profile < b->profile;
  });
  for (const Section* s : sorted) {
    out += "  - target: " + yaml_string(s->target) + "\n";
    out += "    profile: " + nlohmann::json(std::string(sock::name(s->profile))).dump() + "\n";
    if (!s->implementation.empty()) out += "    implementation: " + yaml_string(s->implementation) + "\n";
    if (!s->version.empty()) out += "    version: " + yaml_string(s->version) + "\n";
    if (s->cases.empty()) {
      out += "    cases: {}\n";
      continue;
    }
    out += "    cases:\n";
    for (const auto& [id, rec] : s->cases) {  // std::map: sorted by id, bytewise
      out += "      " + yaml_string(id) + ": ";
      if (rec.known_failure()) {
        out += "{verdict: " + std::string(to_string(rec.verdict)) + ", reason: " +
               nlohmann::json(rec.reason).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "}\n";
      } else {
        out += std::string(to_string(rec.verdict)) + "\n";
      }
    }
  }
  return out;
}

std::string failure_text(const Case& c, const CaseResult& r) {
  std::string expected;
  for (const auto& a : c.accept) expected += (expected.empty() ? "" : " or ") + describe(a);
  return clip("expected " + expected + ", got " + sock::describe(r.outcome) + (r.detail.empty() ? "" : " (" + r.detail + ")"),
              240);
}

Baseline record(const Baseline& previous, const Spec& universe, const Spec& run_spec, const RunResult& result) {
  std::map<std::string_view, const Case*> by_id;
  for (const auto& c : universe.cases) by_id.emplace(c.id, &c);

  std::map<std::pair<std::string, sock::Profile>, Section> sections;
  for (const auto& s : previous.sections) sections[{s.target, s.profile}] = s;
  for (const auto& t : result.targets) {
    Section fresh;
    fresh.target = t.info.name;
    fresh.profile = t.profile;
    fresh.implementation = t.info.implementation;
    fresh.version = t.info.version;
    // Entries of cases that still exist for this profile but were not
    // selected this time stay as they were.
    if (const Section* old = previous.find(t.info.name, t.profile)) {
      for (const auto& [id, rec] : old->cases) {
        const auto it = by_id.find(id);
        if (it != by_id.end() && it->second->versions.contains(t.profile)) fresh.cases[id] = Recorded{rec.verdict, rec.reason, {}};
      }
    }
    sections[{t.info.name, t.profile}] = std::move(fresh);
  }
  for (const auto& r : result.results) {
    const TargetSummary& t = result.targets[r.target_index];
    const Case& c = run_spec.cases[r.case_index];
    Recorded rec{r.judgement.verdict, {}, {}};
    if (rec.known_failure()) {
      // A reason a maintainer wrote outlives the rewrite while the case
      // keeps failing; a new known failure gets the mismatch to start from.
      if (const Section* old = previous.find(t.info.name, t.profile)) {
        const auto it = old->cases.find(c.id);
        if (it != old->cases.end() && it->second.known_failure()) rec.reason = it->second.reason;
      }
      if (rec.reason.empty()) rec.reason = failure_text(c, r);
    }
    sections[{t.info.name, t.profile}].cases[c.id] = std::move(rec);
  }
  Baseline out;
  for (auto& [key, s] : sections) out.sections.push_back(std::move(s));
  return out;
}

}  // namespace sockcheck::gate
