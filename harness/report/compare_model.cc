// The comparison model: answers, agreement, clusters and themes
// (compare_report.h says what each means).
#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <set>

#include "harness/protocol/value_json.h"
#include "harness/report/compare_report.h"
#include "impl/core/constants.h"

namespace sockcheck::compare {

using nlohmann::json;

namespace {

// The value as the comparison sees it: module constants become this
// platform's numbers where known, and handles lose the name their target
// gave them (h1 on one target is h7 on another).
sock::Value comparable(const sock::Value& v) {
  if (const auto* c = v.get_if<sock::Const>()) {
    if (const auto n = sock::constant_value(c->name)) return sock::Value(*n);
    return v;
  }
  if (v.is<sock::Handle>()) return sock::Value(sock::Handle{"*"});
  if (const auto* t = v.get_if<sock::Tuple>()) {
    sock::Tuple out;
    out.reserve(t->size());
    for (const auto& item : *t) out.push_back(comparable(item));
    return sock::Value(std::move(out));
  }
  return v;
}

// Not every byte sequence is UTF-8 (an adapter may return anything); the
// replacement keeps the dump from throwing, and the key only needs to be
// stable.
constexpr auto kReplace = json::error_handler_t::replace;

std::string iso8601(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The few characters a cell shows: the value, the exception class, or
// what kind of non-answer it is.
std::string short_text(const sock::Outcome& o) {
  switch (o.kind) {
    case sock::OutcomeKind::value: return sock::repr(o.value);
    case sock::OutcomeKind::raised: return o.error_class;
    case sock::OutcomeKind::unsupported: return "n/a";
    case sock::OutcomeKind::errored: return "errored";
  }
  return "errored";
}

// A case's results by target index (nullptr: the case is outside the
// target's profile and did not run there).
struct CaseView {
  const Case* c = nullptr;
  std::vector<const CaseResult*> by_target;
  std::vector<std::optional<std::string>> keys;  // answer_key per target
};

std::vector<CaseView> case_views(const RunContext& run) {
  const auto& result = run.result;
  const std::size_t n = result.targets.size();
  std::vector<CaseView> out;
  // results are sorted by (case, target): one view per run of equal cases.
  for (std::size_t i = 0; i < result.results.size();) {
    CaseView v;
    const std::size_t case_index = result.results[i].case_index;
    v.c = &run.spec.cases[case_index];
    v.by_target.assign(n, nullptr);
    v.keys.assign(n, std::nullopt);
    for (; i < result.results.size() && result.results[i].case_index == case_index; ++i) {
      const auto& r = result.results[i];
      v.by_target[r.target_index] = &r;
      v.keys[r.target_index] = answer_key(r.outcome);
    }
    out.push_back(std::move(v));
  }
  return out;
}

// Targets with the same answer on a case, biggest group first (then in
// `rank` order of their first member); members in `rank` order. Targets
// without an answer are in no group.
std::vector<std::vector<std::size_t>> answer_groups(const CaseView& v, const std::vector<std::size_t>& rank) {
  std::map<std::string, std::vector<std::size_t>> by_key;
  for (std::size_t t = 0; t < v.keys.size(); ++t) {
    if (v.keys[t]) by_key[*v.keys[t]].push_back(t);
  }
  std::vector<std::vector<std::size_t>> groups;
  for (auto& [key, members] : by_key) {
    std::sort(members.begin(), members.end(), [&](std::size_t a, std::size_t b) { return rank[a] < rank[b]; });
    groups.push_back(std::move(members));
  }
  std::sort(groups.begin(), groups.end(), [&](const auto& a, const auto& b) {
    if (a.size() != b.size()) return a.size() > b.size();
    return rank[a.front()] < rank[b.front()];
  });
  return groups;
}

json names_of(const std::vector<std::size_t>& indices, const RunResult& result) {
  json out = json::array();
  for (const auto t : indices) out.push_back(result.targets[t].info.name);
  return out;
}

json acceptable_json(const Acceptable& a) {
  json j{{"text", a.kind == sock::OutcomeKind::value ? "-> " + sock::repr(a.value) : "raises " + a.error_class}};
  j["outcome"] = a.kind == sock::OutcomeKind::value ? json{{"value", to_json(a.value)}} : json{{"raises", a.error_class}};
  if (!a.label.empty()) j["label"] = a.label;
  return j;
}

json case_json(const CaseView& v, const RunResult& result, const std::vector<std::size_t>& rank) {
  const Case& c = *v.c;
  json args = json::array();
  for (const auto& a : c.call.args) args.push_back(to_json(a));
  json accept = json::array();
  for (const auto& a : c.accept) accept.push_back(acceptable_json(a));

  // Each distinct outcome once (most targets share one), referred to by
  // index: the model stays small with many targets.
  json answers = json::array();
  std::map<std::string, std::size_t> answer_index;
  json results = json::object();
  for (std::size_t t = 0; t < v.by_target.size(); ++t) {
    const CaseResult* r = v.by_target[t];
    if (r == nullptr) continue;
    json outcome = to_json(r->outcome);
    const std::string dedup = outcome.dump(-1, ' ', false, kReplace);
    auto [it, added] = answer_index.emplace(dedup, answers.size());
    if (added) {
      answers.push_back({{"kind", std::string(sock::to_string(r->outcome.kind))},
                         {"short", short_text(r->outcome)},
                         {"full", sock::describe(r->outcome)},
                         {"outcome", std::move(outcome)}});
    }
    // Microseconds are all a reader can use, and the digits beyond them
    // would be a tenth of the page.
    json entry{{"verdict", std::string(to_string(r->judgement.verdict))},
               {"answer", it->second},
               {"seconds", std::round(r->seconds * 1e6) / 1e6}};
    if (!r->judgement.label.empty()) entry["label"] = r->judgement.label;
    if (!r->detail.empty()) entry["detail"] = r->detail;
    results[result.targets[t].info.name] = std::move(entry);
  }
  const auto groups = answer_groups(v, rank);
  json jgroups = json::array();
  for (const auto& g : groups) jgroups.push_back(names_of(g, result));

  json jc{{"id", c.id},
          {"area", c.area},
          {"theme", theme_of(c.id)},
          {"op", c.call.op},
          {"call", call_text(c.call)},
          {"args", std::move(args)},
          {"source", {{"doc", c.source.doc}, {"quote", c.source.quote}}},
          {"versions", c.versions.to_string()},
          {"implementation_defined", c.implementation_defined},
          {"accept", std::move(accept)},
          {"location", c.where.to_string()},
          {"answers", std::move(answers)},
          {"results", std::move(results)},
          {"groups", std::move(jgroups)},
          {"differs", groups.size() > 1}};
  if (c.implementation_defined) jc["reason"] = c.reason;
  if (!c.note.empty()) jc["note"] = c.note;
  if (!c.tags.empty()) jc["tags"] = c.tags;
  if (!c.statements.empty()) jc["statements"] = c.statements;
  if (!c.setup.empty()) {
    json setup = json::array();
    for (const auto& step : c.setup) {
      setup.push_back(step.bind.empty() ? call_text(step.call) : step.bind + " = " + call_text(step.call));
    }
    jc["setup"] = std::move(setup);
  }
  if (c.elapsed) jc["elapsed"] = {{"min", c.elapsed->min}, {"max", c.elapsed->max}};
  return jc;
}

// Each theme with the cases that show a disagreement, split by pattern:
// the same sides (targets answering alike) across several cases are one
// story ("libuv rejects what everyone else accepts").
json themes_json(const std::vector<CaseView>& views, const RunResult& result, const std::vector<std::size_t>& rank) {
  struct Theme {
    std::set<std::string> ops;
    std::vector<std::string> cases;
    std::map<std::vector<std::vector<std::size_t>>, std::vector<std::string>> patterns;
    std::vector<std::vector<std::vector<std::size_t>>> pattern_order;  // first seen first
  };
  std::map<std::string, Theme> themes;
  for (const auto& v : views) {
    auto groups = answer_groups(v, rank);
    if (groups.size() < 2) continue;
    Theme& th = themes[theme_of(v.c->id)];
    th.ops.insert(v.c->call.op);
    th.cases.push_back(v.c->id);
    auto [it, added] = th.patterns.try_emplace(groups);
    if (added) th.pattern_order.push_back(groups);
    it->second.push_back(v.c->id);
  }
  std::vector<std::pair<std::string, const Theme*>> sorted;
  for (const auto& [name, th] : themes) sorted.emplace_back(name, &th);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second->cases.size() > b.second->cases.size(); });
  json out = json::array();
  for (const auto& [name, th] : sorted) {
    auto order = th->pattern_order;
    std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
      return th->patterns.at(a).size() > th->patterns.at(b).size();
    });
    json patterns = json::array();
    for (const auto& sides : order) {
      json jsides = json::array();
      for (const auto& side : sides) jsides.push_back(names_of(side, result));
      patterns.push_back({{"sides", std::move(jsides)}, {"cases", th->patterns.at(sides)}});
    }
    out.push_back({{"theme", name},
                   {"ops", json(std::vector<std::string>(th->ops.begin(), th->ops.end()))},
                   {"cases", th->cases},
                   {"patterns", std::move(patterns)}});
  }
  return out;
}

}  // namespace

std::optional<std::string> answer_key(const sock::Outcome& outcome) {
  switch (outcome.kind) {
    case sock::OutcomeKind::value:
      return "=" + to_json(comparable(outcome.value)).dump(-1, ' ', false, kReplace);
    case sock::OutcomeKind::raised: return "!" + outcome.error_class;
    case sock::OutcomeKind::unsupported:
    case sock::OutcomeKind::errored: return std::nullopt;
  }
  return std::nullopt;
}

double Agreement::distance() const {
  if (compared == 0) return 1.0;
  return static_cast<double>(differing()) / static_cast<double>(compared);
}

Clustering cluster_targets(const AgreementMatrix& matrix, double threshold) {
  const std::size_t n = matrix.size();
  const auto d = [&](std::size_t a, std::size_t b) { return a == b ? 0.0 : matrix[a][b].distance(); };
  // Complete linkage: two clusters are as far apart as their farthest pair.
  const auto linkage = [&](const std::vector<std::size_t>& a, const std::vector<std::size_t>& b) {
    double worst = 0;
    for (const auto i : a) {
      for (const auto j : b) worst = std::max(worst, d(i, j));
    }
    return worst;
  };
  std::vector<std::vector<std::size_t>> clusters;
  for (std::size_t i = 0; i < n; ++i) clusters.push_back({i});
  Clustering out;
  bool cut = false;  // the clusters at the threshold are recorded
  while (clusters.size() > 1) {
    // The closest pair; ties go to the earliest pair, so the order is
    // stable for equal distances (identical targets keep the run's order).
    std::size_t best_a = 0, best_b = 1;
    double best = linkage(clusters[0], clusters[1]);
    for (std::size_t a = 0; a < clusters.size(); ++a) {
      for (std::size_t b = a + 1; b < clusters.size(); ++b) {
        const double l = linkage(clusters[a], clusters[b]);
        if (l < best) {
          best = l;
          best_a = a;
          best_b = b;
        }
      }
    }
    // Complete-linkage merge heights never decrease, so the first merge
    // above the threshold marks the cut.
    if (!cut && best > threshold) {
      out.clusters = clusters;
      cut = true;
    }
    // Join so that the two members that meet are as close as possible
    // (either side may be reversed); no reversal on a tie.
    const auto& left = clusters[best_a];
    const auto& right = clusters[best_b];
    int turn = 0;
    double closest = d(left.back(), right.front());
    const double ends[] = {d(left.back(), right.back()), d(left.front(), right.front()),
                           d(left.front(), right.back())};
    for (int k = 0; k < 3; ++k) {
      if (ends[k] < closest) {
        closest = ends[k];
        turn = k + 1;
      }
    }
    std::vector<std::size_t> l = left, r = right;
    if (turn == 2 || turn == 3) std::reverse(l.begin(), l.end());
    if (turn == 1 || turn == 3) std::reverse(r.begin(), r.end());
    l.insert(l.end(), r.begin(), r.end());
    clusters[best_a] = std::move(l);
    clusters.erase(clusters.begin() + static_cast<std::ptrdiff_t>(best_b));
  }
  if (!clusters.empty()) out.order = clusters.front();
  if (!cut) out.clusters = clusters;
  // Every cluster is a contiguous run of the final order (merges only
  // concatenate and reverse); list them, and their members, in that order.
  std::vector<std::size_t> rank(n);
  for (std::size_t k = 0; k < out.order.size(); ++k) rank[out.order[k]] = k;
  for (auto& c : out.clusters) {
    std::sort(c.begin(), c.end(), [&](std::size_t a, std::size_t b) { return rank[a] < rank[b]; });
  }
  std::sort(out.clusters.begin(), out.clusters.end(),
            [&](const auto& a, const auto& b) { return rank[a.front()] < rank[b.front()]; });
  return out;
}

std::string theme_of(std::string_view case_id) {
  const auto first = case_id.find('/');
  if (first == std::string_view::npos) return std::string(case_id);
  const auto last = case_id.rfind('/');
  if (last == first) return std::string(case_id.substr(first + 1));
  return std::string(case_id.substr(first + 1, last - first - 1));
}

json compare_json(const RunContext& run, const CompareOptions& options) {
  const auto& result = run.result;
  const std::size_t n = result.targets.size();
  const auto views = case_views(run);

  AgreementMatrix matrix(n, std::vector<Agreement>(n));
  for (const auto& v : views) {
    for (std::size_t a = 0; a < n; ++a) {
      if (!v.keys[a]) continue;
      for (std::size_t b = 0; b < n; ++b) {
        if (!v.keys[b]) continue;
        ++matrix[a][b].compared;
        if (*v.keys[a] == *v.keys[b]) ++matrix[a][b].same;
      }
    }
  }
  const Clustering clustering = cluster_targets(matrix, options.cluster_threshold);
  std::vector<std::size_t> rank(n), cluster_of(n);
  for (std::size_t k = 0; k < clustering.order.size(); ++k) rank[clustering.order[k]] = k;
  for (std::size_t k = 0; k < clustering.clusters.size(); ++k) {
    for (const auto t : clustering.clusters[k]) cluster_of[t] = k;
  }

  // Targets that behave identically: the same answer, or the same kind of
  // non-answer, on every case (the run's full signature, not just the
  // cases both answered).
  std::map<std::vector<std::string>, std::vector<std::size_t>> by_signature;
  for (const auto t : clustering.order) {
    std::vector<std::string> signature;
    signature.reserve(views.size());
    for (const auto& v : views) {
      const CaseResult* r = v.by_target[t];
      signature.push_back(r == nullptr ? "~absent"
                          : v.keys[t] ? *v.keys[t]
                                      : "~" + std::string(sock::to_string(r->outcome.kind)));
    }
    by_signature[std::move(signature)].push_back(t);
  }
  std::vector<std::vector<std::size_t>> identical;
  for (auto& [sig, members] : by_signature) {
    if (members.size() > 1) identical.push_back(members);
  }
  std::sort(identical.begin(), identical.end(),
            [&](const auto& a, const auto& b) { return rank[a.front()] < rank[b.front()]; });

  json targets = json::array();
  for (const auto t : clustering.order) {
    const auto& s = result.targets[t];
    std::size_t answered = 0;
    for (const auto& v : views) answered += v.keys[t] ? 1 : 0;
    json same_as = json::array();
    for (const auto& g : identical) {
      if (std::find(g.begin(), g.end(), t) == g.end()) continue;
      for (const auto o : g) {
        if (o != t) same_as.push_back(result.targets[o].info.name);
      }
    }
    targets.push_back({{"name", s.info.name},
                       {"implementation", s.info.implementation},
                       {"version", s.info.version},
                       {"profile", std::string(sock::name(s.profile))},
                       {"passed", s.passed},
                       {"failed", s.failed},
                       {"skipped", s.skipped},
                       {"errored", s.errored},
                       {"not_in_profile", s.not_in_profile},
                       {"answered", answered},
                       {"cluster", cluster_of[t]},
                       {"identical_to", std::move(same_as)}});
  }

  json clusters = json::array();
  for (const auto& c : clustering.clusters) {
    json jc{{"targets", names_of(c, result)}};
    // The pair that agrees least: what "agree on at least p%" rests on.
    std::optional<std::pair<std::size_t, std::size_t>> worst;
    for (std::size_t i = 0; i < c.size(); ++i) {
      for (std::size_t j = i + 1; j < c.size(); ++j) {
        if (!worst || matrix[c[i]][c[j]].distance() > matrix[worst->first][worst->second].distance()) {
          worst = std::pair{c[i], c[j]};
        }
      }
    }
    if (worst) {
      const auto& a = matrix[worst->first][worst->second];
      jc["lowest"] = {{"a", result.targets[worst->first].info.name},
                      {"b", result.targets[worst->second].info.name},
                      {"same", a.same},
                      {"compared", a.compared}};
    } else {
      jc["lowest"] = nullptr;
    }
    clusters.push_back(std::move(jc));
  }

  json same = json::array(), compared = json::array();
  for (const auto a : clustering.order) {
    json row_same = json::array(), row_compared = json::array();
    for (const auto b : clustering.order) {
      row_same.push_back(matrix[a][b].same);
      row_compared.push_back(matrix[a][b].compared);
    }
    same.push_back(std::move(row_same));
    compared.push_back(std::move(row_compared));
  }

  json cases = json::array();
  std::map<std::string, std::pair<std::size_t, std::size_t>> areas;  // area -> (cases, differing)
  std::size_t differing = 0;
  for (const auto& v : views) {
    json jc = case_json(v, result, rank);
    auto& counts = areas[v.c->area];
    ++counts.first;
    if (jc["differs"].get<bool>()) {
      ++counts.second;
      ++differing;
    }
    cases.push_back(std::move(jc));
  }
  json jareas = json::array();
  for (const auto& [area, counts] : areas) {
    jareas.push_back({{"area", area}, {"cases", counts.first}, {"differing", counts.second}});
  }

  return {{"schema", "sockcheck-compare/1"},
          {"tool", {{"name", "sockcheck"}, {"version", SOCKCHECK_VERSION}}},
          {"started", iso8601(result.started)},
          {"duration_seconds", result.seconds},
          {"interrupted", result.interrupted},
          {"profile", run.profile ? json(std::string(sock::name(*run.profile))) : json(nullptr)},
          {"spec_files", run.spec.files},
          {"cluster_threshold", options.cluster_threshold},
          {"counts", {{"cases", cases.size()}, {"differing", differing}, {"targets", n}}},
          {"targets", std::move(targets)},
          {"clusters", std::move(clusters)},
          {"identical", [&] {
             json out = json::array();
             for (const auto& g : identical) out.push_back(names_of(g, result));
             return out;
           }()},
          {"agreement", {{"targets", names_of(clustering.order, result)}, {"same", std::move(same)},
                         {"compared", std::move(compared)}}},
          {"areas", std::move(jareas)},
          {"themes", themes_json(views, result, rank)},
          {"cases", std::move(cases)}};
}

json write_compare_reports(const std::filesystem::path& dir, const RunContext& run, const CompareOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error(dir.string() + ": cannot create: " + ec.message());
  const json model = compare_json(run, options);
  write_file_atomically(dir / "compare.json", model.dump(1, ' ', false, kReplace) + "\n");
  write_file_atomically(dir / "compare.md", compare_markdown(model));
  write_file_atomically(dir / "compare.html", compare_html(model));
  return model;
}

}  // namespace sockcheck::compare
