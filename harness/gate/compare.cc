#include "harness/gate/compare.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

namespace sockcheck::gate {

using nlohmann::json;

namespace {

bool not_passing(Verdict v) { return v == Verdict::failed || v == Verdict::errored; }

BaselineStatus classify(const Recorded* recorded, Verdict now) {
  if (recorded == nullptr || recorded->verdict == Verdict::skipped) {
    if (not_passing(now)) return BaselineStatus::new_failure;
    if (recorded != nullptr && now == Verdict::skipped) return BaselineStatus::unchanged;
    return BaselineStatus::new_case;
  }
  if (recorded->verdict == Verdict::passed) return now == Verdict::passed ? BaselineStatus::unchanged : BaselineStatus::regression;
  return now == Verdict::passed ? BaselineStatus::fixed : BaselineStatus::known_failure;
}

std::string plural(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

bool Comparison::passed() const { return failures().empty(); }

std::vector<std::string> Comparison::failures() const {
  std::size_t regressions = 0, new_failures = 0, fixed = 0, removed = 0;
  for (const auto& t : targets) {
    regressions += t.regressions;
    new_failures += t.new_failures;
    fixed += t.fixed;
    removed += t.removed.size();
  }
  std::vector<std::string> out;
  if (regressions != 0) out.push_back(plural(regressions, "regression", "regressions"));
  if (new_failures != 0 && !policy.allow_new_failures) out.push_back(plural(new_failures, "new failure", "new failures"));
  if (fixed != 0 && policy.strict) out.push_back(plural(fixed, "fixed known failure", "fixed known failures") + " (--strict)");
  if (removed != 0 && policy.strict) out.push_back(plural(removed, "removed case", "removed cases") + " (--strict)");
  return out;
}

std::vector<std::string> missing_sections(const Baseline& baseline, const std::string& file,
                                          const std::vector<std::pair<std::string, sock::Profile>>& runs) {
  std::string has;
  for (const auto& s : baseline.sections) has += (has.empty() ? "" : ", ") + s.target + " " + std::string(sock::name(s.profile));
  std::vector<std::string> out;
  for (const auto& [target, profile] : runs) {
    if (baseline.find(target, profile) != nullptr) continue;
    out.push_back(file + ": no section for target '" + target + "' with profile " + std::string(sock::name(profile)) +
                  " (it has: " + (has.empty() ? "none" : has) + "); record one with --write-baseline " + file);
  }
  return out;
}

Comparison compare(const Baseline& baseline, const std::string& file, const Spec& universe, const Spec& run_spec,
                   const RunResult& result, Policy policy) {
  Comparison cmp;
  cmp.baseline = file;
  cmp.policy = policy;
  std::map<std::string_view, const Case*> by_id;
  for (const auto& c : universe.cases) by_id.emplace(c.id, &c);

  std::vector<const Section*> sections;
  for (const auto& t : result.targets) {
    TargetComparison tc;
    tc.target = t.info.name;
    tc.profile = t.profile;
    const Section* s = baseline.find(t.info.name, t.profile);
    sections.push_back(s);
    if (s != nullptr) {
      for (const auto& [id, rec] : s->cases) {
        const auto it = by_id.find(id);
        if (it == by_id.end() || !it->second->versions.contains(t.profile)) tc.removed.push_back(id);
      }
    }
    cmp.targets.push_back(std::move(tc));
  }
  for (const auto& r : result.results) {
    const Section* s = sections[r.target_index];
    const Case& c = run_spec.cases[r.case_index];
    const Recorded* rec = nullptr;
    if (s != nullptr) {
      const auto it = s->cases.find(c.id);
      if (it != s->cases.end()) rec = &it->second;
    }
    GateView::PerResult g;
    g.status = classify(rec, r.judgement.verdict);
    if (rec != nullptr && rec->known_failure()) g.reason = rec->reason;
    auto& tc = cmp.targets[r.target_index];
    switch (g.status) {
      case BaselineStatus::unchanged: ++tc.unchanged; break;
      case BaselineStatus::known_failure: ++tc.known_failures; break;
      case BaselineStatus::regression:
        ++tc.regressions;
        g.fails_gate = true;
        break;
      case BaselineStatus::fixed:
        ++tc.fixed;
        g.fails_gate = policy.strict;
        break;
      case BaselineStatus::new_case: ++tc.new_cases; break;
      case BaselineStatus::new_failure:
        ++tc.new_failures;
        g.fails_gate = !policy.allow_new_failures;
        break;
      case BaselineStatus::none: break;
    }
    cmp.results.push_back(std::move(g));
  }
  return cmp;
}

// ---- the reports' view -----------------------------------------------------

namespace {

constexpr std::size_t kMaxRows = 50;

// A Markdown table cell: no pipes or newlines, and not too long.
std::string cell(std::string_view s, std::size_t max = 160) {
  std::string out;
  for (const char c : s) {
    if (out.size() >= max) {
      out += "…";
      break;
    }
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string code(std::string_view s) { return "`" + cell(s, 100) + "`"; }

std::string got_text(const CaseResult& r) {
  return sock::describe(r.outcome) + (r.detail.empty() ? "" : " (" + r.detail + ")");
}

// The spec location without the folders above spec/, which only say where
// the checkout was.
std::string short_location(const SourceLocation& where) {
  std::string s = where.to_string();
  if (const auto at = s.rfind("/spec/"); at != std::string::npos) s = s.substr(at + 1);
  return s;
}

// One table of results with `status`, at most kMaxRows rows.
std::string table(const std::string& title, const std::string& intro, const Comparison& cmp, BaselineStatus status,
                  const Spec& spec, const RunResult& result) {
  std::string rows;
  std::size_t n = 0;
  for (std::size_t k = 0; k < result.results.size(); ++k) {
    if (cmp.results[k].status != status) continue;
    if (++n > kMaxRows) continue;
    const CaseResult& r = result.results[k];
    const Case& c = spec.cases[r.case_index];
    rows += "| " + code(c.id) + " | " + cell(result.targets[r.target_index].info.name) + " | ";
    if (status == BaselineStatus::fixed) {
      rows += cell(cmp.results[k].reason) + " | " + cell(sock::describe(r.outcome)) + " |\n";
    } else {
      rows += code(call_text(c.call)) + " | " + cell(describe_expected(c)) + " | " + cell(got_text(r)) + " | " +
              cell(short_location(c.where)) + " |\n";
    }
  }
  if (n == 0) return {};
  std::string out = "\n## " + title + " (" + std::to_string(n) + ")\n\n" + intro + "\n\n";
  out += status == BaselineStatus::fixed
             ? "| case | target | recorded reason | now |\n| --- | --- | --- | --- |\n"
             : "| case | target | call | expected | got | spec |\n| --- | --- | --- | --- | --- | --- |\n";
  out += rows;
  if (n > kMaxRows) out += "\n…and " + std::to_string(n - kMaxRows) + " more in results.json.\n";
  return out;
}

std::string heading(const Comparison& cmp, const Spec& spec, const RunResult& result) {
  const auto failures = cmp.failures();
  std::string out = std::string("# sockcheck gate: **") + (failures.empty() && !result.interrupted ? "passed" : "failed") + "**\n\n";
  out += "Compared with `" + cmp.baseline + "`";
  std::string flags;
  if (cmp.policy.strict) flags += "--strict";
  if (cmp.policy.allow_new_failures) flags += std::string(flags.empty() ? "" : ", ") + "--allow-new-failures";
  if (!flags.empty()) out += " (" + flags + ")";
  out += failures.empty() ? ": nothing that worked has stopped working.\n"
                          : [&] {
                              std::string why;
                              for (const auto& f : failures) why += (why.empty() ? "" : ", ") + f;
                              return ": " + why + ".\n";
                            }();
  if (result.interrupted) out += "\nThe run was **interrupted**: only the cases that finished were compared.\n";
  out += "\n| target | profile | regressions | new failures | fixed | known failures | new | removed | flaky |\n"
         "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  for (std::size_t t = 0; t < cmp.targets.size(); ++t) {
    const auto& tc = cmp.targets[t];
    out += "| " + cell(tc.target) + " | " + std::string(sock::name(tc.profile)) + " | " + std::to_string(tc.regressions) +
           " | " + std::to_string(tc.new_failures) + " | " + std::to_string(tc.fixed) + " | " +
           std::to_string(tc.known_failures) + " | " + std::to_string(tc.new_cases) + " | " +
           std::to_string(tc.removed.size()) + " | " + std::to_string(result.targets[t].flaky) + " |\n";
  }
  out += table("Regressions", "Recorded as passed, and no longer passing.", cmp, BaselineStatus::regression, spec, result);
  out += table("New failures",
               cmp.policy.allow_new_failures ? "Not in the baseline, and not passing (allowed by --allow-new-failures)."
                                             : "Not in the baseline, and not passing: fix them, or record them as known "
                                               "failures with --write-baseline and a reason.",
               cmp, BaselineStatus::new_failure, spec, result);
  out += table("Fixed", "Known failures that pass now: record them with --write-baseline.", cmp, BaselineStatus::fixed,
               spec, result);
  std::string removed;
  std::size_t n = 0;
  for (const auto& tc : cmp.targets) {
    for (const auto& id : tc.removed) {
      if (++n <= kMaxRows) removed += "| " + code(id) + " | " + cell(tc.target) + " |\n";
    }
  }
  if (n != 0) {
    out += "\n## Removed (" + std::to_string(n) +
           ")\n\nIn the baseline, but no longer in the spec (or its profile): `--write-baseline` drops them.\n\n"
           "| case | target |\n| --- | --- |\n" +
           removed;
    if (n > kMaxRows) out += "\n…and " + std::to_string(n - kMaxRows) + " more.\n";
  }
  return out + "\n";
}

std::string appendix(const Comparison* cmp, const Spec& spec, const RunResult& result) {
  std::string out;
  std::string rows;
  std::size_t n = 0;
  for (const auto& r : result.results) {
    if (!r.flaky() || ++n > kMaxRows) continue;
    rows += "| " + code(spec.cases[r.case_index].id) + " | " + cell(result.targets[r.target_index].info.name) + " | " +
            std::to_string(r.attempts) + " | " + cell(r.detail) + " |\n";
  }
  if (n != 0) {
    out += "\n## Flaky (" + std::to_string(n) +
           ")\n\nPassed on a retry, so they count as passed; a timing case that needs retries is worth fixing.\n\n"
           "| case | target | attempts | what happened |\n| --- | --- | ---: | --- |\n" +
           rows;
    if (n > kMaxRows) out += "\n…and " + std::to_string(n - kMaxRows) + " more in results.json.\n";
  }
  if (cmp != nullptr) {
    rows.clear();
    n = 0;
    for (std::size_t k = 0; k < result.results.size(); ++k) {
      if (cmp->results[k].status != BaselineStatus::known_failure || ++n > kMaxRows) continue;
      const CaseResult& r = result.results[k];
      rows += "| " + code(spec.cases[r.case_index].id) + " | " + cell(result.targets[r.target_index].info.name) + " | " +
              cell(cmp->results[k].reason) + " |\n";
    }
    if (n != 0) {
      // Collapsed: known failures are accepted, and a long list would push
      // what matters out of view.
      out += "\n<details><summary>" + std::to_string(n) + " known failure" + (n == 1 ? "" : "s") +
             " (in the baseline, still failing)</summary>\n\n| case | target | reason |\n| --- | --- | --- |\n" + rows;
      if (n > kMaxRows) out += "\n…and " + std::to_string(n - kMaxRows) + " more in results.json.\n";
      out += "\n</details>\n";
    }
  }
  return out;
}

}  // namespace

GateView gate_view(const Comparison* comparison, const Spec& run_spec, const RunResult& result, json selection) {
  GateView view;
  view.selection = std::move(selection);
  view.appendix = appendix(comparison, run_spec, result);
  if (comparison == nullptr) return view;
  view.results = comparison->results;
  view.heading = heading(*comparison, run_spec, result);
  json targets = json::array();
  for (const auto& tc : comparison->targets) {
    targets.push_back({{"name", tc.target},
                       {"profile", std::string(sock::name(tc.profile))},
                       {"unchanged", tc.unchanged},
                       {"known_failures", tc.known_failures},
                       {"regressions", tc.regressions},
                       {"fixed", tc.fixed},
                       {"new", tc.new_cases},
                       {"new_failures", tc.new_failures},
                       {"removed", tc.removed}});
  }
  view.json = {{"baseline", comparison->baseline},
               {"strict", comparison->policy.strict},
               {"allow_new_failures", comparison->policy.allow_new_failures},
               {"passed", comparison->passed() && !result.interrupted},
               {"failures", comparison->failures()},
               {"targets", std::move(targets)}};
  return view;
}

}  // namespace sockcheck::gate
