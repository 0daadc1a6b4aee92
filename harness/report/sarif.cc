// results.sarif: the failures as SARIF 2.1.0, for code-scanning views
// (GitHub's upload-sarif, GitLab, IDE viewers).
//
// A finding is one case failing on one target; its rule is the case (the
// id is the ruleId, the quoted sentence its description) and its location
// the case in its spec file, which is where a reader goes to see what was
// tested and why. On a gated run, SARIF's own baselineState says what the
// baseline made of it: "new" for a regression or a new failure, "unchanged"
// for a known failure, "absent" for a known failure that passes now.
#include <filesystem>
#include <map>

#include "harness/report/reports.h"

namespace sockcheck {

using nlohmann::json;

namespace {

// RFC 3986: keep unreserved characters and '/', percent-encode the rest.
std::string uri_path(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : path) {
    const auto u = static_cast<unsigned char>(ch);
    const bool keep = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || ch == '-' ||
                      ch == '.' || ch == '_' || ch == '~' || ch == '/';
    if (keep) {
      out += ch;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

// Code-scanning services resolve locations against the checkout, which is
// the working directory of a CI job: a spec file under it is given
// relative to %SRCROOT%, any other by its absolute file: URI.
json artifact_location(const std::string& file) {
  std::error_code ec;
  const auto cwd = std::filesystem::current_path(ec);
  const auto abs = std::filesystem::absolute(file, ec).lexically_normal();
  if (!ec) {
    const auto rel = abs.lexically_relative(cwd);
    if (!rel.empty() && *rel.begin() != "..") {
      return {{"uri", uri_path(rel.generic_string())}, {"uriBaseId", "%SRCROOT%"}};
    }
  }
  return {{"uri", "file://" + uri_path(abs.generic_string())}};
}

std::string_view baseline_state(BaselineStatus s) {
  switch (s) {
    case BaselineStatus::regression:
    case BaselineStatus::new_failure: return "new";
    case BaselineStatus::known_failure: return "unchanged";
    case BaselineStatus::fixed: return "absent";
    case BaselineStatus::none:
    case BaselineStatus::unchanged:
    case BaselineStatus::new_case: break;
  }
  return {};
}

}  // namespace

json sarif_json(const RunContext& run) {
  const auto& result = run.result;
  json rules = json::array();
  std::map<std::size_t, std::size_t> rule_of_case;  // case index -> index into rules
  json results = json::array();
  for (std::size_t k = 0; k < result.results.size(); ++k) {
    const CaseResult& r = result.results[k];
    const bool bad = r.judgement.verdict == Verdict::failed || r.judgement.verdict == Verdict::errored;
    const GateView::PerResult* g =
        run.gate != nullptr && k < run.gate->results.size() ? &run.gate->results[k] : nullptr;
    const BaselineStatus status = g != nullptr ? g->status : BaselineStatus::none;
    if (!bad && status != BaselineStatus::fixed && (g == nullptr || !g->fails_gate)) continue;

    const Case& c = run.spec.cases[r.case_index];
    auto [it, added] = rule_of_case.try_emplace(r.case_index, rules.size());
    if (added) {
      json rule{{"id", c.id},
                {"shortDescription", {{"text", call_text(c.call) + ": " + describe_expected(c)}}},
                {"fullDescription", {{"text", c.source.doc + ": \"" + c.source.quote + "\""}}},
                {"properties", {{"tags", json::array({"sockcheck", c.area})}, {"area", c.area}}}};
      if (!c.statements.empty()) rule["properties"]["statements"] = c.statements;
      if (!c.note.empty() || c.implementation_defined) {
        rule["help"] = {{"text", c.implementation_defined ? "Implementation-defined: " + c.reason : c.note}};
      }
      rules.push_back(std::move(rule));
    }
    const TargetSummary& target = result.targets[r.target_index];
    std::string text = target.info.name + ": ";
    if (bad) {
      text += "expected " + describe_expected(c) + ", got " + sock::describe(r.outcome) +
              (r.detail.empty() ? "" : " (" + r.detail + ")");
    } else if (status == BaselineStatus::fixed) {
      text += "passes now, but the baseline lists it as a known failure";
    } else {
      text += "recorded as passed in the baseline, and now " + std::string(to_string(r.judgement.verdict)) + ": " +
              sock::describe(r.outcome);
    }
    text += ". " + c.source.doc + " says: \"" + c.source.quote + "\"";
    json region{{"startLine", std::max(1, c.where.line)}};
    if (c.where.column > 0) region["startColumn"] = c.where.column;
    json entry{
        {"ruleId", c.id},
        {"ruleIndex", it->second},
        {"kind", status == BaselineStatus::fixed ? "pass" : "fail"},
        // SARIF 2.1.0 §3.27.9: a result whose kind is not "fail" has level "none".
        {"level", status == BaselineStatus::fixed ? "none" : (g != nullptr && !g->fails_gate ? "note" : "error")},
        {"message", {{"text", text}}},
        {"locations",
         json::array({{{"physicalLocation", {{"artifactLocation", artifact_location(c.where.file)}, {"region", region}}}}})},
        // Stable across runs, so a service can tell a finding it has seen
        // from a new one without relying on line numbers.
        {"partialFingerprints", {{"sockcheckCase/v1", target.info.name + ":" + c.id}}},
        {"properties",
         {{"target", target.info.name},
          {"profile", std::string(sock::name(target.profile))},
          {"verdict", std::string(to_string(r.judgement.verdict))}}}};
    if (const auto state = baseline_state(status); !state.empty()) entry["baselineState"] = std::string(state);
    results.push_back(std::move(entry));
  }
  std::error_code ec;
  const std::string srcroot = "file://" + uri_path(std::filesystem::current_path(ec).generic_string()) + "/";
  std::string category = "sockcheck/";
  for (std::size_t t = 0; t < result.targets.size(); ++t) category += (t == 0 ? "" : "+") + result.targets[t].info.name;
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs",
           json::array({{{"tool",
                          {{"driver",
                            {{"name", "sockcheck"},
                             {"semanticVersion", SOCKCHECK_VERSION},
                             {"version", SOCKCHECK_VERSION},
                             {"rules", std::move(rules)}}}}},
                         {"automationDetails", {{"id", category + "/"}}},
                         {"originalUriBaseIds", {{"%SRCROOT%", {{"uri", srcroot}}}}},
                         {"invocations", json::array({{{"executionSuccessful", !result.interrupted}}})},
                         {"results", std::move(results)}}})}};
}

}  // namespace sockcheck
