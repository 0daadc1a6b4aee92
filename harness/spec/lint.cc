#include "lint.h"

#include <fstream>
#include <map>
#include <sstream>

#include "impl/ops/operations.h"

namespace sockcheck {

namespace {

void append_collapsed(std::string& out, std::string_view text) {
  for (const char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
}

}  // namespace

std::string normalised_document(const std::string& raw, bool strip_line_numbers) {
  std::string out;
  std::istringstream in(raw);
  std::string line;
  while (std::getline(in, line)) {
    std::string_view l = line;
    if (strip_line_numbers) {
      std::size_t i = 0;
      while (i < l.size() && l[i] == ' ') ++i;
      std::size_t j = i;
      while (j < l.size() && l[j] >= '0' && l[j] <= '9') ++j;
      if (j > i) l.remove_prefix(j);
    }
    append_collapsed(out, l);
    if (!out.empty() && out.back() != ' ') out += ' ';
  }
  return out;
}

std::string normalised_quote(const std::string& quote) {
  std::string out;
  append_collapsed(out, quote);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (!out.empty() && out.front() == ' ') out.erase(0, 1);
  return out;
}

std::vector<std::string> lint_spec(const Spec& spec, const std::filesystem::path& seeds_dir) {
  std::vector<std::string> problems;
  std::map<std::string, std::string> docs;  // seed file name -> normalised text
  auto document = [&](const std::string& name) -> const std::string* {
    auto it = docs.find(name);
    if (it != docs.end()) return &it->second;
    std::ifstream in(seeds_dir / name, std::ios::binary);
    if (!in) return nullptr;
    std::ostringstream text;
    text << in.rdbuf();
    // The 3.12 document is grep output: every line starts with its number.
    const bool numbered = name.starts_with("004_");
    return &docs.emplace(name, normalised_document(text.str(), numbered)).first->second;
  };
  auto check_quote = [&](const SourceLocation& where, const std::string& what, const std::string& doc,
                         const std::string& quote) {
    const std::string* text = document(doc);
    if (text == nullptr) {
      problems.push_back(where.to_string() + ": " + what + ": cannot read seed " + (seeds_dir / doc).string());
      return;
    }
    if (text->find(normalised_quote(quote)) == std::string::npos) {
      problems.push_back(where.to_string() + ": " + what + ": quote not found in " + doc + ": \"" + quote + "\"");
    }
  };
  for (const auto& c : spec.cases) {
    check_quote(c.where, "case '" + c.id + "'", c.source.doc, c.source.quote);
    if (sock::ops::find_operation(c.call.op) == nullptr) {
      problems.push_back(c.where.to_string() + ": case '" + c.id + "': the reference has no operation '" + c.call.op + "'");
    }
  }
  for (const auto& s : spec.statements) check_quote(s.where, "statement '" + s.id + "'", s.doc, s.quote);
  return problems;
}

}  // namespace sockcheck
