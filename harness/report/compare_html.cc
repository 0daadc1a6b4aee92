// compare.html: the template of report/html/ with its style, script and
// the model filled in.
#include <stdexcept>

#include "harness/report/compare_report.h"
#include "harness/report/html/assets.h"

namespace sockcheck::compare {

using nlohmann::json;

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string script_safe_json(const json& model) {
  // ensure_ascii: every non-ASCII character (U+2028 included) becomes a
  // \u escape; replace: invalid UTF-8 becomes U+FFFD instead of throwing.
  const std::string text = model.dump(-1, ' ', true, json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  // In JSON text these characters only occur inside strings, where the
  // \u form means the same; outside the script element's own end tag no
  // "<" can then close it or open a comment.
  for (const char c : text) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out += c;
    }
  }
  return out;
}

std::string compare_html(const json& model) {
  const auto& counts = model["counts"];
  const std::string title = "sockcheck compare: " + std::to_string(counts["targets"].get<std::size_t>()) +
                            " implementations, " + std::to_string(counts["cases"].get<std::size_t>()) + " cases";
  const std::string data = script_safe_json(model);
  const std::string version = model["tool"]["version"].get<std::string>();
  const auto slot = [&](std::string_view name) -> std::string {
    if (name == "title") return escape_html(title);
    if (name == "version") return escape_html(version);
    // The style and script are ours, checked in harness/tests, and must
    // not hold their own closing tags; the data is made safe above.
    if (name == "style") return std::string(assets::compare_css());
    if (name == "script") return std::string(assets::compare_js());
    if (name == "data") return data;
    throw std::logic_error("compare.html: unknown slot {{" + std::string(name) + "}}");
  };

  // One pass over the template: what a slot inserts is never scanned for
  // slots again, so "{{data}}" inside a value stays text.
  const std::string_view page = assets::compare_html();
  std::string out;
  out.reserve(page.size() + data.size() + assets::compare_css().size() + assets::compare_js().size());
  std::size_t at = 0;
  for (;;) {
    const auto open = page.find("{{", at);
    if (open == std::string_view::npos) break;
    const auto close = page.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out.append(page.substr(at, open - at));
    out += slot(page.substr(open + 2, close - open - 2));
    at = close + 2;
  }
  out.append(page.substr(at));
  return out;
}

}  // namespace sockcheck::compare
