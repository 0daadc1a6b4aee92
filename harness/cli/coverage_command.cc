// sockcheck coverage: how much of the statement inventory the cases test,
// per document and per area, and which statements no case tests yet.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>

#include "harness/cli/common.h"
#include "harness/spec/coverage.h"
#include "impl/core/profile.h"

namespace sockcheck::cli {

namespace {

struct CoverageArgs {
  std::vector<std::string> spec;
  std::string format = "text";
  std::vector<std::string> areas;
  std::vector<std::string> documents;
  bool untestable = false;
  double min_percent = -1;
};

std::string percent(double ratio) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", ratio * 100.0);
  return buf;
}

std::string seed_of(const std::string& key) {
  const auto p = sock::parse_profile(key);
  return p ? std::string(sock::seed_document(*p)) : key;
}

// An area matches a filter equal to it or to one of its parents ("timeouts"
// matches "timeouts/accept").
bool area_matches(const std::string& area, const std::vector<std::string>& filters) {
  if (filters.empty()) return true;
  return std::any_of(filters.begin(), filters.end(), [&](const std::string& f) {
    return area == f || (area.size() > f.size() && area.compare(0, f.size(), f) == 0 && area[f.size()] == '/');
  });
}

bool document_matches(const Statement& s, const std::vector<std::string>& filters) {
  if (filters.empty()) return true;
  const auto p = sock::profile_of_document(s.doc);
  return std::any_of(filters.begin(), filters.end(), [&](const std::string& f) {
    if (f == s.doc) return true;
    const auto wanted = sock::parse_profile(f);
    return wanted && p && *wanted == *p;
  });
}

nlohmann::json count_json(const CoverageCount& c, const char* key_name) {
  nlohmann::json j = {{key_name, c.key},       {"total", c.total},           {"testable", c.testable},
                      {"covered", c.covered}, {"untestable", c.untestable()}, {"coverage", c.ratio()}};
  return j;
}

void print_json(const Coverage& cov) {
  nlohmann::json j;
  j["schema"] = "sockcheck-coverage/1";
  j["statements_total"] = cov.overall.total;
  j["statements_testable"] = cov.overall.testable;
  j["statements_untestable"] = cov.overall.untestable();
  j["statements_covered"] = cov.overall.covered;
  j["coverage"] = cov.overall.ratio();
  j["cases"] = cov.cases;
  j["cases_without_statements"] = cov.cases_without_statements;
  j["untestable_but_cited"] = cov.untestable_but_cited;
  auto& docs = j["by_document"] = nlohmann::json::array();
  for (const auto& d : cov.by_document) {
    auto e = count_json(d, "document");
    e["seed"] = seed_of(d.key);
    docs.push_back(std::move(e));
  }
  auto& areas = j["by_area"] = nlohmann::json::array();
  for (const auto& a : cov.by_area) areas.push_back(count_json(a, "area"));
  auto& uncovered = j["uncovered"] = nlohmann::json::array();
  auto& untestable = j["untestable"] = nlohmann::json::array();
  auto& statements = j["statements"] = nlohmann::json::array();
  for (const auto& sc : cov.statements) {
    const auto& s = *sc.statement;
    statements.push_back({{"id", s.id}, {"cases", sc.cases}});
    if (!s.untestable.empty()) {
      untestable.push_back({{"id", s.id}, {"doc", s.doc}, {"area", s.area}, {"reason", s.untestable}});
    } else if (sc.cases.empty()) {
      uncovered.push_back({{"id", s.id}, {"doc", s.doc}, {"area", s.area}, {"quote", s.quote}});
    }
  }
  std::cout << j.dump(2) << '\n';
}

void print_table(const char* heading, const std::vector<CoverageCount>& rows) {
  std::size_t width = std::string_view(heading).size();
  for (const auto& r : rows) width = std::max(width, r.key.size());
  std::printf("%-*s  %9s  %7s  %10s\n", static_cast<int>(width), heading, "covered", "", "untestable");
  for (const auto& r : rows) {
    const auto frac = std::to_string(r.covered) + "/" + std::to_string(r.testable);
    std::printf("%-*s  %9s  %7s  %10zu\n", static_cast<int>(width), r.key.c_str(), frac.c_str(),
                percent(r.ratio()).c_str(), r.untestable());
  }
  std::printf("\n");
}

// Quotes can run long; the list stays one line per statement.
std::string shorten(const std::string& text, std::size_t max) {
  if (text.size() <= max) return text;
  return text.substr(0, max - 3) + "...";
}

void print_text(const Coverage& cov, bool list_untestable) {
  std::printf("coverage: %zu/%zu testable statements covered (%s); %zu untestable, listed with reasons; %zu cases\n\n",
              cov.overall.covered, cov.overall.testable, percent(cov.overall.ratio()).c_str(), cov.overall.untestable(),
              cov.cases);
  print_table("document", cov.by_document);
  print_table("area", cov.by_area);

  std::size_t uncovered = 0;
  for (const auto& sc : cov.statements) {
    if (sc.cases.empty() && sc.statement->untestable.empty()) ++uncovered;
  }
  if (uncovered > 0) {
    std::printf("uncovered (%zu):\n", uncovered);
    for (const auto& sc : cov.statements) {
      const auto& s = *sc.statement;
      if (!sc.cases.empty() || !s.untestable.empty()) continue;
      std::printf("  %-56s %s\n", s.id.c_str(), shorten("\"" + s.quote + "\"", 100).c_str());
    }
    std::printf("\n");
  }
  if (list_untestable) {
    std::printf("untestable (%zu):\n", cov.overall.untestable());
    for (const auto& sc : cov.statements) {
      const auto& s = *sc.statement;
      if (!s.untestable.empty()) std::printf("  %-56s %s\n", s.id.c_str(), s.untestable.c_str());
    }
    std::printf("\n");
  }
  if (!cov.cases_without_statements.empty()) {
    std::printf("cases that name no statement (%zu):\n", cov.cases_without_statements.size());
    for (const auto& id : cov.cases_without_statements) std::printf("  %s\n", id.c_str());
    std::printf("\n");
  }
  if (!cov.untestable_but_cited.empty()) {
    std::printf("untestable statements that cases name anyway (%zu):\n", cov.untestable_but_cited.size());
    for (const auto& id : cov.untestable_but_cited) std::printf("  %s\n", id.c_str());
  }
}

int coverage(const CoverageArgs& args) {
  auto spec = load_or_report(args.spec);
  if (!spec) return kExitUsage;
  for (const auto& d : args.documents) {
    if (!sock::parse_profile(d) && !sock::profile_of_document(d)) {
      std::cerr << "sockcheck coverage: unknown document '" << d << "' (a profile such as 3.3, or a seed file name)\n";
      return kExitUsage;
    }
  }
  std::erase_if(spec->statements, [&](const Statement& s) {
    return !area_matches(s.area, args.areas) || !document_matches(s, args.documents);
  });
  const auto cov = measure_coverage(*spec);
  if (args.format == "json") {
    print_json(cov);
  } else {
    print_text(cov, args.untestable);
  }
  if (args.min_percent >= 0 && cov.overall.ratio() * 100.0 < args.min_percent) {
    std::cerr << "sockcheck coverage: " << percent(cov.overall.ratio()) << " is below --min " << args.min_percent
              << "%\n";
    return kExitFailed;
  }
  return kExitPassed;
}

}  // namespace

void add_coverage_command(CLI::App& app, Exit& exit) {
  auto args = std::make_shared<CoverageArgs>();
  auto* cmd = app.add_subcommand(
      "coverage", "Count the inventoried statements the cases test, per document and per area, and list the rest");
  cmd->add_option("--spec", args->spec, "Spec files or folders");
  cmd->add_option("--format", args->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--area", args->areas, "Only statements of these areas (and their sub-areas)")->delimiter(',');
  cmd->add_option("--document", args->documents, "Only statements of these documents (profile or seed file name)")
      ->delimiter(',');
  cmd->add_flag("--untestable", args->untestable, "Also list the untestable statements with their reasons");
  cmd->add_option("--min", args->min_percent, "Exit 1 when coverage is below this percentage")
      ->check(CLI::Range(0.0, 100.0));
  cmd->callback([args, &exit] { exit.code = coverage(*args); });
}

}  // namespace sockcheck::cli
