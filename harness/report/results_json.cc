#include <ctime>

#include "harness/protocol/value_json.h"
#include "harness/report/reports.h"

namespace sockcheck {

using nlohmann::json;

namespace {

std::string iso8601(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

json acceptable_json(const Acceptable& a) {
  json j = a.kind == sock::OutcomeKind::value ? json{{"value", to_json(a.value)}} : json{{"raises", a.error_class}};
  if (!a.label.empty()) j["label"] = a.label;
  return j;
}

}  // namespace

json results_json(const RunContext& run) {
  const auto& result = run.result;
  json targets = json::array();
  for (const auto& t : result.targets) {
    targets.push_back({{"name", t.info.name},
                       {"implementation", t.info.implementation},
                       {"version", t.info.version},
                       {"profile", std::string(sock::name(t.profile))},
                       {"passed", t.passed},
                       {"failed", t.failed},
                       {"skipped", t.skipped},
                       {"errored", t.errored},
                       {"not_in_profile", t.not_in_profile},
                       {"flaky", t.flaky}});
  }
  json cases = json::array();
  std::size_t i = 0;
  while (i < result.results.size()) {
    const Case& c = run.spec.cases[result.results[i].case_index];
    json args = json::array();
    for (const auto& a : c.call.args) args.push_back(to_json(a));
    json accept = json::array();
    for (const auto& a : c.accept) accept.push_back(acceptable_json(a));
    json per_target = json::object();
    for (; i < result.results.size() && &run.spec.cases[result.results[i].case_index] == &c; ++i) {
      const auto& r = result.results[i];
      json entry{{"verdict", std::string(to_string(r.judgement.verdict))},
                 {"outcome", to_json(r.outcome)},
                 {"seconds", r.seconds}};
      if (!r.judgement.label.empty()) entry["label"] = r.judgement.label;
      if (!r.detail.empty()) entry["detail"] = r.detail;
      if (r.attempts > 1) entry["attempts"] = r.attempts;
      if (r.flaky()) entry["flaky"] = true;
      if (run.gate != nullptr && i < run.gate->results.size()) {
        const auto& g = run.gate->results[i];
        entry["baseline"] = std::string(to_string(g.status));
        if (!g.reason.empty()) entry["baseline_reason"] = g.reason;
      }
      per_target[result.targets[r.target_index].info.name] = std::move(entry);
    }
    json jc{{"id", c.id},
            {"area", c.area},
            {"op", c.call.op},
            {"args", std::move(args)},
            {"source", {{"doc", c.source.doc}, {"quote", c.source.quote}}},
            {"statements", c.statements},
            {"versions", c.versions.to_string()},
            {"implementation_defined", c.implementation_defined},
            {"accept", std::move(accept)},
            {"location", c.where.to_string()},
            {"results", std::move(per_target)}};
    if (c.implementation_defined) jc["reason"] = c.reason;
    if (!c.setup.empty()) {
      json setup = json::array();
      for (const auto& step : c.setup) {
        json st{{"call", call_text(step.call)}};
        if (!step.bind.empty()) st["bind"] = step.bind;
        setup.push_back(std::move(st));
      }
      jc["setup"] = std::move(setup);
    }
    if (c.elapsed) jc["elapsed"] = {{"min", c.elapsed->min}, {"max", c.elapsed->max}};
    if (!c.note.empty()) jc["note"] = c.note;
    if (!c.tags.empty()) jc["tags"] = c.tags;
    cases.push_back(std::move(jc));
  }
  json out{{"schema", "sockcheck-results/1"},
          {"tool", {{"name", "sockcheck"}, {"version", SOCKCHECK_VERSION}}},
          {"started", iso8601(result.started)},
          {"duration_seconds", result.seconds},
          {"interrupted", result.interrupted},
          {"passed", result.all_passed() && !result.interrupted},
          {"profile", run.profile ? json(std::string(sock::name(*run.profile))) : json(nullptr)},
          {"spec_files", run.spec.files},
          {"targets", std::move(targets)},
          {"cases", std::move(cases)}};
  // Added members of schema 1 (readers ignore members they do not know):
  // what was selected, and the gate's verdict on a gated run.
  out["selection"] = run.gate != nullptr ? run.gate->selection : json::object();
  if (run.gate != nullptr && !run.gate->json.is_null()) out["gate"] = run.gate->json;
  return out;
}

}  // namespace sockcheck
