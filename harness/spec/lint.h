// lint.h: checks that the spec traces to the documents.
//
// Every case's and statement's quote must occur in the seed document it
// names (after collapsing whitespace, and after removing the line numbers
// that the 3.12 document carries as grep output), and every case's
// operation must be one the reference knows. A quote that does not occur
// is a citation nobody can check.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "harness/spec/spec.h"

namespace sockcheck {

// One message per problem, each starting with file:line:column.
[[nodiscard]] std::vector<std::string> lint_spec(const Spec& spec, const std::filesystem::path& seeds_dir);

// The text of a seed document as quotes are matched against it.
[[nodiscard]] std::string normalised_document(const std::string& raw, bool strip_line_numbers);
[[nodiscard]] std::string normalised_quote(const std::string& quote);

}  // namespace sockcheck
