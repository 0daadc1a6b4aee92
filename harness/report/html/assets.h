// assets.h: the files of harness/report/html/, compiled into sockcheck so
// that the binary writes a self-contained compare.html wherever it runs.
// The definitions are generated at build time by embed.cmake.
#pragma once

#include <string_view>

namespace sockcheck::compare::assets {

[[nodiscard]] std::string_view compare_html();  // the page, with {{name}} slots
[[nodiscard]] std::string_view compare_css();
[[nodiscard]] std::string_view compare_js();

}  // namespace sockcheck::compare::assets
