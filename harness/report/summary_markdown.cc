#include <algorithm>
#include <cstdio>
#include <map>

#include "harness/report/reports.h"

namespace sockcheck {

namespace {

// Table cells: pipes and newlines would break the row.
std::string cell(std::string_view s, std::size_t max = 120) {
  std::string out;
  for (const char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
    if (out.size() >= max) {
      out += "…";
      break;
    }
  }
  return out;
}

std::string code(std::string_view s, std::size_t max = 120) { return "`" + cell(s, max) + "`"; }

std::string fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string short_outcome(const sock::Outcome& o) {
  switch (o.kind) {
    case sock::OutcomeKind::value: return sock::repr(o.value);
    case sock::OutcomeKind::raised: return o.error_class;
    case sock::OutcomeKind::unsupported: return "n/a";
    case sock::OutcomeKind::errored: return "errored";
  }
  return "?";
}

constexpr std::size_t kMaxFailuresShown = 50;

}  // namespace

std::string summary_markdown(const RunContext& run) {
  const auto& result = run.result;
  std::string out = "# sockcheck run\n\n";
  out += result.interrupted ? "**Interrupted**: the reports hold the cases that finished.\n\n" : "";
  out += std::string("Result: **") + (result.all_passed() && !result.interrupted ? "passed" : "failed") + "**";
  out += " in " + fixed(result.seconds, 3) + " s";
  out += run.profile ? ", profile " + std::string(sock::name(*run.profile)) : std::string(", each target in its own profile");
  out += ", " + std::to_string(run.spec.cases.size()) + " cases loaded.\n\n";

  out += "| target | implementation | version | profile | passed | failed | skipped | errored | not in profile |\n";
  out += "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |\n";
  for (const auto& t : result.targets) {
    out += "| " + cell(t.info.name) + " | " + cell(t.info.implementation) + " | " + cell(t.info.version) + " | " +
           std::string(sock::name(t.profile)) + " | " + std::to_string(t.passed) + " | " + std::to_string(t.failed) +
           " | " + std::to_string(t.skipped) + " | " + std::to_string(t.errored) + " | " +
           std::to_string(t.not_in_profile) + " |\n";
  }

  // Failures and errors, each with what was expected and where it is cited.
  std::size_t shown = 0, bad = 0;
  std::string rows;
  for (const auto& r : result.results) {
    if (r.judgement.verdict != Verdict::failed && r.judgement.verdict != Verdict::errored) continue;
    ++bad;
    if (shown == kMaxFailuresShown) continue;
    ++shown;
    const Case& c = run.spec.cases[r.case_index];
    std::string expected;
    for (const auto& a : c.accept) expected += (expected.empty() ? "" : " or ") + describe(a);
    rows += "| " + code(c.id) + " | " + cell(result.targets[r.target_index].info.name) + " | " + code(call_text(c.call)) +
            " | " + cell(expected) + " | " +
            cell(sock::describe(r.outcome) + (r.detail.empty() ? "" : " (" + r.detail + ")")) + " | " + cell(c.source.doc) +
            " |\n";
  }
  if (bad != 0) {
    out += "\n## Failures\n\n| case | target | call | expected | got | document |\n| --- | --- | --- | --- | --- | --- |\n";
    out += rows;
    if (bad > shown) out += "\n…and " + std::to_string(bad - shown) + " more in results.json.\n";
  }

  // Where targets chose differently among the outcomes a case allows (or
  // answered differently at all): the data the comparison is for.
  if (result.targets.size() > 1) {
    std::string diff_rows;
    std::size_t differing = 0;
    std::size_t i = 0;
    while (i < result.results.size()) {
      const std::size_t first = i;
      const Case& c = run.spec.cases[result.results[i].case_index];
      std::map<std::size_t, const CaseResult*> by_target;
      for (; i < result.results.size() && &run.spec.cases[result.results[i].case_index] == &c; ++i) {
        by_target[result.results[i].target_index] = &result.results[i];
      }
      bool differs = false;
      for (std::size_t k = first + 1; k < i; ++k) {
        if (short_outcome(result.results[k].outcome) != short_outcome(result.results[first].outcome)) differs = true;
      }
      if (!differs) continue;
      ++differing;
      if (differing > kMaxFailuresShown) continue;
      diff_rows += "| " + code(c.id) + " | " + code(call_text(c.call), 60);
      for (std::size_t t = 0; t < result.targets.size(); ++t) {
        const auto it = by_target.find(t);
        if (it == by_target.end()) {
          diff_rows += " | ";
          continue;
        }
        std::string text = short_outcome(it->second->outcome);
        if (!it->second->judgement.label.empty()) text += " (" + it->second->judgement.label + ")";
        diff_rows += " | " + cell(text, 60);
      }
      diff_rows += " |\n";
    }
    if (differing != 0) {
      out += "\n## Where the targets differ\n\n" + std::to_string(differing) +
             " cases answered differently; an implementation-defined case shows the label of the allowed outcome "
             "each target chose.\n\n| case | call";
      std::string sep = "| --- | ---";
      for (const auto& t : result.targets) {
        out += " | " + cell(t.info.name);
        sep += " | ---";
      }
      out += " |\n" + sep + " |\n" + diff_rows;
      if (differing > kMaxFailuresShown) out += "\n…and " + std::to_string(differing - kMaxFailuresShown) + " more in results.json.\n";
    }
  }

  // The slowest cases, so a slow target or case is visible in CI.
  std::vector<const CaseResult*> slow;
  for (const auto& r : result.results) slow.push_back(&r);
  const std::size_t n = std::min<std::size_t>(5, slow.size());
  std::partial_sort(slow.begin(), slow.begin() + static_cast<std::ptrdiff_t>(n), slow.end(),
                    [](const CaseResult* a, const CaseResult* b) { return a->seconds > b->seconds; });
  if (n != 0) {
    out += "\n## Slowest cases\n\n| case | target | ms |\n| --- | --- | ---: |\n";
    for (std::size_t k = 0; k < n; ++k) {
      out += "| " + code(run.spec.cases[slow[k]->case_index].id) + " | " + cell(result.targets[slow[k]->target_index].info.name) +
             " | " + fixed(slow[k]->seconds * 1000, 3) + " |\n";
    }
  }
  return out;
}

}  // namespace sockcheck
