#include "coverage.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "impl/core/profile.h"

namespace sockcheck {

double CoverageCount::ratio() const {
  return testable == 0 ? 1.0 : static_cast<double>(covered) / static_cast<double>(testable);
}

namespace {

void count(CoverageCount& c, const Statement& s, bool covered) {
  ++c.total;
  if (!s.untestable.empty()) return;
  ++c.testable;
  if (covered) ++c.covered;
}

// The document's profile name, or the file name for a document no profile
// defines (the loader rejects those, but coverage must not depend on it).
std::string document_key(const std::string& doc) {
  const auto p = sock::profile_of_document(doc);
  return p ? std::string(sock::name(*p)) : doc;
}

int document_rank(const std::string& doc) {
  const auto p = sock::profile_of_document(doc);
  return p ? static_cast<int>(*p) : static_cast<int>(sock::kProfiles.size());
}

}  // namespace

Coverage measure_coverage(const Spec& spec) {
  Coverage out;
  out.cases = spec.cases.size();

  std::unordered_map<std::string, std::vector<std::string>> cited;
  for (const auto& c : spec.cases) {
    if (c.statements.empty()) out.cases_without_statements.push_back(c.id);
    for (const auto& id : c.statements) cited[id].push_back(c.id);
  }

  out.overall.key = "all";
  std::map<std::pair<int, std::string>, CoverageCount> docs;
  std::map<std::string, CoverageCount> areas;
  for (const auto& s : spec.statements) {
    StatementCoverage sc{&s, {}};
    if (auto it = cited.find(s.id); it != cited.end()) {
      sc.cases = it->second;
      std::sort(sc.cases.begin(), sc.cases.end());
    }
    const bool covered = !sc.cases.empty();
    if (covered && !s.untestable.empty()) out.untestable_but_cited.push_back(s.id);
    count(out.overall, s, covered);
    auto& d = docs[{document_rank(s.doc), document_key(s.doc)}];
    d.key = document_key(s.doc);
    count(d, s, covered);
    auto& a = areas[s.area];
    a.key = s.area;
    count(a, s, covered);
    out.statements.push_back(std::move(sc));
  }
  for (auto& [_, d] : docs) out.by_document.push_back(std::move(d));
  for (auto& [_, a] : areas) out.by_area.push_back(std::move(a));
  return out;
}

}  // namespace sockcheck
