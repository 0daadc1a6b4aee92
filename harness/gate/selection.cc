#include "harness/gate/selection.h"

#include <fnmatch.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sockcheck::gate {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool glob(const std::string& pattern, const std::string& text) { return fnmatch(pattern.c_str(), text.c_str(), 0) == 0; }

bool any_glob(const std::vector<std::string>& patterns, const std::string& text) {
  for (const auto& p : patterns) {
    if (glob(p, text)) return true;
  }
  return false;
}

bool any_glob(const std::vector<std::string>& patterns, const std::vector<std::string>& texts) {
  for (const auto& t : texts) {
    if (any_glob(patterns, t)) return true;
  }
  return false;
}

}  // namespace

bool Selection::empty() const {
  return cases.empty() && areas.empty() && statements.empty() && tags.empty() && !only;
}

bool Selection::matches(const Case& c) const {
  if (!cases.empty() && !any_glob(cases, c.id)) return false;
  if (!areas.empty()) {
    // An area is a path ("conversions/inet_aton"); naming a folder of
    // areas selects everything under it.
    bool hit = false;
    for (const auto& a : areas) hit = hit || glob(a, c.area) || glob(a + "/*", c.area);
    if (!hit) return false;
  }
  if (!statements.empty() && !any_glob(statements, c.statements)) return false;
  if (!tags.empty() && !any_glob(tags, c.tags)) return false;
  if (only && !only->contains(c.id)) return false;
  return true;
}

json Selection::to_json() const {
  json out = json::object();
  if (!cases.empty()) out["case"] = cases;
  if (!areas.empty()) out["area"] = areas;
  if (!statements.empty()) out["statement"] = statements;
  if (!tags.empty()) out["tag"] = tags;
  if (only) out["only_failed"] = {{"results", only_from}, {"cases", only->size()}};
  return out;
}

Spec select(const Spec& spec, const Selection& selection) {
  Spec out;
  out.statements = spec.statements;
  out.files = spec.files;
  for (const auto& c : spec.cases) {
    if (selection.matches(c)) out.cases.push_back(c);
  }
  return out;
}

std::set<std::string> failed_cases(const fs::path& results_json) {
  const std::string name = results_json.string();
  std::ifstream in(results_json, std::ios::binary);
  if (!in) throw std::runtime_error(name + ": cannot read the results of a previous run");
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    // nlohmann counts bytes; a person counts lines and columns.
    const std::size_t at = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < at; ++i) {
      if (text[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    const std::size_t column = at - line_start + 1;
    throw std::runtime_error(name + ":" + std::to_string(line) + ":" + std::to_string(column) +
                             ": not valid JSON: " + e.what());
  }
  const auto not_ours = [&](const std::string& why) {
    return std::runtime_error(name + ": not a sockcheck results.json (" + why + ")");
  };
  if (!j.is_object() || !j.contains("schema") || !j["schema"].is_string() ||
      !j["schema"].get<std::string>().starts_with("sockcheck-results/")) {
    throw not_ours("no \"schema\": \"sockcheck-results/...\"");
  }
  if (!j.contains("cases") || !j["cases"].is_array()) throw not_ours("no \"cases\" list");
  std::set<std::string> out;
  for (const auto& c : j["cases"]) {
    if (!c.is_object() || !c.contains("id") || !c["id"].is_string() || !c.contains("results") ||
        !c["results"].is_object()) {
      throw not_ours("a case without \"id\" or \"results\"");
    }
    for (const auto& [target, r] : c["results"].items()) {
      const auto v = r.is_object() ? r.value("verdict", "") : "";
      if (v == "failed" || v == "errored") out.insert(c["id"].get<std::string>());
    }
  }
  return out;
}

}  // namespace sockcheck::gate
