#include <cstdio>

#include "harness/report/reports.h"

namespace sockcheck {

namespace {

// XML 1.0 cannot carry most control characters even escaped, and adapter
// output may contain any byte, so those are written as \xNN text.
std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if ((u < 0x20 && u != '\n' && u != '\t') || u == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", u);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out;
}


std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", s);
  return buf;
}

}  // namespace

std::string junit_xml(const RunContext& run) {
  const auto& result = run.result;
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  for (const auto& t : result.targets) {
    tests += t.passed + t.failed + t.skipped + t.errored;
    failures += t.failed;
    errors += t.errored;
    skipped += t.skipped;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"sockcheck\" tests=\"" + std::to_string(tests) + "\" failures=\"" +
         std::to_string(failures) + "\" errors=\"" + std::to_string(errors) + "\" skipped=\"" +
         std::to_string(skipped) + "\" time=\"" + seconds(result.seconds) + "\">\n";
  for (std::size_t t = 0; t < result.targets.size(); ++t) {
    const auto& ts = result.targets[t];
    double time = 0;
    for (const auto& r : result.results) {
      if (r.target_index == t) time += r.seconds;
    }
    out += "  <testsuite name=\"" + xml_escape(ts.info.name) + "\" tests=\"" +
           std::to_string(ts.passed + ts.failed + ts.skipped + ts.errored) + "\" failures=\"" +
           std::to_string(ts.failed) + "\" errors=\"" + std::to_string(ts.errored) + "\" skipped=\"" +
           std::to_string(ts.skipped) + "\" time=\"" + seconds(time) + "\">\n";
    out += "    <properties><property name=\"implementation\" value=\"" + xml_escape(ts.info.implementation) +
           "\"/><property name=\"version\" value=\"" + xml_escape(ts.info.version) +
           "\"/><property name=\"profile\" value=\"" + std::string(sock::name(ts.profile)) + "\"/></properties>\n";
    for (const auto& r : result.results) {
      if (r.target_index != t) continue;
      const Case& c = run.spec.cases[r.case_index];
      std::string classname = ts.info.name + "." + c.area;
      for (auto& ch : classname) {
        if (ch == '/') ch = '.';
      }
      out += "    <testcase classname=\"" + xml_escape(classname) + "\" name=\"" + xml_escape(c.id) + "\" file=\"" +
             xml_escape(c.where.file) + "\" line=\"" + std::to_string(c.where.line) + "\" time=\"" +
             seconds(r.seconds) + "\"";
      const std::string got = sock::describe(r.outcome) + (r.detail.empty() ? "" : " (" + r.detail + ")");
      switch (r.judgement.verdict) {
        case Verdict::passed: out += "/>\n"; break;
        case Verdict::failed:
          out += ">\n      <failure message=\"" + xml_escape("expected " + describe_expected(c, " | ") + ", got " + got) +
                 "\" type=\"mismatch\">" +
                 xml_escape("call: " + call_text(c.call) + "\nexpected: " +
                            describe_expected(c, " | ") + "\ngot: " + got + "\nsource: " + c.source.doc + ": \"" + c.source.quote +
                            "\"\nspec: " + c.where.to_string()) +
                 "</failure>\n    </testcase>\n";
          break;
        case Verdict::skipped:
          out += ">\n      <skipped message=\"" + xml_escape(r.outcome.message) + "\"/>\n    </testcase>\n";
          break;
        case Verdict::errored:
          out += ">\n      <error message=\"" + xml_escape(r.outcome.message) + "\" type=\"errored\">" +
                 xml_escape(got) + "</error>\n    </testcase>\n";
          break;
      }
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace sockcheck
