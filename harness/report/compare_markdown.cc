// compare.md: the comparison model for a reader (and a CI job summary).
#include <algorithm>
#include <cstdio>
#include <map>

#include "harness/report/compare_report.h"

namespace sockcheck::compare {

using nlohmann::json;

namespace {

// At most `max` bytes of `s`, cut on a UTF-8 character boundary, with an
// ellipsis when something was cut.
std::string clip(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return std::string(s.substr(0, end)) + "…";
}

// Line breaks end a table row; tabs and other controls are invisible.
std::string one_line(std::string_view s) {
  std::string out;
  for (const char c : s) out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  return out;
}

// Plain text in a table cell: no markup, no HTML, no column break.
std::string text(std::string_view raw, std::size_t max = 200) {
  std::string out;
  for (const char c : clip(one_line(raw), max)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '|': out += "\\|"; break;
      case '\\': case '`': case '*': case '_': case '[': case ']': case '#':
        out += '\\';
        out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

// A code span that holds anything: fenced with one more backtick than the
// longest run inside, padded when it starts or ends with one. Pipes are
// escaped even here, as GitHub's tables split rows before reading spans:
// there a backslash escapes the character after it, so a pipe after an
// odd run of backslashes is escaped already and any other gets one.
std::string code(std::string_view raw, std::size_t max = 80) {
  const std::string s = clip(one_line(raw), max);
  std::size_t longest = 0, run = 0;
  for (const char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string body;
  std::size_t backslashes = 0;
  for (const char c : s) {
    if (c == '|' && backslashes % 2 == 0) body += '\\';
    body += c;
    backslashes = c == '\\' ? backslashes + 1 : 0;
  }
  const std::string fence(longest + 1, '`');
  const bool pad = !s.empty() && (s.front() == '`' || s.back() == '`');
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

std::string percent(std::size_t same, std::size_t compared) {
  if (compared == 0) return "–";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * static_cast<double>(same) / static_cast<double>(compared));
  return buf;
}

std::string joined(const json& names, std::string_view sep = ", ") {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : std::string(sep)) + n.get<std::string>();
  return out;
}

// One case's answer on one target, for a cell: the short answer, and a
// mark when it is not a pass.
std::string cell(const json& c, const std::string& target) {
  const auto it = c["results"].find(target);
  if (it == c["results"].end()) return "·";  // outside the target's profile
  const json& r = *it;
  const json& answer = c["answers"][r["answer"].get<std::size_t>()];
  const std::string verdict = r["verdict"];
  if (verdict == "skipped") return "n/a";
  std::string out = code(answer["short"].get<std::string>(), 48);
  if (r.contains("label")) out += " (" + text(r["label"].get<std::string>()) + ")";
  if (verdict == "failed") out += " ✗";
  if (verdict == "errored") out = "⚠ errored";
  return out;
}

constexpr const char* kLegend =
    "Cells show each target's answer: a value, or the class of the exception it raised; `(label)` names the "
    "allowed outcome an implementation-defined case matched; ✗ marks an answer the spec does not allow, ⚠ a target "
    "that broke, n/a an operation the target does not have, · a case outside the target's profile.\n";

}  // namespace

std::string compare_markdown(const json& model) {
  const auto& counts = model["counts"];
  std::string out = "# sockcheck compare\n\n";
  if (model["interrupted"].get<bool>()) out += "**Interrupted**: the report holds the cases that finished.\n\n";
  out += std::to_string(counts["targets"].get<std::size_t>()) + " targets, " +
         std::to_string(counts["cases"].get<std::size_t>()) + " cases, **" +
         std::to_string(counts["differing"].get<std::size_t>()) + "** where the targets answer differently";
  out += model["profile"].is_null() ? std::string(", each target judged in its own profile")
                                    : ", profile " + model["profile"].get<std::string>();
  out += " (" + model["started"].get<std::string>() + ").\n\n";
  out += "Two targets agree on a case when both answer it, with the same value or the same exception class "
         "(messages aside); a target that does not have the operation, or broke, gives no answer.\n";

  // Targets, in the clustered order the other tables use.
  out += "\n## Targets\n\n| target | implementation | version | profile | cluster | answered | passed | failed | "
         "skipped | errored |\n| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  for (const auto& t : model["targets"]) {
    out += "| " + text(t["name"].get<std::string>()) + " | " + text(t["implementation"].get<std::string>()) + " | " +
           text(t["version"].get<std::string>()) + " | " + t["profile"].get<std::string>() + " | " +
           std::to_string(t["cluster"].get<std::size_t>() + 1) + " | " + std::to_string(t["answered"].get<std::size_t>()) +
           " | " + std::to_string(t["passed"].get<std::size_t>()) + " | " + std::to_string(t["failed"].get<std::size_t>()) +
           " | " + std::to_string(t["skipped"].get<std::size_t>()) + " | " +
           std::to_string(t["errored"].get<std::size_t>()) + " |\n";
  }

  char threshold[16];
  std::snprintf(threshold, sizeof threshold, "%.1f%%", 100.0 * (1.0 - model["cluster_threshold"].get<double>()));
  out += "\n## Clusters\n\nTargets in one cluster agree, pair by pair, on at least " + std::string(threshold) +
         " of the cases both answer.\n\n";
  std::size_t k = 0;
  for (const auto& c : model["clusters"]) {
    out += std::to_string(++k) + ". " + text(joined(c["targets"]));
    if (c["lowest"].is_null()) {
      out += " (alone)\n";
    } else {
      const auto& low = c["lowest"];
      out += ": at least " + percent(low["same"], low["compared"]) + " (lowest pair: " +
             text(low["a"].get<std::string>()) + " and " + text(low["b"].get<std::string>()) + ", " +
             std::to_string(low["same"].get<std::size_t>()) + " of " + std::to_string(low["compared"].get<std::size_t>()) +
             " cases)\n";
    }
  }
  if (!model["identical"].empty()) {
    out += "\nIdentical on every case (the same answers, and no answer on the same cases): ";
    std::string groups;
    for (const auto& g : model["identical"]) groups += (groups.empty() ? "" : "; ") + text(joined(g, " = "));
    out += groups + ".\n";
  }

  // Pairwise agreement, in percent of the cases both answer.
  const auto& ag = model["agreement"];
  out += "\n## Agreement\n\nPercent of the cases both targets answer on which they answer alike (compare.json has "
         "the counts).\n\n| |";
  std::string sep = "| --- |";
  for (const auto& name : ag["targets"]) {
    out += " " + text(name.get<std::string>()) + " |";
    sep += " ---: |";
  }
  out += "\n" + sep + "\n";
  for (std::size_t a = 0; a < ag["targets"].size(); ++a) {
    out += "| **" + text(ag["targets"][a].get<std::string>()) + "** |";
    for (std::size_t b = 0; b < ag["targets"].size(); ++b) {
      out += " " + percent(ag["same"][a][b], ag["compared"][a][b]) + " |";
    }
    out += "\n";
  }

  // Case lookup for the theme tables.
  std::map<std::string, const json*> by_id;
  for (const auto& c : model["cases"]) by_id[c["id"].get<std::string>()] = &c;

  out += "\n## Disagreements by theme\n\nA theme is the part of a case id between the operation and the case's "
         "name; within one, the cases where the same targets side together are listed together (side A, B, ...: "
         "targets answering alike).\n";
  if (model["themes"].empty()) out += "\nNone: every case that two or more targets answered, they answered alike.\n";
  for (const auto& th : model["themes"]) {
    const std::size_t n = th["cases"].size();
    out += "\n### " + code(th["theme"].get<std::string>()) + ": " + std::to_string(n) + (n == 1 ? " case" : " cases") +
           " (" + text(joined(th["ops"])) + ")\n";
    for (const auto& p : th["patterns"]) {
      const auto& sides = p["sides"];
      out += "\n";
      for (std::size_t s = 0; s < sides.size(); ++s) {
        out += (s == 0 ? "" : " · ") + std::string(1, static_cast<char>('A' + std::min<std::size_t>(s, 25))) + ": " +
               text(joined(sides[s]));
      }
      out += "\n\n| case | call |";
      std::string psep = "| --- | --- |";
      for (std::size_t s = 0; s < sides.size(); ++s) {
        out += " " + std::string(1, static_cast<char>('A' + std::min<std::size_t>(s, 25))) + " |";
        psep += " --- |";
      }
      out += "\n" + psep + "\n";
      for (const auto& id : p["cases"]) {
        const json& c = *by_id.at(id.get<std::string>());
        out += "| " + code(c["id"].get<std::string>()) + " | " + code(c["call"].get<std::string>(), 60) + " |";
        // Every member of a side answers alike; the first one speaks for it.
        for (const auto& side : sides) out += " " + cell(c, side[0].get<std::string>()) + " |";
        out += "\n";
      }
    }
  }

  // Every case where the targets differ, by area, one column per target.
  out += "\n## Cases where the targets differ\n\n" + std::string(kLegend);
  std::string header = "| case | call |", hsep = "| --- | --- |";
  for (const auto& t : model["targets"]) {
    header += " " + text(t["name"].get<std::string>()) + " |";
    hsep += " --- |";
  }
  for (const auto& area : model["areas"]) {
    if (area["differing"].get<std::size_t>() == 0) continue;
    const std::string name = area["area"];
    out += "\n### " + text(name) + ": " + std::to_string(area["differing"].get<std::size_t>()) + " of " +
           std::to_string(area["cases"].get<std::size_t>()) + " cases\n\n" + header + "\n" + hsep + "\n";
    for (const auto& c : model["cases"]) {
      if (c["area"] != name || !c["differs"].get<bool>()) continue;
      out += "| " + code(c["id"].get<std::string>()) + " | " + code(c["call"].get<std::string>(), 60) + " |";
      for (const auto& t : model["targets"]) out += " " + cell(c, t["name"].get<std::string>()) + " |";
      out += "\n";
    }
  }
  std::size_t same_areas = 0;
  for (const auto& area : model["areas"]) same_areas += area["differing"].get<std::size_t>() == 0 ? 1 : 0;
  if (same_areas != 0) {
    out += "\nIn the other " + std::to_string(same_areas) + " areas every target that answered answered alike.\n";
  }
  return out;
}

}  // namespace sockcheck::compare
